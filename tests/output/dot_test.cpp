// The care network in Graphviz DOT: care order, widths by flow, re-entry per target, legend, and
// a round trip through Graphviz.
#include "continuum/output/dot.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "continuum/network/capacity_analysis.hpp"
#include "continuum/network/flows.hpp"
#include "continuum/network/traffic.hpp"
#include "network_scenarios.hpp"

namespace continuum {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::source_path;

// The drawing's lines "  from -> to [label="0.32", penwidth=1.84, ...]" (flows drawn with a
// number), in order.
struct DrawnEdge {
  std::string from, to, label;
  double penwidth;
  bool back;
};
std::vector<DrawnEdge> labelled_edges(const std::string& dot) {
  static const std::regex line(
      R"re(\n  (\w+) -> (\w+) \[label="([0-9.]+)", penwidth=([0-9.]+)([^\n]*))re");
  std::vector<DrawnEdge> out;
  for (std::sregex_iterator it(dot.begin(), dot.end(), line), end; it != end; ++it)
    out.push_back({(*it)[1], (*it)[2], (*it)[3], std::stod((*it)[4]),
                   (*it)[5].str().find("dir=back") != std::string::npos});
  return out;
}
// The columns "{ rank=same; level0; ... }  // care order column N", as their level lists.
std::vector<std::string> columns(const std::string& dot) {
  static const std::regex line(R"(\{ rank=same; ([^}]*)\}  // care order column (\d+))");
  std::vector<std::string> out;
  for (std::sregex_iterator it(dot.begin(), dot.end(), line), end; it != end; ++it) {
    EXPECT_EQ(std::stoul((*it)[2]), out.size() + 1);
    out.push_back((*it)[1]);
  }
  return out;
}
long count(const std::string& text, const std::string& what) {
  long n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

// An on_abandon route is drawn as a dashed abandonment edge labelled with its probability.
TEST(Dot, OnAbandonRoutesAreLabelledWithTheirProbabilities) {
  const Scenario s = load_scenario_text(testing::kBridge, "bridge.yaml");
  const Network network(s);
  const std::string dot = network_dot(network);
  EXPECT_NE(dot.find("level0 -> level1 [label=\"abandon 0.4\", style=dashed"), std::string::npos)
      << dot;
  // bridge, reached only that way, comes after detox.
  EXPECT_EQ(columns(dot), (std::vector<std::string>{"level0; ", "level1; "}));
}

TEST(Dot, BaselineLevelsInCareOrderLeftToRight) {
  const Scenario s = load_scenario(source_path("scenarios/baseline.yaml"));
  const std::string dot = network_dot(Network(s));
  EXPECT_EQ(columns(dot), (std::vector<std::string>{"level0; ", "level1; ", "level2; ", "level3; ",
                                                    "level4; ", "level5; "}));
  EXPECT_NE(dot.find("level0 [label=\"detox\\ncapacity 10\\nstay 4.8 d\\nin 2.13/day\""),
            std::string::npos);
  // Step-ups are written reversed (dir=back) so that they do not pull levels leftward:
  // outpatient -> detox, php -> residential, iop -> residential and php, outpatient -> iop and
  // residential.
  std::vector<std::string> back;
  for (const auto& e : labelled_edges(dot))
    if (e.back) back.push_back(e.to + "->" + e.from);  // the route itself
  EXPECT_EQ(back, (std::vector<std::string>{"level2->level1", "level3->level1", "level3->level2",
                                            "level4->level3", "level4->level1", "level4->level0"}));
}

// The stay drawn is analyze's: with classes, the classes' stays weighted by their admissions.
// The baseline's adolescents stay shorter in residential (by_class), so its level mean is 28.9
// days, not the adult spec's 29.5; one function gives both.
TEST(Dot, LevelStaysAreAnalyzesClassWeightedStays) {
  const Scenario s = load_scenario(source_path("scenarios/baseline.yaml"));
  const Network network(s);
  const std::string dot = network_dot(network);
  EXPECT_NE(dot.find("level1 [label=\"residential\\ncapacity 44\\nstay 28.9 d\\nin 1.59/day\""),
            std::string::npos)
      << dot;
  EXPECT_EQ(fmt::format("{:.1f}", mean_stay_days(s.levels[1])), "29.5");  // the adults' alone
  const CapacityAnalysis a = analyze_capacity(network);
  const std::vector<double> stays = level_mean_stays_days(network);
  ASSERT_EQ(stays.size(), a.levels.size());
  for (std::size_t l = 0; l < stays.size(); ++l) {
    EXPECT_EQ(stays[l], a.levels[l].mean_stay_days) << l;
    EXPECT_NE(dot.find(fmt::format("stay {:.1f} d", stays[l])), std::string::npos) << l;
  }
}

// kLoops listed backward in the file (iop, residential, detox): the columns still run
// detox, residential, iop, and residential -> detox is the step-up.
TEST(Dot, StepUpBackEdgeAndFileOrderDoNotDecideTheColumns) {
  const Scenario s = load_scenario_text(R"(
name: loops-backward
horizon_days: 2000
arrivals:
  - name: referrals
    rate_per_day: 3
    entry: {detox: 0.6, iop: 0.4}
levels:
  iop:
    capacity: 200
    length_of_stay: {distribution: gamma, mean: 40, sd: 25}
    dropout: {probability: 0.3, time: {distribution: uniform, min: 5, max: 30}}
    next: {residential: 0.1, iop: 0.05, exit: 0.85}
  residential:
    capacity: 50
    length_of_stay: {distribution: lognormal, mean: 25, sd: 15}
    dropout: {probability: 0.15, time: {distribution: lognormal, mean: 8, sd: 6}}
    next: {iop: 0.6, detox: 0.1, exit: 0.3}
  detox:
    capacity: 25
    length_of_stay: {distribution: lognormal, mean: 5, sd: 3}
    dropout: {probability: 0.2, time: {distribution: uniform, min: 0.5, max: 3}}
    next: {residential: 0.5, iop: 0.2, exit: 0.3}
relapse:
  probability: 0.3
  probability_after_dropout: 0.5
  time_to_relapse: {distribution: exponential, mean: 60}
  reentry: {detox: 0.7, residential: 0.3}
)",
                                        "loops-backward.yaml");
  ASSERT_EQ(s.levels[0].name, "iop");
  ASSERT_EQ(s.levels[2].name, "detox");
  const std::string dot = network_dot(Network(s));
  EXPECT_EQ(columns(dot), (std::vector<std::string>{"level2; ", "level1; ", "level0; "}));
  std::vector<std::string> back;
  for (const auto& e : labelled_edges(dot))
    if (e.back) back.push_back(e.to + "->" + e.from);  // the route itself
  // iop -> residential and residential -> detox.
  EXPECT_EQ(back, (std::vector<std::string>{"level0->level1", "level1->level2"}));
}

// Labels are the traffic equations' flows, widths grow with them: 1 pt at 0 to 8 pt at the
// largest flow.
TEST(Dot, WidthsGrowWithTheTrafficEquationsFlows) {
  const Scenario s = load_scenario_text(testing::kLoops, "loops.yaml");
  const Network network(s);
  const auto traffic = solve_traffic(network);
  ASSERT_TRUE(traffic);
  const std::vector<double>& lambda = traffic->admissions_per_day;
  const std::string dot = network_dot(network);
  auto edges = labelled_edges(dot);
  auto find = [&](const std::string& from, const std::string& to) {
    const auto it = std::find_if(edges.begin(), edges.end(),
                                 [&](const auto& e) { return e.from == from && e.to == to; });
    EXPECT_NE(it, edges.end()) << from << " -> " << to;
    return it == edges.end() ? DrawnEdge{} : *it;
  };
  EXPECT_EQ(find("stream0", "level0").label, "1.80");
  EXPECT_EQ(find("stream0", "level2").label, "1.20");
  EXPECT_EQ(find("level0", "level1").label, fmt::format("{:.2f}", lambda[0] * 0.8 * 0.5));
  EXPECT_EQ(find("level0", "level1").back, false);
  const auto flows = network_flows(network);
  ASSERT_TRUE(flows);
  double largest = 0;  // iop's leavers
  for (double f : flows->leaving)
    largest = std::max(largest, f);
  EXPECT_DOUBLE_EQ(largest, flows->leaving[2]);
  EXPECT_EQ(find("level0", "level1").penwidth,
            std::stod(fmt::format("{:.2f}", 1 + 7 * lambda[0] * 0.8 * 0.5 / largest)));
  EXPECT_NE(dot.find(fmt::format("level2 -> left2 [penwidth=8.00")), std::string::npos);
  // Re-entry: 0.7 and 0.3 of the relapses.
  EXPECT_EQ(find("relapse0", "level0").label,
            fmt::format("{:.2f}", 0.7 * traffic->relapses_per_day));
  EXPECT_EQ(find("relapse1", "level1").label,
            fmt::format("{:.2f}", 0.3 * traffic->relapses_per_day));
  // Monotone: a larger flow never gets a thinner line.
  std::sort(edges.begin(), edges.end(),
            [](const auto& a, const auto& b) { return std::stod(a.label) < std::stod(b.label); });
  ASSERT_EQ(edges.size(), 10u);  // 2 entries, 6 moves (a self-loop included), 2 re-entries
  for (std::size_t i = 1; i < edges.size(); ++i) {
    EXPECT_GE(edges[i].penwidth, edges[i - 1].penwidth) << edges[i].from << "->" << edges[i].to;
    if (std::stod(edges[i].label) > std::stod(edges[i - 1].label) + 0.01) {
      EXPECT_GT(edges[i].penwidth, edges[i - 1].penwidth) << edges[i].from << "->" << edges[i].to;
    }
  }
}

// Relapsed patients return through one vertex per level they re-enter, whatever pool they come
// from; nothing is drawn per relapsing level. The referral stream alone is called "community".
TEST(Dot, OneReentryEdgePerTarget) {
  const Scenario s = load_scenario(source_path("scenarios/baseline.yaml"));
  const std::string dot = network_dot(Network(s));
  const auto edges = labelled_edges(dot);
  std::vector<std::string> reentries;
  for (const auto& e : edges)
    if (e.from.rfind("relapse", 0) == 0) reentries.push_back(e.from + "->" + e.to);
  EXPECT_EQ(reentries,
            (std::vector<std::string>{"relapse0->level0", "relapse1->level1", "relapse2->level2",
                                      "relapse3->level3", "relapse4->level4"}));
  EXPECT_EQ(count(dot, "label=\"returns after\\nrelapse\""), 5);
  EXPECT_EQ(count(dot, "-> relapse"), 0);
  EXPECT_EQ(count(dot, "community"), 1);
  EXPECT_NE(dot.find("stream0 [label=\"community\\nreferrals 5/day\""), std::string::npos);

  // A level with its own re-entry map: its pool and the global one both re-enter A; one edge.
  const Scenario own = load_scenario_text(R"(
name: own-reentry
horizon_days: 100
arrivals:
  - name: referrals
    rate_per_day: 1
    entry: {A: 1}
levels:
  A:
    capacity: 5
    length_of_stay: {distribution: exponential, mean: 2}
    next: {B: 0.5, exit: 0.5}
  B:
    capacity: 5
    length_of_stay: {distribution: exponential, mean: 2}
    next: {exit: 1}
    relapse: {reentry: {A: 0.5, B: 0.5}}
relapse:
  probability: 0.2
  time_to_relapse: {distribution: exponential, mean: 30}
  reentry: {A: 1}
)",
                                          "own.yaml");
  const Network network(own);
  const auto flows = network_flows(network);
  ASSERT_TRUE(flows);
  const std::string own_dot = network_dot(network);
  EXPECT_EQ(count(own_dot, "returns after"), 2) << own_dot;
  EXPECT_EQ(count(own_dot, "  relapse0 -> level0"), 1);
  EXPECT_EQ(count(own_dot, "  relapse1 -> level1"), 1);
  // A's re-entries: all of A's relapses and half of B's.
  const double a = flows->relapsing[0] + 0.5 * flows->relapsing[1];
  EXPECT_DOUBLE_EQ(flows->reentries[0], a);
  EXPECT_NE(own_dot.find(fmt::format("relapse0 -> level0 [label=\"{:.2f}\"", a)),
            std::string::npos);
}

