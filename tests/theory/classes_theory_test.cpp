// Patient classes against queueing theory: the non-preemptive priority M/M/c (Cobham's
// formula), one class given as `classes:` against Erlang C, and the traffic equations and
// Little's law per class on a two-level network of infinite servers with per-class stays and
// routes. Each analytic value must lie inside the run's 95% Student-t interval widened by a
// small tolerance (1% of the value): a bias of a few standard errors still fails.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "continuum/config/load.hpp"
#include "continuum/network/queueing.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

using testing::run_summary;

void expect_inside(const Estimate& e, double expected, const std::string& what,
                   double tolerance = 0.01) {
  ASSERT_FALSE(std::isnan(e.lo)) << what;
  const double half = e.hi - e.mean + tolerance * std::abs(expected);
  EXPECT_LE(std::abs(e.mean - expected), half)
      << what << ": mean " << e.mean << ", expected " << expected << ", 95% ci [" << e.lo << ", "
      << e.hi << "]";
}

// Non-preemptive priority M/M/c with equal service rates (Cobham 1954): the mean wait of the
// k-th priority class (1 = highest) is W_k = C(c, a) / (c mu (1 - sigma_{k-1})(1 - sigma_k)),
// sigma_k = sum over the classes of priority >= k's of lambda_j / (c mu).
//
// Here c = 3 slots, stays exponential with mean 2 days (mu = 1/2), referrals 1.2 a day
// (rho = 0.8, a = 2.4 erlangs), 30% urgent (priority 1, listed second so that class order does
// not favour it) and 70% routine: sigma_1 = 0.24, sigma_2 = 0.8. With C(3, 2.4) = 0.6472,
// W_urgent = 0.568 days and W_routine = 2.838 days; together (0.3 W_u + 0.7 W_r) they give the
// FIFO M/M/3 wait 2.157 (the conservation law: the order does not change the total work).
const std::string kPriorityMmc = R"(name: priority-mmc
horizon_days: 20000
warmup_days: 200
replications: 30
seed: 11
classes:
  routine: {}
  urgent: {priority: 1}
arrivals:
  - name: referrals
    rate_per_day: 1.2
    classes: {routine: 0.7, urgent: 0.3}
    entry: {clinic: 1}
levels:
  clinic:
    capacity: 3
    length_of_stay: {distribution: exponential, mean: 2}
)";

TEST(ClassesTheory, PriorityMmcMatchesCobham) {
  const Scenario s = load_scenario_text(kPriorityMmc, "priority_mmc.yaml");
  const Summary sum = run_summary(s);
  ASSERT_EQ(sum.classes.size(), 2u);
  const int c = 3;
  const double mu = 0.5, lambda = 1.2;
  const double lambda_urgent = 0.3 * lambda, lambda_routine = 0.7 * lambda;
  const double erlang_c = queueing::erlang_c(c, lambda / mu);
  EXPECT_NEAR(erlang_c, 0.647191, 1e-6);
  const double sigma1 = lambda_urgent / (c * mu);
  const double sigma2 = sigma1 + lambda_routine / (c * mu);
  const double w_urgent = erlang_c / (c * mu * (1 - 0) * (1 - sigma1));
  const double w_routine = erlang_c / (c * mu * (1 - sigma1) * (1 - sigma2));
  EXPECT_NEAR(w_urgent, 0.567711, 1e-6);
  EXPECT_NEAR(w_routine, 2.838557, 1e-6);
  const auto& routine = sum.classes[0].levels[0];
  const auto& urgent = sum.classes[1].levels[0];
  expect_inside(urgent[LevelMetric::kMeanWaitDays], w_urgent, "urgent mean wait");
  expect_inside(routine[LevelMetric::kMeanWaitDays], w_routine, "routine mean wait");
  // Little per class: mean waitlist = lambda_k W_k; admissions = lambda_k; census = lambda_k/mu.
  expect_inside(urgent[LevelMetric::kMeanWaitlist], lambda_urgent * w_urgent, "urgent waitlist");
  expect_inside(routine[LevelMetric::kMeanWaitlist], lambda_routine * w_routine,
                "routine waitlist");
  expect_inside(urgent[LevelMetric::kAdmissionsPerDay], lambda_urgent, "urgent admissions");
  expect_inside(routine[LevelMetric::kAdmissionsPerDay], lambda_routine, "routine admissions");
  expect_inside(urgent[LevelMetric::kMeanCensus], lambda_urgent / mu, "urgent census");
  expect_inside(routine[LevelMetric::kMeanCensus], lambda_routine / mu, "routine census");
  // The level as a whole is the FIFO M/M/3 (work conservation).
  const auto fifo = queueing::mmc(lambda, mu, c);
  EXPECT_NEAR(0.3 * w_urgent + 0.7 * w_routine, fifo.mean_wait, 1e-12);
  expect_inside(sum.level_metric(0, LevelMetric::kMeanWaitDays), fifo.mean_wait,
                "all classes mean wait");
  expect_inside(sum.level_metric(0, LevelMetric::kMeanWaitlist), fifo.mean_queue,
                "all classes waitlist");
}

