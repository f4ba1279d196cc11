// Referral streams: piecewise-constant schedules (exact non-homogeneous Poisson sampling) and
// start_day (day 0 of the window, after warm-up), and growth and seasonality (thinning month by
// month: independent of the horizon).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "continuum/config/load.hpp"
#include "continuum/engine/engine.hpp"
#include "continuum/model/setting_path.hpp"
#include "continuum/stats/statistics.hpp"
#include "continuum/stats/trace.hpp"
#include "engine_trace.hpp"

namespace continuum {
namespace {

// The days (since the end of warm-up) of every external referral of one replication.
std::vector<double> referral_days(const Scenario& s, std::uint32_t replication) {
  return testing::times_of(testing::run_traced(s, replication, {.record_daily = false}).trace,
                           TraceEvent::kArrival);
}

// Warm-up of 30 days at 5 a day, then 10 days at 2 a day, 10 days closed, 20 days at 6 a day.
constexpr const char* kScheduled =
    "name: sched\nhorizon_days: 40\nwarmup_days: 30\nreplications: 1\nseed: 3\n"
    "arrivals:\n  - name: gp\n    schedule:\n"
    "      - {from_day: -30, to_day: 0, rate_per_day: 5}\n"
    "      - {from_day: 0, to_day: 10, rate_per_day: 2}\n"
    "      - {from_day: 10, to_day: 20, rate_per_day: 0}\n"
    "      - {from_day: 20, to_day: 45, rate_per_day: 6}\n"
    "    entry: {unit: 1}\n"
    "levels:\n  unit:\n    capacity: unlimited\n"
    "    length_of_stay: {distribution: fixed, value: 0.5}\n";

TEST(Schedule, CountsPerPieceMatchTheirPoissonMeans) {
  const Scenario s = load_scenario_text(kScheduled, "sched.yaml");
  // Pieces (window days) and their expected counts: 150, 20, 0, 120.
  const std::vector<std::pair<double, double>> pieces = {{-30, 0}, {0, 10}, {10, 20}, {20, 40}};
  const std::vector<double> expected = {150, 20, 0, 120};
  constexpr int kReplications = 400;
  std::vector<std::vector<double>> counts(pieces.size());
  for (std::uint32_t rep = 0; rep < kReplications; ++rep) {
    std::vector<double> n(pieces.size(), 0);
    for (double t : referral_days(s, rep))
      for (std::size_t k = 0; k < pieces.size(); ++k)
        if (t >= pieces[k].first && t < pieces[k].second) ++n[k];
    for (std::size_t k = 0; k < pieces.size(); ++k)
      counts[k].push_back(n[k]);
  }
  for (std::size_t k = 0; k < pieces.size(); ++k) {
    const Estimate e = estimate(counts[k]);
    if (expected[k] == 0) {
      EXPECT_EQ(e.mean, 0.0) << "piece " << k;
      continue;
    }
    EXPECT_LE(e.lo, expected[k]) << "piece " << k;
    EXPECT_GE(e.hi, expected[k]) << "piece " << k;
    // A Poisson count: its variance equals its mean (within 20% over 400 replications).
    double ss = 0;
    for (double c : counts[k])
      ss += (c - e.mean) * (c - e.mean);
    EXPECT_NEAR(ss / (kReplications - 1) / expected[k], 1.0, 0.2) << "piece " << k;
  }
}

TEST(Schedule, NoReferralInAZeroRatePiece) {
  const Scenario s = load_scenario_text(kScheduled, "sched.yaml");
  for (std::uint32_t rep = 0; rep < 50; ++rep) {
    const std::vector<double> days = referral_days(s, rep);
    ASSERT_FALSE(days.empty());
    for (double t : days)
      EXPECT_FALSE(t >= 10 && t < 20) << "replication " << rep << " referral on day " << t;
    EXPECT_LT(days.back(), 40.0);
  }
}

TEST(Schedule, MeanRateOverTheWindowIsTheStreamsRate) {
  const Scenario s = load_scenario_text(kScheduled, "sched.yaml");
  // (2 x 10 + 0 x 10 + 6 x 20) / 40 = 3.5 a day: what the capacity analysis and the docs show.
  EXPECT_DOUBLE_EQ(s.arrivals[0].rate_per_day, 3.5);
  ASSERT_EQ(s.arrivals[0].schedule.size(), 4u);
  EXPECT_EQ(s.arrivals[0].schedule[3].to_day, 45);
}

TEST(Schedule, RateChangeOfAScheduledStreamIsRefused) {
  const std::string text =
      std::string(kScheduled) + "changes:\n  - {day: 5, set: {arrivals.gp.rate_per_day: 1}}\n";
  try {
    load_scenario_text(text, "sched.yaml");
    FAIL() << "expected an error";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()),
              "sched.yaml:19:20: error: changes[0].set.arrivals.gp.rate_per_day: the stream 'gp' "
              "has a schedule; give the new rate as a piece of its schedule");
  }
}

