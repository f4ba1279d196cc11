// The MPI executor end to end (registered only when built with CONTINUUM_MPI): `mpirun -np 2`
// gives the same output files, byte for byte, as the threaded run on one machine (and `size` the
// same search), and a rank that fails (throws, or crashes) ends the run with a message naming
// the rank and the (variant, replication) and writes nothing. The failures come of the test hook
// CONTINUUM_MPI_TEST_FAIL=RANK:throw|abort (experiment/mpi_executor.hpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace continuum {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::temp_dir;

// `continuum ARGS` run in `cwd`, under `mpirun -np RANKS` when RANKS > 0 (as root in CI
// containers, more ranks than cores allowed, each rank free to use every core), with ENV (e.g.
// "VAR=value") in its environment, and RANK_ENV in continuum's alone (not mpirun's). Run in two
// directories with the same ARGS and a relative --out, a threaded and an MPI run write the same
// manifest.json (it records the command line).
testing::CommandResult run_in(const fs::path& cwd, int ranks, const std::string& args,
                              const std::string& env = "", const std::string& rank_env = "") {
  std::string line = "cd " + cwd.string() + " && ";
  if (!env.empty()) line += "env " + env + " ";
  if (ranks > 0)
    line += std::string(CONTINUUM_MPIEXEC) +
            " --allow-run-as-root --oversubscribe --bind-to none -np " + std::to_string(ranks) +
            " ";
  if (!rank_env.empty()) line += "env " + rank_env + " ";
  const fs::path io = temp_dir("mpi-io");
  line += std::string(CONTINUUM_BINARY) + " " + args + " >" + (io / "out").string() + " 2>" +
          (io / "err").string() + " </dev/null";
  const int raw = std::system(line.c_str());
  testing::CommandResult r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = read_file(io / "out");
  r.err = read_file(io / "err");
  fs::remove_all(io);
  return r;
}

// The files of a directory, by name; each compared byte for byte.
void expect_same_files(const fs::path& a, const fs::path& b) {
  std::vector<std::string> names_a, names_b;
  for (const auto& e : fs::directory_iterator(a))
    names_a.push_back(e.path().filename().string());
  for (const auto& e : fs::directory_iterator(b))
    names_b.push_back(e.path().filename().string());
  std::sort(names_a.begin(), names_a.end());
  std::sort(names_b.begin(), names_b.end());
  ASSERT_EQ(names_a, names_b);
  ASSERT_FALSE(names_a.empty());
  for (const auto& name : names_a) {
    const std::string fa = read_file(a / name), fb = read_file(b / name);
    EXPECT_FALSE(fa.empty()) << name;
    EXPECT_TRUE(fa == fb) << name << " differs between the threaded and the MPI run";
  }
}

// Scenario paths are absolute: the runs are made in their own directories.
const std::string kCompare = "compare " + testing::source_path("scenarios/baseline.yaml") + " " +
                             testing::source_path("scenarios/more_residential_beds.yaml") +
                             " --replications 6 --threads 2 --out out";
const std::string kSweep = "sweep " + testing::source_path("scenarios/validation/mmc.yaml") +
                           " --set levels.clinic.capacity=9:12:1 --replications 5 --out out";

// run on two ranks with every replication's daily series spilled on rank 0 as it comes back
// (CONTINUUM_DAILY_MEMORY_BUDGET=0; any arrival order) writes the files of a threaded run kept
// in memory, byte for byte.
TEST(MpiCli, RunOnTwoRanksWithSpilledDailySeriesWritesTheThreadedRunsBytes) {
  const fs::path dir = temp_dir("mpi-spill");
  fs::create_directories(dir / "threads");
  fs::create_directories(dir / "mpi");
  const std::string run = "run " + testing::source_path("scenarios/baseline.yaml") +
                          " --replications 6 --threads 2 --out out";
  const auto threaded = run_in(dir / "threads", 0, run);
  ASSERT_EQ(threaded.status, 0) << threaded.err;
  const auto mpi = run_in(dir / "mpi", 2, run, "CONTINUUM_DAILY_MEMORY_BUDGET=0");
  ASSERT_EQ(mpi.status, 0) << mpi.err;
  expect_same_files(dir / "threads" / "out", dir / "mpi" / "out");
  fs::remove_all(dir);
}

