// The comparison's JSON, CSV and stdout table, from the runs' per-replication metric values.
#include "continuum/output/compare_output.hpp"

#include <fmt/format.h>

#include <cmath>
#include <iterator>

#include "continuum/output/bounds.hpp"
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

std::vector<std::vector<double>> revenue_values_by_run(const std::vector<ScenarioRun>& runs,
                                                       RevenueKind kind) {
  std::vector<std::vector<double>> values;
  values.reserve(runs.size());
  for (const auto& run : runs)
    values.push_back(run.revenue.total.empty() ? std::vector<double>(run.results.size(), NAN)
                                               : run.revenue.of(kind));
  return values;
}

namespace {
using Json = nlohmann::ordered_json;

// Each scenario's value with its interval clipped to `range` (bounds.hpp), then the differences
// from the first, never clipped.
Json values_comparison(const std::vector<ScenarioRun>& runs,
                       const std::vector<std::vector<double>>& values, Bounds range,
                       double min_difference) {
  Json j;
  for (std::size_t k = 0; k < runs.size(); ++k)
    j[runs[k].scenario.name] = estimate_json(clipped(estimate(values[k]), range));
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
  return values_comparison(runs, metric_values_by_run(runs, level, metric),
                           metric_bounds(metric_info(metric)), min_difference);
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
          values_comparison(runs, cost_values_by_run(runs, kind), kNonnegative, min_difference);
    j["costs"] = costs;
  }
  if (any_revenue(runs)) {
    Json revenue;
    revenue["currency"] = runs.front().scenario.currency;
    for (RevenueKind kind : kRevenueKinds)
      revenue[revenue_name(kind)] = values_comparison(runs, revenue_values_by_run(runs, kind),
                                                      revenue_bounds(kind), min_difference);
    j["revenue"] = revenue;
  }
  return j;
}

bool any_costs(const std::vector<ScenarioRun>& runs) {
  for (const auto& run : runs)
    if (!run.costs.total.empty()) return true;
  return false;
}

bool any_revenue(const std::vector<ScenarioRun>& runs) {
  for (const auto& run : runs)
    if (!run.revenue.total.empty()) return true;
  return false;
}

