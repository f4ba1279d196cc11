// The staffing report's pooled FTE quantiles selected in passes (pooled_quantiles,
// stats/staffing.hpp): the bits sample_quantile gives on the gathered values, whatever the
// values (negatives, ties, one value), the parts and the number held in the last pass; and the
// staffing report of many replications from a spilled store, selected in passes (daily memory
// budget 0 or 4 KiB), against the plain pooled sort.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "continuum/config/load.hpp"
#include "continuum/experiment/runner.hpp"
#include "continuum/stats/daily_series_store.hpp"
#include "continuum/stats/staffing.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

const std::vector<double> kQs = {0.0, 0.1, 0.5, 0.9, 0.95, 0.999, 1.0};

// pooled_quantiles over `parts` against sample_quantile over their concatenation, bit for bit,
// with every `hold` from "never gather" (0) to "gather all".
void expect_same_bits(const std::vector<std::vector<double>>& parts) {
  std::vector<double> all;
  for (const auto& p : parts)
    all.insert(all.end(), p.begin(), p.end());
  for (std::size_t hold : {std::size_t{0}, std::size_t{1}, std::size_t{7}, all.size()}) {
    const std::vector<double> got = pooled_quantiles(
        all.size(), parts.size(), [&](std::size_t p) { return std::span<const double>(parts[p]); },
        kQs, hold);
    ASSERT_EQ(got.size(), kQs.size());
    for (std::size_t i = 0; i < kQs.size(); ++i)
      EXPECT_EQ(std::bit_cast<std::uint64_t>(got[i]),
                std::bit_cast<std::uint64_t>(sample_quantile(all, kQs[i])))
          << "q " << kQs[i] << " hold " << hold << " n " << all.size();
  }
}

std::vector<std::vector<double>> random_parts(std::size_t parts, std::size_t each, double scale,
                                              int distinct) {
  std::uint64_t x = 88172645463325252ull;
  std::vector<std::vector<double>> out(parts);
  for (auto& p : out)
    for (std::size_t i = 0; i < each; ++i) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      const double u = static_cast<double>(x >> 11) / 9007199254740992.0;  // [0, 1)
      p.push_back(distinct > 0 ? std::floor(u * distinct) * scale : (u - 0.3) * scale);
    }
  return out;
}

TEST(PooledQuantiles, SameBitsAsSortingTheGatheredValues) {
  expect_same_bits(random_parts(13, 257, 1e3, 0));     // distinct, some negative
  expect_same_bits(random_parts(4, 1000, 1e-300, 0));  // tiny, subnormal neighbours
  expect_same_bits(random_parts(9, 301, 0.25, 5));     // five distinct values, many ties
  expect_same_bits(random_parts(3, 100, 1.0, 1));      // one value
  expect_same_bits({{2.5}});
  expect_same_bits({{}, {3.0, -1.0}, {}});
  expect_same_bits({{1e308, -1e308, 0.0, 5.0}, {4.0, 4.0, 7.5}});
  // The largest double below 2 has the last key of its first pass's bucket (all mantissa bits
  // set): the interval's upper end is inside it.
  const double top = std::nextafter(2.0, 0.0);
  expect_same_bits({{top, 1.99, 1.97, 0.5, 3.0}, {1.98, top, 7.0, 1.96}});
}

TEST(PooledQuantiles, NoValuesGiveNaN) {
  const std::vector<double> got = pooled_quantiles(
      0, 0, [](std::size_t) { return std::span<const double>(); }, {0.5}, 10);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(std::isnan(got[0]));
}

void expect_same_rows(const StaffingReport& got, const StaffingReport& want) {
  ASSERT_EQ(got.rows.size(), want.rows.size());
  for (std::size_t k = 0; k < got.rows.size(); ++k) {
    EXPECT_EQ(std::bit_cast<std::uint64_t>(got.rows[k].p50),
              std::bit_cast<std::uint64_t>(want.rows[k].p50));
    EXPECT_EQ(std::bit_cast<std::uint64_t>(got.rows[k].p90),
              std::bit_cast<std::uint64_t>(want.rows[k].p90));
    EXPECT_EQ(std::bit_cast<std::uint64_t>(got.rows[k].p95),
              std::bit_cast<std::uint64_t>(want.rows[k].p95));
    EXPECT_EQ(std::bit_cast<std::uint64_t>(got.rows[k].mean_fte.mean),
              std::bit_cast<std::uint64_t>(want.rows[k].mean_fte.mean));
    EXPECT_EQ(std::bit_cast<std::uint64_t>(got.rows[k].p90_ci.mean),
              std::bit_cast<std::uint64_t>(want.rows[k].p90_ci.mean));
  }
}

// The shipped baseline (staffing by class, ratios with floors: few distinct FTE values; hours
// per patient: many) over 40 replications: with the daily memory budget at 0 (every quantile
// selected key by key) and at 4 KiB (selected, then at most 85 values gathered a pass), from a
// spilled store, the report's quantiles are those of sorting the pooled values.
TEST(PooledQuantiles, SpilledStoreOfManyReplicationsGivesThePooledSort) {
  Scenario s = load_scenario(testing::source_path("scenarios/baseline.yaml"));
  s.horizon_days = 90;
  s.warmup_days = 30;
  RunOptions options;
  options.replications = 40;
  const std::vector<ReplicationResult> original = run_replications(s, options);
  ::unsetenv("CONTINUUM_DAILY_MEMORY_BUDGET");
  const StaffingReport want = staffing_report(s, original);  // 40 x 90 values: gathered
  ASSERT_FALSE(want.rows.empty());
  for (const char* budget : {"0", "4096"}) {
    ::setenv("CONTINUUM_DAILY_MEMORY_BUDGET", budget, 1);
    std::vector<ReplicationResult> results = original;
    DailySeriesStore store(results.size());
    for (std::size_t r = results.size(); r-- > 0;)
      store.put(r, results[r]);
    EXPECT_TRUE(store.spilled());
    expect_same_rows(staffing_report(s, results, &store), want);
    expect_same_rows(staffing_report(s, original), want);  // the results' own, selected too
  }
  ::unsetenv("CONTINUUM_DAILY_MEMORY_BUDGET");
}

}  // namespace
}  // namespace continuum