// run --precision on two ranks: every rank decides each next batch from the results' counters
// (the result store is not used there), and the files are the threaded run's, whose results went
// through a spilled store (CONTINUUM_RESULT_MEMORY_BUDGET=0).
TEST(MpiCli, RunToPrecisionOnTwoRanksWritesTheThreadedRunsBytes) {
  const fs::path dir = temp_dir("mpi-precision");
  fs::create_directories(dir / "threads");
  fs::create_directories(dir / "mpi");
  const std::string run = "run " + testing::source_path("scenarios/baseline.yaml") +
                          " --replications 3 --precision 0.3 --max-replications 9 --threads 1 "
                          "--out out";
  const auto threaded = run_in(dir / "threads", 0, run, "CONTINUUM_RESULT_MEMORY_BUDGET=0");
  ASSERT_EQ(threaded.status, 0) << threaded.err;
  const auto mpi = run_in(dir / "mpi", 2, run, "CONTINUUM_RESULT_MEMORY_BUDGET=0");
  ASSERT_EQ(mpi.status, 0) << mpi.err;
  expect_same_files(dir / "threads" / "out", dir / "mpi" / "out");
  fs::remove_all(dir);
}

TEST(MpiCli, CompareOnTwoRanksWritesTheThreadedRunsBytes) {
  const fs::path dir = temp_dir("mpi-compare");
  fs::create_directories(dir / "threads");
  fs::create_directories(dir / "mpi");
  const auto threaded = run_in(dir / "threads", 0, kCompare);
  ASSERT_EQ(threaded.status, 0) << threaded.err;
  const auto mpi = run_in(dir / "mpi", 2, kCompare, "CONTINUUM_MPI_REPORT=1");  // 2 x 2 threads
  ASSERT_EQ(mpi.status, 0) << mpi.err;
  // Both ranks simulated some of the 12 replications, and rank 1's came back as bytes.
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      mpi.err, m,
      std::regex("^continuum: mpi: 12 replications of 2 variants on 2 ranks: rank 0 ([0-9]+), "
                 "rank 1 ([0-9]+); gathered ([0-9]+) bytes \\(([0-9]+) per replication\\), "
                 "broadcast ([0-9]+) bytes\n$")))
      << mpi.err;
  EXPECT_EQ(std::stoi(m[1]) + std::stoi(m[2]), 12);
  EXPECT_GT(std::stoi(m[2]), 0);
  EXPECT_GT(std::stol(m[4]), 1000);
  expect_same_files(dir / "threads" / "out", dir / "mpi" / "out");
  // Rank 0 alone prints: the table once, as the threaded run prints it (the time aside).
  const auto table = [](const std::string& out) {
    return out.substr(0, out.rfind("scenarios in"));
  };
  EXPECT_EQ(table(mpi.out), table(threaded.out));
  EXPECT_NE(table(mpi.out).find("more-residential-beds"), std::string::npos) << mpi.out;
  fs::remove_all(dir);
}

// Open MPI is in libcontinuum_mpi.so, loaded only under a launcher: the dynamic loader's log
// (LD_DEBUG=files, on stderr) of a plain run names no library of Open MPI; under mpirun it names
// the module and libmpi (the same check sees them when they are there).
TEST(MpiCli, PlainRunDoesNotLoadOpenMpi) {
  const fs::path dir = temp_dir("mpi-lazy");
  const std::string run = "run " + testing::source_path("scenarios/validation/mmc.yaml") +
                          " --replications 2 --threads 1 --quiet --out out";
  const auto plain = run_in(dir, 0, run, "LD_DEBUG=files");
  ASSERT_EQ(plain.status, 0) << plain.err;
  EXPECT_NE(plain.err.find("file=libstdc++"), std::string::npos) << plain.err;  // the log is there
  for (const char* library : {"libcontinuum_mpi", "libmpi", "libopen-pal", "libhwloc", "libevent"})
    EXPECT_EQ(plain.err.find(library), std::string::npos) << library << " loaded:\n" << plain.err;
  // One rank under mpirun; LD_DEBUG set for continuum only, not for mpirun itself.
  const auto launched = run_in(dir, 1, run + " --force", "", "LD_DEBUG=files");
  ASSERT_EQ(launched.status, 0) << launched.err;
  EXPECT_NE(launched.err.find("/libcontinuum_mpi.so [0];  dynamically loaded by"),
            std::string::npos)
      << launched.err;
  EXPECT_NE(launched.err.find("file=libmpi.so"), std::string::npos) << launched.err;
  fs::remove_all(dir);
}

