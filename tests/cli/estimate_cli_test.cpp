// The cost check of run, compare, sweep and size: the blow-up cases of issue 15 are refused at
// once (exit 2, the estimate, nothing written), --force lets a run through, validate prints the
// estimate.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <sys/wait.h>

#include "test_support.hpp"

namespace continuum {
namespace {

using testing::run_cli;

constexpr const char* kRefusal = "continuum: error: run too large (";

// A one-level scenario: `head` (horizon, warm-up, replications), the stream, the level's
// lines after `iop:`, then `tail`.
std::string scenario(const std::string& head, const std::string& stream, const std::string& level,
                     const std::string& tail = "") {
  return "name: blowup\n" + head + "seed: 1\narrivals:\n  - name: a\n    " + stream +
         "\n    entry: {iop: 1}\nlevels:\n  iop:\n" + level + "    next: {exit: 1}\n" + tail;
}

std::string write(const std::filesystem::path& dir, const std::string& name,
                  const std::string& text) {
  const std::filesystem::path path = dir / name;
  std::ofstream(path) << text;
  return path.string();
}

class EstimateCli : public ::testing::Test {
 protected:
  std::filesystem::path dir_ = testing::temp_dir("estimate-cli");
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Refused by `run` with exit 2 and the estimate; nothing written.
  void expect_refused(const std::string& file, const std::string& flags = "") {
    const auto out = dir_ / "out";
    const auto r = run_cli("run " + file + " --out " + out.string() + " " + flags);
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_EQ(r.err.rfind(kRefusal, 0), 0u) << r.err;
    EXPECT_NE(r.err.find("estimate: "), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(out));
  }
};

TEST_F(EstimateCli, HighRateOnASmallNetworkIsRefused) {
  expect_refused(
      write(dir_, "rate.yaml",
            scenario("horizon_days: 3650\nwarmup_days: 0\nreplications: 5\n", "rate_per_day: 36500",
                     "    capacity: 10\n    length_of_stay: {distribution: fixed, "
                     "value: 30}\n")));
}

// Issue 15's case: 10,000 levels over a century (the loader reads them in O(n log n); about 0.7 s
// to the refusal on the development machine, measured, not asserted).
TEST_F(EstimateCli, TenThousandLevelsOverACenturyAreRefused) {
  // A chain iop -> l0 -> l1 -> ... -> l9998 -> exit, so that every level is reached.
  std::string text =
      "name: levels\nhorizon_days: 36500\nwarmup_days: 0\nreplications: 100\nseed: 1\n"
      "arrivals:\n  - name: a\n    rate_per_day: 1\n    entry: {iop: 1}\nlevels:\n";
  for (int l = -1; l < 9999; ++l) {
    const std::string name = l < 0 ? "iop" : "l" + std::to_string(l);
    const std::string next = l == 9998 ? "exit" : "l" + std::to_string(l + 1);
    text += "  " + name + ":\n    capacity: 1\n    length_of_stay: {distribution: fixed, " +
            "value: 1}\n    next: {" + next + ": 1}\n";
  }
  expect_refused(write(dir_, "levels.yaml", text));
}

// The daily outputs count in the estimate: 2,000 levels over ten years in one replication need
// about 1 GB at their peak (measured 1.07 GB), almost all of it daily.csv and its bands.
TEST_F(EstimateCli, TheDailyOutputsCountInTheEstimate) {
  std::string text =
      "name: levels\nhorizon_days: 3650\nwarmup_days: 0\nreplications: 1\nseed: 1\n"
      "arrivals:\n  - name: a\n    rate_per_day: 1\n    entry: {iop: 1}\nlevels:\n";
  for (int l = -1; l < 1999; ++l) {
    const std::string name = l < 0 ? "iop" : "l" + std::to_string(l);
    const std::string next = l == 1998 ? "exit" : "l" + std::to_string(l + 1);
    text += "  " + name + ":\n    capacity: 1\n    length_of_stay: {distribution: fixed, " +
            "value: 1}\n    next: {" + next + ": 1}\n";
  }
  const auto r = run_cli("validate " + write(dir_, "levels.yaml", text));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find(", peak memory 1.1 GiB, "), std::string::npos) << r.out;
}

TEST_F(EstimateCli, AHundredMillionWaitingAreRefused) {
  expect_refused(
      write(dir_, "waiting.yaml",
            scenario("horizon_days: 365\nwarmup_days: 0\nreplications: 5\n", "rate_per_day: 1",
                     "    capacity: 10\n    length_of_stay: {distribution: fixed, "
                     "value: 30}\n    initial_state: {waiting: 100000000}\n")));
}

// An overloaded level (2,000 referrals a day for 10 places a day) with no initial waitlist: the
// waitlist grows by 1,990 a day, 72.6 million over a century, 13.0 GiB at 192 bytes each, so the
// run is refused before it starts, nothing written (what grows with the horizon is counted:
// docs/outputs.md, "Cost estimate").
TEST_F(EstimateCli, AWaitlistGrowingOverACenturyIsRefused) {
  const std::string file =
      write(dir_, "growing.yaml",
            scenario("horizon_days: 36500\nwarmup_days: 0\nreplications: 1\n", "rate_per_day: 2000",
                     "    capacity: 10\n    length_of_stay: {distribution: fixed, value: 1}\n"));
  const auto out = dir_ / "out";
  const auto r = run_cli("run " + file + " --threads 1 --no-daily --out " + out.string());
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_EQ(r.err,
            "continuum: error: run too large (peak memory over the limit of 8 GiB): estimate: "
            "146.0 M events (146.0 M per replication), peak memory 13.0 GiB, 29.2 s on 1 thread; "
            "use fewer replications, a shorter horizon or fewer patients, --no-daily, or --force "
            "to run it anyway\n");
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST_F(EstimateCli, UnlimitedCapacityWithCenturyStaysIsRefused) {
  expect_refused(write(
      dir_, "unlimited.yaml",
      scenario("horizon_days: 36500\nwarmup_days: 0\nreplications: 5\n", "rate_per_day: 36500",
               "    capacity: unlimited\n    length_of_stay: {distribution: "
               "fixed, value: 36500}\n")));
}

TEST_F(EstimateCli, EveryLimitAtItsMaximumIsRefusedByEveryCommand) {
  const std::string file = write(
      dir_, "max.yaml",
      scenario("horizon_days: 36500\nwarmup_days: 36500\nreplications: 1\n", "rate_per_day: 100000",
               "    capacity: 1000000\n    length_of_stay: {distribution: fixed, "
               "value: 1}\n"));
  expect_refused(file, "--replications 100000");
  const std::string other = write(dir_, "other.yaml", "extends: max.yaml\nname: other\n");
  const std::string out = (dir_ / "out").string();
  for (const std::string& command :
       {"compare " + file + " " + other + " --replications 100000 --out " + out,
        "sweep " + file + " --set levels.iop.capacity=1,2 --replications 100000 --out " + out,
        "size " + file + " --level iop --target 'p90_wait_days<=1' --replications 100000"}) {
    const auto r = run_cli(command);
    EXPECT_EQ(r.status, 2) << command << "\n" << r.err;
    EXPECT_EQ(r.err.rfind(kRefusal, 0), 0u) << command << "\n" << r.err;
  }
}

// Refused by the estimate of time (100 replications of 100,000 referrals a day for a century on
// one thread: 730 G events, 40 h; the events ignore `changes:`), but a change at day 0 stops the
// stream: with --force the run is immediate. (Patients alive follow the changes, so the memory
// estimate does not refuse it.)
TEST_F(EstimateCli, ForceLetsARunThrough) {
  const std::string file = write(
      dir_, "stopped.yaml",
      scenario("horizon_days: 36500\nwarmup_days: 0\nreplications: 100\n", "rate_per_day: 100000",
               "    capacity: 1\n    length_of_stay: {distribution: fixed, value: 1}\n",
               "changes:\n  - {day: 0, set: {arrivals.a.rate_per_day: 0}}\n"));
  expect_refused(file, "--threads 1");
  const auto r = run_cli("run " + file + " --no-daily --force --out " + (dir_ / "out").string());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir_ / "out" / "summary.json"));
}

