// The care network: graph shape, routing tables, structural checks (exact messages), traffic
// equations and Erlang C against simulation, and the DOT drawing.
#include "continuum/network/network.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "continuum/network/queueing.hpp"
#include "continuum/experiment/runner.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::run_cli;
using testing::source_path;

std::vector<std::string> shipped_scenarios() {
  std::vector<std::string> files = testing::yaml_files("scenarios");
  for (const auto& f : testing::yaml_files("scenarios/validation"))
    files.push_back(f);
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string> formatted(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> out;
  for (const auto& d : diagnostics)
    out.push_back(d.format());
  return out;
}

// Three levels with dropouts, a step-up loop, a self-loop and relapse (dropouts relapse more).
constexpr const char* kLoops = R"(
name: loops
horizon_days: 2000
warmup_days: 500
replications: 30
seed: 7
arrivals:
  - name: referrals
    rate_per_day: 3
    entry: {detox: 0.6, iop: 0.4}
levels:
  detox:
    capacity: 25
    length_of_stay: {distribution: lognormal, mean: 5, sd: 3}
    dropout: {probability: 0.2, time: {distribution: uniform, min: 0.5, max: 3}}
    next: {residential: 0.5, iop: 0.2, exit: 0.3}
  residential:
    capacity: 50
    length_of_stay: {distribution: lognormal, mean: 25, sd: 15}
    dropout: {probability: 0.15, time: {distribution: lognormal, mean: 8, sd: 6}}
    next: {iop: 0.6, detox: 0.1, exit: 0.3}
  iop:
    capacity: 200
    length_of_stay: {distribution: gamma, mean: 40, sd: 25}
    dropout: {probability: 0.3, time: {distribution: uniform, min: 5, max: 30}}
    next: {residential: 0.1, iop: 0.05, exit: 0.85}
relapse:
  probability: 0.3
  probability_after_dropout: 0.5
  time_to_relapse: {distribution: exponential, mean: 60}
  reentry: {detox: 0.7, residential: 0.3}
)";

Summary simulate_all(const Scenario& s) {
  RunOptions options;
  options.record_daily = false;
  return summarize(s, run_replications(s, options), s.seed);
}

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
  const Scenario s = load_scenario_text(R"(
name: bridge
horizon_days: 100
arrivals:
  - name: referrals
    rate_per_day: 1
    entry: {detox: 1}
levels:
  detox:
    capacity: 2
    length_of_stay: {distribution: exponential, mean: 2}
    waitlist:
      patience: {distribution: exponential, mean: 1}
      on_abandon: {bridge: 0.4, exit: 0.6}
  bridge:
    capacity: 5
    length_of_stay: {distribution: exponential, mean: 2}
)",
                                        "bridge.yaml");
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
  EXPECT_NE(network_dot(network).find("label=\"abandon 0.4\""), std::string::npos);
}

