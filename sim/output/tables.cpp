// The run's stdout table: one row per level (its headline metrics), then a line for the system;
// with `classes:`, the same for the patients of each class; with report_windows, for each window.
#include "continuum/output/tables.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <span>
#include <vector>

#include "continuum/model/routes_to.hpp"
#include "continuum/output/bounds.hpp"
#include "continuum/output/format.hpp"

namespace continuum {

namespace {
// The level columns after the level and its capacity, and their widths (a percentage's '%'
// included).
struct Column {
  LevelMetric metric;
  int width;
};
constexpr Column kLevelColumns[] = {
    {LevelMetric::kAdmissionsPerDay, 16},    {LevelMetric::kMeanCensus, 18},
    {LevelMetric::kUtilization, 14},         {LevelMetric::kMeanWaitlist, 16},
    {LevelMetric::kMeanWaitDays, 16},        {LevelMetric::kP90WaitDays, 16},
    {LevelMetric::kAbandonmentFraction, 15}, {LevelMetric::kTurnedAwayFraction, 15},
};

std::string header() {
  std::string out = fmt::format("{:<14} {:>9}", "level", "capacity");
  for (const Column& c : kLevelColumns)
    out += fmt::format(" {:>{}}", metric_info(c.metric).heading, c.width);
  return out;
}

// "1 day", "730 days", "0.5 days".
std::string days_text(double days) {
  return days == 1 ? "1 day" : plain(days) + " days";
}

using LevelValues = MetricValues<LevelMetric, Estimate>;
using SystemValues = MetricValues<SystemMetric, Estimate>;

std::string level_row(const LevelSpec& spec, const LevelValues& values,
                      const std::vector<Style>& styles) {
  std::string out = fmt::format("{:<14} {:>9}", spec.name, capacity_text(spec.capacity));
  for (std::size_t i = 0; i < std::size(kLevelColumns); ++i) {
    const Column& c = kLevelColumns[i];
    out += fmt::format(
        " {:>{}}", styled_metric_cell(values[c.metric], metric_info(c.metric), styles[i]), c.width);
  }
  return out;
}

// "system: arrivals/day 5.03 ±0.05, relapses/day ...", every system metric, each in its own
// half-width's decimals.
std::string system_line(const SystemValues& values) {
  return "system: " + join(all_metrics<SystemMetric>(), ", ", [&](SystemMetric m) {
           return fmt::format("{} {}", metric_info(m).heading,
                              lone_metric_cell(values[m], metric_info(m)));
         });
}

// The level table and the system line. Each column (a metric over the levels) has the decimals
// of its smallest half-width (shared_style, format.hpp).
std::string metrics_block(const Scenario& scenario, const std::vector<LevelValues>& levels,
                          const SystemValues& system) {
  const std::size_t n = std::min(scenario.levels.size(), levels.size());
  std::vector<Style> styles;
  for (const Column& c : kLevelColumns) {
    const MetricInfo& info = metric_info(c.metric);
    std::vector<Estimate> column;
    for (std::size_t l = 0; l < n; ++l)
      column.push_back(as_shown(levels[l][c.metric], info));
    styles.push_back(shared_style(column, info.precision));
  }
  std::string out = header() + '\n';
  for (std::size_t l = 0; l < n; ++l)
    out += level_row(scenario.levels[l], levels[l], styles) + '\n';
  out += '\n' + system_line(system) + '\n';
  return out;
}
// Interim services and compliance KPIs (stats/compliance.hpp): shares as percentages.
constexpr MetricInfo kShareInfo{"", "", "", Unit::kFraction, "", 1, true, Better::kNeither};
constexpr MetricInfo kDaysInfo{"", "", "", Unit::kDays, "", 1, false, Better::kNeither};
constexpr MetricInfo kPatientsInfo{"", "", "", Unit::kPatients, "", 1, false, Better::kNeither};

// The style of each KPI column (kpi: 0..3, `infos[kpi]`) over the rows `rows` (format.hpp:
// shared_style), the column rule of the level table.
std::vector<Style> kpi_styles(const std::vector<const KpiEstimates*>& rows,
                              std::span<const MetricInfo* const> infos) {
  std::vector<Style> styles;
  for (std::size_t k = 0; k < infos.size(); ++k) {
    std::vector<Estimate> column;
    for (const KpiEstimates* e : rows)
      column.push_back(as_shown((*e)[k], *infos[k]));
    styles.push_back(shared_style(column, infos[k]->precision));
  }
  return styles;
}

std::string interim_block(const Scenario& scenario, const Summary& summary) {
  std::string out =
      fmt::format("\ninterim services\n{:<14} {:>9} {:>16} {:>16} {:>16} {:>16}\n", "level",
                  "places", "placed", "mean to place (d)", "p90 to place (d)", "mean census");
  static constexpr const MetricInfo* kInfos[] = {&kShareInfo, &kDaysInfo, &kDaysInfo,
                                                 &kPatientsInfo};
  std::vector<std::size_t> levels;
  std::vector<const KpiEstimates*> rows;
  for (std::size_t l = 0; l < scenario.levels.size() && l < summary.interim.size(); ++l)
    if (scenario.levels[l].waitlist.interim) {
      levels.push_back(l);
      rows.push_back(&summary.interim[l]);
    }
  const std::vector<Style> styles = kpi_styles(rows, kInfos);
  for (std::size_t i = 0; i < levels.size(); ++i) {
    const std::size_t l = levels[i];
    const InterimSpec& interim = *scenario.levels[l].waitlist.interim;
    const KpiEstimates& e = *rows[i];
    const std::string places = interim.capacity == kUnlimitedInterim
                                   ? std::string("unlimited")
                                   : fmt::format("{}", interim.capacity);
    out += fmt::format("{:<14} {:>9}", scenario.levels[l].name, places);
    for (std::size_t k = 0; k < std::size(kInfos); ++k)
      out += fmt::format(" {:>16}", styled_metric_cell(e[k], *kInfos[k], styles[k]));
    out += '\n';
  }
  return out;
}

std::string compliance_row(std::string_view name, const KpiEstimates& e, bool capacity,
                           const std::vector<Style>& styles) {
  std::string out = fmt::format("{:<24}", name);
  for (std::size_t k = 0; k < 4; ++k)
    out +=
        fmt::format(" {:>16}", k < 3 || capacity ? styled_metric_cell(e[k], kShareInfo, styles[k])
                                                 : std::string("-"));
  return out + '\n';
}

// Compliance KPIs: every column by the column rule over the whole table (levels, then levels
// by class; the capacity column over the levels, which alone have it).
std::string compliance_block(const Scenario& scenario, const Summary& summary) {
  const ComplianceSpec t = scenario.compliance.value_or(ComplianceSpec{});
  std::string out = fmt::format(
      "\ncompliance (referrals in the window; N-day shares over referrals made more than N days "
      "before the end)\n{:<24} {:>16} {:>16} {:>16} {:>16}\n",
      "level", fmt::format("admitted {:g}d", t.admit_within_days),
      fmt::format("interim {:g}h", t.interim_within_hours),
      fmt::format("admitted {:g}d", t.admit_within_days_max),
      fmt::format("days >= {:g}%", t.capacity_alert_share * 100));
  const std::size_t n = std::min(scenario.levels.size(), summary.compliance.size());
  static constexpr const MetricInfo* kInfos[] = {&kShareInfo, &kShareInfo, &kShareInfo,
                                                 &kShareInfo};
  std::vector<const KpiEstimates*> all, levels;
  for (std::size_t i = 0; i < summary.compliance.size(); ++i) {
    all.push_back(&summary.compliance[i]);
    if (i < n) levels.push_back(&summary.compliance[i]);
  }
  std::vector<Style> styles = kpi_styles(all, kInfos);
  styles[3] = kpi_styles(levels, kInfos)[3];
  for (std::size_t l = 0; l < n; ++l)
    out += compliance_row(scenario.levels[l].name, summary.compliance[l], true, styles);
  if (summary.compliance.size() > n)
    for (std::size_t c = 0; c < scenario.classes.size(); ++c)
      for (std::size_t l = 0; l < n && n + c * n + l < summary.compliance.size(); ++l)
        out += compliance_row(scenario.levels[l].name + " / " + scenario.classes[c].name,
                              summary.compliance[n + c * n + l], false, styles);
  return out;
}
}  // namespace

std::string summary_table(const Scenario& scenario, const Summary& summary) {
  // One replication has no interval: its values are shown alone.
  std::string out = fmt::format(
      "{}: {} x {} after {} of warm-up (seed {}); {}\n\n", scenario.name,
      count_of(static_cast<std::size_t>(summary.replications), "replication"),
      days_text(scenario.horizon_days), days_text(scenario.warmup_days), summary.seed,
      summary.replications == 1 ? "the one replication's values (no confidence interval)"
                                : "means with 95% confidence half-widths");
  out += metrics_block(scenario, summary.levels, summary.system);
  // With `classes:`, the same table and line for the patients of each class.
  for (std::size_t c = 0; c < summary.classes.size(); ++c) {
    const ClassSummary& cs = summary.classes[c];
    const int priority = c < scenario.classes.size() ? scenario.classes[c].priority : 0;
    out += fmt::format("\nclass {} (priority {})\n", cs.name, priority);
    out += metrics_block(scenario, cs.levels, cs.system);
  }
  // With report_windows, the same table and line over each window.
  for (const WindowSummary& ws : summary.windows) {
    out +=
        fmt::format("\nwindow {} (days {} to {})\n", ws.name, plain(ws.from_day), plain(ws.to_day));
    out += metrics_block(scenario, ws.levels, ws.system);
  }
  if (!summary.interim.empty()) out += interim_block(scenario, summary);
  if (!summary.compliance.empty()) out += compliance_block(scenario, summary);
  return out;
}

std::string exits_line(const Scenario& scenario, const Summary& summary) {
  std::string out;
  for (std::size_t k = 0; k < summary.exits.size(); ++k) {
    const Estimate& e = summary.exits[k].per_day;
    const int target = k == 0 ? kExit : named_exit_target(k - 1);
    if (!routes_to(scenario, target) && !(e.mean > 0)) continue;  // neither routable nor taken
    out += fmt::format("{} {} {}", out.empty() ? "" : ",", summary.exits[k].name,
                       interval_text(e, kNonnegative, 2));
  }
  if (out.empty()) return "";
  return "exits (patients a day, mean and 95% interval):" + out + "\n";
}

}  // namespace continuum
