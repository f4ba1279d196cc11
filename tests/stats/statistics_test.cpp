// Wait histogram quantiles, Student-t intervals, sample quantiles, and the table of metrics.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <vector>

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

// Day-boundary mode: whole-day waits give whole-day quantiles, the wait of the patient at the
// quantile (type 1, the inverse of the distribution function), not a value inside a bin.
TEST(WaitHistogram, WholeDayQuantilesAreTheWaitAtTheQuantile) {
  WaitHistogram h;
  for (int i = 0; i < 95; ++i)
    h.add(1.0);
  for (int i = 0; i < 5; ++i)
    h.add(3.0);
  EXPECT_GT(h.quantile(0.9), 1.0);  // interpolated inside [1, 1 + 1/64)
  EXPECT_EQ(h.quantile(0.9, true), 1.0);
  EXPECT_EQ(h.quantile(0.96, true), 3.0);
  EXPECT_EQ(h.quantile(0.95, true), 1.0);  // the 95th patient waited 1 day
  WaitHistogram g;
  for (int i = 0; i < 60; ++i)
    g.add(0.0);
  for (int i = 1; i <= 40; ++i)
    g.add(i);                              // 1, 2, ..., 40 days
  EXPECT_EQ(g.quantile(0.9, true), 30.0);  // exact: whole days under 128 are bin edges
  EXPECT_EQ(g.quantile(0.5, true), 0.0);
  // Both: 60 zeros, 96 ones, 1 two, 6 threes, then 4..40 once each: the 180th waited 20 days.
  EXPECT_EQ(WaitHistogram::quantile_of_sum(h, g, 0.9, true), 20.0);
  // Beyond 128 days bins are 2 days wide and more: a whole day inside the wait's bin.
  WaitHistogram far;
  for (int i = 0; i < 10; ++i)
    far.add(301.0);
  const double q = far.quantile(0.9, true);
  EXPECT_EQ(q, std::floor(q));
  EXPECT_LE(WaitHistogram::bin_lower(WaitHistogram::bin_of(301.0)), q);
  EXPECT_LT(q, WaitHistogram::bin_upper(WaitHistogram::bin_of(301.0)));
}