// Hand-solved: lambda_d = 3 + 0.1 * 0.85 r ... written out as the linear system below.
TEST(Network, TrafficEquationsSolveTheFlowBalance) {
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

TEST(Network, TrafficEquationsAgreeWithSimulationOnLoopsWithDropoutAndRelapse) {
  const Scenario s = load_scenario_text(kLoops, "loops.yaml");
  const auto t = solve_traffic(Network(s));
  ASSERT_TRUE(t);
  const Summary sim = simulate_all(s);
  for (std::size_t l = 0; l < s.levels.size(); ++l)
    expect_agrees(t->admissions_per_day[l], sim.level_metric(l, LevelMetric::kAdmissionsPerDay),
                  0.02, s.levels[l].name + " admissions/day");
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
TEST(Network, TrafficEquationsAgreeWithSimulationWithHolds) {
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
  const Summary sim = simulate_all(s);
  for (std::size_t l = 0; l < s.levels.size(); ++l)
    expect_agrees(t->admissions_per_day[l], sim.level_metric(l, LevelMetric::kAdmissionsPerDay),
                  0.02, s.levels[l].name + " admissions/day");
  expect_agrees(t->relapses_per_day, sim.system_metric(SystemMetric::kRelapsesPerDay), 0.04,
                "relapses/day");
}

// On an open Jackson network (exponential stays, Poisson referrals, Markov routing, relapse as
// an infinite-server delay) each level is exactly M/M/c at its traffic-equation rate.
TEST(Network, ErlangCAgreesWithSimulationOnAJacksonNetwork) {
  Scenario s = load_scenario(source_path("scenarios/validation/jackson.yaml"));
  s.replications = 60;
  const CapacityAnalysis a = analyze_capacity(Network(s));
  EXPECT_TRUE(a.warnings.empty());
  const Summary sim = simulate_all(s);
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

constexpr const char* kOverloaded = R"(
name: overloaded
horizon_days: 100
arrivals:
  - name: referrals
    rate_per_day: 2
    entry: {residential: 1}
levels:
  residential:
    capacity: 40
    length_of_stay: {distribution: exponential, mean: 25}
    dropout: {probability: 0.2, time: {distribution: fixed, value: 5}}
    waitlist:
      patience: {distribution: exponential, mean: 30}
)";

TEST(Network, OverloadedLevelWarnsAndHasNoErlangCWait) {
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
  const auto j = capacity_json(network, a);
  EXPECT_TRUE(j["levels"]["residential"]["erlang_c_mean_wait_days"].is_null());
  EXPECT_DOUBLE_EQ(j["levels"]["residential"]["utilization"].get<double>(), 1.05);
  EXPECT_EQ(j["warnings"][0], a.warnings[0].message);
}

TEST(Network, ErlangCWaitIsTheMmcFormula) {
  const Scenario s = load_scenario(source_path("scenarios/validation/mmc.yaml"));
  const CapacityAnalysis a = analyze_capacity(Network(s));
  const LevelSpec& clinic = s.levels[0];
  const double lambda = s.arrivals[0].rate_per_day, mean = mean_of(clinic.length_of_stay);
  EXPECT_DOUBLE_EQ(*a.levels[0].erlang_c_mean_wait_days,
                   queueing::mmc(lambda, 1 / mean, clinic.capacity).mean_wait);
}

// Each file in scenarios/invalid/network_*.yaml names in `# expect:` the message it must give.
TEST(Network, BrokenFilesGiveTheirStructuralErrors) {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(source_path("scenarios/invalid")))
    if (e.path().filename().string().rfind("network_", 0) == 0)
      files.push_back(e.path().filename().string());
  std::sort(files.begin(), files.end());
  ASSERT_EQ(files,
            (std::vector<std::string>{"network_closed_loop.yaml", "network_relapse_loop.yaml",
                                      "network_unreachable.yaml"}));
  for (const auto& name : files) {
    const std::string file = "scenarios/invalid/" + name;
    std::vector<std::string> expected;
    std::istringstream lines(read_file(source_path(file)));
    for (std::string line; std::getline(lines, line);)
      if (line.rfind("# expect: ", 0) == 0) expected.push_back(file + ":" + line.substr(10));
    const Scenario s = load_scenario(file);  // loads: the problem is structural
    EXPECT_EQ(formatted(check_network(Network(s))), expected) << file;
    EXPECT_FALSE(solve_traffic(Network(s)) && name != "network_unreachable.yaml") << file;
    std::vector<Diagnostic> warnings;
    EXPECT_THROW(load_checked_scenario(file, warnings), ScenarioError) << file;
  }
}

TEST(Network, ShippedScenariosPassTheChecksAndSolve) {
  const auto files = shipped_scenarios();
  ASSERT_GE(files.size(), 5u);
  for (const auto& file : files) {
    const Scenario s = load_scenario(file);
    const Network network(s);
    EXPECT_EQ(formatted(check_network(network)), std::vector<std::string>{}) << file;
    const auto t = solve_traffic(network);
    ASSERT_TRUE(t) << file;
    for (double x : t->admissions_per_day)
      EXPECT_GT(x, 0) << file;
  }
}

constexpr const char* kTwoLevels = R"(
name: two
horizon_days: 100
arrivals:
  - name: referrals
    rate_per_day: 1
    entry: {a: 1}
levels:
  a:
    capacity: 5
    length_of_stay: {distribution: exponential, mean: 2}
    next: {b: 0.5, exit: 0.5}
    hold_while_waiting: true
  b:
    capacity: 5
    length_of_stay: {distribution: exponential, mean: 2}
    next: {a: 0.5, exit: 0.5}
    hold_while_waiting: HOLD_B
)";

Scenario two_levels(const std::string& hold_b, const std::string& extra = "") {
  std::string text = kTwoLevels;
  text.replace(text.find("HOLD_B"), 6, hold_b);
  return load_scenario_text(text + extra, "two.yaml");
}

TEST(Network, HoldLoopWarnsOfGridlock) {
  const Scenario s = two_levels("true");
  EXPECT_EQ(formatted(check_network(Network(s))),
            std::vector<std::string>{
                "two.yaml:9:3: warning: levels.a: possible gridlock: a and b all hold their slot "
                "while waiting (hold_while_waiting) and route to one another in a loop; when they "
                "are all full, every patient waits for a slot another one holds"});
  // One level that does not hold breaks the cycle of waits.
  EXPECT_EQ(formatted(check_network(Network(two_levels("false")))), std::vector<std::string>{});
}