// Routes only a class takes (its entry_by_class, its by_class next) are drawn with their flows;
// a stream route no class takes is drawn with 0.
TEST(Dot, ClassOnlyRoutesAreDrawnWithTheirFlows) {
  const Scenario s = load_scenario_text(R"(
name: entry-by-class
horizon_days: 100
classes:
  adult: {}
  teen: {}
arrivals:
  - name: s
    rate_per_day: 1
    classes: {adult: 0.9, teen: 0.1}
    entry: {A: 1}
    entry_by_class: {teen: {T: 1}}
  - name: t
    rate_per_day: 2
    classes: {teen: 1}
    entry: {A: 1}
    entry_by_class: {teen: {T: 1}}
levels:
  A:
    capacity: 5
    length_of_stay: {distribution: fixed, value: 1}
    next: {exit: 1}
  T:
    capacity: 5
    length_of_stay: {distribution: fixed, value: 1}
    next: {exit: 1}
    by_class:
      teen: {next: {A: 0.5, exit: 0.5}}
)",
                                        "classes.yaml");
  const std::string dot = network_dot(Network(s));
  for (const char* line : {"stream0 -> level0 [label=\"0.90\"", "stream0 -> level1 [label=\"0.10\"",
                           "stream1 -> level0 [label=\"0.00\", penwidth=1.00",
                           "stream1 -> level1 [label=\"2.00\", penwidth=8.00",
                           "level1 -> level0 [label=\"1.05\"", "tooltip=\"next (by_class)\""})
    EXPECT_NE(dot.find(line), std::string::npos) << line << "\n" << dot;
  // T (teens' entry) comes before A, which T's teens move on to.
  EXPECT_EQ(columns(dot), (std::vector<std::string>{"level1; ", "level0; "}));
}

