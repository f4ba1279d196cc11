// continuum analyze: traffic equations and rough-cut capacity per level (no simulation).
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "continuum/network/capacity_analysis.hpp"
#include "continuum/network/network.hpp"
#include "continuum/output/capacity_output.hpp"

namespace continuum::cli {

namespace {
struct AnalyzeArgs {
  std::string scenario;
  bool json = false;
};

int analyze_scenario(const AnalyzeArgs& args) {
  const Scenario scenario = load_checked(args.scenario);
  const Network network(scenario);
  const CapacityAnalysis analysis = analyze_capacity(network);
  if (args.json)
    std::cout << capacity_json(network, analysis).dump(2) << '\n';
  else
    std::cout << capacity_table(network, analysis);
  std::cout.flush();
  for (const auto& w : analysis.warnings)
    std::cerr << w.format() << '\n';
  return 0;
}
}  // namespace

Command add_analyze(CLI::App& app) {
  auto args = std::make_shared<AnalyzeArgs>();
  CLI::App* analyze = app.add_subcommand(
      "analyze", "Traffic equations and rough-cut capacity per level, instantly (no simulation)");
  analyze->add_option("scenario", args->scenario, "Scenario YAML file")->required();
  analyze->add_flag("--json", args->json, "Print JSON for tools instead of the table");
  return {analyze, [args] { return analyze_scenario(*args); }};
}

}  // namespace continuum::cli
