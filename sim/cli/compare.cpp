// continuum compare: scenarios run with common random numbers; comparison.json, .csv, report.html
// and the table of paired differences.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "continuum/experiment/compare.hpp"
#include "continuum/output/compare_output.hpp"
#include "continuum/output/experiment_report.hpp"
#include "continuum/output/files.hpp"
#include "continuum/output/format.hpp"
#include "continuum/output/html_report.hpp"
#include "continuum/output/sha256.hpp"
#include "continuum/output/warnings.hpp"
#include "continuum/output/xlsx.hpp"

namespace continuum::cli {

namespace {
struct CompareArgs {
  std::vector<std::string> paths;  // the first is the reference
  CommonFlags flags;
  bool xlsx = false;          // also results.xlsx
  double min_difference = 0;  // > 0: --min-difference, a fraction of the reference's value
};

// Whether `a` and `b` name the same file (the same text, or one file by two paths).
bool same_file(const std::string& a, const std::string& b) {
  if (a == b) return true;
  std::error_code ec;
  return std::filesystem::equivalent(a, b, ec) && !ec;
}

// Names label the results, so two scenarios may not share one: the message, or empty. One file
// given twice is named as such (its name clashes with itself).
std::string name_clash(const std::vector<std::string>& paths,
                       const std::vector<Scenario>& scenarios) {
  for (std::size_t i = 0; i < scenarios.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (same_file(paths[i], paths[j]))
        return fmt::format(
            "{}: error: the same scenario is given twice; compare needs two different "
            "scenarios\n",
            paths[i]);
  for (std::size_t i = 0; i < scenarios.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (scenarios[i].name == scenarios[j].name)
        return fmt::format(
            "{}: error: scenario name '{}' is also the name of {}; names label the results\n",
            paths[i], scenarios[i].name, paths[j]);
  return "";
}

// The default output directory, results/compare-<name>-<name>...: a file name is at most 255
// bytes and the temporary directory written beside it (files.cpp: ".<name>.tmp-<pid>-<16 hex>")
// adds up to 30, so a name over kMaxDefaultName bytes is shortened: each scenario name cut to
// kMaxPart bytes, the whole cut to leave room for "-" and the first 8 hex digits of the SHA-256
// of the full name, which keep different comparisons apart.
constexpr std::size_t kMaxDefaultName = 200, kMaxPart = 24;

std::string default_dir(const std::vector<Scenario>& scenarios) {
  std::string full = "compare";
  for (const auto& s : scenarios)
    full += "-" + s.name;
  if (full.size() <= kMaxDefaultName) return "results/" + full;
  std::string name = "compare";
  for (const auto& s : scenarios)
    name += "-" + s.name.substr(0, kMaxPart);
  name.resize(std::min(name.size(), kMaxDefaultName - 9));
  return "results/" + name + "-" + sha256_hex(full).substr(0, 8);
}

// Money is shown as plain numbers in the reference's currency (costs and revenue are not
// converted), so a scenario with money in another currency cannot be compared: the message, or
// empty. A scenario without costs or revenue has no money to convert, whatever its currency.
std::string currency_clash(const std::vector<std::string>& paths,
                           const std::vector<Scenario>& scenarios) {
  const Scenario& ref = scenarios.front();
  for (std::size_t i = 1; i < scenarios.size(); ++i) {
    const Scenario& s = scenarios[i];
    if (s.currency == ref.currency || !(has_costs(s) || has_revenue(s))) continue;
    return fmt::format(
        "{}: error: currency {} differs from {}'s {}; compare does not convert money, so its "
        "costs would be shown and differenced as {}: give the scenarios one currency\n",
        paths[i], s.currency, paths[0], ref.currency, ref.currency);
  }
  return "";
}

// Replication r of every scenario sees the same referrals from day 0, and each metric is a mean
// per day (or a share) over the scenario's own statistics window, so scenarios whose windows or
// time modes differ still compare, but their pairing is weaker and the differences include the
// windows': one warning line per such scenario (stderr). A window is the days [warm-up,
// warm-up + horizon), printed as its first and last day.
std::string window_warnings(const std::vector<std::string>& paths,
                            const std::vector<Scenario>& scenarios) {
  const Scenario& ref = scenarios.front();
  std::string out;
  for (std::size_t i = 1; i < scenarios.size(); ++i) {
    const Scenario& s = scenarios[i];
    if (s.horizon_days != ref.horizon_days || s.warmup_days != ref.warmup_days)
      out += fmt::format(
          "continuum: warning: {}: its statistics window (days {:g} to {:g}) differs from {}'s "
          "({:g} to {:g}): the differences compare means over different windows, and common "
          "random numbers pair them less closely\n",
          paths[i], s.warmup_days, s.warmup_days + s.horizon_days, paths[0], ref.warmup_days,
          ref.warmup_days + ref.horizon_days);
    if (s.time_step_days != ref.time_step_days)
      out += fmt::format(
          "continuum: warning: {}: time_step_days {} differs from {}'s {}: the differences "
          "include the time modes' (docs/time-modes.md)\n",
          paths[i], s.time_step_days, paths[0], ref.time_step_days);
  }
  return out;
}

// compare's stdout keeps to 120 columns (the table does): a longer line is broken at spaces,
// its continuation indented 4.
std::string wrapped(const std::string& text, std::size_t width = 120) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    std::string line = text.substr(start, end == std::string::npos ? end : end - start);
    while (line.size() > width) {
      std::size_t cut = line.rfind(' ', width);
      if (cut == std::string::npos || cut <= 4) break;
      out += line.substr(0, cut) + '\n';
      line = "    " + line.substr(cut + 1);
    }
    out += line + '\n';
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

int compare_scenarios(const CompareArgs& args) {
  std::vector<Scenario> scenarios;
  for (const auto& path : args.paths)
    scenarios.push_back(load_checked(path));
  if (const std::string clash = name_clash(args.paths, scenarios); !clash.empty()) {
    std::cerr << clash;
    return kExitInputError;
  }
  if (const std::string clash = currency_clash(args.paths, scenarios); !clash.empty()) {
    std::cerr << clash;
    return kExitInputError;
  }
  if (is_output_rank()) std::cerr << window_warnings(args.paths, scenarios);
  RunOptions options = args.flags.run_options();
  // --replications 1 is refused by its range; the reference's `replications: 1` the same way:
  // a paired 95% interval needs 2 or more replications.
  if (const int n = resolve_run_spec(scenarios.front(), options).replications; n < 2) {
    std::cerr << fmt::format(
        "{}: error: replications: compare needs 2 or more replications for its paired 95% "
        "intervals (the scenario gives {}); give --replications 2 or more\n",
        args.paths.front(), n);
    return kExitInputError;
  }
  PlanProgress progress(
      options, static_cast<int>(scenarios.size()), [](int, const Scenario& s) { return s.name; },
      args.flags.quiet);
  CostEstimate cost = estimate_cost(scenarios[0], args.flags.cost_request(scenarios[0], true));
  for (std::size_t i = 1; i < scenarios.size(); ++i)  // replications: the first scenario's
    cost += estimate_cost(scenarios[i], args.flags.cost_request(scenarios[0], true));
  if (refuse_if_too_large(cost, args.flags)) return kExitInputError;

  const std::string dir = args.flags.out.empty() ? default_dir(scenarios) : args.flags.out;
  if (args.xlsx && is_output_rank()) require_xlsx_module();  // a missing module fails now
  std::optional<OutputLock> lock;  // before simulating: a refusal comes at once
  if (is_output_rank()) lock.emplace(lock_output_dir(dir));  // rank 0 alone writes (MPI)
  // The scenario files are hashed now, as they were loaded, not as they are after the run.
  const Provenance origin = provenance(args.paths, resolve_run_spec(scenarios.front(), options));
  const auto start = std::chrono::steady_clock::now();
  const auto runs = run_comparison(scenarios, options);
  progress.finish();
  if (!is_output_rank()) return 0;  // another rank of an MPI job: its share is done
  const double seconds = seconds_since(start);

  const double min_difference = args.min_difference;
  // Each scenario's warnings and checks not run, as run's (output/warnings.hpp): in
  // comparison.json's scenario entries and on stdout after the table.
  std::vector<RunChecks> checks;
  for (const ScenarioRun& run : runs) {
    std::optional<CostSummary> costs;
    if (has_costs(run.scenario)) costs = summarize_costs(run.costs);
    checks.push_back(run_checks(run.scenario, run.results, run.summary, costs ? &*costs : nullptr));
  }
  auto comparison = comparison_json(runs, min_difference);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    comparison["scenarios"][i]["warnings"] = warnings_json(checks[i].warnings);
    comparison["scenarios"][i]["checks_not_run"] = checks_not_run_json(checks[i].not_run);
  }
  std::vector<OutputFile> files = {
      {"comparison.json", comparison.dump(2) + "\n"},
      {"comparison.csv", comparison_csv(runs, min_difference)},
      {"report.html", "", [report = comparison_report_json(runs, comparison)](ByteSink& sink) {
         write_report_html(sink, report);
       }}};
  if (args.xlsx)
    files.push_back({"results.xlsx", xlsx_workbook(compare_sheets(runs, min_difference),
                                                   scenarios.front().currency)});
  write_outputs(*lock, files, origin);
  std::cout << comparison_table(runs, min_difference);
  std::cout << '\n';
  for (std::size_t i = 0; i < runs.size(); ++i)
    std::cout << wrapped(runs[i].scenario.name + ": " +
                         warnings_text(checks[i].warnings, checks[i].not_run));
  std::cout << fmt::format("\n{} in {:.2f} s; results in {}/\n", count_of(runs.size(), "scenario"),
                           seconds, dir);
  return 0;
}
}  // namespace

Command add_compare(CLI::App& app) {
  auto args = std::make_shared<CompareArgs>();
  CLI::App* compare = app.add_subcommand(
      "compare", "Run scenarios with common random numbers and report paired differences");
  compare->add_option("scenarios", args->paths, "Scenario files; the first is the reference")
      ->required()
      ->expected(2, -1)  // 2 or more
      ->option_text("TEXT ... (2 or more) REQUIRED");
  add_common_flags(*compare, args->flags,
                   {"results/compare-<names>", "Replications", "the first scenario's", 2});
  compare->add_flag("--xlsx", args->xlsx,
                    "Also write results.xlsx: levels, system, costs and the comparison as typed, "
                    "formatted worksheets");
  compare
      ->add_option("--min-difference", args->min_difference,
                   "A difference is clear only when its 95% interval excludes 0 and it is at "
                   "least this fraction of the reference's value (e.g. 0.05 for 5%; "
                   "docs/report.md)")
      ->check(finite_number())
      ->check(CLI::Range(1e-6, 10.0));
  return {compare, [args] { return compare_scenarios(*args); }};
}

}  // namespace continuum::cli
