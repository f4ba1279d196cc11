// The continuum command line: run, validate, analyze and graph scenarios.
#include <fmt/format.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>

#include "continuum/experiment/compare.hpp"
#include "continuum/output/html_report.hpp"
#include "continuum/network/network.hpp"
#include "continuum/output/report.hpp"
#include "continuum/experiment/runner.hpp"
#include "continuum/model/scenario.hpp"
#include "continuum/experiment/sizing.hpp"
#include "continuum/output/staffing_output.hpp"
#include "continuum/stats/staffing.hpp"
#include "continuum/stats/trace.hpp"

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
  std::string trace;  // run: write the event log of every replication here
};

// The run options shared by run, compare and sweep; a progress line when stderr is a terminal.
continuum::RunOptions run_options(const RunArgs& args, std::mutex& progress_mutex,
                                  const std::string& what) {
  continuum::RunOptions options;
  if (args.replications > 0) options.replications = args.replications;
  if (args.seed_given) options.seed = args.seed;
  options.threads = args.threads;
  options.record_daily = !args.no_daily;
  options.trace = !args.trace.empty();
  if (::isatty(STDERR_FILENO)) {
    options.progress = [&progress_mutex, what](int done, int total) {
      std::lock_guard lock(progress_mutex);
      std::fprintf(stderr, "\r%s: %d/%d replications", what.c_str(), done, total);
      if (done == total) std::fprintf(stderr, "\r\033[K");
      std::fflush(stderr);
    };
  }
  return options;
}