// validation/mmc.yaml (M/M/10, 8 referrals a day, stays of mean 1) with its one class named.
const std::string kMmcBody = R"(horizon_days: 2000
warmup_days: 50
replications: 40
seed: 7
levels:
  clinic:
    capacity: 10
    length_of_stay: {distribution: exponential, mean: 1}
arrivals:
  - name: referrals
    rate_per_day: 8
    entry: {clinic: 1}
)";

TEST(ClassesTheory, OneClassIsPlainErlangC) {
  const Scenario one_class = load_scenario_text(
      "name: one-class\nclasses:\n  everyone: {}\n" + kMmcBody + "    classes: {everyone: 1}\n",
      "one_class.yaml");
  const Scenario plain = load_scenario_text("name: one-class\n" + kMmcBody, "plain.yaml");
  const Summary sum = run_summary(one_class);
  const Summary base = run_summary(plain);
  const auto exact = queueing::mmc(8, 1, 10);
  EXPECT_NEAR(exact.mean_wait, 0.2046, 1e-4);
  expect_inside(sum.level_metric(0, LevelMetric::kMeanWaitDays), exact.mean_wait, "mean wait");
  expect_inside(sum.level_metric(0, LevelMetric::kMeanWaitlist), exact.mean_queue, "mean waitlist");
  // One class runs as no class at all: the same draws, the same numbers, no class summary.
  EXPECT_TRUE(sum.classes.empty());
  for (LevelMetric m : all_metrics<LevelMetric>()) {
    const double a = sum.level_metric(0, m).mean, b = base.level_metric(0, m).mean;
    EXPECT_TRUE(a == b || (std::isnan(a) && std::isnan(b))) << metric_info(m).name;
  }
  EXPECT_EQ(sum.events, base.events);
}

// Two levels of infinite servers, referrals 2 a day into intake, 40% class a, 60% class b:
//   intake: stays exponential mean 3, next {step: 0.5, exit: 0.5};
//           class b: stays lognormal mean 5 (sd 2), next {step: 0.8, exit: 0.2};
//   step:   stays exponential mean 4; class a: stays fixed 6.
// Traffic equations per class: intake admits lambda_a = 0.8, lambda_b = 1.2 a day; step admits
// 0.8 x 0.5 = 0.4 of a and 1.2 x 0.8 = 0.96 of b. Little per class (M/G/infinity: census =
// admissions x mean stay): intake a 2.4, b 6; step a 0.4 x 6 = 2.4, b 0.96 x 4 = 3.84.
const std::string kTwoLevels = R"(name: class-jackson
horizon_days: 3000
warmup_days: 100
replications: 20
seed: 5
classes:
  a: {}
  b: {}
arrivals:
  - name: referrals
    rate_per_day: 2
    classes: {a: 0.4, b: 0.6}
    entry: {intake: 1}
levels:
  intake:
    capacity: unlimited
    length_of_stay: {distribution: exponential, mean: 3}
    next: {step: 0.5, exit: 0.5}
    by_class:
      b:
        length_of_stay: {distribution: lognormal, mean: 5, sd: 2}
        next: {step: 0.8, exit: 0.2}
  step:
    capacity: unlimited
    length_of_stay: {distribution: exponential, mean: 4}
    by_class:
      a: {length_of_stay: {distribution: fixed, value: 6}}
)";

TEST(ClassesTheory, PerClassRoutesAndStaysFollowTrafficEquationsAndLittle) {
  const Scenario s = load_scenario_text(kTwoLevels, "class_jackson.yaml");
  const Summary sum = run_summary(s);
  ASSERT_EQ(sum.classes.size(), 2u);
  const double lambda[2] = {0.8, 1.2};         // per class into intake
  const double to_step[2] = {0.5, 0.8};        // per class, intake -> step
  const double stay[2][2] = {{3, 6}, {5, 4}};  // [class][level]
  for (std::size_t k = 0; k < 2; ++k) {
    const ClassSummary& cs = sum.classes[k];
    const double rates[2] = {lambda[k], lambda[k] * to_step[k]};
    expect_inside(cs.system[SystemMetric::kArrivalsPerDay], lambda[k], cs.name + " arrivals");
    for (std::size_t l = 0; l < 2; ++l) {
      const std::string what = cs.name + " at " + s.levels[l].name;
      expect_inside(cs.levels[l][LevelMetric::kAdmissionsPerDay], rates[l], what + " admissions");
      expect_inside(cs.levels[l][LevelMetric::kMeanCensus], rates[l] * stay[k][l],
                    what + " census");
      expect_inside(cs.levels[l][LevelMetric::kMeanDaysInCare], stay[k][l], what + " stay");
      EXPECT_EQ(cs.levels[l][LevelMetric::kMeanWaitDays].mean, 0.0) << what;
    }
  }
  // The levels as a whole: the sums over the classes.
  expect_inside(sum.level_metric(1, LevelMetric::kAdmissionsPerDay), 0.4 + 0.96, "step admissions");
  expect_inside(sum.level_metric(1, LevelMetric::kMeanCensus), 2.4 + 3.84, "step census");
}

}  // namespace
}  // namespace continuum
