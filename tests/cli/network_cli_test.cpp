// The network's subcommands through the CLI: analyze (table, JSON, warnings), graph (DOT, SVG,
// broken networks, no Graphviz) and the structural checks stopping run and validate.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "network_scenarios.hpp"

namespace continuum {
namespace {

namespace fs = std::filesystem;
using testing::kOverloaded;
using testing::kTwoLevels;
using testing::read_file;
using testing::run_cli;
using testing::shipped_scenarios;

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
