// Wait histogram quantiles, Student-t intervals and sample quantiles.
#include <gtest/gtest.h>

#include <cmath>

#include "continuum/stats/statistics.hpp"

namespace continuum {
namespace {

TEST(WaitHistogram, BinsCoverEveryValueContiguously) {
  for (int b = 0; b + 1 < WaitHistogram::kBins; ++b)
    ASSERT_DOUBLE_EQ(WaitHistogram::bin_upper(b), WaitHistogram::bin_lower(b + 1)) << b;
  for (double v : {0.001, 0.5, 0.99, 1.0, 1.01, 3.7, 64.0, 100.25, 365.0, 5000.0}) {
    const int b = WaitHistogram::bin_of(v);
    EXPECT_LE(WaitHistogram::bin_lower(b), v) << v;
    EXPECT_GT(WaitHistogram::bin_upper(b), v) << v;
    EXPECT_LE(WaitHistogram::bin_upper(b) - WaitHistogram::bin_lower(b),
              std::max(v / 64, 1.0 / 64) + 1e-12);
  }
}

TEST(WaitHistogram, QuantilesWithZerosAndSpread) {
  WaitHistogram h;
  EXPECT_TRUE(std::isnan(h.quantile(0.9)));
  for (int i = 0; i < 60; ++i)
    h.add(0.0);
  for (int i = 1; i <= 40; ++i)
    h.add(i);  // 1, 2, ..., 40 days
  EXPECT_EQ(h.count(), 100);
  EXPECT_DOUBLE_EQ(h.quantile(0.5), 0.0);  // 60% of patients waited zero days
  const double p90 = h.quantile(0.9);      // the 90th patient waited 30 days
  EXPECT_NEAR(p90, 30.0, 30.0 / 64 + 1e-9);
}

TEST(Estimate, StudentTInterval) {
  // Mean 2, sample variance 2/3 over 4 values: half-width t(0.975, 3) x sqrt(2/3) / sqrt(4).
  const Estimate e = estimate({1.0, 2.0, 3.0, 2.0});
  EXPECT_DOUBLE_EQ(e.mean, 2.0);
  const double sd = std::sqrt(2.0 / 3.0);
  EXPECT_NEAR(e.hi - e.mean, 3.182446305 * sd / 2, 1e-8);
  EXPECT_NEAR(t_quantile_975(3), 3.182446305, 1e-8);
  EXPECT_NEAR(t_quantile_975(1000), 1.962339, 1e-6);
}

TEST(Estimate, UndefinedValuesAreSkipped) {
  const Estimate one = estimate({NAN, 5.0, NAN});
  EXPECT_EQ(one.n, 1);
  EXPECT_DOUBLE_EQ(one.mean, 5.0);
  EXPECT_TRUE(std::isnan(one.lo));
  const Estimate none = estimate({NAN});
  EXPECT_EQ(none.n, 0);
  EXPECT_TRUE(std::isnan(none.mean));
}

TEST(SampleQuantile, LinearInterpolation) {
  EXPECT_DOUBLE_EQ(sample_quantile({4, 1, 3, 2}, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(sample_quantile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 0.1), 2.0);
  EXPECT_DOUBLE_EQ(sample_quantile({7}, 0.9), 7.0);
}

}  // namespace
}  // namespace continuum
