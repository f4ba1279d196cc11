// Changes over time (capacity, referral rate, start day, growth, seasonality), starting from
// today's census (initial_state), and routing abandoners elsewhere (on_abandon).
#include <gtest/gtest.h>

#include <cmath>

#include "continuum/config/load.hpp"
#include "continuum/engine/engine.hpp"
#include "continuum/engine/initial_state.hpp"
#include "continuum/network/queueing.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

ReplicationResult run_text(const std::string& text, std::uint32_t replication = 0) {
  return simulate(load_scenario_text(text, "changes.yaml"), replication);
}

// One level "unit" fed every 0.1 day; stays of 1000 days, so nobody leaves in the window.
std::string filling(const std::string& capacity, const std::string& changes) {
  return "name: fill\nhorizon_days: 20\nwarmup_days: 0\nreplications: 1\n"
         "arrivals:\n  - name: a\n    interarrival: {distribution: fixed, value: 0.1}\n"
         "    entry: {unit: 1}\n"
         "levels:\n  unit:\n    capacity: " +
         capacity + "\n    length_of_stay: {distribution: fixed, value: 1000}\n" + changes;
}

TEST(Changes, CapacityRiseAdmitsFromTheWaitlistAtOnce) {
  const auto r =
      run_text(filling("2", "changes:\n  - {day: 10, set: {levels.unit.capacity: 5}}\n"));
  EXPECT_EQ(r.levels[0].admissions, 5);
  EXPECT_FLOAT_EQ(r.daily_census[9], 2.0f);
  EXPECT_FLOAT_EQ(r.daily_census[10], 5.0f);  // the change applies at the start of day 10
  // Utilization against the time-averaged capacity: (2 x 10 + 5 x 10 - 0.1 - 0.2) / 70
  // (the first two referrals arrive at 0.1 and 0.2).
  const auto m = level_metrics(r, 0, 2);
  EXPECT_NEAR(m[LevelMetric::kUtilization], (70.0 - 0.3) / 70.0, 1e-9);
}

TEST(Changes, CapacityCutNeverEvicts) {
  const auto r =
      run_text(filling("5", "changes:\n  - {day: 10, set: {levels.unit.capacity: 2}}\n"));
  EXPECT_EQ(r.levels[0].admissions, 5);
  EXPECT_EQ(r.levels[0].in_care_at_end, 5);  // still 5 in care: the cut waits for discharges
  EXPECT_FLOAT_EQ(r.daily_census[15], 5.0f);
}

TEST(Changes, RateChangeAndStartDay) {
  // Poisson referrals at 1 a day, then 3 a day from day 50; a second stream opens on day 80
  // at 2 a day. Expected referrals over 100 days: 50 + 150 + 40 = 240.
  Scenario s = load_scenario_text(
      "name: rate\nhorizon_days: 100\nwarmup_days: 0\nreplications: 200\nseed: 5\n"
      "arrivals:\n  - name: a\n    rate_per_day: 1\n    entry: {unit: 1}\n"
      "  - name: b\n    rate_per_day: 2\n    start_day: 80\n    entry: {unit: 1}\n"
      "levels:\n  unit:\n    capacity: unlimited\n"
      "    length_of_stay: {distribution: fixed, value: 0.01}\n"
      "changes:\n  - {day: 50, set: {arrivals.a.rate_per_day: 3}}\n",
      "rate.yaml");
  const Summary sum = testing::run_summary(s, true);
  const Estimate arrivals = sum.system_metric(SystemMetric::kArrivalsPerDay);
  EXPECT_NEAR(arrivals.mean * 100, 240, 3 * (arrivals.hi - arrivals.lo) / 2 * 100 / 1.96);
  // Nobody from stream b before day 80; stream a alone gives ~1 a day before day 50.
  const auto r = simulate(s, 0);
  double before_80 = 0;
  for (int d = 0; d < 80; ++d)
    before_80 += r.daily_census[static_cast<std::size_t>(d)];
  EXPECT_LT(before_80 * 100, 50 + 90 + 40);  // census-days x 100 = referrals (stays 0.01 d)
}