TEST(Dot, LegendSaysWhatWidthsColoursAndShapesMean) {
  const Scenario s = load_scenario(source_path("scenarios/baseline.yaml"));
  const std::string dot = network_dot(Network(s));
  EXPECT_NE(dot.find("label=<<table"), std::string::npos);
  for (const char* text :
       {"<b>county-baseline</b>: the care network",
        "numbers on lines: patients per day, from the traffic equations (no abandonment); line "
        "width grows with them, to 8 pt at 2.66/day",
        "referrals entering care (pentagon: a referral stream)",
        "re-entry after relapse (ellipse: patients returning after a relapse",
        "leaving care: completed or dropped out", "lost from the waitlist",
        "columns: levels in care order, left to right"})
    EXPECT_NE(dot.find(text), std::string::npos) << text;
  EXPECT_NE(dot.find("size=\"11,8.5\""), std::string::npos);
}

TEST(Dot, ClosedLoopIsDrawnWithProbabilities) {
  const Scenario s = load_scenario(source_path("scenarios/invalid/network_closed_loop.yaml"));
  const std::string dot = network_dot(Network(s));
  EXPECT_NE(dot.find("the traffic equations have no solution (a closed loop)"), std::string::npos);
  EXPECT_NE(dot.find("[label=\"p 1\""), std::string::npos) << dot;
  EXPECT_EQ(labelled_edges(dot).size(), 0u);
}

