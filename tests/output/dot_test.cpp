// The care network in Graphviz DOT: labels and styles, and a round trip through Graphviz.
#include "continuum/output/dot.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "network_scenarios.hpp"

namespace continuum {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::source_path;

// An on_abandon route is drawn as a dashed abandonment edge labelled with its probability.
TEST(Dot, OnAbandonRoutesAreLabelledWithTheirProbabilities) {
  const Scenario s = load_scenario_text(testing::kBridge, "bridge.yaml");
  const Network network(s);
  EXPECT_NE(network_dot(network).find("label=\"abandon 0.4\""), std::string::npos);
}

TEST(Dot, DrawingParsesWithGraphviz) {
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

}  // namespace
}  // namespace continuum
