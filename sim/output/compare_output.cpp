// The comparison's JSON, CSV and stdout table, from the runs' per-replication metric values.
#include "continuum/output/compare_output.hpp"

#include <fmt/format.h>

#include <cmath>
#include <iterator>

#include "continuum/output/format.hpp"
#include "continuum/output/schema.hpp"
#include "continuum/output/summary_json.hpp"

namespace continuum {

std::vector<std::vector<double>> metric_values_by_run(const std::vector<ScenarioRun>& runs,
                                                      const std::string& level, MetricId metric) {
  std::vector<std::vector<double>> values;
  values.reserve(runs.size());
  for (const auto& run : runs)
    values.push_back(metric_values(run, level, metric));
  return values;
}

std::vector<std::vector<double>> cost_values_by_run(const std::vector<ScenarioRun>& runs,
                                                    CostKind kind) {
  std::vector<std::vector<double>> values;
  values.reserve(runs.size());
  for (const auto& run : runs)
    values.push_back(run.costs.total.empty() ? std::vector<double>(run.results.size(), NAN)
                                             : run.costs.of(kind));
  return values;
}

namespace {
using Json = nlohmann::ordered_json;

Json values_comparison(const std::vector<ScenarioRun>& runs,
                       const std::vector<std::vector<double>>& values, double min_difference) {
  Json j;
  for (std::size_t k = 0; k < runs.size(); ++k)
    j[runs[k].scenario.name] = estimate_json(estimate(values[k]));
  Json diff = Json::object();
  for (std::size_t k = 1; k < runs.size(); ++k) {
    const Difference d = difference(values[0], values[k], min_difference);
    Json entry = estimate_json(d.paired);
    entry["unpaired_ci95"] = estimate_json(d.unpaired)["ci95"];
    entry["clear"] = d.clear;
    diff[runs[k].scenario.name] = entry;
  }
  j["difference"] = diff;
  return j;
}

Json metric_comparison(const std::vector<ScenarioRun>& runs, const std::string& level,
                       MetricId metric, double min_difference) {
  return values_comparison(runs, metric_values_by_run(runs, level, metric), min_difference);
}

// {metric name: comparison} for every metric of kind E.
template <class E>
Json metrics_comparison(const std::vector<ScenarioRun>& runs, const std::string& level,
                        double min_difference) {
  Json j;
  for (E m : all_metrics<E>())
    j[std::string(metric_info(m).name)] = metric_comparison(runs, level, m, min_difference);
  return j;
}
}  // namespace

Json comparison_json(const std::vector<ScenarioRun>& runs, double min_difference) {
  Json j;
  j["schema_version"] = kComparisonSchemaVersion;
  j["reference"] = runs.front().scenario.name;
  if (min_difference > 0) j["min_difference"] = min_difference;
  Json scenarios = Json::array();
  for (const auto& run : runs) {
    Json sc = scenario_json(run.scenario);
    sc["replications"] = run.summary.replications;
    sc["seed"] = run.summary.seed;
    scenarios.push_back(sc);
  }
  j["scenarios"] = scenarios;
  Json levels = Json::object();
  for (const auto& level : union_levels(runs))
    levels[level] = metrics_comparison<LevelMetric>(runs, level, min_difference);
  j["levels"] = levels;
  j["system"] = metrics_comparison<SystemMetric>(runs, "", min_difference);
  if (any_costs(runs)) {
    Json costs;
    costs["currency"] = runs.front().scenario.currency;
    for (CostKind kind : kCostKinds)
      costs[cost_name(kind)] =
          values_comparison(runs, cost_values_by_run(runs, kind), min_difference);
    j["costs"] = costs;
  }
  return j;
}

bool any_costs(const std::vector<ScenarioRun>& runs) {
  for (const auto& run : runs)
    if (!run.costs.total.empty()) return true;
  return false;
}

namespace {
// The rows of one metric: the estimate per scenario, then the difference from the first.
void csv_rows(std::string& out, const std::vector<ScenarioRun>& runs, const std::string& scope,
              std::string_view name, const std::vector<std::vector<double>>& values,
              double min_difference) {
  for (std::size_t k = 0; k < runs.size(); ++k) {
    const Estimate e = estimate(values[k]);
    fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{}", csv_field(scope), name,
                   csv_field(runs[k].scenario.name), csv_number(e.mean), csv_number(e.lo),
                   csv_number(e.hi));
    if (k == 0) {
      out += ",,,,,,\n";
      continue;
    }
    const Difference d = difference(values[0], values[k], min_difference);
    fmt::format_to(std::back_inserter(out), ",{},{},{},{},{},{}\n", csv_number(d.paired.mean),
                   csv_number(d.paired.lo), csv_number(d.paired.hi), csv_number(d.unpaired.lo),
                   csv_number(d.unpaired.hi), d.clear ? "true" : "false");
  }
}
}  // namespace

