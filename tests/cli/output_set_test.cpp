// The CLI's output sets end to end: whole or absent after a kill or a full disk, no stale file
// after --no-daily, the lock, manifest.json, and names quoted in daily.csv (a leading '=' too).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "continuum/output/manifest.hpp"
#include "continuum/output/sha256.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::run_cli;
using testing::temp_dir;

const std::string kRun = "run scenarios/validation/mmc.yaml --replications 2 --threads 1 --out ";

// Every file of a directory by name, with its bytes.
std::map<std::string, std::string> files_of(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::directory_iterator(dir))
    files[e.path().filename().string()] = read_file(e.path());
  return files;
}

// The names in `dir` that start with `prefix`.
int count_prefixed(const fs::path& dir, const std::string& prefix) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(dir))
    n += e.path().filename().string().rfind(prefix, 0) == 0;
  return n;
}

// Runs the CLI with CONTINUUM_TEST_FAIL_AT (the output stage's test hook) set to `step`.
testing::CommandResult run_failing_at(const std::string& step, const std::string& args) {
  ::setenv("CONTINUUM_TEST_FAIL_AT", step.c_str(), 1);
  auto r = run_cli(args);
  ::unsetenv("CONTINUUM_TEST_FAIL_AT");
  return r;
}

TEST(OutputSet, AKillBetweenRenamesLeavesThePreviousSetWhole) {
  const auto dir = temp_dir("killed");
  ASSERT_EQ(run_cli(kRun + (dir / "out").string()).status, 0);
  const auto before = files_of(dir / "out");
  ASSERT_EQ(before.size(), 4u);  // summary.json, daily.csv, report.html, manifest.json
  const auto r = run_failing_at("rename", kRun + (dir / "out").string() + " --seed 9 --no-daily");
  EXPECT_TRUE(r.status == -1 || r.status == 128 + 9) << r.status;  // killed by SIGKILL
  EXPECT_EQ(files_of(dir / "out"), before);
  EXPECT_EQ(count_prefixed(dir, ".out.tmp-"), 1);  // the dead run's complete new set
  // The next run into the directory removes it.
  ASSERT_EQ(run_cli(kRun + (dir / "out").string()).status, 0);
  EXPECT_EQ(count_prefixed(dir, ".out."), 0);
  EXPECT_EQ(files_of(dir / "out"), before);
  fs::remove_all(dir);
}

TEST(OutputSet, AKillAfterTheSwapLeavesTheNewSetWhole) {
  const auto dir = temp_dir("killed-after");
  ASSERT_EQ(run_cli(kRun + (dir / "out").string()).status, 0);
  const auto r = run_failing_at("remove", kRun + (dir / "out").string() + " --no-daily");
  EXPECT_TRUE(r.status == -1 || r.status == 128 + 9) << r.status;
  const auto after = files_of(dir / "out");
  EXPECT_EQ(after.size(), 3u);
  EXPECT_EQ(after.count("daily.csv"), 0u);
  fs::remove_all(dir);
}

TEST(OutputSet, AFullDiskLeavesThePreviousSetWholeAndNoTemporaryDirectory) {
  const auto dir = temp_dir("full");
  ASSERT_EQ(run_cli(kRun + (dir / "out").string()).status, 0);
  const auto before = files_of(dir / "out");
  const auto r = run_failing_at("write", kRun + (dir / "out").string() + " --seed 9");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "continuum: error: " + (dir / "out").string() +
                       ": cannot write daily.csv: No space left on device "
                       "(CONTINUUM_TEST_FAIL_AT); " +
                       (dir / "out").string() + " is unchanged\n");
  EXPECT_EQ(files_of(dir / "out"), before);
  EXPECT_EQ(count_prefixed(dir, "."), 0);
  fs::remove_all(dir);
}

TEST(OutputSet, NoDailyAfterANormalRunLeavesNoDailyCsv) {
  const auto dir = temp_dir("no-daily");
  ASSERT_EQ(run_cli(kRun + (dir / "out").string()).status, 0);
  ASSERT_TRUE(fs::exists(dir / "out" / "daily.csv"));
  ASSERT_EQ(run_cli(kRun + (dir / "out").string() + " --no-daily").status, 0);
  EXPECT_FALSE(fs::exists(dir / "out" / "daily.csv"));
  EXPECT_TRUE(fs::exists(dir / "out" / "summary.json"));
  fs::remove_all(dir);
}

