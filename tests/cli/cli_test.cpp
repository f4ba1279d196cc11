// The command line end to end: bad input (exact messages, exit status 2, nothing written),
// valid scenarios, output files, and byte-identical results whatever the thread count.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_support.hpp"

namespace continuum {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::run_cli;
using testing::source_path;
using testing::temp_dir;

// Each file in scenarios/invalid/ says in `# expect: LINE:COL: error: ...` comments which
// messages it must produce, all of them and nothing else.
TEST(Cli, InvalidScenariosGiveTheirExactMessages) {
  const auto files = testing::yaml_files("scenarios/invalid");
  ASSERT_GE(files.size(), 10u);
  for (const auto& file : files) {
    std::string expected;
    std::istringstream lines(read_file(source_path(file)));
    for (std::string line; std::getline(lines, line);)
      if (line.rfind("# expect: ", 0) == 0) expected += file + ":" + line.substr(10) + "\n";
    ASSERT_FALSE(expected.empty()) << file << " has no '# expect:' line";
    const auto r = run_cli("validate " + file);
    EXPECT_EQ(r.status, 2) << file;
    // Warnings may come too; every error line must be expected and every expected line seen.
    std::string errors;
    std::istringstream err(r.err);
    for (std::string line; std::getline(err, line);)
      if (line.find(": error: ") != std::string::npos) errors += line + "\n";
    std::string expected_errors;
    std::istringstream exp(expected);
    for (std::string line; std::getline(exp, line);)
      if (line.find(": error: ") != std::string::npos) expected_errors += line + "\n";
    EXPECT_EQ(errors, expected_errors) << file;
    for (std::istringstream e2(expected); std::getline(e2, expected);)
      EXPECT_NE(r.err.find(expected), std::string::npos) << file << ": missing " << expected;
  }
}

TEST(Cli, RunOnBadInputWritesNothing) {
  const auto dir = temp_dir("bad-input");
  for (const auto& file : testing::yaml_files("scenarios/invalid")) {
    const auto r = run_cli("run " + file + " --out " + (dir / "out").string());
    EXPECT_EQ(r.status, 2) << file;
    EXPECT_EQ(r.out, "") << file;
    EXPECT_FALSE(fs::exists(dir / "out")) << file;
  }
  fs::remove_all(dir);
}

TEST(Cli, MissingFileAndBadArguments) {
  auto r = run_cli("validate no/such/file.yaml");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "no/such/file.yaml: error: cannot open the scenario file\n");
  r = run_cli("run scenarios/baseline.yaml --replications 0");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--replications"), std::string::npos) << r.err;
  r = run_cli("frobnicate");
  EXPECT_EQ(r.status, 2);
}

// compare takes 2 or more scenarios and its help says so; run's help keeps every description in
// its column, wrapped at 100 columns (an option longer than the column has it on the next line).
TEST(Cli, HelpSaysTwoOrMoreAndKeepsDescriptionsInTheirColumn) {
  auto r = run_cli("compare --help");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find(" compare [OPTIONS] scenarios...\n"), std::string::npos) << r.out;
  EXPECT_NE(
      r.out.find("\n  scenarios TEXT ... (2 or more) REQUIRED\n"
                 "                              Scenario files; the first is the reference\n"),
      std::string::npos)
      << r.out;
  r = run_cli("run --help");
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string indent(30, ' ');
  EXPECT_NE(
      r.out.find("\n  --precision-metrics TEXT Needs: --precision\n" + indent +
                 "Metrics --precision watches, comma-separated: levels.L.METRIC,\n" + indent +
                 "system.METRIC, costs.COST (default: each level's mean and p90 wait,\n" + indent +
                 "mean waitlist and utilization, lost to care per day, total cost)\n"
                 "  --max-replications INT:INT in [1 - 100000] Needs: --precision\n" +
                 indent + "The cap of --precision (default: 1000)\n"),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\n  --no-daily                  Do not record or write daily.csv\n"),
            std::string::npos);
  std::size_t widest = 0;
  for (std::size_t at = 0, end; at < r.out.size(); at = end + 1) {
    end = std::min(r.out.find('\n', at), r.out.size());
    const std::string line = r.out.substr(at, end - at);
    if (line.rfind("  --", 0) != 0 && line.rfind(indent, 0) != 0) continue;
    if (line.rfind("  --", 0) == 0 && line.size() > 30 && line[29] == ' ' && line[30] != ' ')
      widest = std::max(widest, line.size());  // an option with its description on its line
    if (line.rfind(indent, 0) == 0) widest = std::max(widest, line.size());
  }
  EXPECT_LE(widest, 100u) << r.out;
  // 4 scenarios are taken (README compares 4): the files are read (the first is missing here);
  // 1 is refused.
  r = run_cli("compare no/a.yaml no/b.yaml no/c.yaml no/d.yaml");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "no/a.yaml: error: cannot open the scenario file\n");
  r = run_cli("compare scenarios/baseline.yaml");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("scenarios: At least 2 required but received 1"), std::string::npos)
      << r.err;
}

