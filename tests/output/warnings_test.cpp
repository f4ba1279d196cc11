// A run's warnings: a waitlist growing without bound (exact message on synthetic series; the
// slope of an overloaded level against the theory; none for a stable one), a warm-up too short
// (MSER-5 on a known step; a ramp-up from empty with no warm-up), and "add replications".
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <regex>
#include <string>
#include <vector>

#include "continuum/config/load.hpp"
#include "continuum/experiment/runner.hpp"
#include "continuum/output/warnings.hpp"
#include "continuum/stats/daily_series_store.hpp"
#include "continuum/stats/statistics.hpp"

namespace continuum {
namespace {

Scenario one_level(double rate_per_day, int capacity, double stay_days, double warmup_days,
                   int replications = 5) {
  return load_scenario_text(
      "name: one\nhorizon_days: 730\nwarmup_days: " + std::to_string(warmup_days) +
          "\nreplications: " + std::to_string(replications) +
          "\nseed: 3\n"
          "arrivals:\n  - {name: referrals, rate_per_day: " +
          std::to_string(rate_per_day) +
          ", entry: {clinic: 1}}\n"
          "levels:\n  clinic:\n    capacity: " +
          std::to_string(capacity) + "\n    length_of_stay: {distribution: exponential, mean: " +
          std::to_string(stay_days) + "}\n",
      "one.yaml");
}

// Replications of one level whose daily waitlist rises linearly at `per_year[r]` patients a
// year over `days` days (census 0).
std::vector<ReplicationResult> linear_waitlists(const std::vector<double>& per_year,
                                                std::size_t days) {
  std::vector<ReplicationResult> out;
  for (double slope : per_year) {
    ReplicationResult r;
    r.window_days = static_cast<double>(days);
    r.levels.resize(1);
    r.daily_census.assign(days, 0.0F);
    double area = 0;
    for (std::size_t d = 0; d < days; ++d) {
      const double y = slope / 365 * static_cast<double>(d);
      r.daily_waitlist.push_back(static_cast<float>(y));
      area += y;
    }
    r.levels[0].waitlist_area = area;
    out.push_back(std::move(r));
  }
  return out;
}

const Warning* find_kind(const std::vector<Warning>& warnings, const std::string& kind) {
  for (const Warning& w : warnings)
    if (w.kind == kind) return &w;
  return nullptr;
}

double number(const Warning& w, const std::string& name) {
  for (const auto& [key, value] : w.numbers)
    if (key == name) return value;
  ADD_FAILURE() << "no number " << name;
  return NAN;
}

TEST(WaitlistGrowth, ExactMessageOnLinearSeries) {
  const Scenario s = one_level(1, 24, 10, 0);
  // Slopes 36.0, 37.2 and 38.4 a year: mean 37.2, sd 1.2, half-width t(0.975, 2) 1.2 / sqrt(3).
  const auto results = linear_waitlists({36.0, 37.2, 38.4}, 730);
  const Summary summary = summarize(s, results, 0);
  const auto warnings = waitlist_growth_warnings(s, results, summary);
  ASSERT_EQ(warnings.size(), 1u);
  const Warning& w = warnings[0];
  EXPECT_EQ(w.message,
            "levels.clinic: the waitlist grows without bound: +37.2 patients a year (95% CI 34.2 "
            "to 40.2) over the 2-year window");
  EXPECT_EQ(w.kind, "waitlist_growth");
  EXPECT_EQ(w.level, "clinic");
  EXPECT_EQ(w.metric, "");
  const double half = t_quantile_975(2) * 1.2 / std::sqrt(3.0);
  EXPECT_NEAR(number(w, "slope_per_year"), 37.2, 1e-3);
  EXPECT_NEAR(number(w, "slope_ci95_lo"), 37.2 - half, 1e-3);
  EXPECT_NEAR(number(w, "slope_ci95_hi"), 37.2 + half, 1e-3);
  EXPECT_EQ(number(w, "replications"), 3);
  EXPECT_EQ(number(w, "window_days"), 730);
  EXPECT_NEAR(number(w, "growth_over_window"), 74.4, 2e-3);
  // The mean waitlist of a line from 0 over two years is one year's growth.
  EXPECT_NEAR(number(w, "mean_waitlist"), 37.2 * 729.0 / 730, 1e-3);
  EXPECT_NEAR(number(w, "threshold"), 3.72 * 729.0 / 730, 1e-3);
}

TEST(WaitlistGrowth, ClearButImmaterialOrUnclearGrowthIsNoWarning) {
  const Scenario s = one_level(1, 24, 10, 0);
  // Interval above 0 (0.4 ± 0.25) but 0.8 patients over two years: under the 1-patient floor.
  auto results = linear_waitlists({0.3, 0.4, 0.5}, 730);
  EXPECT_TRUE(waitlist_growth_warnings(s, results, summarize(s, results, 0)).empty());
  // Material on average (20 a year) but the interval holds 0.
  results = linear_waitlists({-20.0, 10.0, 70.0}, 730);
  EXPECT_TRUE(waitlist_growth_warnings(s, results, summarize(s, results, 0)).empty());
  // One replication: no interval, no warning.
  results = linear_waitlists({50.0}, 730);
  EXPECT_TRUE(waitlist_growth_warnings(s, results, summarize(s, results, 0)).empty());
}

TEST(WaitlistGrowth, WindowNotInWholeYearsIsInDays) {
  const Scenario s = one_level(1, 24, 10, 0);
  const auto results = linear_waitlists({36.0, 37.2, 38.4}, 500);
  const auto warnings = waitlist_growth_warnings(s, results, summarize(s, results, 0));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].message.find("over the 500-day window"), std::string::npos)
      << warnings[0].message;
}