// The recorder adds each admission's wait to `waits` only and each abandonment's to
// `abandon_waits`; the queue times' p90 is the quantile of the two summed. It must be the same
// bits as one histogram that every wait of both had been added to (as the recorder once kept).
TEST(WaitHistogram, QuantileOfSumEqualsOneHistogramOfBoth) {
  std::mt19937_64 gen(20261202);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  // A wait: zero with probability `zero`, else exponential with mean `mean` (days).
  auto draw = [&](double zero, double mean) {
    return unit(gen) < zero ? 0.0 : -mean * std::log1p(-unit(gen));
  };
  struct Case {
    int admissions, abandonments;
    double zero_a, mean_a, zero_b, mean_b;
  };
  const Case cases[] = {
      {0, 0, 0, 1, 0, 1},
      {1, 0, 0, 1, 0, 1},
      {0, 1, 0, 1, 0, 30},
      {0, 50, 0.5, 1, 0.2, 10},
      {500, 0, 0.3, 2, 0, 1},
      {1000, 30, 0.6, 0.5, 0, 40},
      {2000, 2000, 0, 0.01, 0, 500},
      {300, 700, 0.9, 5, 0.95, 0.2},
      {5000, 10, 0, 3, 1, 1},
      {10, 5000, 0, 1000, 0, 0.001},
  };
  for (int round = 0; round < 20; ++round)
    for (const Case& c : cases) {
      WaitHistogram waits, abandon_waits, both;
      for (int i = 0; i < c.admissions; ++i) {
        const double w = draw(c.zero_a, c.mean_a * (1 + round));
        waits.add(w);
        both.add(w);
      }
      for (int i = 0; i < c.abandonments; ++i) {
        const double w = draw(c.zero_b, c.mean_b * (1 + round));
        abandon_waits.add(w);
        both.add(w);
      }
      for (double q : {0.01, 0.1, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999}) {
        const double expected = both.quantile(q);
        const double got = WaitHistogram::quantile_of_sum(waits, abandon_waits, q);
        ASSERT_EQ(std::bit_cast<std::uint64_t>(got), std::bit_cast<std::uint64_t>(expected))
            << "q " << q << " admissions " << c.admissions << " abandonments " << c.abandonments
            << " round " << round << ": " << got << " vs " << expected;
        // Either way round.
        ASSERT_EQ(
            std::bit_cast<std::uint64_t>(WaitHistogram::quantile_of_sum(abandon_waits, waits, q)),
            std::bit_cast<std::uint64_t>(expected));
      }
    }
  // After clear(), the sum of the two is that of what was added since.
  WaitHistogram a, b, both;
  for (int i = 1; i <= 100; ++i)
    a.add(i * 10.0);
  a.clear();
  for (int i = 1; i <= 100; ++i) {
    a.add(i * 0.1);
    b.add(i * 0.3);
    both.add(i * 0.1);
    both.add(i * 0.3);
  }
  EXPECT_EQ(WaitHistogram::quantile_of_sum(a, b, 0.9), both.quantile(0.9));
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

// The daily band's selection gives sample_quantile's values bit for bit (daily.csv stays
// byte-identical), at every size from 1 to 300 and with many ties.
TEST(SampleQuantile, TenNinetyBySelectionEqualsSorting) {
  std::uint64_t state = 42;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 40) / static_cast<double>(1ULL << 24);
  };
  // Up to 310 values the few smallest and largest are kept in one pass; from 311 on, selection.
  for (std::size_t n = 1; n <= 400; ++n) {
    std::vector<double> values(n);
    for (double& v : values)
      v = n % 3 == 0 ? std::floor(next() * 5) : next() * 100;  // ties when n % 3 == 0
    // Every fourth size in ascending or descending order (each value displaces a kept one).
    if (n % 4 == 1) std::sort(values.begin(), values.end());
    if (n % 4 == 2) std::sort(values.rbegin(), values.rend());
    const double p10 = sample_quantile(values, 0.1), p90 = sample_quantile(values, 0.9);
    std::vector<double> work = values;
    const auto [s10, s90] = sample_quantiles_10_90(work);
    ASSERT_EQ(std::bit_cast<std::uint64_t>(s10), std::bit_cast<std::uint64_t>(p10)) << n;
    ASSERT_EQ(std::bit_cast<std::uint64_t>(s90), std::bit_cast<std::uint64_t>(p90)) << n;
  }
  // Up to 11 values (the two smallest and two largest, found without branches): many orders.
  for (std::size_t n = 2; n <= 11; ++n)
    for (int trial = 0; trial < 500; ++trial) {
      std::vector<double> values(n);
      for (double& v : values)
        v = trial % 2 == 0 ? std::floor(next() * 4) : next() * 100;  // ties on even trials
      const double p10 = sample_quantile(values, 0.1), p90 = sample_quantile(values, 0.9);
      std::vector<double> work = values;
      const auto [s10, s90] = sample_quantiles_10_90(work);
      ASSERT_EQ(std::bit_cast<std::uint64_t>(s10), std::bit_cast<std::uint64_t>(p10)) << n;
      ASSERT_EQ(std::bit_cast<std::uint64_t>(s90), std::bit_cast<std::uint64_t>(p90)) << n;
    }
  std::vector<double> known = {5, 1, 4, 2, 3, 9, 8, 7, 6, 10, 11};
  const auto [p10, p90] = sample_quantiles_10_90(known);
  EXPECT_EQ(p10, 2.0);
  EXPECT_EQ(p90, 10.0);
  std::vector<double> none;
  EXPECT_TRUE(std::isnan(sample_quantiles_10_90(none).first));
}

TEST(Metrics, EveryNameParsesBackToItsMetric) {
  std::set<std::string_view> names;
  for (LevelMetric m : all_metrics<LevelMetric>()) {
    EXPECT_EQ(parse_level_metric(metric_info(m).name), m) << metric_info(m).name;
    EXPECT_FALSE(parse_system_metric(metric_info(m).name)) << metric_info(m).name;
    names.insert(metric_info(m).name);
  }
  for (SystemMetric m : all_metrics<SystemMetric>()) {
    EXPECT_EQ(parse_system_metric(metric_info(m).name), m) << metric_info(m).name;
    EXPECT_FALSE(parse_level_metric(metric_info(m).name)) << metric_info(m).name;
    names.insert(metric_info(m).name);
  }
  EXPECT_EQ(names.size(), kMetricCount<LevelMetric> + kMetricCount<SystemMetric>);  // distinct
  EXPECT_FALSE(parse_level_metric("p90_wait"));
  EXPECT_FALSE(parse_level_metric(""));
}

