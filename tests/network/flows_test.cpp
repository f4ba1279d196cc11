// Route flows from the traffic equations (flows.hpp) and the levels' care order (care_order.hpp).
#include "continuum/network/flows.hpp"

#include <gtest/gtest.h>

#include <numeric>

#include "continuum/network/capacity_analysis.hpp"
#include "continuum/network/care_order.hpp"
#include "continuum/network/traffic.hpp"
#include "network_scenarios.hpp"

namespace continuum {
namespace {

using testing::source_path;

// kLoops by hand: each flow is its source's admissions times the route's share.
TEST(Flows, EachRouteIsItsSourcesRateTimesItsShare) {
  const Scenario s = load_scenario_text(testing::kLoops, "loops.yaml");
  const Network network(s);
  const auto traffic = solve_traffic(network);
  const auto flows = network_flows(network);
  ASSERT_TRUE(traffic && flows);
  const std::vector<double>& lambda = traffic->admissions_per_day;
  EXPECT_EQ(flows->admissions, lambda);
  EXPECT_DOUBLE_EQ(flows->entries.at({0, 0}), 3 * 0.6);
  EXPECT_DOUBLE_EQ(flows->entries.at({0, 2}), 3 * 0.4);
  EXPECT_DOUBLE_EQ(flows->moves.at({0, 1}), lambda[0] * 0.8 * 0.5);   // detox -> residential
  EXPECT_DOUBLE_EQ(flows->moves.at({1, 0}), lambda[1] * 0.85 * 0.1);  // the step-up
  EXPECT_DOUBLE_EQ(flows->moves.at({2, 2}), lambda[2] * 0.7 * 0.05);  // iop's self-loop
  EXPECT_EQ(flows->moves.size(), 6u);
  // Leaving detox: completers to exit (relapsing or not) and every dropout.
  EXPECT_DOUBLE_EQ(flows->leaving[0], lambda[0] * (0.8 * 0.3 + 0.2));
  EXPECT_DOUBLE_EQ(flows->relapsing[0], lambda[0] * (0.8 * 0.3 * 0.3 + 0.2 * 0.5));
  const double relapses = std::accumulate(flows->relapsing.begin(), flows->relapsing.end(), 0.0);
  EXPECT_NEAR(relapses, traffic->relapses_per_day, 1e-12);
  EXPECT_NEAR(flows->reentries[0], 0.7 * relapses, 1e-12);
  EXPECT_NEAR(flows->reentries[1], 0.3 * relapses, 1e-12);
  EXPECT_EQ(flows->reentries[2], 0.0);
  // In steady state everyone referred leaves for good: 3 a day.
  const double leave = std::accumulate(flows->leaving.begin(), flows->leaving.end(), 0.0);
  EXPECT_NEAR(leave - relapses, 3.0, 1e-9);
}

// With classes the flows are each class's, summed, as `analyze` sums admissions.
TEST(Flows, ClassesAreSummedAsAnalyzeSumsThem) {
  const Scenario s = load_scenario(source_path("scenarios/baseline.yaml"));
  const Network network(s);
  const auto flows = network_flows(network);
  ASSERT_TRUE(flows);
  const CapacityAnalysis analysis = analyze_capacity(network);
  for (std::size_t l = 0; l < s.levels.size(); ++l)
    EXPECT_NEAR(flows->admissions[l], analysis.levels[l].admissions_per_day, 1e-12) << l;
  EXPECT_NEAR(flows->relapses_per_day, analysis.relapses_per_day, 1e-12);
  EXPECT_NEAR(flows->admissions[0], 2.13, 0.005);  // detox, docs/network.md
}

TEST(Flows, NoneForAClosedLoop) {
  const Scenario s = load_scenario(source_path("scenarios/invalid/network_closed_loop.yaml"));
  EXPECT_FALSE(network_flows(Network(s)));
}

TEST(CareOrder, BaselineRunsDetoxToAftercare) {
  const Scenario s = load_scenario(source_path("scenarios/baseline.yaml"));
  const auto flows = network_flows(Network(s));
  ASSERT_TRUE(flows);
  const CareOrder order = care_order(s.levels.size(), flows->moves);
  // detox, residential, php, iop, outpatient, aftercare: the scenario's file order, here
  // also the order of the least flow running backward.
  EXPECT_EQ(order.order, (std::vector<std::size_t>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(order.layer, (std::vector<int>{0, 1, 2, 3, 4, 5}));
  EXPECT_TRUE(order.backward(4, 0));   // outpatient -> detox
  EXPECT_TRUE(order.backward(2, 1));   // php -> residential
  EXPECT_FALSE(order.backward(1, 2));  // residential -> php
}

// The order follows the flows, not the file: levels listed last-first come out first-last; the
// step-up (C -> A) runs backward; D, entered only from A, shares B's column.
TEST(CareOrder, FlowsNotFileOrderAndLongestPathColumns) {
  // Levels in file order: 0 = C, 1 = B, 2 = A, 3 = D. Flows A->B 2, B->C 1.5, C->A 0.3, A->D 1.
  const std::map<std::pair<std::size_t, std::size_t>, double> w{
      {{2, 1}, 2.0}, {{1, 0}, 1.5}, {{0, 2}, 0.3}, {{2, 3}, 1.0}};
  const CareOrder order = care_order(4, w);
  EXPECT_EQ(order.order, (std::vector<std::size_t>{2, 1, 0, 3}));
  EXPECT_EQ(order.layer, (std::vector<int>{2, 1, 0, 1}));  // C, B, A, D
  EXPECT_TRUE(order.backward(0, 2));
  EXPECT_FALSE(order.backward(2, 3));
  // When C -> A carries more, the cheapest cut is B -> C: C comes first (D, unrouted, last).
  const CareOrder reversed = care_order(4, {{{2, 1}, 2.0}, {{1, 0}, 1.5}, {{0, 2}, 9.0}});
  EXPECT_EQ(reversed.order, (std::vector<std::size_t>{0, 2, 1, 3}));
  // No routes at all: file order, one column.
  const CareOrder none = care_order(3, {});
  EXPECT_EQ(none.order, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(none.layer, (std::vector<int>{0, 0, 0}));
}

}  // namespace
}  // namespace continuum
