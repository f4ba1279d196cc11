// The engine against queueing theory: Erlang C, B and A, a Jackson network with step-up loops
// and delayed relapse, and Little's law on the baseline. Each analytic value must lie inside a
// confidence interval computed from the run's own replications.
//
// The interval is the 99% Student-t interval, not the 95% one the outputs report: with about
// twenty analytic checks here, 95% intervals would miss about one check per run by design
// (any seed), whereas a bias of a few standard errors still fails at 99%.
#include <gtest/gtest.h>

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "continuum/config/load.hpp"
#include "continuum/network/queueing.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

using testing::run_summary;
using testing::source_path;

void expect_inside(const Estimate& e, double expected, const char* what) {
  ASSERT_FALSE(std::isnan(e.lo)) << what;
  const boost::math::students_t t(e.n - 1);
  const double se = (e.hi - e.mean) / t_quantile_975(e.n - 1);
  const double half99 = se * boost::math::quantile(boost::math::complement(t, 0.005));
  EXPECT_LE(e.mean - half99, expected)
      << what << ": mean " << e.mean << ", 99% ci half-width " << half99;
  EXPECT_GE(e.mean + half99, expected)
      << what << ": mean " << e.mean << ", 99% ci half-width " << half99;
}

TEST(Queueing, ErlangFormulasMatchTextbookValues) {
  EXPECT_NEAR(queueing::erlang_b(5, 4.0), 0.199067, 1e-6);
  EXPECT_NEAR(queueing::erlang_c(10, 8.0), 0.40918, 1e-5);
  EXPECT_NEAR(queueing::erlang_c(2, 1.0), 1.0 / 3.0, 1e-12);  // M/M/2, rho = 1/2
  // Erlang A with patience equal to service collapses to M/M/infinity: no one waits long.
  const auto a = queueing::erlang_a(5, 1, 1, 3);
  EXPECT_NEAR(a.mean_census + a.mean_queue, 5.0, 1e-9);  // Poisson(5) in system
  // Quantile of the M/M/c wait is consistent with its tail formula.
  const double q = queueing::mmc_wait_quantile(8, 1, 10, 0.9);
  EXPECT_NEAR(queueing::erlang_c(10, 8) * std::exp(-(10 - 8) * q), 0.1, 1e-12);
}

