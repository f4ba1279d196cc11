// Traffic equations and rough-cut capacity: hand-solved flow balance, Erlang C, and both against
// simulation.
#include "continuum/network/traffic.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "continuum/network/capacity_analysis.hpp"
#include "continuum/network/queueing.hpp"
#include "network_scenarios.hpp"

namespace continuum {
namespace {

using testing::kLoops;
using testing::kOverloaded;
using testing::run_summary;
using testing::source_path;

// The prediction lies in the replications' interval, widened from 95% to about 99.9% (x1.7) so
// that a dozen comparisons per test do not fail by chance; the interval must also be narrow
// (`max_relative` of the value) for the comparison to mean anything.
void expect_agrees(double predicted, const Estimate& e, double max_relative,
                   const std::string& what) {
  const double half = (e.hi - e.lo) / 2;
  EXPECT_LT(half, max_relative * std::abs(e.mean)) << what << ": interval too wide to test";
  EXPECT_NEAR(predicted, e.mean, 1.7 * half)
      << what << ": predicted " << predicted << ", simulated " << e.mean << " [" << e.lo << ", "
      << e.hi << "]";
}

// Each level's admissions per day from the traffic equations against the simulated ones (within
// 2% for the interval's half-width).
void expect_admissions_agree(const TrafficSolution& t, const Summary& sim, const Scenario& s) {
  for (std::size_t l = 0; l < s.levels.size(); ++l)
    expect_agrees(t.admissions_per_day[l], sim.level_metric(l, LevelMetric::kAdmissionsPerDay),
                  0.02, s.levels[l].name + " admissions/day");
}

// Hand-solved: lambda_d = 3 + 0.1 * 0.85 r ... written out as the linear system below.
TEST(Traffic, EquationsSolveTheFlowBalance) {
  const Scenario s = load_scenario_text(kLoops, "loops.yaml");
  const auto t = solve_traffic(Network(s));
  ASSERT_TRUE(t);
  const double d = t->admissions_per_day[0], r = t->admissions_per_day[1],
               i = t->admissions_per_day[2];
  const double relapses = t->relapses_per_day;
  // Each equation of the engine's semantics, checked on the solution.
  EXPECT_NEAR(d, 3 * 0.6 + r * 0.85 * 0.1 + 0.7 * relapses, 1e-9);
  EXPECT_NEAR(r, d * 0.8 * 0.5 + i * 0.7 * 0.1 + 0.3 * relapses, 1e-9);
  EXPECT_NEAR(i, 3 * 0.4 + d * 0.8 * 0.2 + r * 0.85 * 0.6 + i * 0.7 * 0.05, 1e-9);
  EXPECT_NEAR(relapses,
              d * (0.2 * 0.5 + 0.8 * 0.3 * 0.3) + r * (0.15 * 0.5 + 0.85 * 0.3 * 0.3) +
                  i * (0.3 * 0.5 + 0.7 * 0.85 * 0.3),
              1e-9);
  EXPECT_GT(relapses, 0.5);
}

TEST(Traffic, EquationsAgreeWithSimulationOnLoopsWithDropoutAndRelapse) {
  const Scenario s = load_scenario_text(kLoops, "loops.yaml");
  const auto t = solve_traffic(Network(s));
  ASSERT_TRUE(t);
  const Summary sim = run_summary(s);
  expect_admissions_agree(*t, sim, s);
  expect_agrees(t->relapses_per_day, sim.system_metric(SystemMetric::kRelapsesPerDay), 0.03,
                "relapses/day");
  // Utilization: offered load over capacity.
  const CapacityAnalysis a = analyze_capacity(Network(s));
  for (std::size_t l = 0; l < s.levels.size(); ++l)
    expect_agrees(*a.levels[l].utilization, sim.level_metric(l, LevelMetric::kUtilization), 0.03,
                  s.levels[l].name + " utilization");
}

// Holding a slot while waiting for the next level delays patients but loses none: admissions
// still follow the traffic equations (utilization does not: it includes the holds).
TEST(Traffic, EquationsAgreeWithSimulationWithHolds) {
  const Scenario s = load_scenario_text(R"(
name: holds
horizon_days: 3000
warmup_days: 300
replications: 30
seed: 11
arrivals:
  - name: referrals
    rate_per_day: 2
    entry: {detox: 0.8, residential: 0.2}
levels:
  detox:
    capacity: 12
    length_of_stay: {distribution: gamma, mean: 4, sd: 2}
    next: {residential: 0.6, exit: 0.4}
    hold_while_waiting: true
  residential:
    capacity: 30
    length_of_stay: {distribution: lognormal, mean: 20, sd: 12}
    dropout: {probability: 0.25, time: {distribution: uniform, min: 1, max: 10}}
    next: {detox: 0.05, exit: 0.95}
relapse:
  probability: 0.2
  time_to_relapse: {distribution: lognormal, mean: 90, sd: 60}
  reentry: {detox: 1}
)",
                                        "holds.yaml");
  const auto t = solve_traffic(Network(s));
  ASSERT_TRUE(t);
  const Summary sim = run_summary(s);
  expect_admissions_agree(*t, sim, s);
  expect_agrees(t->relapses_per_day, sim.system_metric(SystemMetric::kRelapsesPerDay), 0.04,
                "relapses/day");
}

// On an open Jackson network (exponential stays, Poisson referrals, Markov routing, relapse as
// an infinite-server delay) each level is exactly M/M/c at its traffic-equation rate.
TEST(CapacityAnalysis, ErlangCAgreesWithSimulationOnAJacksonNetwork) {
  Scenario s = load_scenario(source_path("scenarios/validation/jackson.yaml"));
  s.replications = 60;
  const CapacityAnalysis a = analyze_capacity(Network(s));
  EXPECT_TRUE(a.warnings.empty());
  const Summary sim = run_summary(s);
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    const std::string& name = s.levels[l].name;
    expect_agrees(a.levels[l].admissions_per_day,
                  sim.level_metric(l, LevelMetric::kAdmissionsPerDay), 0.02,
                  name + " admissions/day");
    expect_agrees(*a.levels[l].utilization, sim.level_metric(l, LevelMetric::kUtilization), 0.02,
                  name + " utilization");
    ASSERT_TRUE(a.levels[l].erlang_c_mean_wait_days) << name;
    expect_agrees(*a.levels[l].erlang_c_mean_wait_days,
                  sim.level_metric(l, LevelMetric::kMeanWaitDays), 0.08, name + " mean wait");
  }
  expect_agrees(a.relapses_per_day, sim.system_metric(SystemMetric::kRelapsesPerDay), 0.03,
                "relapses/day");
}