TEST(OutputSet, ASecondRunIntoALockedDirectoryIsRefusedAtOnce) {
  const auto dir = temp_dir("locked");
  // This process plays the first run: it holds the lock the CLI takes.
  const int fd = ::open((dir / "out.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  for (const std::string& args :
       {kRun, std::string("compare scenarios/baseline.yaml scenarios/evening_iop.yaml --out "),
        std::string("sweep scenarios/validation/mmc.yaml --set "
                    "levels.clinic.capacity=10,11 --out ")}) {
    const auto r = run_cli(args + (dir / "out").string());
    EXPECT_EQ(r.status, 1) << args;
    EXPECT_EQ(r.out, "") << args;
    EXPECT_EQ(r.err, "continuum: error: " + (dir / "out").string() +
                         ": another continuum run is writing into this directory; wait for it "
                         "to end or choose another --out\n")
        << args;
    EXPECT_FALSE(fs::exists(dir / "out")) << args;
  }
  ::close(fd);  // released: the next run goes ahead
  EXPECT_EQ(run_cli(kRun + (dir / "out").string()).status, 0);
  fs::remove_all(dir);
}

// Every file under `dir`, by its path relative to `dir`, with its bytes (directories as "<dir>").
std::map<std::string, std::string> tree_of(const fs::path& dir) {
  std::map<std::string, std::string> tree;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    tree[fs::relative(e.path(), dir).string()] =
        e.is_directory() ? std::string("<dir>") : read_file(e.path());
  return tree;
}

TEST(OutputSet, APreviousSetWithTheUsersFilesBesideItIsNotReplaced) {
  const auto dir = temp_dir("users-files");
  const std::string out = (dir / "out").string();
  ASSERT_EQ(run_cli(kRun + out).status, 0);
  std::ofstream(dir / "out" / "notes.txt") << "my notes";
  fs::create_directories(dir / "out" / "charts");
  std::ofstream(dir / "out" / "charts" / "fig1.png") << "png";
  const auto before = tree_of(dir / "out");
  for (const std::string& args :
       {kRun, std::string("compare scenarios/baseline.yaml scenarios/evening_iop.yaml --out "),
        std::string("sweep scenarios/validation/mmc.yaml --set "
                    "levels.clinic.capacity=10,11 --out ")}) {
    const auto r = run_cli(args + out);
    EXPECT_EQ(r.status, 1) << args;
    EXPECT_EQ(r.out, "") << args;
    EXPECT_EQ(r.err, "continuum: error: " + out +
                         ": not replaced: it holds 'charts', which continuum did not write; "
                         "choose another --out or move it\n")
        << args;
    EXPECT_EQ(tree_of(dir / "out"), before) << args;
  }
  fs::remove_all(dir / "out" / "charts");
  const auto r = run_cli(kRun + out);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "continuum: error: " + out +
                       ": not replaced: it holds 'notes.txt', which continuum did not write; "
                       "choose another --out or move it\n");
  fs::remove(dir / "out" / "notes.txt");
  EXPECT_EQ(run_cli(kRun + out).status, 0);  // the set alone is replaced as before
  fs::remove_all(dir);
}

// An --out inside another output set would become a folder that set does not list, so the set
// could no longer be replaced ("it holds 'sub', which continuum did not write"): refused before
// anything is created (no folder, no lock file), exit 1 as every refused --out, by run, compare
// and sweep; the outer set stays replaceable.
TEST(OutputSet, AnOutInsideAnotherOutputSetIsRefused) {
  const auto dir = temp_dir("nested");
  const std::string k2 = (dir / "k2").string();
  ASSERT_EQ(run_cli(kRun + k2).status, 0);
  const auto before = tree_of(dir / "k2");
  for (const std::string& inner : {k2 + "/sub", k2 + "/a/b"}) {
    for (const std::string& args :
         {kRun, std::string("compare scenarios/baseline.yaml scenarios/evening_iop.yaml --out "),
          std::string("sweep scenarios/validation/mmc.yaml --set "
                      "levels.clinic.capacity=10,11 --out ")}) {
      const auto r = run_cli(args + inner);
      EXPECT_EQ(r.status, 1) << args << inner;
      EXPECT_EQ(r.out, "") << args << inner;
      EXPECT_EQ(r.err, "continuum: error: " + inner + ": is inside " + k2 +
                           ", another continuum output set, which could then no longer be "
                           "replaced; choose an --out outside it\n")
          << args << inner;
      EXPECT_EQ(tree_of(dir / "k2"), before) << args << inner;
    }
  }
  EXPECT_FALSE(fs::exists(dir / "k2" / "sub"));
  EXPECT_FALSE(fs::exists(dir / "k2" / "sub.lock"));
  EXPECT_FALSE(fs::exists(dir / "k2" / "a"));
  EXPECT_EQ(run_cli(kRun + k2 + " --seed 9").status, 0);  // still replaceable
  fs::remove_all(dir);
}