TEST(Changes, RateChangeBeforeTheStartDayKeepsTheStartDay) {
  // The stream opens on day 50; its rate is changed to 4 a day on day 10, before it opens.
  // Expected referrals: 4 x 50 = 200 over days 50-100, none before.
  Scenario s = load_scenario_text(
      "name: late\nhorizon_days: 100\nwarmup_days: 0\nreplications: 100\nseed: 8\n"
      "arrivals:\n  - name: a\n    rate_per_day: 1\n    start_day: 50\n    entry: {unit: 1}\n"
      "levels:\n  unit:\n    capacity: unlimited\n"
      "    length_of_stay: {distribution: fixed, value: 0.01}\n"
      "changes:\n  - {day: 10, set: {arrivals.a.rate_per_day: 4}}\n",
      "late.yaml");
  const auto r = simulate(s, 0);
  for (int d = 0; d < 50; ++d)
    ASSERT_EQ(r.daily_census[static_cast<std::size_t>(d)], 0.0f) << d;
  const Estimate e = testing::run_summary(s).system_metric(SystemMetric::kArrivalsPerDay);
  EXPECT_NEAR(e.mean * 100, 200, 3 * (e.hi - e.lo) / 2 * 100 / 1.98);
}

TEST(Changes, GrowthPerYearFollowsTheIntegratedRate) {
  // Rate 2 a day doubling every year: expected referrals in a year = 2 x 365 / ln 2 = 1053.2.
  Scenario s = load_scenario_text(
      "name: growth\nhorizon_days: 365\nwarmup_days: 0\nreplications: 100\nseed: 9\n"
      "arrivals:\n  - name: a\n    rate_per_day: 2\n    growth_per_year: 1.0\n    entry: {u: 1}\n"
      "levels:\n  u:\n    capacity: unlimited\n"
      "    length_of_stay: {distribution: fixed, value: 0.01}\n",
      "growth.yaml");
  const Estimate e = testing::run_summary(s).system_metric(SystemMetric::kArrivalsPerDay);
  const double expected = 2 * 365 / std::log(2.0) / 365;
  EXPECT_LT(std::abs(e.mean - expected), (e.hi - e.lo)) << e.mean << " vs " << expected;
  EXPECT_GT(e.mean, 2 * 1.3);  // and clearly above the starting rate
}

TEST(Changes, MonthlyFactorsConcentrateReferrals) {
  // All referrals in January (factor 12) and none the rest of the year.
  Scenario s = load_scenario_text(
      "name: season\nhorizon_days: 365\nwarmup_days: 0\nreplications: 20\nseed: 3\n"
      "arrivals:\n  - name: a\n    rate_per_day: 1\n"
      "    monthly_factors: [12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]\n    entry: {u: 1}\n"
      "levels:\n  u:\n    capacity: unlimited\n"
      "    length_of_stay: {distribution: fixed, value: 0.01}\n",
      "season.yaml");
  const auto r = simulate(s, 0);
  for (int d = 31; d < 365; ++d)
    ASSERT_EQ(r.daily_census[static_cast<std::size_t>(d)], 0.0f) << d;
  const Estimate e = testing::run_summary(s).system_metric(SystemMetric::kArrivalsPerDay);
  EXPECT_LT(std::abs(e.mean * 365 - 12 * 365.0 / 12), 3 * (e.hi - e.lo) / 2 * 365 / 2.1);
}

TEST(InitialState, StayInProgressHasTheEquilibriumResidual) {
  // Mean residual of a renewal process: E[X^2] / (2 E[X]).
  auto mean_residual = [](const DistributionSpec& spec) {
    Rng rng(77);
    double sum = 0;
    const int n = 100000;
    for (int i = 0; i < n; ++i)
      sum += stay_in_progress(spec, rng).remaining;
    return sum / n;
  };
  auto expected = [](const DistributionSpec& spec) {
    const double m = mean_of(spec), v = variance_of(spec);
    return (v + m * m) / (2 * m);
  };
  for (const DistributionSpec& spec :
       {DistributionSpec{Exponential{10}}, DistributionSpec{Fixed{10}},
        DistributionSpec{Lognormal{30, 25}}, DistributionSpec{Gamma{14, 6}},
        DistributionSpec{Weibull{1.5, 20}}, DistributionSpec{Uniform{2, 8}},
        DistributionSpec{Triangular{1, 3, 10}}, DistributionSpec{Empirical{{7, 28}, {1, 1}}}})
    EXPECT_NEAR(mean_residual(spec), expected(spec), 0.02 * expected(spec)) << describe(spec);
}