TEST(CapacityAnalysis, OverloadedLevelWarnsAndHasNoErlangCWait) {
  const Scenario s = load_scenario_text(kOverloaded, "overloaded.yaml");
  const Network network(s);
  const CapacityAnalysis a = analyze_capacity(network);
  // 2 a day x (0.8 x 25 + 0.2 x 5) = 42 slots.
  EXPECT_DOUBLE_EQ(a.levels[0].offered_load, 42.0);
  EXPECT_DOUBLE_EQ(*a.levels[0].utilization, 42.0 / 40);
  EXPECT_FALSE(a.levels[0].erlang_c_mean_wait_days);
  ASSERT_EQ(a.warnings.size(), 1u);
  EXPECT_EQ(a.warnings[0].format(),
            "overloaded.yaml:9:3: warning: the waitlist at residential grows without bound unless "
            "patients abandon it (offered load 42.0 slots, capacity 40)");
}

// A bounded waitlist cannot grow without bound: an overloaded loss level says what share
// M/M/c/K turns away (Erlang B with max_length 0), and a loss level below its load has no wait.
TEST(CapacityAnalysis, BoundedWaitlistsTurnAwayInsteadOfGrowing) {
  auto yaml = [](double rate, int max_length) {
    return fmt::format(
        "name: loss\nhorizon_days: 100\narrivals:\n  - name: ref\n    rate_per_day: {}\n"
        "    entry: {{crisis: 1}}\nlevels:\n  crisis:\n    capacity: 3\n"
        "    length_of_stay: {{distribution: exponential, mean: 1.7}}\n"
        "    waitlist: {{max_length: {}}}\n",
        rate, max_length);
  };
  const Scenario loss = load_scenario_text(yaml(2.5, 0), "loss.yaml");
  CapacityAnalysis a = analyze_capacity(Network(loss));
  ASSERT_EQ(a.warnings.size(), 1u);
  EXPECT_EQ(a.warnings[0].format(),
            "loss.yaml:8:3: warning: crisis is overloaded (offered load 4.2 slots, capacity 3): "
            "with no waitlist (max_length 0), about 47% of its referrals would be turned away");
  const Scenario short_list = load_scenario_text(yaml(2.5, 5), "loss.yaml");
  a = analyze_capacity(Network(short_list));
  ASSERT_EQ(a.warnings.size(), 1u);
  EXPECT_EQ(a.warnings[0].format(),
            "loss.yaml:8:3: warning: crisis is overloaded (offered load 4.2 slots, capacity 3): "
            "with at most 5 waiting, about 31% of its referrals would be turned away");
  const Scenario light = load_scenario_text(yaml(1.0, 0), "loss.yaml");
  a = analyze_capacity(Network(light));
  EXPECT_TRUE(a.warnings.empty());
  ASSERT_TRUE(a.levels[0].erlang_c_mean_wait_days);
  EXPECT_EQ(*a.levels[0].erlang_c_mean_wait_days, 0.0);
}

TEST(CapacityAnalysis, ErlangCWaitIsTheMmcFormula) {
  const Scenario s = load_scenario(source_path("scenarios/validation/mmc.yaml"));
  const CapacityAnalysis a = analyze_capacity(Network(s));
  const LevelSpec& clinic = s.levels[0];
  const double lambda = s.arrivals[0].rate_per_day, mean = mean_of(clinic.length_of_stay);
  EXPECT_DOUBLE_EQ(*a.levels[0].erlang_c_mean_wait_days,
                   queueing::mmc(lambda, 1 / mean, clinic.capacity).mean_wait);
}

}  // namespace
}  // namespace continuum
