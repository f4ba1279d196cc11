// The stdout tables to the character, from hand-made summaries: the run table (columns from
// the table of metrics, percentages, an unlimited capacity) and the sweep table.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "continuum/config/load.hpp"
#include "continuum/output/sweep_output.hpp"
#include "continuum/output/tables.hpp"

namespace continuum {
namespace {

Scenario two_levels() {
  return load_scenario_text(
      "name: two\nhorizon_days: 100\nwarmup_days: 10\nreplications: 4\nseed: 9\n"
      "arrivals:\n  - {name: a, rate_per_day: 2, entry: {clinic: 1}}\n"
      "levels:\n  clinic:\n    capacity: 10\n"
      "    length_of_stay: {distribution: fixed, value: 3}\n    next: {outreach: 1}\n"
      "  outreach:\n    capacity: unlimited\n"
      "    length_of_stay: {distribution: fixed, value: 1}\n",
      "two.yaml");
}

// Every metric of every level the same estimate, a system with a value per metric.
Summary hand_made(const Scenario& s, const Estimate& level_value) {
  Summary summary;
  summary.replications = 4;
  summary.seed = 9;
  summary.levels.resize(s.levels.size());
  for (auto& level : summary.levels)
    for (LevelMetric m : all_metrics<LevelMetric>())
      level[m] = level_value;
  summary.levels[1][LevelMetric::kUtilization] = {};  // unlimited: undefined
  summary.system[SystemMetric::kArrivalsPerDay] = {2.004, 1.95, 2.05, 4};
  summary.system[SystemMetric::kRelapsesPerDay] = {0, 0, 0, 4};
  summary.system[SystemMetric::kLostToCarePerDay] = {0.1234, 0.1, 0.1468, 4};
  summary.system[SystemMetric::kMeanDaysToFirstAdmission] = {0.26, NAN, NAN, 1};
  return summary;
}

TEST(Tables, RunTable) {
  const Scenario s = two_levels();
  const std::string expected =
      "two: 4 replications x 100 days after 10 days of warm-up (seed 9); means with 95% "
      "confidence half-widths\n"
      "\n"
      "level           capacity   admissions/day        mean census    utilization    mean "
      "waitlist    mean wait (d)     p90 wait (d)       abandoned     turned away\n"
      "clinic                10       0.50 ±0.10           0.5 ±0.1    50.0 ±10.0%         0.5 "
      "±0.1         0.5 ±0.1         0.5 ±0.1     50.0 ±10.0%     50.0 ±10.0%\n"
      "outreach       unlimited       0.50 ±0.10           0.5 ±0.1              -         0.5 "
      "±0.1         0.5 ±0.1         0.5 ±0.1     50.0 ±10.0%     50.0 ±10.0%\n"
      "\n"
      "system: arrivals/day 2.00 ±0.05, relapses/day 0.00 ±0.00, lost to care/day 0.12 ±0.02, "
      "days to first admission 0.3\n";
  EXPECT_EQ(summary_table(s, hand_made(s, {0.5, 0.4, 0.6, 4})), expected);
}

// One decimal more than the run table; an undefined mean prints "nan" (as it always has, unlike
// the "-" of the other tables: see sweep_output.cpp).
TEST(Tables, SweepTableHasOneMoreDecimal) {
  const Scenario s = two_levels();
  const std::vector<SweepAxis> axes = {{"levels.clinic.capacity", {10, 12}}};
  std::vector<SweepPointResult> points = {{{10}, hand_made(s, {0.5, 0.4, 0.6, 4}), s, {}},
                                          {{12}, hand_made(s, {NAN, NAN, NAN, 0}), s, {}}};
  const std::string expected =
      "      levels.clinic.capacity        clinic wait (d)      outreach wait (d)     lost "
      "to care/day\n"
      "                          10             0.50 ±0.10             0.50 ±0.10         0.123 "
      "±0.023\n"
      "                          12                    nan                    nan         0.123 "
      "±0.023\n";
  EXPECT_EQ(sweep_table(s, axes, points), expected);
}

// With costs, a last column of money in the scenario's currency.
TEST(Tables, SweepTableShowsTheTotalCostInTheCurrency) {
  Scenario s = two_levels();
  s.currency = "GBP";
  const std::vector<SweepAxis> axes = {{"levels.clinic.capacity", {10}}};
  std::vector<SweepPointResult> points = {{{10}, hand_made(s, {0.5, 0.4, 0.6, 4}), s, {}}};
  points[0].costs = CostSummary{{}, {}, {1234567.2, 1230000, 1239134.4, 4}};
  const std::string table = sweep_table(s, axes, points);
  EXPECT_NE(table.find("       total cost/year\n"), std::string::npos) << table;
  EXPECT_NE(table.find(" GBP 1,234,567 ± 4,567\n"), std::string::npos) << table;
}

}  // namespace
}  // namespace continuum
