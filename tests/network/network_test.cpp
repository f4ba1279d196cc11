// The care network graph: vertices, edges and their shares, and the engine's routing tables.
#include "continuum/network/network.hpp"

#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "continuum/network/checks.hpp"
#include "continuum/network/traffic.hpp"
#include "network_scenarios.hpp"

namespace continuum {
namespace {

using testing::formatted;
using testing::kLoops;
using testing::shipped_scenarios;

TEST(Network, VerticesAndEdgesWithSharesThatSumToOne) {
  const Scenario s = load_scenario_text(kLoops, "loops.yaml");
  const Network network(s);
  const NetworkGraph& g = network.graph();
  ASSERT_EQ(boost::num_vertices(g), 3u + 1u + 2u);  // levels, one stream, community, left care
  EXPECT_EQ(network.name(network.level(2)), "iop");
  EXPECT_EQ(network.name(network.arrival(0)), "referrals");
  EXPECT_EQ(network.name(network.community()), "community");
  EXPECT_EQ(network.name(network.left_care()), "left care");
  // Each level's out-shares (abandonment aside) sum to 1; so do the stream's and the community's.
  for (NetworkVertex v = 0; v < boost::num_vertices(g); ++v) {
    if (v == network.left_care()) continue;
    double total = 0;
    for (auto [e, end] = boost::out_edges(v, g); e != end; ++e)
      total += g[*e].share;
    EXPECT_NEAR(total, 1.0, 1e-12) << network.name(v);
  }
  // detox: completers (0.8) split by `next`; the 0.3 who exit relapse with 0.3; dropouts (0.2)
  // relapse with 0.5.
  std::vector<std::tuple<RouteKind, std::string, double, double>> detox;
  for (auto [e, end] = boost::out_edges(network.level(0), g); e != end; ++e)
    detox.emplace_back(g[*e].kind, network.name(boost::target(*e, g)), g[*e].probability,
                       g[*e].share);
  const std::vector<std::tuple<RouteKind, std::string, double, double>> expected = {
      {RouteKind::kNext, "residential", 0.5, 0.8 * 0.5},
      {RouteKind::kNext, "iop", 0.2, 0.8 * 0.2},
      {RouteKind::kNext, "left care", 0.3, 0.8 * 0.3 * 0.7},
      {RouteKind::kDropout, "left care", 0.2, 0.2 * 0.5},
      {RouteKind::kRelapse, "community", 0.3, 0.8 * 0.3 * 0.3},
      {RouteKind::kRelapse, "community", 0.5, 0.2 * 0.5}};
  ASSERT_EQ(detox.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(std::get<0>(detox[i]), std::get<0>(expected[i])) << i;
    EXPECT_EQ(std::get<1>(detox[i]), std::get<1>(expected[i])) << i;
    EXPECT_DOUBLE_EQ(std::get<2>(detox[i]), std::get<2>(expected[i])) << i;
    EXPECT_NEAR(std::get<3>(detox[i]), std::get<3>(expected[i]), 1e-15) << i;
  }
}

// The engine's routing tables are read from the graph: the same targets, order and probabilities
// (bit for bit) as the scenario, so results stay byte-identical.
TEST(Network, RoutingTablesReproduceTheScenarioRoutes) {
  for (const auto& file : shipped_scenarios()) {
    const Scenario s = load_scenario(file);
    const RoutingTables t = routing_tables(Network(s));
    auto same = [&](const std::vector<Route>& got, const std::vector<Route>& want,
                    const std::string& what) {
      ASSERT_EQ(got.size(), want.size()) << file << " " << what;
      for (std::size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].target, want[i].target) << file << " " << what;
        EXPECT_EQ(got[i].probability, want[i].probability) << file << " " << what;
      }
    };
    ASSERT_EQ(t.next.size(), s.levels.size());
    for (std::size_t l = 0; l < s.levels.size(); ++l)
      same(t.next[l], s.levels[l].next, s.levels[l].name);
    ASSERT_EQ(t.entry.size(), s.arrivals.size());
    for (std::size_t a = 0; a < s.arrivals.size(); ++a)
      same(t.entry[a], s.arrivals[a].entry, s.arrivals[a].name);
    same(t.reentry, s.relapse ? s.relapse->reentry : std::vector<Route>{}, "reentry");
    ASSERT_EQ(t.on_abandon.size(), s.levels.size());
    for (std::size_t l = 0; l < s.levels.size(); ++l)
      same(t.on_abandon[l], s.levels[l].waitlist.on_abandon, s.levels[l].name + " on_abandon");
  }
}

// A level reached only by abandoners of another (on_abandon) is reachable; its routes are in the
// graph as abandonment edges with their probabilities, and in the routing tables.
TEST(Network, OnAbandonRoutesReachLevels) {
  const Scenario s = load_scenario_text(testing::kBridge, "bridge.yaml");
  const Network network(s);
  EXPECT_EQ(formatted(check_network(network)), std::vector<std::string>{});
  const RoutingTables t = routing_tables(network);
  ASSERT_EQ(t.on_abandon[0].size(), 2u);
  EXPECT_EQ(t.on_abandon[0][0].target, 1);
  EXPECT_EQ(t.on_abandon[0][0].probability, 0.4);
  EXPECT_EQ(t.on_abandon[0][1].target, kExit);
  EXPECT_TRUE(t.on_abandon[1].empty());
  // The traffic equations assume nobody abandons: the bridge gets no admissions.
  const auto traffic = solve_traffic(network);
  ASSERT_TRUE(traffic);
  EXPECT_DOUBLE_EQ(traffic->admissions_per_day[0], 1.0);
  EXPECT_DOUBLE_EQ(traffic->admissions_per_day[1], 0.0);
}

}  // namespace
}  // namespace continuum