TEST(Network, HoldSelfLoopWarnsOfGridlock) {
  const Scenario s = load_scenario_text(R"(
name: self
horizon_days: 100
arrivals:
  - name: referrals
    rate_per_day: 1
    entry: {iop: 1}
levels:
  iop:
    capacity: 5
    length_of_stay: {distribution: exponential, mean: 2}
    next: {iop: 0.2, exit: 0.8}
    hold_while_waiting: true
)",
                                        "self.yaml");
  EXPECT_EQ(formatted(check_network(Network(s))),
            std::vector<std::string>{
                "self.yaml:9:3: warning: levels.iop: possible gridlock: iop holds its slot while "
                "waiting (hold_while_waiting) and routes back to itself; when it is full, every "
                "patient waits for a slot another one holds"});
}

// Relapse with probability 1 closes the network only when nobody else can leave for good.
TEST(Network, RelapseOfOneIsAnErrorOnlyWhenNobodyEscapes) {
  const std::string relapse = R"(relapse:
  probability: 1
  PROBABILITY_AFTER_DROPOUT
  time_to_relapse: {distribution: exponential, mean: 30}
  reentry: {a: 1}
)";
  auto with = [&](const std::string& after_dropout, const std::string& dropout) {
    std::string r = relapse;
    r.replace(r.find("PROBABILITY_AFTER_DROPOUT"), 25, after_dropout);
    std::string text = kTwoLevels;
    text.replace(text.find("HOLD_B"), 6, "false");
    if (!dropout.empty()) text.replace(text.find("    next: {b: 0.5"), 0, dropout);
    return load_scenario_text(text + r, "two.yaml");
  };
  const std::string dropout =
      "    dropout: {probability: 0.1, time: {distribution: fixed, value: 1}}\n";
  // No dropouts: every leaver relapses.
  Scenario s = with("", "");
  auto found = formatted(check_network(Network(s)));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].find("error: relapse: a relapse probability of 1 with re-entry into a loop "
                          "that cannot be left (a and b)"),
            std::string::npos)
      << found[0];
  EXPECT_FALSE(solve_traffic(Network(s)));
  // Dropouts who relapse less than always can leave for good.
  s = with("probability_after_dropout: 0.5", dropout);
  EXPECT_EQ(formatted(check_network(Network(s))), std::vector<std::string>{});
  EXPECT_TRUE(solve_traffic(Network(s)));
  // ... but not when they too always relapse.
  s = with("probability_after_dropout: 1", dropout);
  EXPECT_EQ(check_network(Network(s)).size(), 1u);
}

TEST(Network, UnreachableAndClosedAreReportedTogetherInFileOrder) {
  const Scenario s = load_scenario_text(R"(
name: both
horizon_days: 100
arrivals:
  - name: referrals
    rate_per_day: 1
    entry: {a: 1}
levels:
  a:
    capacity: 5
    length_of_stay: {distribution: exponential, mean: 2}
    next: {a: 1}
  lonely:
    capacity: 5
    length_of_stay: {distribution: exponential, mean: 2}
)",
                                        "both.yaml");
  EXPECT_EQ(
      formatted(check_network(Network(s))),
      (std::vector<std::string>{
          "both.yaml:9:3: error: levels.a: closed loop: patients who reach a never leave care "
          "(no route out of the level leads to exit)",
          "both.yaml:13:3: error: levels.lonely: no arrival stream can reach level 'lonely' "
          "(no entry, next, re-entry or on_abandon route leads to it)"}));
  EXPECT_THROW(analyze_capacity(Network(s)), ScenarioError);
}