// 2 referrals a day against 10 slots of 10-day stays (1 discharge a day): the waitlist grows
// by 2 - 1 = 1 patient a day, 365 a year. Per replication the slope's sd is about 30 a year
// (Poisson arrivals and discharges over two years), so the mean of five is within 60 of 365.
TEST(WaitlistGrowth, OverloadedLevelGrowsAtArrivalsMinusCapacityOverStay) {
  const Scenario s = one_level(2, 10, 10, 30);
  const auto results = run_replications(s, {});
  const Summary summary = summarize(s, results, s.seed);
  const auto warnings = run_warnings(s, results, summary, nullptr);
  const Warning* w = find_kind(warnings, "waitlist_growth");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->level, "clinic");
  EXPECT_GT(number(*w, "slope_ci95_lo"), 0);
  EXPECT_NEAR(number(*w, "slope_per_year"), 365, 60);
  EXPECT_TRUE(std::regex_match(
      w->message, std::regex(R"(levels\.clinic: the waitlist grows without bound: \+[0-9]{3} )"
                             R"(patients a year \(95% CI [0-9]{3} to [0-9]{3}\) over the )"
                             R"(2-year window)")))
      << w->message;
  // No warm-up warning for it: no warm-up settles a waitlist that grows without bound.
  EXPECT_EQ(find_kind(warnings, "warmup"), nullptr);
}

TEST(WaitlistGrowth, StableLevelHasNoGrowthWarning) {
  const Scenario s = one_level(0.5, 10, 10, 30);  // 50% utilization
  const auto results = run_replications(s, {});
  const auto warnings = run_warnings(s, results, summarize(s, results, s.seed), nullptr);
  EXPECT_EQ(find_kind(warnings, "waitlist_growth"), nullptr);
}

TEST(WaitlistGrowth, NoDailySeriesNoGrowthOrWarmupWarning) {
  const Scenario s = one_level(2, 10, 10, 0);
  RunOptions options;
  options.record_daily = false;
  const auto results = run_replications(s, options);
  const auto warnings = run_warnings(s, results, summarize(s, results, s.seed), nullptr);
  EXPECT_EQ(find_kind(warnings, "waitlist_growth"), nullptr);
  EXPECT_EQ(find_kind(warnings, "warmup"), nullptr);
}

// A check that could not run is named, with its reason: without daily series the growth and
// warm-up checks; with 1 replication those and precision; with daily series and 5 replications
// of a 700-day stationary window, every check ran.
TEST(ChecksNotRun, NamedWithTheirReasons) {
  const Scenario s = one_level(2, 10, 10, 30);
  RunOptions options;
  options.record_daily = false;
  auto results = run_replications(s, options);
  auto not_run = checks_not_run(s, results, summarize(s, results, s.seed));
  EXPECT_EQ(checks_not_run_json(not_run).dump(),
            R"([{"check":"waitlist_growth","reason":"needs the daily series: run without )"
            R"(--no-daily"},{"check":"warmup","reason":"needs the daily series: run without )"
            R"(--no-daily"}])");
  EXPECT_EQ(warnings_text({}, not_run),
            "warnings: none from the checks that ran\n"
            "not checked: growing waitlists (needs the daily series: run without --no-daily)\n"
            "not checked: warm-up (needs the daily series: run without --no-daily)\n");

  options = {};
  options.replications = 1;
  results = run_replications(s, options);
  not_run = checks_not_run(s, results, summarize(s, results, s.seed));
  EXPECT_EQ(warnings_text({}, not_run),
            "warnings: none from the checks that ran\n"
            "not checked: growing waitlists (needs 2 or more replications)\n"
            "not checked: warm-up (needs 2 or more replications)\n"
            "not checked: precision (needs 2 or more replications)\n");

  // Neither: both said, so that following the advice makes the checks run.
  options.record_daily = false;
  results = run_replications(s, options);
  not_run = checks_not_run(s, results, summarize(s, results, s.seed));
  EXPECT_EQ(warnings_text({}, not_run),
            "warnings: none from the checks that ran\n"
            "not checked: growing waitlists (needs the daily series and 2 or more replications: "
            "run without --no-daily and with --replications 2 or more)\n"
            "not checked: warm-up (needs the daily series and 2 or more replications: run "
            "without --no-daily and with --replications 2 or more)\n"
            "not checked: precision (needs 2 or more replications)\n");

  results = run_replications(s, {});
  EXPECT_TRUE(checks_not_run(s, results, summarize(s, results, s.seed)).empty());
}