TEST(OutputSet, ADirectoryWithAnotherProgramsManifestIsNotReplaced) {
  const auto dir = temp_dir("web-app");
  const std::string out = (dir / "app").string();
  fs::create_directories(dir / "app" / "src");
  std::ofstream(dir / "app" / "manifest.json") << R"({"name": "My app", "start_url": "/"})";
  std::ofstream(dir / "app" / "index.html") << "<html></html>";
  std::ofstream(dir / "app" / "src" / "app.js") << "main();";
  const auto before = tree_of(dir / "app");
  const auto r = run_cli(kRun + out);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "continuum: error: " + out +
                       ": not replaced: its manifest.json is not one continuum wrote; choose "
                       "another --out\n");
  EXPECT_EQ(tree_of(dir / "app"), before);
  // A continuum manifest does not vouch for a file it does not list.
  std::ofstream(dir / "app" / "manifest.json", std::ios::trunc)
      << manifest_json({{"continuum"}, {}, 1, 1}, {{"summary.json", "{}"}});
  fs::remove_all(dir / "app" / "src");
  fs::remove(dir / "app" / "index.html");
  std::ofstream(dir / "app" / "summary.json") << "{}";
  std::ofstream(dir / "app" / "daily.csv") << "day\n";
  const auto r2 = run_cli(kRun + out);
  EXPECT_EQ(r2.status, 1);
  EXPECT_EQ(r2.err, "continuum: error: " + out +
                        ": not replaced: it holds 'daily.csv', which continuum did not write; "
                        "choose another --out or move it\n");
  EXPECT_EQ(read_file(dir / "app" / "daily.csv"), "day\n");
  fs::remove_all(dir);
}

TEST(OutputSet, ManifestListsEveryFileAndIsTheSameForTheSameRun) {
  const auto dir = temp_dir("manifest");
  const std::string args = kRun + (dir / "out").string() + " --seed 11";
  ASSERT_EQ(run_cli(args).status, 0);
  const std::string first = read_file(dir / "out" / "manifest.json");
  const auto j = nlohmann::json::parse(first);
  EXPECT_EQ(j["command_line"], nlohmann::json({"continuum", "run", "scenarios/validation/mmc.yaml",
                                               "--replications", "2", "--threads", "1", "--out",
                                               (dir / "out").string(), "--seed", "11"}));
  EXPECT_EQ(j["scenarios"][0]["path"], "scenarios/validation/mmc.yaml");
  EXPECT_EQ(j["scenarios"][0]["sha256"],
            sha256_hex(read_file(testing::source_path("scenarios/validation/mmc.yaml"))));
  EXPECT_EQ(j["seed"], 11);
  EXPECT_EQ(j["replications"], 2);
  auto files = files_of(dir / "out");
  files.erase("manifest.json");
  ASSERT_EQ(j["files"].size(), files.size());
  for (const auto& f : j["files"]) {
    const std::string name = f["name"];
    ASSERT_EQ(files.count(name), 1u) << name;
    EXPECT_EQ(f["bytes"], files[name].size()) << name;
    EXPECT_EQ(f["sha256"], sha256_hex(files[name])) << name;
  }
  ASSERT_EQ(run_cli(args).status, 0);
  EXPECT_EQ(read_file(dir / "out" / "manifest.json"), first);
  fs::remove_all(dir);
}

