// The network seen per patient class and per level's own relapse: traffic equations solved by
// hand for two classes with their own routing, stays and relapse layers (and a level whose
// relapse has its own re-entry map), checked against the engine; structural checks per class.
#include <gtest/gtest.h>

#include <string>

#include "continuum/config/load.hpp"
#include "continuum/model/class_view.hpp"
#include "continuum/network/capacity_analysis.hpp"
#include "continuum/network/checks.hpp"
#include "continuum/network/traffic.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

// Classes a (share 0.6) and b (0.4) referred at 5 a day into A; unlimited capacity.
//   A: stay 2 (b: 4); next {B: .5, exit: .5} (b: {B: 1}).
//   B: stay 3; next {exit: 1}; its relapse re-enters B (a level layer: beats every class layer).
//   relapse: probability .2, re-entry {A: 1}; class b: probability .5.
// Class a (3 a day): A's leavers relapse .2 back to A: x_A = 3 / (1 - .5 x .2) = 10/3;
//   x_B = .5 x_A + .2 x_B, so x_B = (5/3) / .8 = 25/12; relapses .1 x_A + .2 x_B = 3/4.
// Class b (2 a day): A sends everyone to B (no relapse from A): x_A = 2; x_B = 2 + .5 x_B = 4;
//   relapses 2.
// Totals: A 16/3 a day, B 73/12, relapses 11/4; A's offered load 10/3 x 2 + 2 x 4 = 44/3 slots.
constexpr const char* kTwoClasses = R"(name: class-traffic
horizon_days: 3000
warmup_days: 500
replications: 12
seed: 11
classes:
  a: {}
  b: {}
arrivals:
  - name: s
    rate_per_day: 5
    classes: {a: 0.6, b: 0.4}
    entry: {A: 1}
levels:
  A:
    capacity: unlimited
    length_of_stay: {distribution: exponential, mean: 2}
    next: {B: 0.5, exit: 0.5}
    by_class:
      b:
        length_of_stay: {distribution: exponential, mean: 4}
        next: {B: 1}
  B:
    capacity: unlimited
    length_of_stay: {distribution: exponential, mean: 3}
    next: {exit: 1}
    relapse: {reentry: {B: 1}}
relapse:
  probability: 0.2
  time_to_relapse: {distribution: exponential, mean: 20}
  reentry: {A: 1}
  by_class:
    b: {probability: 0.5}
)";

TEST(ClassTraffic, EachClassHasItsOwnTrafficAndTheTotalsAddUp) {
  const Scenario s = load_scenario_text(kTwoClasses, "classes.yaml");
  const CapacityAnalysis a = analyze_capacity(Network(s));
  ASSERT_EQ(a.levels.size(), 2u);
  EXPECT_NEAR(a.levels[0].admissions_per_day, 16.0 / 3, 1e-12);
  EXPECT_NEAR(a.levels[1].admissions_per_day, 73.0 / 12, 1e-12);
  EXPECT_NEAR(a.relapses_per_day, 11.0 / 4, 1e-12);
  EXPECT_NEAR(a.levels[0].offered_load, 44.0 / 3, 1e-12);
  EXPECT_NEAR(a.levels[0].mean_stay_days, (44.0 / 3) / (16.0 / 3), 1e-12);
  EXPECT_NEAR(a.levels[1].offered_load, 73.0 / 12 * 3, 1e-12);

  // Class b alone, through its view: x_A = 2, x_B = 4.
  const Scenario b = class_view(s, 1);
  const std::optional<TrafficSolution> tb = solve_traffic(Network(b));
  ASSERT_TRUE(tb);
  EXPECT_NEAR(tb->admissions_per_day[0], 2.0, 1e-12);
  EXPECT_NEAR(tb->admissions_per_day[1], 4.0, 1e-12);
  EXPECT_NEAR(tb->relapses_per_day, 2.0, 1e-12);
}

TEST(ClassTraffic, TheEngineAgrees) {
  const Scenario s = load_scenario_text(kTwoClasses, "classes.yaml");
  const CapacityAnalysis a = analyze_capacity(Network(s));
  const Summary sim = testing::run_summary(s);
  for (std::size_t l = 0; l < 2; ++l) {
    const Estimate& e = sim.level_metric(l, LevelMetric::kAdmissionsPerDay);
    EXPECT_NEAR(a.levels[l].admissions_per_day, e.mean, 1.7 * (e.hi - e.lo) / 2 + 1e-9)
        << s.levels[l].name;
    EXPECT_LT((e.hi - e.lo) / 2, 0.02 * e.mean);
  }
  const Estimate& r = sim.system_metric(SystemMetric::kRelapsesPerDay);
  EXPECT_NEAR(a.relapses_per_day, r.mean, 1.7 * (r.hi - r.lo) / 2);
}

