// report.html's documents for compare and sweep: each run's summary with its difference from
// the reference, each grid point's summary, and the metric charted.
#include "continuum/output/experiment_report.hpp"

#include <string>

#include "continuum/model/setting_path.hpp"
#include "continuum/output/html_report.hpp"
#include "continuum/output/summary_json.hpp"

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
  return compare_report_json(title, entries);
}

Json sweep_grid_report_json(const Scenario& base, const std::vector<SweepAxis>& axes,
                            const std::vector<SweepPointResult>& points) {
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
  return sweep_report_json("Sweep: " + base.name, names, report_points, chart);
}

}  // namespace continuum