// Referrals that grow from day 0 leave the warm-up test no stationary days: not checked, said.
TEST(ChecksNotRun, GrowingReferralsLeaveTheWarmupUnchecked) {
  Scenario s = one_level(0.5, 10, 10, 30);
  s.arrivals[0].growth_per_year = 0.1;
  const auto results = run_replications(s, {});
  const auto not_run = checks_not_run(s, results, summarize(s, results, s.seed));
  ASSERT_EQ(not_run.size(), 1u);
  EXPECT_EQ(not_run[0].check, "warmup");
  EXPECT_EQ(not_run[0].reason,
            "needs 100 days before the window's first deliberate change (referral growth or "
            "seasons, a dated change, a schedule step, a late stream); this window has 0");
}

// Replications of one level whose daily census is `head[r]` for the first `head_days` days and
// `rest` after them, over `days` days (waitlist 0).
std::vector<ReplicationResult> census_steps(const std::vector<double>& head, double rest,
                                            std::size_t head_days, std::size_t days) {
  std::vector<ReplicationResult> out;
  for (double h : head) {
    ReplicationResult r;
    r.window_days = static_cast<double>(days);
    r.levels.resize(1);
    r.daily_waitlist.assign(days, 0.0F);
    for (std::size_t d = 0; d < days; ++d)
      r.daily_census.push_back(static_cast<float>(d < head_days ? h : rest));
    out.push_back(std::move(r));
  }
  return out;
}

TEST(Warmup, ExactMessageOnAStep) {
  const Scenario s = one_level(1, 24, 10, 0);
  // 49, 50 and 51 in care for 100 days, then 10: MSER-5 cuts exactly the step.
  auto results = census_steps({49, 50, 51}, 10, 100, 1000);
  auto warnings = warmup_warnings(s, results, summarize(s, results, 0));
  ASSERT_EQ(warnings.size(), 1u);
  const Warning& w = warnings[0];
  EXPECT_EQ(w.message,
            "levels.clinic: the warm-up is too short: MSER-5 finds the daily census settled only "
            "after day 100 of the 1,000-day window (10.0%); add 100 days to warmup_days (now 0)");
  EXPECT_EQ(number(w, "truncation_days"), 100);
  EXPECT_EQ(number(w, "census_truncation_days"), 100);
  EXPECT_EQ(number(w, "waitlist_truncation_days"), 0);
  EXPECT_NEAR(number(w, "head_minus_rest"), 40, 1e-9);
  EXPECT_NEAR(number(w, "rest_mean"), 10, 1e-9);
  EXPECT_EQ(number(w, "suggested_warmup_days"), 100);
  // A step of 50 days is exactly 5% of the window: not more than 5%, no warning.
  results = census_steps({49, 50, 51}, 10, 50, 1000);
  EXPECT_TRUE(warmup_warnings(s, results, summarize(s, results, 0)).empty());
  // A clear step of half a patient is not material (under max(1, 10% of 10)).
  results = census_steps({10.4, 10.5, 10.6}, 10, 100, 1000);
  EXPECT_TRUE(warmup_warnings(s, results, summarize(s, results, 0)).empty());
}

