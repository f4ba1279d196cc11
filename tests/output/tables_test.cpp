// The stdout tables to the character, from hand-made summaries: the run table (columns from
// the table of metrics, percentages, an unlimited capacity) and the sweep table.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "continuum/config/load.hpp"
#include "continuum/model/capacity.hpp"
#include "continuum/model/routes_to.hpp"
#include "continuum/output/staffing_output.hpp"
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

// Each column (a metric over the levels) in the decimals of its smallest half-width
// (format.hpp: shared_style): 0.1 -> 2 decimals, 10 percentage points -> none; the system line's
// metrics each in their own; "0" when zero in every replication; one replication: the metric's
// decimals.
TEST(Tables, RunTable) {
  const Scenario s = two_levels();
  const std::string expected =
      "two: 4 replications x 100 days after 10 days of warm-up (seed 9); means with 95% "
      "confidence half-widths\n"
      "\n"
      "level           capacity   admissions/day        mean census    utilization    mean "
      "waitlist    mean wait (d)     p90 wait (d)       abandoned     turned away\n"
      "clinic                10       0.50 ±0.10         0.50 ±0.10        50 ±10%       0.50 "
      "±0.10       0.50 ±0.10       0.50 ±0.10         50 ±10%         50 ±10%\n"
      "outreach       unlimited       0.50 ±0.10         0.50 ±0.10              -       0.50 "
      "±0.10       0.50 ±0.10       0.50 ±0.10         50 ±10%         50 ±10%\n"
      "\n"
      "system: arrivals/day 2.00 ±0.05, relapses/day 0, lost to care/day 0.123 ±0.023, "
      "days to first admission 0.3\n";
  EXPECT_EQ(summary_table(s, hand_made(s, {0.5, 0.4, 0.6, 4})), expected);
  // A column takes its smallest half-width: the outreach's 0.004 gives the clinic 3 decimals too.
  Summary mixed = hand_made(s, {0.5, 0.4, 0.6, 4});
  mixed.levels[1][LevelMetric::kMeanWaitDays] = {0.012, 0.008, 0.016, 4};
  const std::string table = summary_table(s, mixed);
  EXPECT_NE(table.find("clinic                10       0.50 ±0.10         0.50 ±0.10        50 "
                       "±10%       0.50 ±0.10     0.500 ±0.100"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("       0.50 ±0.10     0.012 ±0.004"), std::string::npos) << table;
}

// One replication has no interval: the header says the values are the replication's.
TEST(Tables, RunTableWithOneReplication) {
  const Scenario s = two_levels();
  Summary one = hand_made(s, {0.5, NAN, NAN, 1});
  one.replications = 1;
  const std::string table = summary_table(s, one);
  EXPECT_EQ(table.substr(0, table.find('\n')),
            "two: 1 replication x 100 days after 10 days of warm-up (seed 9); the one "
            "replication's values (no confidence interval)")
      << table;
}

// Each column in the decimals of its smallest half-width (0.1: 2 decimals; lost to care's
// 0.023: 3); an undefined mean prints "-", as in the other tables.
TEST(Tables, SweepTableColumnsShareTheirDecimals) {
  const Scenario s = two_levels();
  const std::vector<SweepAxis> axes = {{"levels.clinic.capacity", {10, 12}}};
  std::vector<SweepPointResult> points = {{{10}, hand_made(s, {0.5, 0.4, 0.6, 4}), s, {}, {}},
                                          {{12}, hand_made(s, {NAN, NAN, NAN, 0}), s, {}, {}}};
  const std::string expected =
      "      levels.clinic.capacity        clinic wait (d)      outreach wait (d)     lost "
      "to care/day\n"
      "                          10             0.50 ±0.10             0.50 ±0.10         0.123 "
      "±0.023\n"
      "                          12                      -                      -         0.123 "
      "±0.023\n";
  EXPECT_EQ(sweep_table(s, axes, points), expected);
}

// Level a sends abandoners to exit.gave_up and completers to exit.done; level b's completers take
// plain `exit` only when `b_next` routes there.
Scenario named_exits(const std::string& b_next, const std::string& changes = "") {
  return load_scenario_text(
      "name: exits\nhorizon_days: 10\nwarmup_days: 0\nreplications: 1\n"
      "arrivals:\n  - {name: a, rate_per_day: 1, entry: {a: 1}}\n"
      "levels:\n  a:\n    capacity: 1\n    length_of_stay: {distribution: fixed, value: 1}\n"
      "    waitlist:\n      patience: {distribution: fixed, value: 1}\n"
      "      on_abandon: {exit.gave_up: 1}\n    next: {exit.done: 0.5, b: 0.5}\n"
      "  b:\n    capacity: unlimited\n    length_of_stay: {distribution: fixed, value: 1}\n"
      "    next: " +
          b_next + "\n" + changes,
      "exits.yaml");
}

// The exits of a run as summarize() lists them: plain `exit` first, then the named ones.
Summary with_exits(const Estimate& plain_exit) {
  Summary summary;
  summary.exits = {{"exit", plain_exit, {}},
                   {"gave_up", {0.3, 0.28, 0.32, 4}, {}},
                   {"done", {0.6, NAN, NAN, 1}, {}}};
  return summary;
}

TEST(Tables, ExitsLineLeavesOutAPlainExitNothingRoutesTo) {
  const Scenario s = named_exits("{exit.done: 1, exit: 0}");  // probability 0: ignored
  EXPECT_FALSE(routes_to(s, kExit));
  EXPECT_TRUE(routes_to(s, named_exit_target(0)));
  EXPECT_EQ(exits_line(s, with_exits({0, 0, 0, 4})),
            "exits (patients a day, mean and 95% interval): gave_up 0.300 [0.280, 0.320], done "
            "0.60\n");
}

TEST(Tables, ExitsLineShowsAPlainExitThatIsRoutedToOrTaken) {
  // Routed to, and never taken: shown as 0. Each rate in its own interval's decimals
  // (format.hpp, interval_text: 0.02 -> 0.020, three decimals).
  const Scenario routed = named_exits("{exit: 1}");
  EXPECT_TRUE(routes_to(routed, kExit));
  EXPECT_EQ(exits_line(routed, with_exits({0, 0, 0, 4})),
            "exits (patients a day, mean and 95% interval): exit 0, gave_up 0.300 "
            "[0.280, 0.320], done 0.60\n");
  // Routed to from a change only; a small rate in the most decimals a rate has (2 + 2).
  const Scenario changed =
      named_exits("{exit.done: 1}", "changes:\n  - {day: 5, set: {levels.b.next: {exit: 1}}}\n");
  EXPECT_TRUE(routes_to(changed, kExit));
  EXPECT_NE(exits_line(changed, with_exits({2.5e-4, 0, 5e-4, 4}))
                .find(": exit 0.0003 [0.0000, 0.0005], gave_up"),
            std::string::npos);
  // Not routable, yet taken (as summarize() counts it): shown.
  const Scenario unrouted = named_exits("{exit.done: 1}");
  EXPECT_FALSE(routes_to(unrouted, kExit));
  EXPECT_NE(exits_line(unrouted, with_exits({0.1, 0.05, 0.15, 4}))
                .find(": exit 0.10 [0.05, 0.15], gave_up"),
            std::string::npos);
  // No named exit: no line.
  EXPECT_EQ(exits_line(unrouted, Summary{}), "");
}

// With costs, a last column of money in the scenario's currency.
TEST(Tables, SweepTableShowsTheTotalCostInTheCurrency) {
  Scenario s = two_levels();
  s.currency = "GBP";
  const std::vector<SweepAxis> axes = {{"levels.clinic.capacity", {10}}};
  std::vector<SweepPointResult> points = {{{10}, hand_made(s, {0.5, 0.4, 0.6, 4}), s, {}, {}}};
  points[0].costs = CostSummary{{}, {}, {1234567.2, 1230000, 1239134.4, 4}};
  const std::string table = sweep_table(s, axes, points);
  EXPECT_NE(table.find("       total cost/year\n"), std::string::npos) << table;
  EXPECT_NE(table.find(" GBP 1,234,567 ± 4,567\n"), std::string::npos) << table;
}

// The staffing block: the days full column in the decimals of its smallest half-width (0.05
// percentage points: 2 decimals), "0" for a level never full; mean FTE at most in hundredths.
TEST(Tables, StaffingColumnsShareTheirDecimals) {
  StaffingReport report;
  report.rows = {{"clinic",
                  "nurse",
                  "on duty",
                  {10.1961, 10.1365, 10.2557, 10},
                  10.98,
                  10.98,
                  10.98,
                  {},
                  {},
                  {},
                  NAN,
                  {897259, 892018, 902500, 10}},
                 {"clinic",
                  "physician",
                  "1 h/patient/wk",
                  {0.219, 0.2182, 0.2198, 10},
                  0.22,
                  0.22,
                  0.22,
                  {},
                  {},
                  {},
                  NAN,
                  {56947, 56727, 57167, 10}}};
  auto level = [](const std::string& name, const Estimate& full) {
    LevelCost c;
    c.level = name;
    c.beds = 10;
    c.effective.capacity = 10;
    c.unit = "beds";
    c.days_at_capacity = full;
    return c;
  };
  report.levels = {level("clinic", {0.604, 0.586, 0.622, 10}),
                   level("annex", {3e-4, -2e-4, 8e-4, 10}), level("spare", {0, 0, 0, 10})};
  const std::string table = staffing_table(report, "USD");
  EXPECT_NE(table.find("\nclinic       nurse            10.20 ±0.06   10.98"), std::string::npos)
      << table;
  EXPECT_NE(table.find("\nclinic       physician         0.22 ±0.00    0.22"), std::string::npos)
      << table;
  EXPECT_NE(table.find("\nclinic              10        10 beds             60.40 ±1.80 "),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("\nannex               10        10 beds              0.03 ±0.05 "),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("\nspare               10        10 beds                       0 "),
            std::string::npos)
      << table;
}

// One replication (no intervals): mean FTE in hundredths, not whole FTE (0.24 FTE was "0",
// which reads "none in any replication" beside a cost of USD 63,611); an unlimited level that no
// staff limit: nothing binds ("none", not its unit).
TEST(Tables, StaffingWithoutIntervalsKeepsHundredthsAndUnlimitedBindsNothing) {
  StaffingReport report;
  StaffingRow row;
  row.level = "detox";
  row.role = "physician";
  row.basis = "1 h/patient/wk";
  row.mean_fte = {0.2391, NAN, NAN, 1};
  row.p50 = row.p90 = row.p95 = 0.27;
  row.on_hand = NAN;
  row.cost_per_year = {63611, NAN, NAN, 1};
  report.rows = {row};
  LevelCost open;
  open.level = "outpatient";
  open.beds = kUnlimitedCapacity;
  open.effective.capacity = kUnlimitedCapacity;
  open.unit = "slots";
  open.binding = "none";
  open.days_at_capacity = {NAN, NAN, NAN, 1};
  report.levels = {open};
  const std::string table = staffing_table(report, "USD");
  EXPECT_NE(table.find("\ndetox        physician               0.24    0.27"), std::string::npos)
      << table;
  EXPECT_NE(table.find("\noutpatient   unlimited unlimited none "), std::string::npos) << table;
}

// The compliance table: each column in the decimals of its smallest half-width over the rows
// (1.0 percentage point -> 1 decimal; 0.1 -> 0.10, 2 decimals, also for the other row's 20.00),
// "0" for a share that is zero in every replication, "-" where undefined.
TEST(Tables, ComplianceColumnsShareTheirDecimals) {
  const Scenario s = two_levels();
  Summary summary = hand_made(s, {0.5, 0.4, 0.6, 4});
  summary.compliance.resize(2);
  summary.compliance[0] = {Estimate{0.9, 0.89, 0.91, 4}, Estimate{0, 0, 0, 4},
                           Estimate{0.95, 0.94, 0.96, 4}, Estimate{0.5, 0.3, 0.7, 4}};
  summary.compliance[1] = {Estimate{0.75, 0.65, 0.85, 4}, Estimate{}, Estimate{1, 1, 1, 4},
                           Estimate{0.1, 0.099, 0.101, 4}};
  const std::string table = summary_table(s, summary);
  const std::string expected =
      "\ncompliance (referrals in the window; N-day shares over referrals made more than N days "
      "before the end)\n"
      "level                        admitted 14d      interim 48h    admitted 120d      days >= "
      "90%\n"
      "clinic                         90.0 ±1.0%                0       95.0 ±1.0%    50.00 "
      "±20.00%\n"
      "outreach                      75.0 ±10.0%                -      100.0 ±0.0%     10.00 "
      "±0.10%\n";
  EXPECT_EQ(table.substr(table.find("\ncompliance")), expected);
}

}  // namespace
}  // namespace continuum
