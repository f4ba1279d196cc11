// The daily series store (stats/daily_series_store.hpp): what goes in comes back bit for bit, in
// memory and spilled to a temporary file, whatever order the replications are put in; the daily
// band and the staffing report computed from it are those computed from the results' own
// series; the spill check refuses what cannot fit.
#include "continuum/stats/daily_series_store.hpp"

#include <gtest/gtest.h>

#include <sys/resource.h>

#include <bit>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "continuum/config/load.hpp"
#include "continuum/experiment/runner.hpp"
#include "continuum/stats/staffing.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

// Replications with distinct values in every cell: 7 days x 3 levels, 2 classes at 1 level.
std::vector<ReplicationResult> synthetic(std::size_t reps) {
  std::vector<ReplicationResult> out(reps);
  std::uint32_t x = 12345;
  auto next = [&] {
    x = x * 1664525u + 1013904223u;
    return static_cast<float>(x >> 8) / 1024.0f;
  };
  for (ReplicationResult& r : out) {
    for (int i = 0; i < 21; ++i) {
      r.daily_census.push_back(next());
      r.daily_waitlist.push_back(next());
    }
    for (int i = 0; i < 14; ++i)
      r.daily_class_census.push_back(next());
  }
  return out;
}

std::vector<std::uint32_t> bits(std::span<const float> values) {
  std::vector<std::uint32_t> out;
  for (float v : values)
    out.push_back(std::bit_cast<std::uint32_t>(v));
  return out;
}

std::vector<std::uint32_t> bits(const std::vector<float>& values) {
  return bits(std::span<const float>(values));
}

// Puts `results` into `store` in the order given, then checks every replication comes back.
void round_trip(std::size_t budget, const std::vector<std::size_t>& order, bool spills) {
  const std::vector<ReplicationResult> original = synthetic(order.size());
  std::vector<ReplicationResult> moved = original;
  DailySeriesStore store(order.size(), budget);
  EXPECT_FALSE(store.holds());
  for (std::size_t r : order)
    store.put(r, moved[r]);
  EXPECT_TRUE(store.holds());
  EXPECT_EQ(store.spilled(), spills);
  EXPECT_EQ(store.cells(), 21u);
  EXPECT_EQ(store.class_cells(), 14u);
  std::vector<float> scratch;
  for (std::size_t r = 0; r < order.size(); ++r) {
    EXPECT_TRUE(moved[r].daily_census.empty() && moved[r].daily_waitlist.empty() &&
                moved[r].daily_class_census.empty());
    const DailySeriesRef ref = store.load(r, scratch);
    EXPECT_EQ(bits(ref.census), bits(original[r].daily_census)) << r;
    EXPECT_EQ(bits(ref.waitlist), bits(original[r].daily_waitlist)) << r;
    EXPECT_EQ(bits(ref.class_census), bits(original[r].daily_class_census)) << r;
  }
  // A block of cells [5, 12) across all replications: out[r * 7 + i].
  std::vector<float> block;
  store.read_block(DailySeriesKind::kWaitlist, 5, 7, order.size(), block);
  ASSERT_EQ(block.size(), 7 * order.size());
  for (std::size_t r = 0; r < order.size(); ++r)
    for (std::size_t i = 0; i < 7; ++i)
      EXPECT_EQ(std::bit_cast<std::uint32_t>(block[r * 7 + i]),
                std::bit_cast<std::uint32_t>(original[r].daily_waitlist[5 + i]));
}

TEST(DailySeriesStore, InMemoryRoundTrip) {
  round_trip(std::size_t{1} << 20, {0, 1, 2, 3, 4}, false);
}

TEST(DailySeriesStore, SpilledRoundTripInAnyOrder) {
  round_trip(0, {0, 1, 2, 3, 4}, true);
  round_trip(0, {4, 3, 2, 1, 0}, true);
  round_trip(0, {2, 4, 0, 3, 1}, true);
  // 5 x 56 floats are 1,120 bytes: a budget of 1,119 spills, 1,120 does not.
  round_trip(1119, {3, 1, 4, 0, 2}, true);
  round_trip(1120, {3, 1, 4, 0, 2}, false);
}

TEST(DailySeriesStore, ResultsWithoutSeriesLeaveItEmpty) {
  DailySeriesStore store(2, 0);
  ReplicationResult r;
  store.put(0, r);
  EXPECT_FALSE(store.holds());
  std::vector<ReplicationResult> results(1);
  results[0].daily_census = {1, 2};
  std::vector<float> scratch;
  EXPECT_EQ(daily_series(results, &store, 0, scratch).census.size(), 2u);  // the results' own
}

void expect_same_band(const std::vector<DailyPoint>& a, const std::vector<DailyPoint>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(std::bit_cast<std::uint32_t>(a[i].mean), std::bit_cast<std::uint32_t>(b[i].mean));
    EXPECT_EQ(std::bit_cast<std::uint32_t>(a[i].p10), std::bit_cast<std::uint32_t>(b[i].p10));
    EXPECT_EQ(std::bit_cast<std::uint32_t>(a[i].p90), std::bit_cast<std::uint32_t>(b[i].p90));
  }
}