int cmd_run(const RunArgs& args) {
  const continuum::Scenario scenario = load_checked(args.scenario);
  std::mutex progress_mutex;
  const continuum::RunOptions options = run_options(args, progress_mutex, scenario.name);
  const auto start = std::chrono::steady_clock::now();
  const auto results = continuum::run_replications(scenario, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::uint64_t seed = options.seed.value_or(scenario.seed);
  const continuum::Summary summary = continuum::summarize(scenario, results, seed);

  const std::string dir = args.out.empty() ? "results/" + scenario.name : args.out;
  // Staffing and cost (scenarios with staff or costs only: others' outputs are unchanged).
  const bool staffed = continuum::has_staffing(scenario);
  continuum::StaffingReport staffing;
  if (staffed) staffing = continuum::staffing_report(scenario, results);
  auto summary_doc = continuum::summary_json(scenario, summary);
  if (staffed) summary_doc["staffing"] = continuum::staffing_json(staffing);
  std::vector<std::pair<std::string, std::string>> files = {
      {"summary.json", summary_doc.dump(2) + "\n"}};
  if (!args.no_daily) files.emplace_back("daily.csv", continuum::daily_csv(scenario, summary));
  auto report_doc = continuum::run_report_json(scenario, summary);
  if (staffed) report_doc["staffing"] = continuum::staffing_report_json(staffing);
  files.emplace_back("report.html", continuum::render_report_html(report_doc));
  continuum::write_outputs(dir, files);
  if (!args.trace.empty()) {
    std::string trace = continuum::trace_csv_header();
    for (std::size_t r = 0; r < results.size(); ++r)
      trace += continuum::trace_csv_rows(scenario, static_cast<std::uint32_t>(r), results[r].trace);
    continuum::write_file_atomic(args.trace, trace);
  }

  std::cout << continuum::summary_table(scenario, summary);
  if (staffed) std::cout << '\n' << continuum::staffing_table(staffing);
  std::cout << fmt::format("\n{} events in {:.2f} s ({:.1f} M events/s); results in {}/\n",
                           summary.events, seconds,
                           static_cast<double>(summary.events) / seconds / 1e6, dir);
  return 0;
}

int cmd_compare(const std::vector<std::string>& paths, const RunArgs& args) {
  std::vector<continuum::Scenario> scenarios;
  for (const auto& path : paths)
    scenarios.push_back(load_checked(path));
  for (std::size_t i = 0; i < scenarios.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (scenarios[i].name == scenarios[j].name) {
        std::cerr << fmt::format(
            "{}: error: scenario name '{}' is also the name of {}; names label the results\n",
            paths[i], scenarios[i].name, paths[j]);
        return kExitInputError;
      }
  std::mutex progress_mutex;
  const continuum::RunOptions options = run_options(args, progress_mutex, "compare");
  const auto start = std::chrono::steady_clock::now();
  const auto runs = continuum::run_comparison(scenarios, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::string dir = args.out;
  if (dir.empty()) {
    dir = "results/compare";
    for (const auto& s : scenarios)
      dir += "-" + s.name;
  }
  const auto comparison = continuum::comparison_json(runs);
  std::vector<continuum::CompareEntry> entries;
  for (std::size_t k = 0; k < runs.size(); ++k) {
    const auto& run = runs[k];
    nlohmann::ordered_json difference = nullptr;
    if (k > 0) {
      difference = {{"levels", nlohmann::ordered_json::object()}, {"system", {}}};
      for (const auto& [level, metrics] : comparison["levels"].items())
        for (const auto& [metric, values] : metrics.items())
          difference["levels"][level][metric] = values["difference"][run.scenario.name];
      for (const auto& [metric, values] : comparison["system"].items())
        difference["system"][metric] = values["difference"][run.scenario.name];
    }
    entries.push_back({run.scenario.name, continuum::summary_json(run.scenario, run.summary),
                       continuum::daily_report_json(run.scenario, run.summary), difference});
  }
  std::string title = "Comparison: ";
  for (std::size_t k = 0; k < scenarios.size(); ++k)
    title += (k ? " vs " : "") + scenarios[k].name;
  continuum::write_outputs(
      dir, {{"comparison.json", comparison.dump(2) + "\n"},
            {"comparison.csv", continuum::comparison_csv(runs)},
            {"report.html",
             continuum::render_report_html(continuum::compare_report_json(title, entries))}});
  std::cout << continuum::comparison_table(runs);
  std::cout << fmt::format("\n{} scenarios in {:.2f} s; results in {}/\n", runs.size(), seconds,
                           dir);
  return 0;
}

int cmd_sweep(const std::string& path, const std::vector<std::string>& sets, const RunArgs& args) {
  const continuum::Scenario base = load_checked(path);
  std::vector<continuum::SweepAxis> axes;
  try {
    for (const auto& set : sets) {
      axes.push_back(continuum::parse_sweep_axis(set));
      continuum::Scenario probe = base;  // reject a bad path or value before running anything
      for (double v : axes.back().values)
        continuum::apply_setting(probe, axes.back().path, v);
    }
  } catch (const std::invalid_argument& e) {
    std::cerr << "continuum: error: " << e.what() << '\n';
    return kExitInputError;
  }
  RunArgs quiet = args;
  quiet.no_daily = true;  // a sweep reports summaries only
  std::mutex progress_mutex;
  const continuum::RunOptions options = run_options(quiet, progress_mutex, "sweep");
  const auto start = std::chrono::steady_clock::now();
  const auto points = continuum::run_sweep(base, axes, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::vector<std::string> names;
  for (const auto& axis : axes)
    names.push_back(axis.path);
  std::vector<continuum::SweepPoint> report_points;
  for (const auto& point : points) {
    nlohmann::ordered_json parameters;
    for (std::size_t a = 0; a < axes.size(); ++a)
      parameters[axes[a].path] = point.parameters[a];
    continuum::Scenario s = base;
    for (std::size_t a = 0; a < axes.size(); ++a)
      continuum::apply_setting(s, axes[a].path, point.parameters[a]);
    report_points.push_back({parameters, continuum::summary_json(s, point.summary)});
  }
  // Chart the mean wait at the first swept level (or the system's losses to care).
  continuum::MetricRef chart{"", "lost_to_care_per_day"};
  const auto& first = axes.front().path;
  if (first.rfind("levels.", 0) == 0)
    chart = {first.substr(7, first.rfind('.') - 7), "mean_wait_days"};
  const std::string dir = args.out.empty() ? "results/sweep-" + base.name : args.out;
  continuum::write_outputs(
      dir, {{"sweep.csv", continuum::sweep_csv(base, axes, points)},
            {"report.html", continuum::render_report_html(continuum::sweep_report_json(
                                "Sweep: " + base.name, names, report_points, chart))}});
  std::cout << continuum::sweep_table(base, axes, points);
  std::cout << fmt::format("\n{} grid points in {:.2f} s; results in {}/\n", points.size(), seconds,
                           dir);
  return 0;
}

struct SizeArgs {
  std::string scenario;
  std::vector<std::string> levels;
  std::vector<std::string> targets;
  std::vector<int> max_capacity;
  std::vector<int> step;
  int replications = 0;
  int threads = 0;
  std::uint64_t seed = 0;
  bool seed_given = false;
  bool json = false;
};

// continuum size: the smallest capacity that meets the targets, and the trade-off curve.
int cmd_size(const SizeArgs& args) {
  const continuum::Scenario scenario = load_checked(args.scenario);
  std::vector<continuum::SizingTarget> targets;
  try {
    for (const auto& level : args.levels)
      if (scenario.level_index(level) < 0)
        throw std::invalid_argument(
            fmt::format("--level '{}': the scenario has no such level", level));
    for (const auto& text : args.targets)
      for (auto& t : continuum::parse_sizing_target(text, scenario, args.levels))
        targets.push_back(std::move(t));
    if (args.max_capacity.size() > 1 && args.max_capacity.size() != args.levels.size())
      throw std::invalid_argument("--max-capacity: give one value, or one per --level");
  } catch (const std::invalid_argument& e) {
    std::cerr << "continuum: error: " << e.what() << '\n';
    return kExitInputError;
  }
  continuum::SizingOptions options;
  if (args.replications > 0) options.run.replications = args.replications;
  if (args.seed_given) options.run.seed = args.seed;
  options.run.threads = args.threads;
  options.max_capacity = args.max_capacity;
  if (args.max_capacity.size() == 1)
    options.max_capacity.assign(args.levels.size(), args.max_capacity[0]);
  options.step = args.step;
  if (args.step.size() == 1) options.step.assign(args.levels.size(), args.step[0]);
  const auto start = std::chrono::steady_clock::now();
  continuum::SizingResult result;
  try {
    result = continuum::size_capacity(scenario, args.levels, targets, options);
  } catch (const std::invalid_argument& e) {  // checked before anything is simulated
    std::cerr << "continuum: error: " << e.what() << '\n';
    return kExitInputError;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (args.json) {
    auto j = continuum::sizing_json(result);
    j["seconds"] = seconds;
    std::cout << j.dump(2) << '\n';
  } else {
    std::cout << continuum::sizing_table(result);
    std::cout << fmt::format("{:.2f} s\n", seconds);
  }
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

// Draws even a structurally broken network (a closed loop is easier to see than to read about);
// the structural errors and warnings go to stderr.
int cmd_graph(const GraphArgs& args) {
  const continuum::Scenario scenario = continuum::load_scenario(args.scenario);
  const continuum::Network network(scenario);
  for (const auto& d : continuum::check_network(network))
    std::cerr << d.format() << '\n';
  const std::string dot = continuum::network_dot(network);
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
  run->add_option("--trace", run_args.trace,
                  "Write the exact event log of the replications run to this CSV file "
                  "(use with --replications 1)");

  std::vector<std::string> compare_paths;
  RunArgs compare_args;
  CLI::App* compare = app.add_subcommand(
      "compare", "Run scenarios with common random numbers and report paired differences");
  compare->add_option("scenarios", compare_paths, "Scenario files; the first is the reference")
      ->required()
      ->expected(2, 100);
  compare->add_option("--out", compare_args.out,
                      "Output directory (default: results/compare-<names>)");
  compare
      ->add_option("--replications", compare_args.replications,
                   "Replications (default: the first scenario's)")
      ->check(CLI::Range(2, 100000));
  compare->add_option("--threads", compare_args.threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  auto* compare_seed =
      compare->add_option("--seed", compare_args.seed, "Base seed (default: the first scenario's)");

  std::string sweep_path;
  std::vector<std::string> sweep_sets;
  RunArgs sweep_args;
  CLI::App* sweep = app.add_subcommand("sweep", "Run a scenario over a grid of settings");
  sweep->add_option("scenario", sweep_path, "Scenario YAML file")->required();
  sweep
      ->add_option("--set", sweep_sets,
                   "PATH=LO:HI:STEP or PATH=V1,V2,... (levels.<level>.capacity, "
                   "arrivals.<stream>.rate_per_day); repeat for a grid")
      ->required();
  sweep->add_option("--out", sweep_args.out, "Output directory (default: results/sweep-<name>)");
  sweep
      ->add_option("--replications", sweep_args.replications,
                   "Replications per point (default: the scenario's)")
      ->check(CLI::Range(1, 100000));
  sweep->add_option("--threads", sweep_args.threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  auto* sweep_seed =
      sweep->add_option("--seed", sweep_args.seed, "Base seed (default: the scenario's)");

  SizeArgs size_args;
  CLI::App* size = app.add_subcommand(
      "size", "Smallest capacity (and staff) at one or more levels that meets targets");
  size->add_option("scenario", size_args.scenario, "Scenario YAML file")->required();
  size->add_option("--level", size_args.levels, "Level to size; repeat for several")->required();
  size->add_option("--target", size_args.targets,
                   "METRIC<=VALUE or METRIC>=VALUE; a level metric (p90_wait_days, "
                   "mean_wait_days, abandonment_fraction, mean_waitlist, ...) applies to every "
                   "--level, or to one as LEVEL.METRIC; a system metric (lost_to_care_per_day, "
                   "...) to the system. Repeat for several; all must be met at 95% confidence")
      ->required();
  size->add_option("--max-capacity", size_args.max_capacity,
                   "Largest capacity to try (default: 4x the current); one, or one per --level");
  size->add_option("--step", size_args.step,
                   "Several levels: slots added per greedy step (default: 10% of the current)");
  size->add_option("--replications", size_args.replications,
                   "Replications per candidate (default: the scenario's)")
      ->check(CLI::Range(1, 100000));
  size->add_option("--threads", size_args.threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  auto* size_seed =
      size->add_option("--seed", size_args.seed, "Base seed (default: the scenario's)");
  size->add_flag("--json", size_args.json, "Print JSON for tools: recommendation, met, curve");

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
  compare_args.seed_given = compare_seed->count() > 0;
  sweep_args.seed_given = sweep_seed->count() > 0;
  size_args.seed_given = size_seed->count() > 0;

  try {
    if (*run) return cmd_run(run_args);
    if (*validate) return cmd_validate(validate_path);
    if (*compare) return cmd_compare(compare_paths, compare_args);
    if (*sweep) return cmd_sweep(sweep_path, sweep_sets, sweep_args);
    if (*size) return cmd_size(size_args);
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