// start_day: 0 is day 0 of the window (the end of warm-up), as documented; without start_day
// referrals begin with the warm-up.
std::string started(const std::string& start) {
  return "name: start\nhorizon_days: 30\nwarmup_days: 50\nreplications: 1\nseed: 9\n"
         "arrivals:\n  - name: a\n    rate_per_day: 4\n" +
         start +
         "    entry: {unit: 1}\n"
         "levels:\n  unit:\n    capacity: unlimited\n"
         "    length_of_stay: {distribution: fixed, value: 0.5}\n";
}

TEST(StartDay, ZeroMeansTheEndOfWarmup) {
  const auto r = simulate(load_scenario_text(started("    start_day: 0\n"), "s.yaml"), 0);
  EXPECT_GT(r.system.arrivals, 0);
  // Every referral of the run (warm-up included) falls in the window: none during warm-up.
  EXPECT_EQ(r.balance.referred, r.system.arrivals);
  EXPECT_EQ(r.levels[0].referrals, r.system.arrivals);
}

TEST(StartDay, AbsentMeansTheStartOfWarmup) {
  const auto r = simulate(load_scenario_text(started(""), "s.yaml"), 0);
  // About 200 referrals in the 50 days of warm-up, before the window's.
  EXPECT_GT(r.balance.referred - r.system.arrivals, 100);
}

TEST(StartDay, PositiveCountsFromTheEndOfWarmup) {
  const Scenario s = load_scenario_text(started("    start_day: 10\n"), "s.yaml");
  for (double t : referral_days(s, 0))
    EXPECT_GE(t, 10.0);
}

// 3 a day growing 50% a year, with seasonality (none in September), after 20 days of warm-up;
// `extra` adds top-level keys.
std::string growing(int horizon_days, const std::string& extra) {
  return "name: grow\nhorizon_days: " + std::to_string(horizon_days) +
         "\nwarmup_days: 20\nreplications: 1\nseed: 11\n" + extra +
         "arrivals:\n  - name: a\n    rate_per_day: 3\n    growth_per_year: 0.5\n"
         "    monthly_factors: [1.5, 1, 0.5, 1, 1, 1, 1, 1, 0, 1, 1, 2]\n    entry: {unit: 1}\n"
         "levels:\n  unit:\n    capacity: unlimited\n"
         "    length_of_stay: {distribution: fixed, value: 0.5}\n";
}

TEST(Growth, ReferralsUpToADayDoNotDependOnTheHorizon) {
  // The referrals of a run with horizon 100 are exactly the first ones of the same scenario
  // with horizon 400 (review F4: thinning at the peak over the horizon moved every one), in
  // continuous time and in day-boundary mode.
  for (const std::string mode : {"", "time_step_days: 1\n"}) {
    const auto short_run = referral_days(load_scenario_text(growing(100, mode), "g.yaml"), 0);
    auto long_run = referral_days(load_scenario_text(growing(400, mode), "g.yaml"), 0);
    std::erase_if(long_run, [](double t) { return t >= 100; });
    EXPECT_GT(short_run.size(), 300u) << mode;
    EXPECT_EQ(short_run, long_run) << mode;
  }
}

TEST(Growth, ReferralsInAYearMatchTheIntegratedRate) {
  // Over days [0, 365) of a two-year run: the integral of 3 x 1.5^(t / 365) x factor(t), month
  // by month, and none in September (factor 0).
  const std::vector<double> factors = {1.5, 1, 0.5, 1, 1, 1, 1, 1, 0, 1, 1, 2};
  double expected = 0;
  for (std::size_t m = 0; m < 12; ++m)
    expected += 3 * factors[m] * 365 / std::log(1.5) *
                (std::pow(1.5, static_cast<double>(m + 1) / 12) -
                 std::pow(1.5, static_cast<double>(m) / 12));
  const Scenario s = load_scenario_text(growing(730, ""), "g.yaml");
  std::vector<double> counts;
  for (std::uint32_t rep = 0; rep < 200; ++rep) {
    double n = 0;
    for (double t : referral_days(s, rep)) {
      if (t < 0 || t >= 365) continue;
      ++n;
      EXPECT_FALSE(t >= 8 * 365.0 / 12 && t < 9 * 365.0 / 12) << t;
    }
    counts.push_back(n);
  }
  const Estimate e = estimate(counts);
  EXPECT_LE(e.lo, expected) << e.mean;
  EXPECT_GE(e.hi, expected) << e.mean;
  EXPECT_LT(e.hi - e.lo, 0.02 * expected);  // a tight interval: a real check
}

}  // namespace
}  // namespace continuum