// A run let through with --force that then runs out of memory (here under a 400 MB address-space
// limit: 100 million patients waiting need several GB) ends with exit 3, the message, and
// nothing written. Not under AddressSanitizer, which reserves terabytes of address space.
TEST_F(EstimateCli, OutOfMemoryEndsWithExit3AndNothingWritten) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "an address-space limit cannot be set under AddressSanitizer";
#else
  const std::string file =
      write(dir_, "waiting.yaml",
            scenario("horizon_days: 365\nwarmup_days: 0\nreplications: 1\n", "rate_per_day: 1",
                     "    capacity: 10\n    length_of_stay: {distribution: fixed, "
                     "value: 30}\n    initial_state: {waiting: 100000000}\n"));
  const auto out = dir_ / "out";
  const std::string command = "ulimit -v 400000 && " + std::string(CONTINUUM_BINARY) + " run " +
                              file + " --force --threads 1 --out " + out.string() + " >" +
                              (dir_ / "stdout").string() + " 2>" + (dir_ / "stderr").string();
  const int raw = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(raw));
  EXPECT_EQ(WEXITSTATUS(raw), 3);
  EXPECT_EQ(testing::read_file(dir_ / "stderr"),
            "continuum: error: out of memory while simulating (nothing written; see the estimate "
            "of `continuum validate`, and use fewer replications, a shorter horizon or "
            "--no-daily)\n");
  EXPECT_FALSE(std::filesystem::exists(out));
  for (const auto& entry : std::filesystem::directory_iterator(dir_))  // no temporary set left
    EXPECT_TRUE(entry.path().filename() == "waiting.yaml" || entry.path().filename() == "stdout" ||
                entry.path().filename() == "stderr")
        << entry.path();
