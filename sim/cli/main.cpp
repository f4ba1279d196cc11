// The continuum command line: parses the subcommand (one file each) and maps failures to exit
// codes: 2 for bad input (scenario errors with their places), 3 for an allocation failure,
// 1 for anything else.
#include <iostream>
#include <new>
#include <vector>

#include "commands.hpp"
#include "continuum/core/diagnostics.hpp"

int main(int argc, char** argv) {
  using namespace continuum::cli;
  CLI::App app{
      "Continuum: a discrete-event simulator of the continuum of care for addiction and "
      "mental-health treatment"};
  app.require_subcommand(1);
  const std::vector<Command> commands = {add_run(app),  add_compare(app),  add_sweep(app),
                                         add_size(app), add_validate(app), add_analyze(app),
                                         add_graph(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitInputError;
  }
  try {
    for (const Command& command : commands)
      if (*command.app) return command.run();
  } catch (const continuum::ScenarioError& e) {
    for (const auto& d : e.diagnostics())
      std::cerr << d.format() << '\n';
    return kExitInputError;
  } catch (const std::bad_alloc&) {  // outputs are written after simulating: none were
    std::cerr << "continuum: error: out of memory while simulating (nothing written; see the "
                 "estimate of `continuum validate`, and use fewer replications, a shorter "
                 "horizon or --no-daily)\n";
    return kExitOutOfMemory;
  } catch (const std::exception& e) {
    std::cerr << "continuum: error: " << e.what() << '\n';
    return kExitFailure;
  }
  return 0;
}