// Replications of one level whose daily census follows `phases` ({days, value} in turn) plus
// `r` tenths of a patient in replication r (waitlist 0).
std::vector<ReplicationResult> census_phases(
    const std::vector<std::pair<std::size_t, double>>& phases, int replications = 3) {
  std::vector<ReplicationResult> out;
  for (int r = 0; r < replications; ++r) {
    ReplicationResult res;
    res.levels.resize(1);
    for (const auto& [days, value] : phases)
      for (std::size_t d = 0; d < days; ++d)
        res.daily_census.push_back(static_cast<float>(value + 0.1 * r));
    res.window_days = static_cast<double>(res.daily_census.size());
    res.daily_waitlist.assign(res.daily_census.size(), 0.0F);
    out.push_back(std::move(res));
  }
  return out;
}

// A deliberate change (a dated change, a schedule step, a late stream, growth) moves the series
// on purpose: the warm-up test looks for a transient only before the first one.
TEST(Warmup, DeliberateChangesAreNotAWarmupProblem) {
  Scenario s = one_level(1, 24, 10, 0);
  // 10 in care for 300 days, then 40: without a change in the scenario, MSER-5 cuts the 300 days.
  auto results = census_phases({{300, 10}, {700, 40}});
  auto warnings = warmup_warnings(s, results, summarize(s, results, 0));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(number(warnings[0], "truncation_days"), 300);
  // With a dated change at day 300 (capacity, say), the 300 days before it are flat: nothing.
  s.changes.push_back(ChangeSpec{300, {}, {}});
  EXPECT_TRUE(warmup_warnings(s, results, summarize(s, results, 0)).empty());
  // The same with a schedule that steps at day 300 instead.
  s.changes.clear();
  s.arrivals[0].schedule = {{-10, 300, 1, {}}, {300, 1000, 2, {}}};
  EXPECT_TRUE(warmup_warnings(s, results, summarize(s, results, 0)).empty());
  // A step of the same rate is no change: the cut is found again.
  s.arrivals[0].schedule[1].rate_per_day = 1;
  EXPECT_EQ(warmup_warnings(s, results, summarize(s, results, 0)).size(), 1u);
  s.arrivals[0].schedule.clear();
  // A real transient before the first change is still found, and the message says where it
  // looked: 50 for 100 days, 10 until the change at day 500, then 40.
  s.changes.push_back(ChangeSpec{500, {}, {}});
  results = census_phases({{100, 50}, {400, 10}, {500, 40}});
  warnings = warmup_warnings(s, results, summarize(s, results, 0));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].message,
            "levels.clinic: the warm-up is too short: MSER-5 finds the daily census settled only "
            "after day 100 of the 1,000-day window (10.0%), tested on the 500 days before the "
            "first change; add 100 days to warmup_days (now 0)");
  EXPECT_EQ(number(warnings[0], "tested_days"), 500);
  // Referrals that grow from day 0: no stationary stretch to test.
  s.changes.clear();
  s.arrivals[0].growth_per_year = 0.1;
  EXPECT_TRUE(warmup_warnings(s, results, summarize(s, results, 0)).empty());
}

// A run from the program's state as it stands (initial_state, no warm-up) is a forecast from
// today: the settling is reported as what the window's means include, not as a short warm-up.
TEST(Warmup, StartFromTodaySaysTheMeansIncludeTheWayThere) {
  Scenario s = one_level(1, 24, 10, 0);
  InitialState today;
  today.in_care = 24;
  today.waiting = 5;
  s.levels[0].initial_state = today;
  const auto results = census_steps({49, 50, 51}, 10, 100, 1000);
  const auto warnings = warmup_warnings(s, results, summarize(s, results, 0));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].message,
            "levels.clinic: starts from today's state (initial_state, no warm-up): MSER-5 finds "
            "the daily census settled only after day 100 of the 1,000-day window (10.0%), and "
            "the window's means include the way there; for the settled level alone, add 100 "
            "days to warmup_days or report a window from day 100");
}

// 2 referrals a day to 100 slots of 30-day stays, starting empty: the census climbs as
// 60 (1 - e^(-t/30)), so with no warm-up the first ~100 days are a transient (MSER-5 cuts
// where the bias falls under the noise); a year of warm-up leaves nothing to cut (MSER-5 may
// still cut a slow fluctuation of the census, but not one that differs from the rest by 10%).
TEST(Warmup, RampFromEmptyWithoutWarmupIsFlagged) {
  Scenario s = one_level(2, 100, 30, 0, 10);
  auto results = run_replications(s, {});
  auto warnings = run_warnings(s, results, summarize(s, results, s.seed), nullptr);
  const Warning* w = find_kind(warnings, "warmup");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->level, "clinic");
  EXPECT_GE(number(*w, "census_truncation_days"), 40);
  EXPECT_LE(number(*w, "census_truncation_days"), 200);
  EXPECT_TRUE(std::regex_match(
      w->message, std::regex(R"(levels\.clinic: the warm-up is too short: MSER-5 finds the )"
                             R"(daily census settled only after day [0-9]+ of the 2-year )"
                             R"(window \([0-9.]+%\); add [0-9]+ days to warmup_days \(now 0\))")))
      << w->message;

  s = one_level(2, 100, 30, 365, 10);
  results = run_replications(s, {});
  warnings = run_warnings(s, results, summarize(s, results, s.seed), nullptr);
  EXPECT_EQ(find_kind(warnings, "warmup"), nullptr);
}