namespace {
// The rows of one metric: the estimate per scenario (its interval clipped to `range`), then the
// difference from the first (never clipped).
void csv_rows(std::string& out, const std::vector<ScenarioRun>& runs, const std::string& scope,
              std::string_view name, const std::vector<std::vector<double>>& values, Bounds range,
              double min_difference) {
  for (std::size_t k = 0; k < runs.size(); ++k) {
    const Estimate e = clipped(estimate(values[k]), range);
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
               metric_bounds(metric_info(m)), min_difference);
  for (SystemMetric m : all_metrics<SystemMetric>())
    csv_rows(out, runs, "system", metric_info(m).name, metric_values_by_run(runs, "", m),
             metric_bounds(metric_info(m)), min_difference);
  if (any_costs(runs))
    for (CostKind kind : kCostKinds)
      csv_rows(out, runs, "costs", cost_name(kind), cost_values_by_run(runs, kind), kNonnegative,
               min_difference);
  if (any_revenue(runs))
    for (RevenueKind kind : kRevenueKinds)
      csv_rows(out, runs, "revenue", revenue_name(kind), revenue_values_by_run(runs, kind),
               revenue_bounds(kind), min_difference);
  return out;
}

namespace {
// The level metrics in the stdout table (the turned away: referrals refused by a full
// waitlist, `max_length`).
constexpr LevelMetric kHeadline[] = {
    LevelMetric::kAdmissionsPerDay,  LevelMetric::kUtilization, LevelMetric::kMeanWaitlist,
    LevelMetric::kMeanWaitDays,      LevelMetric::kP90WaitDays, LevelMetric::kAbandonmentFraction,
    LevelMetric::kTurnedAwayFraction};

// Widths of the stdout table: every line fits kTableWidth columns (one block per compared
// scenario, whatever their number).
constexpr int kMetricWidth = 30, kValueWidth = 24, kDifferenceWidth = 36;
constexpr int kTableWidth = 120;
static_assert(kMetricWidth + 2 * (1 + kValueWidth) + 1 + kDifferenceWidth + 1 <= kTableWidth);

// A name in at most `width` columns ("~" marks a cut).
std::string fit(const std::string& name, std::size_t width) {
  return name.size() <= width ? name : name.substr(0, width - 1) + "~";
}

std::string money_difference_cell(const Estimate& d, const std::string& currency) {
  if (std::isnan(d.mean)) return "-";
  const std::string mean =
      fmt::format("{} {}{}", currency, d.mean >= 0 ? "+" : "", grouped(d.mean));
  if (std::isnan(d.lo)) return mean;
  return fmt::format("{} [{}, {}]", mean, grouped(d.lo), grouped(d.hi));
}

std::string block_header(const std::string& title, const ScenarioRun& reference,
                         const ScenarioRun& other) {
  // Names cut one column short of their field: two long names keep two spaces between them.
  return fmt::format("\n{:<{}} {:>{}} {:>{}} {:>{}}\n", fit(title, kMetricWidth), kMetricWidth,
                     fit(reference.scenario.name, kValueWidth - 1), kValueWidth,
                     fit(other.scenario.name, kValueWidth - 1), kValueWidth, "difference [95% CI]",
                     kDifferenceWidth);
}

std::string table_line(std::string_view heading, const std::string& reference,
                       const std::string& other, const std::string& difference, bool clear) {
  return fmt::format("  {:<{}} {:>{}} {:>{}} {:>{}}{}\n", heading, kMetricWidth - 2, reference,
                     kValueWidth, other, kValueWidth, difference, kDifferenceWidth,
                     clear ? "*" : "");
}

// A metric's row: the reference's value, scenario k's and their paired difference (* when
// clear), all in the decimals of the row's smallest half-width (shared_style, format.hpp); a
// fraction as a percentage, its difference in percentage points. A row that is zero in every
// replication of both says so; a difference that is zero in every replication too.
std::string table_row(const std::vector<ScenarioRun>& runs, std::size_t k, const std::string& level,
                      MetricId metric, double min_difference) {
  const auto values = metric_values_by_run(runs, level, metric);
  const MetricInfo& info = metric_info(metric);
  const Difference d = difference(values[0], values[k], min_difference);
  auto shown = [&info](const Estimate& e) { return as_shown(e, info); };
  const Estimate row[] = {shown(estimate(values[0])), shown(estimate(values[k])), shown(d.paired)};
  const Style style = shared_style(row, info.precision);
  const std::string percent_sign = info.table_percent ? "%" : "";
  auto value = [&](const Estimate& e) {
    const std::string text = styled_cell(e, style);
    return text == "-" || text == "0" ? text : text + percent_sign;
  };
  std::string change;
  if (exactly_zero(row[0]) && exactly_zero(row[1]))
    change = "0 (none in either)";
  else if (exactly_zero(row[2]))
    change = "0 (same in every replication)";
  else {
    change = styled_difference(row[2], style);
    if (info.table_percent && change != "-") change += " pp";
  }
  return table_line(info.heading, value(row[0]), value(row[1]), change, d.clear);
}

// A row of money per year (costs, revenue), with the reference's currency; a difference zero in
// every replication says so.
std::string money_row(const std::vector<ScenarioRun>& runs, std::size_t k, std::string_view name,
                      const std::vector<std::vector<double>>& values, double min_difference) {
  const std::string& currency = runs.front().scenario.currency;
  const Difference d = difference(values[0], values[k], min_difference);
  return table_line(name, money_cell(estimate(values[0]), currency),
                    money_cell(estimate(values[k]), currency),
                    exactly_zero(d.paired) ? "0 (same in every replication)"
                                           : money_difference_cell(d.paired, currency),
                    d.clear);
}
}  // namespace

std::string comparison_table(const std::vector<ScenarioRun>& runs, double min_difference) {
  std::string out = fmt::format(
      "Compared with {} ({}, seed {}, common random numbers); one block per scenario:\n"
      "differences with 95% paired intervals, * = clear (the interval excludes 0), pp = "
      "percentage points;\neach row in the decimals its smallest interval needs, 0 = zero in "
      "every replication\n{}",
      runs.front().scenario.name,
      count_of(static_cast<std::size_t>(runs.front().summary.replications), "replication"),
      runs.front().summary.seed,
      min_difference > 0 ? fmt::format("(--min-difference: * also needs a difference of at least "
                                       "{:g}% of {}'s value)\n",
                                       100 * min_difference, fit(runs.front().scenario.name, 30))
                         : "");
  for (std::size_t k = 1; k < runs.size(); ++k) {
    out +=
        fmt::format("\n== {} against {} ==\n", runs[k].scenario.name, runs.front().scenario.name);
    for (const auto& level : union_levels(runs)) {
      // A level of another scenario only: not part of this pair.
      if (runs.front().scenario.level_index(level) < 0 && runs[k].scenario.level_index(level) < 0)
        continue;
      out += block_header(level, runs.front(), runs[k]);
      for (LevelMetric m : kHeadline)
        out += table_row(runs, k, level, m, min_difference);
    }
    out += block_header("system", runs.front(), runs[k]);
    for (SystemMetric m : all_metrics<SystemMetric>())
      out += table_row(runs, k, "", m, min_difference);
    if (any_costs(runs)) {
      out += block_header("costs per year", runs.front(), runs[k]);
      for (CostKind kind : kCostKinds)
        out += money_row(runs, k, cost_name(kind), cost_values_by_run(runs, kind), min_difference);
    }
    if (any_revenue(runs)) {
      out += block_header("revenue per year", runs.front(), runs[k]);
      for (RevenueKind kind : kRevenueKinds)
        out += money_row(runs, k, revenue_name(kind), revenue_values_by_run(runs, kind),
                         min_difference);
    }
  }
  return out;
}

}  // namespace continuum
