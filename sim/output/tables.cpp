// The run's stdout table: one row per level (its headline metrics), then a line for the system.
#include "continuum/output/tables.hpp"

#include <fmt/format.h>

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

std::string level_row(const LevelSpec& spec, const Summary& summary, std::size_t level) {
  std::string out = fmt::format("{:<14} {:>9}", spec.name, capacity_text(spec.capacity));
  for (const Column& c : kLevelColumns)
    out += fmt::format(" {:>{}}",
                       metric_cell(summary.level_metric(level, c.metric), metric_info(c.metric)),
                       c.width);
  return out;
}

// "system: arrivals/day 5.03 ±0.05, relapses/day ...", every system metric.
std::string system_line(const Summary& summary) {
  return "system: " + join(all_metrics<SystemMetric>(), ", ", [&](SystemMetric m) {
           return fmt::format("{} {}", metric_info(m).heading,
                              metric_cell(summary.system_metric(m), metric_info(m)));
         });
}
}  // namespace

std::string summary_table(const Scenario& scenario, const Summary& summary) {
  std::string out = fmt::format(
      "{}: {} replications x {:g} days after {:g} days of warm-up (seed {}); "
      "means with 95% confidence half-widths\n\n",
      scenario.name, summary.replications, scenario.horizon_days, scenario.warmup_days,
      summary.seed);
  out += header() + '\n';
  for (std::size_t l = 0; l < scenario.levels.size(); ++l)
    out += level_row(scenario.levels[l], summary, l) + '\n';
  out += '\n' + system_line(summary) + '\n';
  return out;
}

}  // namespace continuum