TEST(MpiCli, SweepOnTwoRanksWritesTheThreadedRunsBytes) {
  const fs::path dir = temp_dir("mpi-sweep");
  fs::create_directories(dir / "threads");
  fs::create_directories(dir / "mpi");
  const auto threaded = run_in(dir / "threads", 0, kSweep + " --threads 1");
  ASSERT_EQ(threaded.status, 0) << threaded.err;
  const auto mpi = run_in(dir / "mpi", 2, kSweep + " --threads 1");
  ASSERT_EQ(mpi.status, 0) << mpi.err;
  expect_same_files(dir / "threads" / "out", dir / "mpi" / "out");
  EXPECT_EQ(mpi.err, "");
  fs::remove_all(dir);
}

TEST(MpiCli, SizeOnTwoRanksPrintsTheThreadedSearch) {
  const fs::path dir = temp_dir("mpi-size");
  const std::string size = "size " + testing::source_path("scenarios/baseline.yaml") +
                           " --level iop --level residential --target p90_wait_days\\<=14 "
                           "--replications 3 --threads 1 --json";
  const auto threaded = run_in(dir, 0, size);
  ASSERT_EQ(threaded.status, 0) << threaded.err;
  const auto mpi = run_in(dir, 2, size);
  ASSERT_EQ(mpi.status, 0) << mpi.err;
  // The same search, step for step: the JSON but for its "seconds".
  const std::regex seconds("\"seconds\": [0-9.e+-]+");
  const std::string a = std::regex_replace(threaded.out, seconds, "");
  EXPECT_NE(a.find("\"recommendation\""), std::string::npos) << a;
  EXPECT_EQ(std::regex_replace(mpi.out, seconds, ""), a);
  EXPECT_EQ(mpi.err, "");
  fs::remove_all(dir);
}

TEST(MpiCli, RankThatThrowsEndsTheRunNamingRankAndJobWritingNothing) {
  const fs::path dir = temp_dir("mpi-throw");
  const auto r = run_in(dir, 2, kSweep + " --threads 1", "CONTINUUM_MPI_TEST_FAIL=1:throw");
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(std::regex_search(
      r.err, std::regex("continuum: error: rank 1 failed simulating variant [0-3] "
                        "\\('validation-mmc'\\), replication [0-4]: test failure "
                        "\\(CONTINUUM_MPI_TEST_FAIL\\)\n")))
      << r.err;
  EXPECT_FALSE(fs::exists(dir / "out"));
  EXPECT_FALSE(fs::exists(dir / "out.lock"));
  EXPECT_EQ(r.out, "");
  fs::remove_all(dir);
}

TEST(MpiCli, RankThatCrashesEndsTheRunNamingRankAndJobWritingNothing) {
  const fs::path dir = temp_dir("mpi-crash");
  const auto r = run_in(dir, 2, kSweep + " --threads 1", "CONTINUUM_MPI_TEST_FAIL=1:abort");
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(std::regex_search(
      r.err, std::regex("continuum: error: rank 1 crashed while simulating variant [0-3] "
                        "\\('validation-mmc'\\), replication [0-4] \\(aborted\\)\n")))
      << r.err;
  EXPECT_FALSE(fs::exists(dir / "out"));
  EXPECT_EQ(r.out, "");
  fs::remove_all(dir);
}

TEST(MpiCli, InputErrorIsPrintedOnceByRankZeroWithStatus2) {
  const fs::path dir = temp_dir("mpi-input");
  const auto r = run_in(
      dir, 2, "run " + testing::source_path("scenarios/invalid/unknown_key.yaml") + " --out out");
  EXPECT_EQ(r.status, 2);
  const std::string message = "unknown_key.yaml:11:5: error: levels.detox: unknown key 'capacty'";
  const auto first = r.err.find(message);
  ASSERT_NE(first, std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(message, first + 1), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "out"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace continuum