// The shipped baseline (classes, staffing by class): the band (mean, p10, p90 of every cell)
// and the staffing report from the store, in memory and spilled, put in any order, are the
// bits from the results' own series.
TEST(DailySeriesStore, BandAndStaffingSameBitsAsTheResults) {
  Scenario s = load_scenario(testing::source_path("scenarios/baseline.yaml"));
  s.horizon_days = 120;
  s.warmup_days = 60;
  RunOptions options;
  options.replications = 7;
  const std::vector<ReplicationResult> original = run_replications(s, options);
  ASSERT_FALSE(original[0].daily_class_census.empty());
  const Summary expected = summarize(s, original, s.seed);
  const StaffingReport staffing = staffing_report(s, original);
  for (std::size_t budget : {std::size_t{64} << 20, std::size_t{0}}) {
    std::vector<ReplicationResult> results = original;
    DailySeriesStore store(results.size(), budget);
    for (std::size_t r : {3, 6, 0, 5, 1, 4, 2})
      store.put(r, results[r]);
    EXPECT_EQ(store.spilled(), budget == 0);
    const Summary got = summarize(s, results, s.seed, &store);
    EXPECT_EQ(got.days, expected.days);
    expect_same_band(got.daily_census, expected.daily_census);
    expect_same_band(got.daily_waitlist, expected.daily_waitlist);
    const StaffingReport again = staffing_report(s, results, &store);
    ASSERT_EQ(again.rows.size(), staffing.rows.size());
    ASSERT_FALSE(again.rows.empty());
    for (std::size_t k = 0; k < again.rows.size(); ++k) {
      EXPECT_EQ(std::bit_cast<std::uint64_t>(again.rows[k].p90),
                std::bit_cast<std::uint64_t>(staffing.rows[k].p90));
      EXPECT_EQ(std::bit_cast<std::uint64_t>(again.rows[k].mean_fte.mean),
                std::bit_cast<std::uint64_t>(staffing.rows[k].mean_fte.mean));
      EXPECT_EQ(std::bit_cast<std::uint64_t>(again.rows[k].p95_ci.mean),
                std::bit_cast<std::uint64_t>(staffing.rows[k].p95_ci.mean));
    }
    for (std::size_t l = 0; l < again.levels.size(); ++l)
      EXPECT_EQ(std::bit_cast<std::uint64_t>(again.levels[l].days_at_capacity.mean),
                std::bit_cast<std::uint64_t>(staffing.levels[l].days_at_capacity.mean));
  }
}

TEST(DailySeriesStore, SpillRefusalSaysWhatCannotFit) {
  EXPECT_FALSE(daily_spill_refusal(1000, 1000));  // fits in memory: no question of disk
  EXPECT_FALSE(daily_spill_refusal(2000, 1000));  // a few bytes fit in /tmp
  const auto refusal = daily_spill_refusal(1e18, 1 << 20);
  ASSERT_TRUE(refusal);
  EXPECT_NE(refusal->find("the daily series (953674316406.2 MiB) cannot fit in memory (1.0 MiB) "
                          "nor in the free space of the temporary directory"),
            std::string::npos)
      << *refusal;
}

// A spill file that cannot grow (here a file size limit: pwrite writes part of a series, then
// fails with EFBIG, as a full disk fails with ENOSPC) makes put() throw a message that names the
// directory and the system's reason; replications written before stay readable.
TEST(DailySeriesStore, AFailedWriteThrowsWithTheReason) {
  const std::vector<ReplicationResult> original = synthetic(12);
  std::vector<ReplicationResult> results = original;
  DailySeriesStore store(results.size(), 0);  // spilled: 224 bytes a replication
  rlimit old{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit limit = old;
  limit.rlim_cur = 1000;  // replication 4's waitlist (980 to 1,064) is cut at 1,000
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limit), 0);
  std::string first_error, second_error;
  for (std::size_t r = 0; r < 4; ++r)
    store.put(r, results[r]);
  try {
    store.put(4, results[4]);
  } catch (const std::runtime_error& e) {
    first_error = e.what();
  }
  try {
    store.put(9, results[9]);
  } catch (const std::runtime_error& e) {
    second_error = e.what();
  }
  ::setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);
  for (const std::string& error : {first_error, second_error}) {
    EXPECT_NE(error.find("cannot write the daily series to " + daily_spill_directory() + ": " +
                         std::strerror(EFBIG)),
              std::string::npos)
        << error;
  }
  std::vector<float> scratch;
  for (std::size_t r = 0; r < 4; ++r)
    EXPECT_EQ(bits(store.load(r, scratch).waitlist), bits(original[r].daily_waitlist)) << r;
}

TEST(DailySeriesStore, BudgetFromTheEnvironment) {
  ::setenv("CONTINUUM_DAILY_MEMORY_BUDGET", "4096", 1);
  EXPECT_EQ(daily_memory_budget(), 4096u);
  ::setenv("CONTINUUM_DAILY_MEMORY_BUDGET", "4k", 1);  // not a number of bytes: the default
  EXPECT_EQ(daily_memory_budget(), kDailyMemoryBudget);
  ::unsetenv("CONTINUUM_DAILY_MEMORY_BUDGET");
  EXPECT_EQ(daily_memory_budget(), kDailyMemoryBudget);
  EXPECT_EQ(kDailyMemoryBudget, 32u << 20);
}

}  // namespace
}  // namespace continuum