// M/M/c/(c + m) blocking against its birth-death chain solved directly, Erlang B at m = 0, and
// the limits: 1 - 1/rho for a long waitlist under overload, 1/(m + c + 1)-like at rho = 1.
TEST(Queueing, MmckBlockingMatchesItsBirthDeathChain) {
  auto direct = [](int c, int m, double a) {
    std::vector<double> p(static_cast<std::size_t>(c + m + 1));
    p[0] = 1;
    double total = 1;
    for (int n = 1; n <= c + m; ++n) {
      p[static_cast<std::size_t>(n)] = p[static_cast<std::size_t>(n - 1)] * a / std::min(n, c);
      total += p[static_cast<std::size_t>(n)];
    }
    return p.back() / total;
  };
  for (int c : {1, 3, 10})
    for (int m : {0, 1, 5, 40})
      for (double a : {0.5, 2.9, 3.0, 4.25, 12.0})
        EXPECT_NEAR(queueing::mmck_blocking(c, m, a), direct(c, m, a), 1e-12)
            << "c " << c << " m " << m << " a " << a;
  EXPECT_DOUBLE_EQ(queueing::mmck_blocking(3, 0, 4.25), queueing::erlang_b(3, 4.25));
  EXPECT_NEAR(queueing::mmck_blocking(3, 0, 4.25), 0.47254, 1e-5);
  EXPECT_NEAR(queueing::mmck_blocking(4, 1'000'000'000, 6.0), 1 - 4.0 / 6.0, 1e-12);
  EXPECT_NEAR(queueing::mmck_blocking(4, 1'000'000, 2.0), 0.0, 1e-300);
}

TEST(Theory, MmcMatchesErlangC) {
  const Scenario s = load_scenario(source_path("scenarios/validation/mmc.yaml"));
  const Summary sum = run_summary(s);
  const auto exact = queueing::mmc(8, 1, 10);
  expect_inside(sum.level_metric(0, LevelMetric::kMeanWaitlist), exact.mean_queue, "mean waitlist");
  expect_inside(sum.level_metric(0, LevelMetric::kMeanWaitDays), exact.mean_wait, "mean wait");
  expect_inside(sum.level_metric(0, LevelMetric::kMeanCensus), exact.mean_census, "mean census");
  expect_inside(sum.level_metric(0, LevelMetric::kAdmissionsPerDay), 8.0, "admissions per day");
  // p90 from the wait histogram (bins under 1.6% wide) against the exact quantile.
  const double p90 = queueing::mmc_wait_quantile(8, 1, 10, 0.9);
  EXPECT_NEAR(sum.level_metric(0, LevelMetric::kP90WaitDays).mean, p90, 0.03 * p90);
}

TEST(Theory, LossSystemMatchesErlangB) {
  const Scenario s = load_scenario(source_path("scenarios/validation/erlang_b.yaml"));
  const Summary sum = run_summary(s);
  expect_inside(sum.level_metric(0, LevelMetric::kTurnedAwayFraction), queueing::erlang_b(5, 4.0),
                "turned-away fraction");
  EXPECT_EQ(sum.level_metric(0, LevelMetric::kMeanWaitlist).mean, 0.0);
}

TEST(Theory, AbandonmentMatchesErlangA) {
  const Scenario s = load_scenario(source_path("scenarios/validation/erlang_a.yaml"));
  const Summary sum = run_summary(s);
  const auto exact = queueing::erlang_a(10, 1, 0.5, 10);
  expect_inside(sum.level_metric(0, LevelMetric::kAbandonmentFraction), exact.abandonment_fraction,
                "abandonment fraction");
  expect_inside(sum.level_metric(0, LevelMetric::kMeanWaitlist), exact.mean_queue, "mean waitlist");
  expect_inside(sum.level_metric(0, LevelMetric::kMeanCensus), exact.mean_census, "mean census");
}

// M/M/10+M where a third give up (3 referrals a day, stays of mean 5 days, patience of mean 14):
// the queue time over everyone who leaves the waitlist is Erlang A's mean_queue / lambda.
// With memoryless patience those who give up leave early: here the admitted-only wait is the
// longer one (docs/outputs.md quotes both examples).
TEST(Theory, QueueTimeOfEveryoneMatchesErlangA) {
  const Scenario s = load_scenario_text(
      "name: third\nhorizon_days: 2000\nwarmup_days: 100\nreplications: 60\nseed: 21\n"
      "arrivals:\n  - name: r\n    rate_per_day: 3\n    entry: {clinic: 1}\n"
      "levels:\n  clinic:\n    capacity: 10\n"
      "    length_of_stay: {distribution: exponential, mean: 5}\n"
      "    waitlist:\n      patience: {distribution: exponential, mean: 14}\n",
      "third.yaml");
  const Summary sum = run_summary(s);
  const auto exact = queueing::erlang_a(3, 0.2, 1.0 / 14, 10);
  EXPECT_NEAR(exact.abandonment_fraction, 0.334, 0.001);  // a third give up
  EXPECT_NEAR(exact.mean_queue_time, 4.68, 0.01);
  expect_inside(sum.level_metric(0, LevelMetric::kAbandonmentFraction), exact.abandonment_fraction,
                "abandonment fraction");
  const Estimate everyone = sum.level_metric(0, LevelMetric::kMeanQueueTimeDays);
  expect_inside(everyone, exact.mean_queue_time, "mean queue time");
  EXPECT_GT(sum.level_metric(0, LevelMetric::kMeanWaitDays).lo, everyone.hi);
}

// A fixed patience of 14 days ("gives up after two weeks") at 2 slots with stays of mean 10 days
// and 0.28 referrals a day: a third give up, each after exactly 14 days, while every admitted
// wait is shorter, so in every replication the admitted-only wait flatters the service.
TEST(Theory, AdmittedOnlyWaitFlattersWhenPatienceIsFixed) {
  const Scenario s = load_scenario_text(
      "name: fixed\nhorizon_days: 3000\nwarmup_days: 300\nreplications: 20\nseed: 3\n"
      "arrivals:\n  - name: r\n    rate_per_day: 0.28\n    entry: {clinic: 1}\n"
      "levels:\n  clinic:\n    capacity: 2\n"
      "    length_of_stay: {distribution: exponential, mean: 10}\n"
      "    waitlist:\n      patience: {distribution: fixed, value: 14}\n",
      "fixed.yaml");
  double abandoned = 0;
  for (std::uint32_t rep = 0; rep < 20; ++rep) {
    const ReplicationResult r = simulate(s, rep);
    const LevelResult& c = r.levels[0];
    ASSERT_GT(c.abandonments, 0);
    EXPECT_DOUBLE_EQ(c.abandon_wait_sum, 14.0 * static_cast<double>(c.abandonments));
    const auto m = level_metrics(r, 0, 2);
    EXPECT_LT(m[LevelMetric::kMeanWaitDays], 14.0);
    EXPECT_GT(m[LevelMetric::kMeanQueueTimeDays], m[LevelMetric::kMeanWaitDays]);
    abandoned += m[LevelMetric::kAbandonmentFraction] / 20;
  }
  EXPECT_NEAR(abandoned, 1.0 / 3, 0.02);
}

// Traffic equations of validation/jackson.yaml, solved here by hand-written fixed point
// iteration: lambda = external + lambda P + relapse re-entry.
std::array<double, 3> jackson_rates() {
  const double ext[3] = {2 * 0.7, 2 * 0.3, 0};
  const double P[3][3] = {{0, 0.6, 0}, {0.1, 0, 0.7}, {0, 0.1, 0}};
  const double exit_share[3] = {0.4, 0.2, 0.9};
  const double reentry[3] = {0.5, 0.5, 0};
  std::array<double, 3> lambda{0, 0, 0};
  for (int iteration = 0; iteration < 10000; ++iteration) {
    double exits = 0;
    for (int i = 0; i < 3; ++i)
      exits += lambda[i] * exit_share[i];
    std::array<double, 3> next{};
    for (int j = 0; j < 3; ++j) {
      next[j] = ext[j] + 0.3 * exits * reentry[j];
      for (int i = 0; i < 3; ++i)
        next[j] += lambda[i] * P[i][j];
    }
    lambda = next;
  }
  return lambda;
}

TEST(Theory, JacksonNetworkWithStepUpAndRelapse) {
  const Scenario s = load_scenario(source_path("scenarios/validation/jackson.yaml"));
  const Summary sum = run_summary(s);
  const auto lambda = jackson_rates();
  const double mean_stay[3] = {2, 1.5, 3};
  double exits = 0;
  for (std::size_t l = 0; l < 3; ++l) {
    const int c = s.levels[l].capacity;
    const auto exact = queueing::mmc(lambda[l], 1 / mean_stay[l], c);
    const std::string level = s.levels[l].name;
    expect_inside(sum.level_metric(l, LevelMetric::kAdmissionsPerDay), lambda[l],
                  (level + " admissions").c_str());
    expect_inside(sum.level_metric(l, LevelMetric::kMeanWaitDays), exact.mean_wait,
                  (level + " mean wait").c_str());
    expect_inside(sum.level_metric(l, LevelMetric::kMeanWaitlist), exact.mean_queue,
                  (level + " waitlist").c_str());
    exits += lambda[l] * (l == 0 ? 0.4 : l == 1 ? 0.2 : 0.9);
  }
  expect_inside(sum.system_metric(SystemMetric::kRelapsesPerDay), 0.3 * exits, "relapses per day");
}

TEST(Theory, LittlesLawHoldsOnTheBaseline) {
  Scenario s = load_scenario(source_path("scenarios/baseline.yaml"));
  s.replications = 20;
  const Summary sum = run_summary(s);
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    // L = lambda W for the slots: mean census = admissions per day x mean days in a slot.
    const double lambda = sum.level_metric(l, LevelMetric::kAdmissionsPerDay).mean;
    const double w = sum.level_metric(l, LevelMetric::kMeanDaysInCare).mean;
    const Estimate census = sum.level_metric(l, LevelMetric::kMeanCensus);
    EXPECT_NEAR(census.mean, lambda * w, 0.02 * census.mean) << s.levels[l].name;
  }
}

}  // namespace
}  // namespace continuum