TEST(OutputSet, CompareAndSweepWriteAManifest) {
  const auto dir = temp_dir("manifest-experiments");
  ASSERT_EQ(run_cli("compare scenarios/baseline.yaml scenarios/evening_iop.yaml --replications 2 "
                    "--seed 5 --out " +
                    (dir / "c").string())
                .status,
            0);
  const auto c = nlohmann::json::parse(read_file(dir / "c" / "manifest.json"));
  ASSERT_EQ(c["scenarios"].size(), 2u);
  EXPECT_EQ(c["scenarios"][1]["path"], "scenarios/evening_iop.yaml");
  EXPECT_EQ(c["scenarios"][1]["sha256"],
            sha256_hex(read_file(testing::source_path("scenarios/evening_iop.yaml"))));
  EXPECT_EQ(c["seed"], 5);
  EXPECT_EQ(c["files"].size(), 3u);  // comparison.json, comparison.csv, report.html
  ASSERT_EQ(run_cli("sweep scenarios/validation/mmc.yaml --set levels.clinic.capacity=10,11 "
                    "--replications 2 --out " +
                    (dir / "s").string())
                .status,
            0);
  const auto j = nlohmann::json::parse(read_file(dir / "s" / "manifest.json"));
  EXPECT_EQ(j["files"][0]["name"], "sweep.csv");
  EXPECT_EQ(j["files"][1]["name"], "report.html");
  EXPECT_EQ(j["seed"], 7);  // the scenario's
  fs::remove_all(dir);
}

TEST(OutputSet, ALevelNameWithACommaIsQuotedInDailyCsv) {
  const auto dir = temp_dir("comma");
  std::ofstream(dir / "comma.yaml") << "name: comma\n"
                                       "horizon_days: 3\n"
                                       "replications: 1\n"
                                       "seed: 1\n"
                                       "arrivals:\n"
                                       "  - name: referrals\n"
                                       "    rate_per_day: 2\n"
                                       "    entry: {\"detox, inpatient\": 1}\n"
                                       "levels:\n"
                                       "  \"detox, inpatient\":\n"
                                       "    capacity: 2\n"
                                       "    length_of_stay: {distribution: exponential, mean: 1}\n";
  const auto r =
      run_cli("run " + (dir / "comma.yaml").string() + " --out " + (dir / "out").string());
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string daily = read_file(dir / "out" / "daily.csv");
  const std::string row1 = daily.substr(daily.find('\n') + 1);
  EXPECT_EQ(row1.substr(0, row1.find('\n')).rfind("0,\"detox, inpatient\",", 0), 0u) << row1;
  fs::remove_all(dir);
}

// A level named "=1+2" reached daily.csv as the row 0,=1+2,... which a spreadsheet evaluates to 3:
// its cell is written '=1+2 (csv_field's formula prefix), as are the stream's and the level's in
// trace.csv; the numbers beside it are unchanged.
TEST(OutputSet, ALevelNameAFormulaWouldStartIsTextInTheCsvFiles) {
  const auto dir = temp_dir("formula");
  std::ofstream(dir / "formula.yaml") << "name: formula\n"
                                         "horizon_days: 3\n"
                                         "replications: 1\n"
                                         "seed: 1\n"
                                         "arrivals:\n"
                                         "  - name: \"@refs\"\n"
                                         "    rate_per_day: 2\n"
                                         "    entry: {\"=1+2\": 1}\n"
                                         "levels:\n"
                                         "  \"=1+2\":\n"
                                         "    capacity: 2\n"
                                         "    length_of_stay: {distribution: fixed, value: 1}\n";
  const auto r = run_cli("run " + (dir / "formula.yaml").string() + " --out " +
                         (dir / "out").string() + " --trace " + (dir / "trace.csv").string());
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string daily = read_file(dir / "out" / "daily.csv");
  std::size_t rows = 0;
  for (std::size_t at = daily.find('\n'); at + 1 < daily.size(); at = daily.find('\n', at + 1)) {
    const std::string row = daily.substr(at + 1, daily.find('\n', at + 1) - at - 1);
    EXPECT_EQ(row.rfind(std::to_string(rows) + ",'=1+2,", 0), 0u) << row;
    ++rows;
  }
  EXPECT_EQ(rows, 3u) << daily;
  const std::string trace = read_file(dir / "trace.csv");
  EXPECT_NE(trace.find(",'@refs"), std::string::npos) << trace;
  EXPECT_NE(trace.find(",'=1+2"), std::string::npos) << trace;
  EXPECT_EQ(trace.find(",=1+2"), std::string::npos) << trace;
  EXPECT_EQ(trace.find(",@refs"), std::string::npos) << trace;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace continuum
