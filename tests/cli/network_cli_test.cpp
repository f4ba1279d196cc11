// The network's subcommands through the CLI: analyze (table, JSON, warnings), graph (DOT, SVG,
// broken networks, no Graphviz) and the structural checks stopping run and validate.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
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

// analyze lists at most 100 overload warnings, then a line counting the rest, as the structural
// checks and the loader do (a chain of 150 overloaded levels gave 150 lines, 12,000 gave 12,000).
TEST(NetworkCli, AnalyzeListsAtMost100OverloadWarnings) {
  const auto dir = testing::temp_dir("overloaded-150");
  std::string text =
      "name: chain150\nhorizon_days: 2\nreplications: 1\narrivals:\n  - name: r\n"
      "    rate_per_day: 1\n    entry: {l0: 1}\nlevels:\n";
  for (int l = 0; l < 150; ++l)
    text += "  l" + std::to_string(l) +
            ": {capacity: 1, length_of_stay: {distribution: fixed, value: 1}" +
            (l < 149 ? ", next: {l" + std::to_string(l + 1) + ": 1}" : std::string()) + "}\n";
  const std::string file = (dir / "chain150.yaml").string();
  std::ofstream(file) << text;
  auto r = run_cli("analyze " + file);
  EXPECT_EQ(r.status, 0) << r.err;
  std::string expected;
  for (int l = 0; l < 100; ++l)
    expected += file + ":" + std::to_string(l + 9) + ":3: warning: the waitlist at l" +
                std::to_string(l) +
                " grows without bound unless patients abandon it (offered load 1.0 slots, "
                "capacity 1)\n";
  expected += file + ": warning: 50 more warnings not shown (the first 100 are listed)\n";
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 101);
  EXPECT_EQ(r.err, expected);
  r = run_cli("analyze --json " + file);
  ASSERT_EQ(r.status, 0) << r.err;
  const auto warnings = nlohmann::json::parse(r.out)["warnings"];
  ASSERT_EQ(warnings.size(), 101u);
  EXPECT_EQ(warnings[100], "50 more warnings not shown (the first 100 are listed)");
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
  EXPECT_EQ(r.err, "");  // Graphviz has no warning either
  EXPECT_NE(r.out.find("<svg"), std::string::npos);
  EXPECT_NE(r.out.find("residential"), std::string::npos);
  EXPECT_NE(r.out.find("numbers on lines: patients per day"), std::string::npos);  // the legend
}

// Every shipped drawing fits a landscape letter page, 11 x 8.5 in (792 x 612 pt); the baseline
// fills it (it was 2,161 x 1,288 pt).
TEST(NetworkCli, GraphFitsALandscapePage) {
  if (std::system("command -v dot >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "Graphviz's dot is not installed";
  const std::regex size(R"(<svg width="([0-9.]+)pt" height="([0-9.]+)pt")");
  for (const auto& file : shipped_scenarios()) {
    const auto r = run_cli("graph --format svg " + file);
    ASSERT_EQ(r.status, 0) << file << r.err;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(r.out, m, size)) << file;
    const double width = std::stod(m[1]), height = std::stod(m[2]);
    EXPECT_LE(width, 792) << file;
    EXPECT_LE(height, 612) << file;
    if (file == "scenarios/baseline.yaml") {
      EXPECT_GE(std::max(width / 792, height / 612), 0.95) << width << " x " << height;
    }
  }
}

TEST(NetworkCli, GraphWritesPng) {
  if (std::system("command -v dot >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "Graphviz's dot is not installed";
  const std::string magic = "\x89PNG\r\n\x1a\n";
  const auto r = run_cli("graph --format png scenarios/baseline.yaml");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, 8), magic);
  EXPECT_GT(r.out.size(), 10000u);
  const auto dir = testing::temp_dir("graph-png");
  const auto out = run_cli("graph --format png --out " + (dir / "baseline.png").string() +
                           " scenarios/baseline.yaml");
  EXPECT_EQ(out.status, 0) << out.err;
  EXPECT_EQ(out.out, "");
  EXPECT_EQ(read_file(dir / "baseline.png"), r.out);
  const auto gif = run_cli("graph --format gif scenarios/baseline.yaml");
  EXPECT_EQ(gif.status, 2);
  EXPECT_NE(gif.err.find("--format: gif not in {dot,svg,png}"), std::string::npos) << gif.err;
  fs::remove_all(dir);
}

TEST(NetworkCli, GraphDrawsABrokenNetworkAndNamesTheProblem) {
  const auto r = run_cli("graph scenarios/invalid/network_closed_loop.yaml");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("digraph G {", 0), 0u);
  EXPECT_NE(r.out.find("the traffic equations have no solution (a closed loop)"),
            std::string::npos);
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
