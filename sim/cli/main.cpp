// The continuum command line: parses the subcommand (one file each) and maps failures to exit
// codes: 2 for bad input (scenario errors with their places), 3 for an allocation failure,
// 1 for anything else. Under an MPI launcher with more than one rank (docs/scaling.md) every
// rank runs the command; rank 0 alone prints and writes, and a failure on any rank ends them all.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "continuum/core/diagnostics.hpp"

namespace {

using namespace continuum::cli;

// The command's exit status; failures are reported on stderr (std::cerr: silenced on ranks other
// than 0 of an MPI job, which report through `rank_error`).
int run_command(CLI::App& app, const std::vector<Command>& commands, int argc, char** argv,
                std::string& rank_error) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // A first word that names no command: CLI11 would say "A subcommand is required".
    if (app.get_subcommands().empty()) {
      const std::vector<std::string> rest = app.remaining();
      if (!rest.empty() && !rest.front().empty() && rest.front().front() != '-') {
        std::string names;
        for (const Command& command : commands)
          names += (names.empty() ? "" : ", ") + command.app->get_name();
        std::cerr << "continuum: error: unknown command '" << rest.front() << "' (the commands are "
                  << names << ")\n";
        rank_error = "unknown command '" + rest.front() + "'\n";
        return kExitInputError;
      }
    }
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitInputError;
  }
  try {
    for (const Command& command : commands) {
      if (!*command.app) continue;
      const std::string& name = command.app->get_name();
      // Commands that do not simulate (validate, analyze, graph) are rank 0's alone.
      if (!is_output_rank() && name != "run" && name != "compare" && name != "sweep" &&
          name != "size")
        return 0;
      return command.run();
    }
  } catch (const continuum::ScenarioError& e) {
    for (const auto& d : e.diagnostics()) {
      std::cerr << d.format() << '\n';
      rank_error += d.format() + "\n";
    }
    return kExitInputError;
  } catch (const std::bad_alloc&) {  // outputs are written after simulating: none were
    std::cerr << "continuum: error: out of memory while simulating (nothing written; see the "
                 "estimate of `continuum validate`, and use fewer replications, a shorter "
                 "horizon or --no-daily)\n";
    rank_error = "out of memory while simulating\n";
    return kExitOutOfMemory;
  } catch (const std::exception& e) {
    std::cerr << "continuum: error: " << e.what() << '\n';
    rank_error = std::string(e.what()) + "\n";
    return kExitFailure;
  }
  return 0;
}

// The commands, in the order help lists them. When the first word names one, only that one is
// built: CLI11 builds every option, validator and description of a command up front, and the
// seven together cost a run more than parsing its scenario (docs/performance.md). Help, an
// option first or an unknown word gets them all (top-level help and the "unknown command"
// message list every name).
std::vector<Command> add_commands(CLI::App& app, std::string_view first) {
  using Add = Command (*)(CLI::App&);
  static constexpr std::pair<std::string_view, Add> kCommands[] = {
      {"run", add_run},    {"compare", add_compare},   {"sweep", add_sweep},
      {"size", add_size},  {"validate", add_validate}, {"analyze", add_analyze},
      {"graph", add_graph}};
  std::vector<Command> out;
  for (const auto& [name, add] : kCommands)
    if (name == first) {
      out.push_back(add(app));
      return out;
    }
  for (const auto& [name, add] : kCommands)
    out.push_back(add(app));
  return out;
}

// Help in two columns: each option (name, type, REQUIRED, Needs) in the first kColumn columns, or
// alone on its line when longer, and its description word-wrapped to kWidth columns with every
// line starting at kColumn (CLI11 writes a description on one line however long, so a
// terminal wraps it back to column 0).
class Help : public CLI::Formatter {
 public:
  static constexpr std::size_t kColumn = 30, kWidth = 100;
  Help() { column_width(kColumn); }
  std::string make_option(const CLI::Option* opt, bool is_positional) const override {
    std::string out = "  " + make_option_name(opt, is_positional) + make_option_opts(opt);
    const std::string desc = make_option_desc(opt);
    if (desc.empty()) return out + "\n";
    out += out.size() < kColumn ? std::string(kColumn - out.size(), ' ')
                                : "\n" + std::string(kColumn, ' ');
    std::size_t used = 0;
    std::istringstream words(desc);
    for (std::string word; words >> word;) {
      if (used > 0 && used + 1 + word.size() > kWidth - kColumn) {
        out += "\n" + std::string(kColumn, ' ');
        used = 0;
      } else if (used > 0) {
        out += ' ';
        ++used;
      }
      out += word;
      used += word.size();
    }
    return out + "\n";
  }
};

}  // namespace

int main(int argc, char** argv) {
  std::unique_ptr<continuum::MpiSession> mpi;
  if (continuum::mpi_launched()) {
    try {
      mpi = std::make_unique<continuum::MpiSession>(argc, argv);
    } catch (const std::exception& e) {
      std::cerr << "continuum: error: " << e.what() << '\n';
      return kExitFailure;
    }
    // One rank too: the MPI executor sizes its threads to the cores the launcher bound it to.
    set_cluster(mpi.get());
    if (mpi->rank() != 0) {  // rank 0 prints and writes for the job
      std::cout.setstate(std::ios::badbit);
      std::cerr.setstate(std::ios::badbit);
    }
  }
  CLI::App app{
      "Continuum: a discrete-event simulator of the continuum of care for addiction and "
      "mental-health treatment"};
  app.require_subcommand(1);
  app.formatter(std::make_shared<Help>());  // before the subcommands, which take a copy
  const std::vector<Command> commands = add_commands(app, argc > 1 ? argv[1] : "");
  std::string rank_error;
  const int status = run_command(app, commands, argc, argv, rank_error);
  if (status != 0 && mpi && mpi->size() > 1) {
    // The other ranks may be waiting on this one: end the job. Rank 0 has printed why; another
    // rank leaves rank 0 time to report the same failure first (the same files fail the same
    // way everywhere) and reports its own only if the job is still running.
    if (mpi->rank() != 0) {
      std::this_thread::sleep_for(std::chrono::seconds(2));
      if (rank_error.empty()) rank_error = "exit status " + std::to_string(status) + "\n";
      std::fprintf(stderr, "continuum: error: rank %d: %s", mpi->rank(), rank_error.c_str());
    }
    mpi->abort(status);
  }
  return status;
}