TEST(ClassTraffic, ALevelsOwnRelapseCountsWithoutClasses) {
  // One class: A -> exit, relapse .5 back to A, but A's own relapse is .2 with re-entry into B.
  // x_A = 4; relapses .2 x 4 = .8, all into B: x_B = .8 (B's leavers relapse .5 to A? No: B has
  // the global block, .5 into A): x_B = .8, relapses from B .4 into A, so x_A = 4 + .4 = 4.4,
  // relapses from A .88 into B: x_B = .88 + ... solve: x_A = 4 + .5 x_B, x_B = .2 x_A:
  // x_A = 4 / .9 = 40/9, x_B = 8/9, relapses .2 x_A + .5 x_B = 8/9 + 4/9 = 4/3.
  const std::string text =
      "name: level-relapse\nhorizon_days: 100\nwarmup_days: 0\nreplications: 1\nseed: 1\n"
      "arrivals:\n  - name: s\n    rate_per_day: 4\n    entry: {A: 1}\n"
      "levels:\n  A:\n    capacity: unlimited\n"
      "    length_of_stay: {distribution: fixed, value: 1}\n"
      "    relapse: {probability: 0.2, reentry: {B: 1}}\n"
      "  B:\n    capacity: unlimited\n    length_of_stay: {distribution: fixed, value: 1}\n"
      "relapse:\n  probability: 0.5\n  time_to_relapse: {distribution: fixed, value: 5}\n"
      "  reentry: {A: 1}\n";
  const Scenario s = load_scenario_text(text, "level.yaml");
  const Network network(s);
  EXPECT_EQ(network.name(network.community_of(0)), "community (after A)");
  EXPECT_EQ(network.community_of(1), network.community());
  const std::optional<TrafficSolution> t = solve_traffic(network);
  ASSERT_TRUE(t);
  EXPECT_NEAR(t->admissions_per_day[0], 40.0 / 9, 1e-12);
  EXPECT_NEAR(t->admissions_per_day[1], 8.0 / 9, 1e-12);
  EXPECT_NEAR(t->relapses_per_day, 4.0 / 3, 1e-12);
  EXPECT_TRUE(check_network(network).empty());
}

TEST(ClassChecks, ALevelOnlyOneClassEntersIsReachable) {
  const std::string text =
      "name: entry-by-class\nhorizon_days: 100\nwarmup_days: 0\nreplications: 1\nseed: 1\n"
      "classes:\n  adult: {}\n  teen: {}\n"
      "arrivals:\n  - name: s\n    rate_per_day: 1\n    classes: {adult: 0.9, teen: 0.1}\n"
      "    entry: {A: 1}\n    entry_by_class: {teen: {T: 1}}\n"
      "levels:\n  A:\n    capacity: 5\n    length_of_stay: {distribution: fixed, value: 1}\n"
      "  T:\n    capacity: 5\n    length_of_stay: {distribution: fixed, value: 1}\n"
      "  U:\n    capacity: 5\n    length_of_stay: {distribution: fixed, value: 1}\n";
  const Scenario s = load_scenario_text(text, "entry.yaml");
  const std::vector<Diagnostic> found = check_network(Network(s));
  ASSERT_EQ(found.size(), 1u);  // U only: nobody reaches it; T is the teens' entry
  EXPECT_EQ(found[0].message,
            "levels.U: no arrival stream can reach level 'U' (no entry, next, re-entry or "
            "on_abandon route leads to it)");
}

TEST(ClassChecks, AClosedLoopOfOneClassNamesIt) {
  const std::string text =
      "name: loop-by-class\nhorizon_days: 100\nwarmup_days: 0\nreplications: 1\nseed: 1\n"
      "classes:\n  adult: {}\n  teen: {}\n"
      "arrivals:\n  - name: s\n    rate_per_day: 1\n    classes: {adult: 0.5, teen: 0.5}\n"
      "    entry: {A: 1}\n"
      "levels:\n  A:\n    capacity: 5\n    length_of_stay: {distribution: fixed, value: 1}\n"
      "    next: {B: 1}\n"
      "  B:\n    capacity: 5\n    length_of_stay: {distribution: fixed, value: 1}\n"
      "    next: {exit: 1}\n    by_class:\n      teen: {next: {A: 1}}\n";
  const Scenario s = load_scenario_text(text, "loop.yaml");
  const std::vector<Diagnostic> found = check_network(Network(s));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Diagnostic::Severity::kError);
  EXPECT_EQ(found[0].message,
            "levels.A: closed loop: patients who reach A and B never leave care (no route out "
            "of the loop leads to exit) (patients of class teen)");
}

}  // namespace
}  // namespace continuum