TEST(Network, DotDrawingParsesWithGraphviz) {
  const Scenario s = load_scenario(source_path("scenarios/baseline.yaml"));
  const std::string dot = network_dot(Network(s));
  EXPECT_EQ(dot.rfind("digraph G {", 0), 0u) << dot.substr(0, 40);
  EXPECT_NE(dot.find(fmt::format("detox\\ncapacity {}\\nmean stay 4.8 d", s.levels[0].capacity)),
            std::string::npos);
  EXPECT_NE(dot.find("label=\"dropout 0.185\""), std::string::npos);
  EXPECT_NE(dot.find("label=\"relapse 0.36\\nafter dropout\""), std::string::npos);
  EXPECT_NE(dot.find("style=dashed"), std::string::npos);
  if (std::system("command -v dot >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "Graphviz's dot is not installed";
  const auto dir = testing::temp_dir("dot");
  { std::ofstream(dir / "baseline.dot") << dot; }
  const std::string cmd = "dot -Tcanon " + (dir / "baseline.dot").string() + " -o " +
                          (dir / "canon.dot").string() + " 2>" + (dir / "err").string();
  EXPECT_EQ(std::system(cmd.c_str()), 0) << read_file(dir / "err");
  EXPECT_EQ(read_file(dir / "err"), "");
  // Every level, stream and edge survived the round trip.
  const std::string canon = read_file(dir / "canon.dot");
  EXPECT_EQ(std::count(canon.begin(), canon.end(), '>'), std::count(dot.begin(), dot.end(), '>'));
  fs::remove_all(dir);
}

TEST(NetworkCli, AnalyzeTableAndJsonOnEveryShippedScenario) {
  for (const auto& file : shipped_scenarios()) {
    auto r = run_cli("analyze " + file);
    EXPECT_EQ(r.status, 0) << file << r.err;
    EXPECT_NE(r.out.find("Erlang C"), std::string::npos) << file;
    r = run_cli("analyze --json " + file);
    ASSERT_EQ(r.status, 0) << file << r.err;
    const auto j = nlohmann::json::parse(r.out);
    const Scenario s = load_scenario(file);
    ASSERT_EQ(j["levels"].size(), s.levels.size()) << file;
    for (const auto& level : s.levels) {
      const auto& l = j["levels"][level.name];
      for (const char* key :
           {"admissions_per_day", "offered_load", "utilization", "erlang_c_mean_wait_days"})
        EXPECT_TRUE(l.contains(key)) << file << " " << level.name << " " << key;
      EXPECT_GT(l["admissions_per_day"].get<double>(), 0) << file;
    }
    EXPECT_TRUE(j["warnings"].is_array());
    // Warnings go to stderr in the usual form too.
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), static_cast<long>(j["warnings"].size()))
        << r.err;
  }
}

TEST(NetworkCli, OverloadIsWarnedOnStderrAndTheTableSaysSo) {
  const auto dir = testing::temp_dir("overloaded");
  std::ofstream(dir / "overloaded.yaml") << kOverloaded;
  const auto r = run_cli("analyze " + (dir / "overloaded.yaml").string());
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.err, (dir / "overloaded.yaml").string() +
                       ":9:3: warning: the waitlist at residential grows without bound unless "
                       "patients abandon it (offered load 42.0 slots, capacity 40)\n");
  EXPECT_NE(r.out.find("overloaded"), std::string::npos) << r.out;
  fs::remove_all(dir);
}

TEST(NetworkCli, GraphWritesDotAndSvg) {
  for (const auto& file : shipped_scenarios()) {
    const auto r = run_cli("graph " + file);
    EXPECT_EQ(r.status, 0) << file << r.err;
    EXPECT_EQ(r.out.rfind("digraph G {", 0), 0u) << file;
  }
  if (std::system("command -v dot >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "Graphviz's dot is not installed";
  const auto r = run_cli("graph --format svg scenarios/baseline.yaml");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("<svg"), std::string::npos);
  EXPECT_NE(r.out.find("residential"), std::string::npos);
}

TEST(NetworkCli, GraphDrawsABrokenNetworkAndNamesTheProblem) {
  const auto r = run_cli("graph scenarios/invalid/network_closed_loop.yaml");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("digraph G {", 0), 0u);
  EXPECT_NE(r.err.find("network_closed_loop.yaml:15:3: error: levels.residential: closed loop"),
            std::string::npos)
      << r.err;
}

TEST(NetworkCli, SvgWithoutGraphvizSaysHowToInstallIt) {
  // An empty PATH hides dot; the CLI itself is called by its full path.
  const std::string cmd = "PATH=/nonexistent " + std::string(CONTINUUM_BINARY) +
                          " graph --format svg scenarios/baseline.yaml >/dev/null 2>" +
                          (fs::temp_directory_path() / "continuum-nodot.err").string();
  const int raw = std::system(cmd.c_str());
  EXPECT_EQ(WEXITSTATUS(raw), 1);
  const std::string err = read_file(fs::temp_directory_path() / "continuum-nodot.err");
  EXPECT_NE(err.find("needs Graphviz's 'dot' program"), std::string::npos) << err;
  EXPECT_NE(err.find("apt-get install graphviz"), std::string::npos) << err;
  fs::remove(fs::temp_directory_path() / "continuum-nodot.err");
}

TEST(NetworkCli, StructuralErrorsStopRunAndWarningsDoNot) {
  const auto dir = testing::temp_dir("network-run");
  auto r =
      run_cli("run scenarios/invalid/network_closed_loop.yaml --out " + (dir / "out").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(fs::exists(dir / "out"));
  EXPECT_NE(r.err.find("closed loop"), std::string::npos) << r.err;
  // A gridlock warning: validate passes and says so on stderr.
  std::string text = kTwoLevels;
  text.replace(text.find("HOLD_B"), 6, "true");
  std::ofstream(dir / "hold.yaml") << text;
  r = run_cli("validate " + (dir / "hold.yaml").string());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("hold.yaml:9:3: warning: levels.a: possible gridlock"), std::string::npos)
      << r.err;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace continuum