TEST(Cli, EveryShippedScenarioIsValid) {
  auto files = testing::yaml_files("scenarios");
  for (const auto& f : testing::yaml_files("scenarios/validation"))
    files.push_back(f);
  ASSERT_GE(files.size(), 5u);
  for (const auto& file : files) {
    const auto r = run_cli("validate " + file);
    EXPECT_EQ(r.status, 0) << file << "\n" << r.err;
    EXPECT_EQ(r.err.find("error"), std::string::npos) << r.err;
  }
}

TEST(Cli, RunWritesSummaryAndDaily) {
  const auto dir = temp_dir("run");
  const auto r =
      run_cli("run scenarios/validation/mmc.yaml --replications 4 --out " + (dir / "mmc").string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("clinic"), std::string::npos);
  const auto summary = nlohmann::json::parse(read_file(dir / "mmc" / "summary.json"));
  EXPECT_EQ(summary["schema_version"], 1);
  EXPECT_EQ(summary["scenario"]["replications"], 4);
  for (const char* metric :
       {"admissions_per_day", "mean_census", "utilization", "mean_waitlist", "mean_wait_days",
        "p90_wait_days", "abandonment_fraction", "turned_away_fraction", "completions_per_day",
        "dropouts_per_day", "waiting_at_end", "in_care_at_end"}) {
    const auto& m = summary["levels"]["clinic"][metric];
    EXPECT_TRUE(m["mean"].is_number()) << metric;
    EXPECT_EQ(m["ci95"].size(), 2u) << metric;
  }
  for (const char* metric : {"arrivals_per_day", "relapses_per_day", "lost_to_care_per_day",
                             "mean_days_to_first_admission"})
    EXPECT_TRUE(summary["system"][metric]["mean"].is_number()) << metric;
  const std::string daily = read_file(dir / "mmc" / "daily.csv");
  EXPECT_EQ(daily.substr(0, daily.find('\n')),
            "day,level,census_mean,census_p10,census_p90,waitlist_mean,waitlist_p10,waitlist_p90");
  EXPECT_EQ(std::count(daily.begin(), daily.end(), '\n'), 1 + 2000);  // header + days x 1 level
  for (const auto& e : fs::directory_iterator(dir / "mmc"))  // no temporary file left behind
    EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos);
  fs::remove_all(dir);
}

TEST(Cli, SameSeedSameBytesWhateverTheThreads) {
  const auto dir = temp_dir("determinism");
  const std::string common = "run scenarios/baseline.yaml --replications 6 --out ";
  ASSERT_EQ(run_cli(common + (dir / "one").string() + " --threads 1").status, 0);
  ASSERT_EQ(run_cli(common + (dir / "two").string() + " --threads 2").status, 0);
  ASSERT_EQ(run_cli(common + (dir / "other").string() + " --threads 2 --seed 43").status, 0);
  EXPECT_EQ(read_file(dir / "one" / "summary.json"), read_file(dir / "two" / "summary.json"));
  EXPECT_EQ(read_file(dir / "one" / "daily.csv"), read_file(dir / "two" / "daily.csv"));
  EXPECT_NE(read_file(dir / "one" / "summary.json"), read_file(dir / "other" / "summary.json"));
  fs::remove_all(dir);
}

