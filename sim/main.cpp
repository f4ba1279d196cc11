// The continuum command line: run, validate, analyze and graph scenarios.
#include <fmt/format.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>

#include "continuum/html_report.hpp"
#include "continuum/network.hpp"
#include "continuum/report.hpp"
#include "continuum/runner.hpp"
#include "continuum/scenario.hpp"

namespace {

constexpr int kExitInputError = 2;
constexpr int kExitFailure = 1;

int report_scenario_error(const continuum::ScenarioError& e) {
  for (const auto& d : e.diagnostics())
    std::cerr << d.format() << '\n';
  return kExitInputError;
}

// Loads the scenario and runs the network's structural checks: errors throw (exit 2, nothing
// written), warnings go to stderr.
continuum::Scenario load_checked(const std::string& path) {
  std::vector<continuum::Diagnostic> warnings;
  continuum::Scenario s = continuum::load_checked_scenario(path, warnings);
  for (const auto& w : warnings)
    std::cerr << w.format() << '\n';
  return s;
}

int cmd_validate(const std::string& path) {
  const continuum::Scenario s = load_checked(path);
  std::cout << fmt::format("{}: ok ({} levels, {} arrival streams)\n", path, s.levels.size(),
                           s.arrivals.size());
  return 0;
}

struct RunArgs {
  std::string scenario;
  std::string out;
  int replications = 0;
  int threads = 0;
  std::uint64_t seed = 0;
  bool seed_given = false;
  bool no_daily = false;
};

int cmd_run(const RunArgs& args) {
  const continuum::Scenario scenario = load_checked(args.scenario);
  continuum::RunOptions options;
  if (args.replications > 0) options.replications = args.replications;
  if (args.seed_given) options.seed = args.seed;
  options.threads = args.threads;
  options.record_daily = !args.no_daily;
  std::mutex progress_mutex;
  if (::isatty(STDERR_FILENO)) {
    options.progress = [&progress_mutex](int done, int total) {
      std::lock_guard lock(progress_mutex);
      std::fprintf(stderr, "\rreplications: %d/%d", done, total);
      if (done == total) std::fprintf(stderr, "\r\033[K");
      std::fflush(stderr);
    };
  }
  const auto start = std::chrono::steady_clock::now();
  const auto results = continuum::run_replications(scenario, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::uint64_t seed = options.seed.value_or(scenario.seed);
  const continuum::Summary summary = continuum::summarize(scenario, results, seed);

  const std::string dir = args.out.empty() ? "results/" + scenario.name : args.out;
  std::vector<std::pair<std::string, std::string>> files = {
      {"summary.json", continuum::summary_json(scenario, summary).dump(2) + "\n"}};
  if (!args.no_daily) files.emplace_back("daily.csv", continuum::daily_csv(scenario, summary));
  files.emplace_back("report.html",
                     continuum::render_report_html(continuum::run_report_json(scenario, summary)));
  continuum::write_outputs(dir, files);

  std::cout << continuum::summary_table(scenario, summary);
  std::cout << fmt::format("\n{} events in {:.2f} s ({:.1f} M events/s); results in {}/\n",
                           summary.events, seconds,
                           static_cast<double>(summary.events) / seconds / 1e6, dir);
  return 0;
}

int cmd_analyze(const std::string& path, bool json) {
  const continuum::Scenario scenario = load_checked(path);
  const continuum::Network network(scenario);
  const continuum::CapacityAnalysis analysis = continuum::analyze_capacity(network);
  if (json)
    std::cout << continuum::capacity_json(network, analysis).dump(2) << '\n';
  else
    std::cout << continuum::capacity_table(network, analysis);
  std::cout.flush();
  for (const auto& w : analysis.warnings)
    std::cerr << w.format() << '\n';
  return 0;
}

struct GraphArgs {
  std::string scenario;
  std::string format = "dot";
  std::string out;
};

int cmd_graph(const GraphArgs& args) {
  const continuum::Scenario scenario = load_checked(args.scenario);
  const std::string dot = continuum::network_dot(continuum::Network(scenario));
  if (args.format == "dot") {
    if (args.out.empty())
      std::cout << dot;
    else
      continuum::write_file_atomic(args.out, dot);
    return 0;
  }
  const std::string svg = continuum::render_dot(dot, args.format);
  if (args.out.empty())
    std::cout << svg;
  else
    continuum::write_file_atomic(args.out, svg);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Continuum: a discrete-event simulator of the continuum of care for addiction and "
      "mental-health treatment"};
  app.require_subcommand(1);

  RunArgs run_args;
  CLI::App* run = app.add_subcommand(
      "run", "Simulate a scenario and write summary.json, daily.csv and report.html");
  run->add_option("scenario", run_args.scenario, "Scenario YAML file")->required();
  run->add_option("--out", run_args.out, "Output directory (default: results/<scenario name>)");
  run->add_option("--replications", run_args.replications,
                  "Number of replications (default: the scenario's)")
      ->check(CLI::Range(1, 100000));
  run->add_option("--threads", run_args.threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  auto* seed_opt = run->add_option("--seed", run_args.seed, "Base seed (default: the scenario's)");
  run->add_flag("--no-daily", run_args.no_daily, "Do not record or write daily.csv");

  std::string validate_path;
  CLI::App* validate = app.add_subcommand("validate", "Check a scenario file without simulating");
  validate->add_option("scenario", validate_path, "Scenario YAML file")->required();

  std::string analyze_path;
  bool analyze_json = false;
  CLI::App* analyze = app.add_subcommand(
      "analyze", "Traffic equations and rough-cut capacity per level, instantly (no simulation)");
  analyze->add_option("scenario", analyze_path, "Scenario YAML file")->required();
  analyze->add_flag("--json", analyze_json, "Print JSON for tools instead of the table");

  GraphArgs graph_args;
  CLI::App* graph = app.add_subcommand("graph", "Draw the care network (Graphviz DOT or SVG)");
  graph->add_option("scenario", graph_args.scenario, "Scenario YAML file")->required();
  graph->add_option("--format", graph_args.format, "dot (default) or svg (needs Graphviz's dot)")
      ->check(CLI::IsMember({"dot", "svg"}));
  graph->add_option("--out", graph_args.out, "Output file (default: stdout)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitInputError;
  }
  run_args.seed_given = seed_opt->count() > 0;

  try {
    if (*run) return cmd_run(run_args);
    if (*validate) return cmd_validate(validate_path);
    if (*analyze) return cmd_analyze(analyze_path, analyze_json);
    if (*graph) return cmd_graph(graph_args);
  } catch (const continuum::ScenarioError& e) {
    return report_scenario_error(e);
  } catch (const std::exception& e) {
    std::cerr << "continuum: error: " << e.what() << '\n';
    return kExitFailure;
  }
  return 0;
}