TEST(Dot, DrawingParsesWithGraphviz) {
  const Scenario s = load_scenario(source_path("scenarios/baseline.yaml"));
  const std::string dot = network_dot(Network(s));
  EXPECT_EQ(dot.rfind("digraph G {", 0), 0u) << dot.substr(0, 40);
  EXPECT_NE(dot.find("tooltip=\"exit 0.325, dropout 0.185, relapse 0.22, relapse 0.36 after "
                     "dropout\""),
            std::string::npos);
  EXPECT_NE(dot.find("style=dashed"), std::string::npos);
  if (std::system("command -v dot >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "Graphviz's dot is not installed";
  const auto dir = testing::temp_dir("dot");
  { std::ofstream(dir / "baseline.dot") << dot; }
  const std::string cmd = "dot -Tcanon " + (dir / "baseline.dot").string() + " -o " +
                          (dir / "canon.dot").string() + " 2>" + (dir / "err").string();
  EXPECT_EQ(std::system(cmd.c_str()), 0) << read_file(dir / "err");
  EXPECT_EQ(read_file(dir / "err"), "");  // no warnings (legend cells fit)
  // Every level, stream and edge survived the round trip.
  const std::string canon = read_file(dir / "canon.dot");
  EXPECT_EQ(count(canon, "->"), count(dot, "->"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace continuum