// The warnings read from a DailySeriesStore (run: the series leave the results as each
// replication finishes; budget 0 spills them to a temporary file) are the warnings read from the
// results' own series, number for number, on a ramp from empty (a warm-up warning) and an
// overloaded level (a growth warning); put in reverse order.
TEST(Warmup, SameWarningsFromTheSpilledStore) {
  for (const Scenario& s : {one_level(2, 100, 30, 0, 6), one_level(3, 8, 5, 0, 6)}) {
    std::vector<ReplicationResult> results = run_replications(s, {});
    const Summary summary = summarize(s, results, s.seed);
    const auto expected = run_warnings(s, results, summary, nullptr);
    ASSERT_FALSE(expected.empty());
    DailySeriesStore store(results.size(), 0);
    for (std::size_t r = results.size(); r-- > 0;)
      store.put(r, results[r]);
    ASSERT_TRUE(store.spilled());
    ASSERT_TRUE(results[0].daily_census.empty());
    const Summary from_store = summarize(s, results, s.seed, &store);
    const auto got = run_warnings(s, results, from_store, nullptr, &store);
    ASSERT_EQ(got.size(), expected.size());
    for (std::size_t k = 0; k < got.size(); ++k) {
      EXPECT_EQ(got[k].message, expected[k].message);
      ASSERT_EQ(got[k].numbers.size(), expected[k].numbers.size());
      for (std::size_t i = 0; i < got[k].numbers.size(); ++i)
        EXPECT_EQ(std::bit_cast<std::uint64_t>(got[k].numbers[i].second),
                  std::bit_cast<std::uint64_t>(expected[k].numbers[i].second))
            << got[k].numbers[i].first;
    }
  }
}

TEST(Precision, AddReplicationsExactMessageAndThreshold) {
  const Scenario s = one_level(1, 24, 10, 0);
  Summary summary;
  summary.replications = 10;
  summary.levels.resize(1);
  summary.levels[0][LevelMetric::kMeanWaitDays] = {10, 8, 12, 10};  // 20% of the mean
  summary.levels[0][LevelMetric::kP90WaitDays] = {10, 9, 11, 10};   // exactly 10%: fine
  // 160% of a mean of 0.005 patients, but a half-width of 0.008 patients is under the
  // resolution of 0.1 patient: precise enough.
  summary.levels[0][LevelMetric::kMeanWaitlist] = {0.005, -0.003, 0.013, 10};
  const auto warnings = precision_warnings(s, summary, nullptr);
  ASSERT_EQ(warnings.size(), 1u);
  const Warning& w = warnings[0];
  EXPECT_EQ(w.message,
            "levels.clinic.mean_wait_days: add replications: the 95% half-width (2.00) is 20.0% "
            "of the mean (10.0); about 40 replications would bring it to 10%");
  EXPECT_EQ(w.kind, "precision");
  EXPECT_EQ(w.level, "clinic");
  EXPECT_EQ(w.metric, "mean_wait_days");
  EXPECT_EQ(number(w, "replications_needed"), 40);
  EXPECT_DOUBLE_EQ(number(w, "relative_half_width"), 0.2);
}

TEST(WarningsJson, SchemaWithNulls) {
  const std::vector<Warning> warnings = {{"precision",
                                          "",
                                          "lost_to_care_per_day",
                                          "system.lost_to_care_per_day: ...",
                                          {{"mean", 0.5}, {"replications_needed", NAN}}}};
  EXPECT_EQ(warnings_json(warnings).dump(),
            R"([{"kind":"precision","level":null,"metric":"lost_to_care_per_day",)"
            R"("message":"system.lost_to_care_per_day: ...","numbers":{"mean":0.5,)"
            R"("replications_needed":null}}])");
  EXPECT_EQ(warnings_json({}).dump(), "[]");
  EXPECT_EQ(warnings_text({}), "warnings: none\n");
  EXPECT_EQ(warnings_text(warnings), "warnings (1):\n  system.lost_to_care_per_day: ...\n");
}

}  // namespace
}  // namespace continuum