std::string comparison_csv(const std::vector<ScenarioRun>& runs, double min_difference) {
  std::string out =
      "scope,metric,scenario,mean,ci_lo,ci_hi,difference,difference_ci_lo,difference_ci_hi,"
      "unpaired_ci_lo,unpaired_ci_hi,clear\n";
  for (const auto& level : union_levels(runs))
    for (LevelMetric m : all_metrics<LevelMetric>())
      csv_rows(out, runs, level, metric_info(m).name, metric_values_by_run(runs, level, m),
               min_difference);
  for (SystemMetric m : all_metrics<SystemMetric>())
    csv_rows(out, runs, "system", metric_info(m).name, metric_values_by_run(runs, "", m),
             min_difference);
  if (any_costs(runs))
    for (CostKind kind : kCostKinds)
      csv_rows(out, runs, "costs", cost_name(kind), cost_values_by_run(runs, kind), min_difference);
  return out;
}

namespace {
// The level metrics in the stdout table.
constexpr LevelMetric kHeadline[] = {
    LevelMetric::kAdmissionsPerDay, LevelMetric::kUtilization, LevelMetric::kMeanWaitlist,
    LevelMetric::kMeanWaitDays,     LevelMetric::kP90WaitDays, LevelMetric::kAbandonmentFraction};

// "0.221 [0.126, 0.316]": three significant digits, since differences span magnitudes.
std::string interval_cell(const Estimate& e) {
  if (std::isnan(e.mean)) return "-";
  if (std::isnan(e.lo)) return fmt::format("{:.3g}", e.mean);
  return fmt::format("{:.3g} [{:.3g}, {:.3g}]", e.mean, e.lo, e.hi);
}

std::string block_header(const std::vector<ScenarioRun>& runs, const std::string& title) {
  std::string out = fmt::format("\n{}\n  {:<30}", title, "metric");
  for (const auto& run : runs)
    out += fmt::format(" {:>26}", run.scenario.name);
  for (std::size_t k = 1; k < runs.size(); ++k)
    out += fmt::format(" {:>34}", "diff " + runs[k].scenario.name);
  return out + "\n";
}

// A row of annual costs: money with the reference's currency, each scenario's then each
// difference (* when clear).
std::string cost_row(const std::vector<ScenarioRun>& runs, CostKind kind, double min_difference) {
  const auto values = cost_values_by_run(runs, kind);
  const std::string& currency = runs.front().scenario.currency;
  std::string out = fmt::format("  {:<30}", cost_name(kind));
  for (const auto& v : values)
    out += fmt::format(" {:>26}", money_cell(estimate(v), currency));
  for (std::size_t k = 1; k < runs.size(); ++k) {
    const Difference d = difference(values[0], values[k], min_difference);
    out += fmt::format(" {:>33}{}", money_cell(d.paired, currency), d.clear ? "*" : " ");
  }
  return out + "\n";
}

std::string table_row(const std::vector<ScenarioRun>& runs, const std::string& level,
                      MetricId metric, double min_difference) {
  const auto values = metric_values_by_run(runs, level, metric);
  std::string out = fmt::format("  {:<30}", metric_info(metric).name);
  for (const auto& v : values)
    out += fmt::format(" {:>26}", interval_cell(estimate(v)));
  for (std::size_t k = 1; k < runs.size(); ++k) {
    const Difference d = difference(values[0], values[k], min_difference);
    out += fmt::format(" {:>33}{}", interval_cell(d.paired), d.clear ? "*" : " ");
  }
  return out + "\n";
}
}  // namespace

std::string comparison_table(const std::vector<ScenarioRun>& runs, double min_difference) {
  std::string out = fmt::format(
      "Compared with {} ({} replications, seed {}, common random numbers); differences with 95% "
      "paired intervals, * = clear (the interval excludes 0{})\n",
      runs.front().scenario.name, runs.front().summary.replications, runs.front().summary.seed,
      min_difference > 0 ? fmt::format(" and the difference is at least {:g}% of {}'s value",
                                       100 * min_difference, runs.front().scenario.name)
                         : "");
  for (const auto& level : union_levels(runs)) {
    out += block_header(runs, level);
    for (LevelMetric m : kHeadline)
      out += table_row(runs, level, m, min_difference);
  }
  out += block_header(runs, "system");
  for (SystemMetric m : all_metrics<SystemMetric>())
    out += table_row(runs, "", m, min_difference);
  if (any_costs(runs)) {
    out += block_header(runs, "costs per year");
    for (CostKind kind : kCostKinds)
      out += cost_row(runs, kind, min_difference);
  }
  return out;
}

}  // namespace continuum