// The daily series spilled to a temporary file (CONTINUUM_DAILY_MEMORY_BUDGET=0: every run
// spills), and the rest of the results too (CONTINUUM_RESULT_MEMORY_BUDGET=0), give the same
// bytes as kept in memory: the band in daily.csv, the staffing by class,
// the costs and the warnings in summary.json, on two threads and with --precision. A spill that
// cannot be checked against its directory's free space is refused before anything runs.
TEST(Cli, SpilledDailySeriesSameBytes) {
  const auto dir = temp_dir("spill");
  const std::string common = "run scenarios/baseline.yaml --replications 6 --threads 2 --out ";
  const std::string precision =
      "run scenarios/baseline.yaml --replications 3 --precision 0.3 --max-replications 9 "
      "--threads 2 --out ";
  ASSERT_EQ(run_cli(common + (dir / "memory").string()).status, 0);
  ASSERT_EQ(run_cli(precision + (dir / "memory-precision").string()).status, 0);
  ::setenv("CONTINUUM_DAILY_MEMORY_BUDGET", "0", 1);
  ::setenv("CONTINUUM_RESULT_MEMORY_BUDGET", "0", 1);  // the results spilled too
  ASSERT_EQ(run_cli(common + (dir / "spilled").string()).status, 0);
  ASSERT_EQ(run_cli(precision + (dir / "spilled-precision").string()).status, 0);
  // TMPDIR for the refused run only (run_cli's own files go to the temporary directory).
  const fs::path err = dir / "refused.err";
  const int raw = std::system(("TMPDIR=/no/such/directory " + std::string(CONTINUUM_BINARY) + " " +
                               common + (dir / "refused").string() + " 2>" + err.string())
                                  .c_str());
  const int refused_status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  const std::string refused_err = read_file(err);
  ::unsetenv("CONTINUUM_DAILY_MEMORY_BUDGET");
  ::unsetenv("CONTINUUM_RESULT_MEMORY_BUDGET");
  for (const char* file : {"summary.json", "daily.csv"}) {
    EXPECT_EQ(read_file(dir / "memory" / file), read_file(dir / "spilled" / file)) << file;
    EXPECT_EQ(read_file(dir / "memory-precision" / file),
              read_file(dir / "spilled-precision" / file))
        << file;
  }
  EXPECT_NE(read_file(dir / "memory" / "daily.csv").find('\n'), std::string::npos);
  EXPECT_EQ(refused_status, 2);
  EXPECT_NE(refused_err.find("continuum: error: the daily series ("), std::string::npos)
      << refused_err;
  EXPECT_NE(refused_err.find("the temporary directory /no/such/directory cannot be read"),
            std::string::npos)
      << refused_err;
  EXPECT_FALSE(fs::exists(dir / "refused" / "summary.json"));
  fs::remove_all(dir);
}

// compare, sweep and size run many variants per plan on the thread pool: their files and
// tables are the same bytes with one thread or three.
TEST(Cli, ExperimentsSameBytesWhateverTheThreads) {
  const auto dir = temp_dir("experiment-threads");
  for (const char* threads : {"1", "3"}) {
    const fs::path out = dir / threads;
    auto r = run_cli(
        "compare scenarios/validation/mmc.yaml scenarios/validation/erlang_a.yaml "
        "--replications 4 --threads " +
        std::string(threads) + " --out " + (out / "compare").string());
    ASSERT_EQ(r.status, 0) << r.err;
    r = run_cli(
        "sweep scenarios/validation/mmc.yaml --set levels.clinic.capacity=9:11:1 "
        "--replications 3 --threads " +
        std::string(threads) + " --out " + (out / "sweep").string());
    ASSERT_EQ(r.status, 0) << r.err;
    r = run_cli(
        "size scenarios/validation/mmc.yaml --level clinic --target 'mean_wait_days<=0.05' "
        "--replications 4 --json --threads " +
        std::string(threads));
    ASSERT_EQ(r.status, 0) << r.err;
    std::ofstream(out / "size.json") << r.out.substr(0, r.out.find("\"seconds\""));
  }
  for (const char* file :
       {"compare/comparison.json", "compare/comparison.csv", "sweep/sweep.csv", "size.json"})
    EXPECT_EQ(read_file(dir / "1" / file), read_file(dir / "3" / file)) << file;
  EXPECT_FALSE(read_file(dir / "1" / "size.json").empty());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace continuum