#endif
}

TEST_F(EstimateCli, ValidatePrintsTheEstimate) {
  const auto r = run_cli("validate " + testing::source_path("scenarios/baseline.yaml"));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\nestimate: "), std::string::npos) << r.out;
}

}  // namespace
}  // namespace continuum

namespace continuum {
namespace {

using testing::run_cli;

// `continuum ARGS` under a 3 GB address-space limit (not under AddressSanitizer, which reserves
// terabytes of address space): should a refusal below ever be lost, the run ends at once out of
// memory (exit 3) instead of taking the machine's memory.
testing::CommandResult run_capped(const std::filesystem::path& dir, const std::string& args) {
#if defined(__SANITIZE_ADDRESS__)
  const std::string limit;
#else
  const std::string limit = "ulimit -v 3000000 && ";
#endif
  const std::string command = limit + std::string(CONTINUUM_BINARY) + " " + args + " >" +
                              (dir / "stdout").string() + " 2>" + (dir / "stderr").string();
  const int raw = std::system(command.c_str());
  testing::CommandResult r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = testing::read_file(dir / "stdout");
  r.err = testing::read_file(dir / "stderr");
  return r;
}

// The initial state's pool awaiting relapse (`recently_discharged: equilibrium`, the default):
// 30,000 in care with 5-day stays, 90% relapsing after 100 years on average, is a pool of
// 30,000 / 5 x 0.9 x 36,500 = 197 million patients at time 0 (a run of a tenth of it took
// 3.6 GB), 35.3 GiB at 192 bytes each: refused before it starts, nothing written; validate
// shows the estimate.
TEST(EstimateCliPool, AnEquilibriumPoolOverTheLimitIsRefused) {
  const std::filesystem::path dir = testing::temp_dir("estimate-cli-pool");
  const std::string file = (dir / "pool.yaml").string();
  std::ofstream(file) << "name: pool\nhorizon_days: 30\nwarmup_days: 0\nreplications: 1\nseed: 1\n"
                         "arrivals:\n  - name: a\n    rate_per_day: 10\n    entry: {A: 1}\n"
                         "levels:\n  A:\n    capacity: 30000\n"
                         "    length_of_stay: {distribution: exponential, mean: 5}\n"
                         "    initial_state: {in_care: 30000}\n"
                         "relapse:\n  probability: 0.9\n"
                         "  time_to_relapse: {distribution: exponential, mean: 36500}\n"
                         "  reentry: {A: 1}\n";
  const auto out = dir / "out";
  const auto r = run_capped(dir, "run " + file + " --threads 1 --out " + out.string());
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_EQ(r.err,
            "continuum: error: run too large (peak memory over the limit of 8 GiB): estimate: "
            "36.0 k events (36.0 k per replication), peak memory 35.3 GiB, 0.0 s on 1 thread; "
            "use fewer replications, a shorter horizon or fewer patients, --no-daily, or --force "
            "to run it anyway\n");
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(std::filesystem::exists(out));
  const auto v = run_cli("validate " + file);
  EXPECT_EQ(v.status, 0) << v.err;
  EXPECT_NE(v.out.find(": ok (1 level, 1 arrival stream)\nestimate: 36.0 k events (36.0 k per "
                       "replication), peak memory 35.3 GiB, 0.0 s on 1 thread\n"),
            std::string::npos)
      << v.out;
  std::filesystem::remove_all(dir);
}

// A schedule's surge during warm-up (100,000 a day for ten years into 10 places) piles up
// 365 million waiting: refused, though the window's own rate is 1 a day.
TEST(EstimateCliPool, AScheduledSurgeDuringWarmUpIsRefused) {
  const std::filesystem::path dir = testing::temp_dir("estimate-cli-surge");
  const std::string file = (dir / "surge.yaml").string();
  std::ofstream(file) << "name: surge\nhorizon_days: 100\nwarmup_days: 3650\nreplications: 1\n"
                         "seed: 1\narrivals:\n  - name: a\n    schedule:\n"
                         "      - {from_day: -3650, to_day: 0, rate_per_day: 100000}\n"
                         "      - {from_day: 0, to_day: 100, rate_per_day: 1}\n"
                         "    entry: {A: 1}\nlevels:\n  A:\n    capacity: 10\n"
                         "    length_of_stay: {distribution: exponential, mean: 1}\n";
  const auto out = dir / "out";
  const auto r = run_capped(dir, "run " + file + " --threads 1 --out " + out.string());
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_EQ(r.err,
            "continuum: error: run too large (peak memory over the limit of 8 GiB): estimate: "
            "7.6 k events (200 per replication), peak memory 65.3 GiB, 0.0 s on 1 thread; use "
            "fewer replications, a shorter horizon or fewer patients, --no-daily, or --force to "
            "run it anyway\n");
  EXPECT_FALSE(std::filesystem::exists(out));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace continuum
