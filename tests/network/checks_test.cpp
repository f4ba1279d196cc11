// Structural checks of the care network: exact messages of each check, in file order, on broken
// files and on the shipped scenarios.
#include "continuum/network/checks.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "continuum/network/capacity_analysis.hpp"
#include "continuum/network/checked_load.hpp"
#include "continuum/network/traffic.hpp"
#include "network_scenarios.hpp"

namespace continuum {
namespace {

namespace fs = std::filesystem;
using testing::formatted;
using testing::kTwoLevels;
using testing::read_file;
using testing::shipped_scenarios;
using testing::source_path;

// Each file in scenarios/invalid/network_*.yaml names in `# expect:` the message it must give.
TEST(NetworkChecks, BrokenFilesGiveTheirStructuralErrors) {
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

TEST(NetworkChecks, ShippedScenariosPassTheChecksAndSolve) {
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

Scenario two_levels(const std::string& hold_b, const std::string& extra = "") {
  std::string text = kTwoLevels;
  text.replace(text.find("HOLD_B"), 6, hold_b);
  return load_scenario_text(text + extra, "two.yaml");
}

TEST(NetworkChecks, HoldLoopWarnsOfGridlock) {
  const Scenario s = two_levels("true");
  EXPECT_EQ(formatted(check_network(Network(s))),
            std::vector<std::string>{
                "two.yaml:9:3: warning: levels.a: possible gridlock: a and b all hold their slot "
                "while waiting (hold_while_waiting) and route to one another in a loop; when they "
                "are all full, every patient waits for a slot another one holds"});
  // One level that does not hold breaks the cycle of waits.
  EXPECT_EQ(formatted(check_network(Network(two_levels("false")))), std::vector<std::string>{});
}

TEST(NetworkChecks, HoldSelfLoopWarnsOfGridlock) {
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

// Gridlock warnings are capped as the errors are: 3,000 levels that each hold their slot and
// route back to themselves gave 3,000 warnings; a ring of 3,000 holding levels named all 3,000
// in one line. Now the first 100 warnings and a last line counting the rest; a message names at
// most 30 levels and counts the others.
TEST(NetworkChecks, ManyGridlockWarningsAndLongLoopsAreCapped) {
  constexpr int kLevels = 3000;
  const std::string head =
      "name: g\nhorizon_days: 10\narrivals:\n  - name: r\n    rate_per_day: 1\n"
      "    entry: {l0: 1}\nlevels:\n";
  std::string selves = head, ring = head;
  for (int l = 0; l < kLevels; ++l) {
    const std::string level = "  l" + std::to_string(l) +
                              ": {capacity: 1, length_of_stay: {distribution: fixed, value: 1}, "
                              "hold_while_waiting: true, next: ";
    const std::string after = "l" + std::to_string(l + 1);
    selves += level + "{l" + std::to_string(l) + ": 0.5, " +
              (l + 1 < kLevels ? after : std::string("exit")) + ": 0.5}}\n";
    ring += level + "{" + (l + 1 < kLevels ? after : std::string("l0")) + ": 0.5, exit: 0.5}}\n";
  }
  const std::vector<std::string> found =
      formatted(check_network(Network(load_scenario_text(selves, "g.yaml"))));
  ASSERT_EQ(found.size(), 101u);
  EXPECT_EQ(found[0],
            "g.yaml:8:3: warning: levels.l0: possible gridlock: l0 holds its slot while waiting "
            "(hold_while_waiting) and routes back to itself; when it is full, every patient waits "
            "for a slot another one holds");
  EXPECT_EQ(found[99],
            "g.yaml:107:3: warning: levels.l99: possible gridlock: l99 holds its slot while "
            "waiting (hold_while_waiting) and routes back to itself; when it is full, every "
            "patient waits for a slot another one holds");
  EXPECT_EQ(found[100], "g.yaml: warning: 2900 more warnings not shown (the first 100 are listed)");
  std::string names;
  for (int l = 0; l < 30; ++l)
    names += (l == 0 ? "" : ", ") + std::string("l") + std::to_string(l);
  EXPECT_EQ(formatted(check_network(Network(load_scenario_text(ring, "g.yaml")))),
            std::vector<std::string>{
                "g.yaml:8:3: warning: levels.l0: possible gridlock: " + names +
                " and 2970 more all hold their slot while waiting (hold_while_waiting) and route "
                "to one another in a loop; when they are all full, every patient waits for a slot "
                "another one holds"});
}

// Relapse with probability 1 closes the network only when nobody else can leave for good.
TEST(NetworkChecks, RelapseOfOneIsAnErrorOnlyWhenNobodyEscapes) {
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

TEST(NetworkChecks, UnreachableAndClosedAreReportedTogetherInFileOrder) {
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

}  // namespace
}  // namespace continuum