TEST(Metrics, TheTableInEnumOrder) {
  // The enumerators and the rows are listed apart: spot checks that they line up.
  EXPECT_EQ(metric_info(LevelMetric::kReferralsPerDay).name, "referrals_per_day");
  EXPECT_EQ(metric_info(LevelMetric::kMeanWaitDays).name, "mean_wait_days");
  EXPECT_EQ(metric_info(LevelMetric::kMeanWaitDays).label, "Mean wait");
  EXPECT_EQ(metric_info(LevelMetric::kMeanWaitDays).unit, Unit::kDays);
  EXPECT_EQ(metric_info(LevelMetric::kMeanWaitDays).better, Better::kLower);
  EXPECT_EQ(metric_info(LevelMetric::kAbandonmentFraction).name, "abandonment_fraction");
  EXPECT_TRUE(metric_info(LevelMetric::kAbandonmentFraction).table_percent);
  EXPECT_EQ(metric_info(LevelMetric::kWaitingAtEnd).name, "waiting_at_end");
  EXPECT_EQ(metric_info(SystemMetric::kArrivalsPerDay).name, "arrivals_per_day");
  EXPECT_EQ(metric_info(SystemMetric::kMeanDaysToFirstAdmission).name,
            "mean_days_to_first_admission");
  EXPECT_EQ(metric_info(MetricId(SystemMetric::kLostToCarePerDay)).name, "lost_to_care_per_day");
  EXPECT_EQ(metric_info(MetricId(LevelMetric::kUtilization)).unit, Unit::kFraction);
  EXPECT_EQ(metric_name_list<SystemMetric>(),
            "arrivals_per_day, relapses_per_day, lost_to_care_per_day, "
            "mean_days_to_first_admission");
}

TEST(Metrics, ValuesByHandFromCounters) {
  // 10 days, capacity 2: 5 referrals, 4 admitted after 6 days of waits in all, 1 abandoned.
  ReplicationResult r;
  r.window_days = 10;
  r.levels.resize(1);
  LevelResult& c = r.levels[0];
  c.referrals = 5, c.admissions = 4, c.completions = 3, c.dropouts = 1, c.abandonments = 1;
  c.census_area = 15, c.capacity_area = 20, c.waitlist_area = 6, c.wait_sum = 6;
  c.slot_days_sum = 12, c.slot_releases = 4;
  const auto m = level_metrics(r, 0, 2);
  EXPECT_DOUBLE_EQ(m[LevelMetric::kReferralsPerDay], 0.5);
  EXPECT_DOUBLE_EQ(m[LevelMetric::kMeanCensus], 1.5);
  EXPECT_DOUBLE_EQ(m[LevelMetric::kUtilization], 0.75);
  EXPECT_DOUBLE_EQ(m[LevelMetric::kMeanWaitDays], 1.5);
  EXPECT_DOUBLE_EQ(m[LevelMetric::kAbandonmentFraction], 0.2);
  EXPECT_DOUBLE_EQ(m[LevelMetric::kTurnedAwayFraction], 0.0);
  EXPECT_DOUBLE_EQ(m[LevelMetric::kMeanDaysInCare], 3.0);
  EXPECT_TRUE(std::isnan(m[LevelMetric::kP90WaitDays]));  // no wait recorded in the histogram
  EXPECT_TRUE(
      std::isnan(level_metrics(r, 0, std::numeric_limits<int>::max())[LevelMetric::kUtilization]));
  r.system.arrivals = 5, r.system.first_admissions = 0;
  const auto s = system_metrics(r);
  EXPECT_DOUBLE_EQ(s[SystemMetric::kArrivalsPerDay], 0.5);
  EXPECT_TRUE(std::isnan(s[SystemMetric::kMeanDaysToFirstAdmission]));
}

TEST(Metrics, EstimatesPerMetricAcrossReplications) {
  std::vector<MetricValues<SystemMetric>> reps(3);
  for (int r = 0; r < 3; ++r) {
    reps[static_cast<std::size_t>(r)][SystemMetric::kArrivalsPerDay] = 1.0 + r;
    reps[static_cast<std::size_t>(r)][SystemMetric::kMeanDaysToFirstAdmission] = r == 1 ? 4 : NAN;
  }
  const auto e = estimate_each(reps);
  EXPECT_DOUBLE_EQ(e[SystemMetric::kArrivalsPerDay].mean, 2.0);
  EXPECT_EQ(e[SystemMetric::kArrivalsPerDay].n, 3);
  EXPECT_DOUBLE_EQ(e[SystemMetric::kMeanDaysToFirstAdmission].mean, 4.0);
  EXPECT_EQ(e[SystemMetric::kMeanDaysToFirstAdmission].n, 1);
  EXPECT_EQ(e[SystemMetric::kRelapsesPerDay].n, 3);  // zero in every replication
}

}  // namespace
}  // namespace continuum
