// report.html's documents for compare and sweep: each run's summary with its difference from
// the reference, each grid point's summary, and the metric charted.
#include "continuum/output/experiment_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "continuum/model/setting_path.hpp"
#include "continuum/output/compare_output.hpp"
#include "continuum/output/html_report.hpp"
#include "continuum/output/summary_json.hpp"
#include "continuum/output/warnings.hpp"

namespace continuum {

namespace {
using Json = nlohmann::ordered_json;

// {"levels": {level: {metric: estimate}}, "system": {metric: estimate}}: the paired
// difference of scenario `name` from the reference, picked out of comparison_json().
Json difference_from_reference(const Json& comparison, const std::string& name) {
  Json difference = {{"levels", Json::object()}, {"system", {}}};
  for (const auto& [level, metrics] : comparison["levels"].items())
    for (const auto& [metric, values] : metrics.items())
      difference["levels"][level][metric] = values["difference"][name];
  for (const auto& [metric, values] : comparison["system"].items())
    difference["system"][metric] = values["difference"][name];
  if (comparison.contains("costs"))
    for (CostKind kind : kCostKinds)
      difference["costs"][cost_name(kind)] =
          comparison["costs"][cost_name(kind)]["difference"].value(name, Json(nullptr));
  if (comparison.contains("revenue"))
    for (RevenueKind kind : kRevenueKinds)
      difference["revenue"][revenue_name(kind)] =
          comparison["revenue"][revenue_name(kind)]["difference"].value(name, Json(nullptr));
  return difference;
}
}  // namespace

Json comparison_report_json(const std::vector<ScenarioRun>& runs, const Json& comparison) {
  std::vector<CompareEntry> entries;
  std::string title = "Comparison: ";
  for (std::size_t k = 0; k < runs.size(); ++k) {
    const ScenarioRun& run = runs[k];
    entries.push_back({run.scenario.name, summary_json(run.scenario, run.summary),
                       daily_report_json(run.scenario, run.summary),
                       k > 0 ? difference_from_reference(comparison, run.scenario.name) : nullptr});
    title += (k ? " vs " : "") + run.scenario.name;
  }
  Json report = compare_report_json(title, entries);
  // Each scenario's warnings and checks not run, as comparison.json has them (compare adds
  // them there): the page shows them above the answer table.
  if (comparison.contains("scenarios"))
    for (std::size_t k = 0; k < runs.size() && k < comparison["scenarios"].size(); ++k)
      for (const char* key : {"warnings", "checks_not_run"})
        if (comparison["scenarios"][k].contains(key))
          report["scenarios"][k][key] = comparison["scenarios"][k][key];
  if (comparison.contains("min_difference"))
    report["min_difference"] = comparison["min_difference"];
  if (comparison.contains("costs")) {
    // Each scenario's annual costs beside its metrics, for the page's first table.
    report["currency"] = comparison["costs"]["currency"];
    for (std::size_t k = 0; k < runs.size(); ++k)
      for (CostKind kind : kCostKinds)
        report["scenarios"][k]["costs"][cost_name(kind)] =
            comparison["costs"][cost_name(kind)].value(runs[k].scenario.name, Json(nullptr));
  }
  if (comparison.contains("revenue")) {
    // Each scenario's revenue and net cost per year, beside its costs in the first table.
    report["currency"] = comparison["revenue"]["currency"];
    for (std::size_t k = 0; k < runs.size(); ++k)
      for (RevenueKind kind : kRevenueKinds)
        report["scenarios"][k]["revenue"][revenue_name(kind)] =
            comparison["revenue"][revenue_name(kind)].value(runs[k].scenario.name, Json(nullptr));
  }
  const bool costs = any_costs(runs), revenue = any_revenue(runs);
  if (costs || revenue) {
    // Each scenario's costs (and revenue and net cost), then each later one's paired difference
    // from the reference.
    std::vector<std::pair<std::string, CostSummary>> rows;
    std::vector<std::pair<Estimate, Estimate>> revenue_rows;  // (revenue, net cost) per row
    auto of = [](const std::vector<double>& values) {
      return values.empty() ? Estimate{} : estimate(values);
    };
    for (const ScenarioRun& run : runs) {
      rows.emplace_back(run.scenario.name,
                        run.costs.total.empty() ? CostSummary{} : summarize_costs(run.costs));
      revenue_rows.emplace_back(of(run.revenue.total), of(run.revenue.net_cost));
    }
    for (std::size_t k = 1; k < runs.size(); ++k) {
      const bool both_costs = !runs[0].costs.total.empty() && !runs[k].costs.total.empty();
      const bool both_revenue = !runs[0].revenue.total.empty() && !runs[k].revenue.total.empty();
      if (!both_costs && !both_revenue) continue;
      CostSummary d;
      if (both_costs) {
        d.staff = difference(runs[0].costs.staff, runs[k].costs.staff).paired;
        d.non_staff = difference(runs[0].costs.non_staff, runs[k].costs.non_staff).paired;
        d.total = difference(runs[0].costs.total, runs[k].costs.total).paired;
      }
      rows.emplace_back(runs[k].scenario.name + " − " + runs[0].scenario.name, d);
      revenue_rows.emplace_back(
          both_revenue ? difference(runs[0].revenue.total, runs[k].revenue.total).paired
                       : Estimate{},
          both_revenue ? difference(runs[0].revenue.net_cost, runs[k].revenue.net_cost).paired
                       : Estimate{});
    }
    report["costs"] = costs_report_json(
        runs[0].scenario.currency,
        std::string(revenue ? "Annual costs, revenue and net cost (total cost − revenue)"
                            : "Annual costs") +
            " of each scenario (means over replications with the half-width of their 95% "
            "interval), then each scenario's paired difference from " +
            runs[0].scenario.name + ".",
        rows);
    if (revenue)
      for (std::size_t i = 0; i < revenue_rows.size(); ++i)
        add_revenue(report["costs"]["rows"][i], revenue_rows[i].first, revenue_rows[i].second);
    for (std::size_t i = runs.size(); i < rows.size(); ++i)  // the paired differences: signed
      report["costs"]["rows"][i]["difference"] = true;
  }
  return report;
}

Json sweep_grid_report_json(const Scenario& base, const std::vector<SweepAxis>& axes,
                            const std::vector<SweepPointResult>& points,
                            const std::vector<RunChecks>& checks) {
  std::vector<std::string> names;
  for (const auto& axis : axes)
    names.push_back(axis.path);
  std::vector<SweepPoint> report_points;
  for (const auto& point : points) {
    Json parameters;
    for (std::size_t a = 0; a < axes.size(); ++a)
      parameters[axes[a].path] = point.parameters[a];
    report_points.push_back({parameters, summary_json(point.scenario, point.summary)});
  }
  // levels.<level>.capacity: the level's mean wait.
  MetricRef chart{"", SystemMetric::kLostToCarePerDay};
  const auto first = parse_setting_path(axes.front().path, base).path;
  if (first && first->kind == Setting::Kind::kLevelCapacity)
    chart = {base.levels[static_cast<std::size_t>(first->index)].name, LevelMetric::kMeanWaitDays};
  Json report = sweep_report_json("Sweep: " + base.name, names, report_points, chart);
  // Each point's warnings and checks not run, as sweep.csv's columns have them: the page marks
  // the points with warnings and lists them.
  if (checks.size() == points.size())
    for (std::size_t p = 0; p < points.size(); ++p) {
      report["points"][p]["warnings"] = warnings_json(checks[p].warnings);
      report["points"][p]["checks_not_run"] = checks_not_run_json(checks[p].not_run);
    }
  std::vector<std::pair<std::string, CostSummary>> rows;
  std::vector<const RevenueSummary*> revenue;  // per row, null without revenue
  for (const auto& point : points) {
    if (!point.costs && !point.revenue) continue;
    std::string label;
    for (std::size_t a = 0; a < axes.size(); ++a)
      label += fmt::format("{}{} = {:g}", a ? ", " : "", axes[a].path, point.parameters[a]);
    rows.emplace_back(label, point.costs ? *point.costs : CostSummary{});
    revenue.push_back(point.revenue ? &*point.revenue : nullptr);
  }
  const bool any_revenue = std::any_of(revenue.begin(), revenue.end(),
                                       [](const RevenueSummary* r) { return r != nullptr; });
  if (!rows.empty()) {
    report["costs"] = costs_report_json(
        base.currency,
        std::string(any_revenue ? "Annual costs, revenue and net cost (total cost − revenue)"
                                : "Annual costs") +
            " at each grid point (means over replications with the half-width of their 95% "
            "interval); staff FTE from each day's census, as in run, compare and size.",
        rows);
    for (std::size_t i = 0; i < revenue.size(); ++i)
      if (revenue[i])
        add_revenue(report["costs"]["rows"][i], revenue[i]->total, revenue[i]->net_cost);
  }
  return report;
}

}  // namespace continuum
