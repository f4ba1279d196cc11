// report.html: one self-contained page (Chart.js, script, style and data inline; nothing is
// fetched) for a run, a comparison or a sweep, drawn from a JSON document.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "continuum/experiment/costs.hpp"
#include "continuum/experiment/runner.hpp"
#include "continuum/model/scenario.hpp"
#include "continuum/output/byte_sink.hpp"
#include "continuum/output/schema.hpp"
#include "continuum/stats/metric.hpp"

namespace continuum {

// The input document (docs/report.md is the reference; `estimate` is estimate_json()'s
// {"mean", "ci95": [lo, hi] or null}, `summary` is summary_json()'s document):
//
// Every kind: {"kind": "run" | "compare" | "sweep", "schema_version": kReportSchemaVersion,
//              "title": string, "metrics": metric_info_json() (labels and units; optional)}
// kind "run":     "summary": summary, "daily": daily or null,
//                 "warnings" (optional): warnings_json() (output/warnings.hpp), drawn first,
//                 "staffing" (optional): {"unit": "FTE", "rows": [{"level", "role", "basis",
//                                         "required": estimate, "p90": number or null (FTE
//                                         that covers 90% of days), "available": number or
//                                         null}], "levels": [{"level", "capacity",
//                                         "effective_capacity" (numbers or null: unlimited),
//                                         "binding_constraint", "days_at_capacity": estimate}]},
//                 "summary"'s "compliance" (optional): drawn in the headline block by name
// kind "compare": "scenarios": [{"label", "summary": summary, "daily": daily or null,
//                                "difference": null for the first, else the paired difference
//                                from the first as {"levels": {level: {metric: estimate}},
//                                "system": {metric: estimate}}}],
//                 "level_metrics": [metric names to chart], "system_metrics": [names],
//                 with costs: "currency", each scenario's "costs": {cost name: estimate} and
//                 its difference's "costs": {cost name: estimate + "clear"};
//                 "min_difference" (optional): compare --min-difference, said on the page
//                 each scenario's "warnings" and "checks_not_run" (optional; as kind "run"'s):
//                 drawn first, a block per scenario with either, a mark in the answer table
// kind "sweep":   "parameters": [names], "x": the parameter on the x axis,
//                 "points": [{"parameters": {name: value}, "summary": summary, "warnings"
//                             and "checks_not_run" (optional; as kind "run"'s): drawn first,
//                             and the point's grid rows marked}],
//                 "table_metrics": [metric ref], "chart_metric": metric ref, where a metric ref
//                 is {"level": name or null for the system, "metric": name}
// daily:          {"window_days": days after warm-up, "bin_days": days per point (1, or 7, 14,
//                  ... when the window is long), "points": number of points, "levels": {level:
//                  {"census": series, "waitlist": series}}}, where series = {"mean": [...],
//                  "p10": [...], "p90": [...]} across replications, point i averaging the days
//                  [i * bin_days, (i+1) * bin_days) after the warm-up.
//
// Renders the page. Throws std::invalid_argument when "kind" is missing or unknown; any other
// missing key is drawn as "not available" by the page rather than rejected. Written into `page`
// piece by piece (the commands write it straight to the file: output/byte_sink.hpp), or
// returned whole.
void write_report_html(ByteSink& page, const nlohmann::ordered_json& report);
std::string render_report_html(const nlohmann::ordered_json& report);

// Labels and units of the metrics (metric.hpp), by metric name: {"label", "unit",
// "percent": bool (a fraction, shown as a percentage), "precision": the run table's decimals}.
nlohmann::ordered_json metric_info_json();

// The daily forecast of a summary, averaged into bins of 7, 14, 28, ... days when the window
// holds more than `max_points` days; null when daily recording was off.
nlohmann::ordered_json daily_report_json(const Scenario& scenario, const Summary& summary,
                                         std::size_t max_points = 400);

// run --watch: each watched level series (report["watch"]'s level and quantity) day by day in
// report["daily"], with "bin_days": 1 in the series, even when the others are averaged into
// bins: the questions are about daily values, and a weekly mean would hide the days that cross.
// Nothing changes without daily series or watched levels.
void add_watched_daily_series(nlohmann::ordered_json& report, const Scenario& scenario,
                              const Summary& summary);

// Every kind, when the scenarios have costs: "costs": {"currency": ISO code, "intro": text,
// "rows": [{"label", "staff_cost_per_year": estimate, "non_staff_cost_per_year": estimate,
// "total_cost_per_year": estimate}]}, drawn as a table of money.
nlohmann::ordered_json costs_report_json(
    const std::string& currency, const std::string& intro,
    const std::vector<std::pair<std::string, CostSummary>>& rows);
// With revenue (payers): a row of costs_report_json gains "total_revenue_per_year" and
// "net_cost_per_year" (estimates), drawn as two more columns of money.
void add_revenue(nlohmann::ordered_json& row, const Estimate& revenue, const Estimate& net_cost);
// A run's revenue: its costs table's "total" row gains the revenue and net cost, or, for a run
// without costs, a costs table of that row alone.
void add_run_revenue(nlohmann::ordered_json& report, const RevenueSummary& revenue,
                     const std::string& currency);

// kind "run" for one scenario.
nlohmann::ordered_json run_report_json(const Scenario& scenario, const Summary& summary);

struct CompareEntry {
  std::string label;                  // empty: the scenario's name
  nlohmann::ordered_json summary;     // summary_json()
  nlohmann::ordered_json daily;       // daily_report_json(), or null
  nlohmann::ordered_json difference;  // null for the first; see above
};
// kind "compare"; the first entry is the reference. Charts the headline metrics.
nlohmann::ordered_json compare_report_json(const std::string& title,
                                           const std::vector<CompareEntry>& scenarios);

struct MetricRef {
  std::string level;  // empty for a system metric
  MetricId metric;
};
struct SweepPoint {
  nlohmann::ordered_json parameters;  // {name: value} at this grid point
  nlohmann::ordered_json summary;     // summary_json()
};
// kind "sweep"; `parameters[0]` goes on the x axis. The table shows `chart_metric`, the mean
// wait and utilization of every level and the system's losses to care.
nlohmann::ordered_json sweep_report_json(const std::string& title,
                                         const std::vector<std::string>& parameters,
                                         const std::vector<SweepPoint>& points,
                                         const MetricRef& chart_metric);

}  // namespace continuum