TEST(InitialState, StationaryStartGivesFlatDailyMeansFromDayZero) {
  // M/M/5 with 4 referrals a day and stays of mean 1: start each group of replications from
  // n patients present and weight the groups by the stationary probability of n. The mixture
  // is stationary, so the daily means are flat at E[census] = 4 and E[waiting] = Lq from day 0.
  const int c = 5;
  const double lambda = 4;
  std::vector<double> pi;
  double total = 0;
  for (int n = 0; n < 60; ++n) {
    double p = 1;
    for (int k = 1; k <= n; ++k)
      p *= lambda / std::min(k, c);
    pi.push_back(p);
    total += p;
  }
  const std::size_t days = 20;
  std::vector<double> census(days, 0), waiting(days, 0), empty_start(days, 0);
  for (int n = 0; n < 60; ++n) {
    if (pi[n] / total < 1e-5) continue;
    const std::string text =
        "name: start\nhorizon_days: 20\nwarmup_days: 0\nreplications: 60\nseed: " +
        std::to_string(100 + n) +
        "\narrivals:\n  - name: a\n    rate_per_day: 4\n    entry: {u: 1}\n"
        "levels:\n  u:\n    capacity: 5\n    length_of_stay: {distribution: exponential, mean: 1}\n"
        "    initial_state: {in_care: " +
        std::to_string(std::min(n, c)) + ", waiting: " + std::to_string(std::max(n - c, 0)) + "}\n";
    const Summary sum = testing::run_summary(load_scenario_text(text, "start.yaml"), true);
    for (std::size_t d = 0; d < days; ++d) {
      census[d] += pi[n] / total * sum.daily_census[d].mean;
      waiting[d] += pi[n] / total * sum.daily_waitlist[d].mean;
      if (n == 0) empty_start[d] = sum.daily_census[d].mean;
    }
  }
  const double lq = queueing::mmc(lambda, 1, c).mean_queue;
  for (std::size_t d : {0u, 1u, 2u, 5u, 19u}) {
    EXPECT_NEAR(census[d], 4.0, 0.15) << "day " << d;
    EXPECT_NEAR(waiting[d], lq, 0.3) << "day " << d;
  }
  EXPECT_LT(empty_start[0], 3.0);  // from empty, day 0 is far below the stationary mean
}

TEST(InitialState, GivenElapsedTimesAndWaits) {
  // Two in care with fixed stays of 10 who have stayed 4 and 9 days: they leave on days 6 and 1.
  // Three waiting with fixed patience 5 who have waited 1, 3 and 4 days: the first is admitted
  // on day 1 (the longest waiter, 4 days), the others abandon on days 2 and 4.
  const auto r = run_text(
      "name: today\nhorizon_days: 10\nwarmup_days: 0\nreplications: 1\n"
      "arrivals:\n  - name: a\n    rate_per_day: 0.0001\n    start_day: 9999\n    entry: {u: 1}\n"
      "levels:\n  u:\n    capacity: 2\n    length_of_stay: {distribution: fixed, value: 10}\n"
      "    waitlist: {patience: {distribution: fixed, value: 5}}\n"
      "    initial_state: {in_care: 2, waiting: 3, days_in_care: [4, 9], days_waited: [1, 3, "
      "4]}\n");
  const LevelResult& c = r.levels[0];
  EXPECT_EQ(c.admissions, 1);
  EXPECT_DOUBLE_EQ(c.wait_sum, 5.0);  // waited 4 days before day 0, admitted on day 1
  EXPECT_EQ(c.abandonments, 2);
  EXPECT_EQ(c.completions, 2);
  EXPECT_EQ(c.in_care_at_end, 1);
}

TEST(OnAbandon, AbandonersAreReferredOnward) {
  // The PatienceExpires trace (6 abandon the first level), with abandoners bridged to "bridge".
  const auto r = run_text(
      "name: bridge\nhorizon_days: 10\nwarmup_days: 0\nreplications: 1\n"
      "arrivals:\n  - name: a\n    interarrival: {distribution: fixed, value: 1}\n"
      "    entry: {detox: 1}\n"
      "levels:\n  detox:\n    capacity: 1\n    length_of_stay: {distribution: fixed, value: 10}\n"
      "    waitlist:\n      patience: {distribution: fixed, value: 2.5}\n"
      "      on_abandon: {bridge: 1}\n"
      "  bridge:\n    capacity: unlimited\n    length_of_stay: {distribution: fixed, value: "
      "100}\n");
  EXPECT_EQ(r.levels[0].abandonments, 6);
  EXPECT_EQ(r.levels[1].admissions, 6);
  EXPECT_EQ(r.system.lost_to_care, 0);
}

}  // namespace
}  // namespace continuum
