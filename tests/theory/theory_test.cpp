// The engine against queueing theory: Erlang C, B and A, a Jackson network with step-up loops
// and delayed relapse, and Little's law on the baseline. Each analytic value must lie inside a
// confidence interval computed from the run's own replications.
//
// The interval is the 99% Student-t interval, not the 95% one the outputs report: with about
// twenty analytic checks here, 95% intervals would miss about one check per run by design
// (any seed), whereas a bias of a few standard errors still fails at 99%.
#include <gtest/gtest.h>

#include <boost/math/distributions/students_t.hpp>

#include <array>
#include <cmath>

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
