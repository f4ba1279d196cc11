// The shared text of the writers: estimate cells, percentages, CSV numbers, capacities, lists,
// and the JSON forms of an estimate and a capacity.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "continuum/experiment/runner.hpp"
#include "continuum/output/bounds.hpp"
#include "continuum/output/daily_csv.hpp"
#include "continuum/output/format.hpp"
#include "continuum/output/summary_json.hpp"

namespace continuum {
namespace {

constexpr int kUnlimited = std::numeric_limits<int>::max();

// append_fixed3 (daily.csv's numbers) writes exactly fmt's "{:.3f}" bytes.
void expect_fixed3_as_fmt(double v) {
  std::string out = "x";
  append_fixed3(out, v);
  ASSERT_EQ(out, "x" + fmt::format("{:.3f}", v)) << fmt::format("{:.17g}", v);
}

TEST(Format, Fixed3WritesFmtsBytes) {
  for (double v : {0.0,
                   -0.0,
                   1.0,
                   0.0005,
                   0.0015,
                   0.0625,
                   0.1875,
                   2.5,
                   11.8333333333333,
                   0.9995,
                   0.99949999999999994,
                   999.9995,
                   999999.999,
                   999999.9995,
                   1e6,
                   -1e6,
                   1e6 + 0.0625,
                   1e300,
                   -1e-300,
                   5e-324,
                   -0.0004,
                   -0.0005,
                   -12.3456,
                   std::numeric_limits<double>::infinity(),
                   -std::numeric_limits<double>::infinity(),
                   std::nan("")})
    expect_fixed3_as_fmt(v);
  EXPECT_EQ(
      [] {
        std::string out;
        append_fixed3(out, 0.0625);  // a tie in binary: ties to even, as fmt
        return out;
      }(),
      "0.062");
}

TEST(Format, Fixed3WritesFmtsBytesNearEveryRoundingBoundary) {
  // The halves k + 0.5 thousandths (the rounding boundaries) and their neighbours, up to 64 ulps
  // away, across the magnitudes daily.csv sees and up to the fast path's limit; odd sixteenths
  // are the exact binary ties.
  std::mt19937_64 random(14);
  std::vector<double> centres;
  for (std::uint64_t k = 0; k < 20000; ++k)
    centres.push_back((static_cast<double>(k) + 0.5) / 1000);
  for (int i = 0; i < 20000; ++i)
    centres.push_back((static_cast<double>(random() % 1000000000) + 0.5) / 1000);
  for (int i = 0; i < 2000; ++i)
    centres.push_back(static_cast<double>(2 * (random() % 8000000) + 1) / 16);
  for (double c : centres)
    for (int step = -64; step <= 64; step += (step > -4 && step < 4) ? 1 : 15) {
      double v = c;
      for (int s = 0; s < std::abs(step); ++s)
        v = std::nextafter(v, step < 0 ? 0.0 : 2e6);
      expect_fixed3_as_fmt(v);
      expect_fixed3_as_fmt(-v);
    }
}

TEST(Format, Fixed3WritesFmtsBytesForRandomValues) {
  std::mt19937_64 random(1402);
  std::uniform_real_distribution<double> census(0, 5000);
  for (int i = 0; i < 40000; ++i) {
    expect_fixed3_as_fmt(census(random));
    // Time averages of a count over a day of minutes or hours, as the daily series hold.
    expect_fixed3_as_fmt(static_cast<double>(random() % 10000000) / 1440);
    expect_fixed3_as_fmt(static_cast<double>(random() % 100000) / 24);
    // Any bit pattern (NaNs, infinities, subnormals, huge values).
    const std::uint64_t bits = random();
    double v;
    std::memcpy(&v, &bits, sizeof v);
    expect_fixed3_as_fmt(v);
  }
}

TEST(Format, CellShowsTheMeanAndTheHalfWidth) {
  EXPECT_EQ(cell({12.344, 11.78, 12.9, 4}, 2), "12.34 ±0.56");
  EXPECT_EQ(cell({12.346, NAN, NAN, 1}, 2), "12.35");  // one replication: no interval
  EXPECT_EQ(cell({NAN, NAN, NAN, 0}, 2), "-");
  EXPECT_EQ(cell({3661187.4, 3628872, 3693502, 4}, 0), "3661187 ±32315");
}

// A row's numbers share the decimals of its smallest nonzero half-width (Particle Data Group
// rounding: two significant digits from 100 to 354, one from 355 to 949), bounded to the
// metric's precision + 2; "0" is zero in every replication.
std::string row_text(const std::vector<Estimate>& values, const Estimate& difference,
                     int precision) {
  std::vector<Estimate> row = values;
  row.push_back(difference);
  const Style style = shared_style(row, precision);
  std::string out;
  for (const Estimate& e : values)
    out += styled_cell(e, style) + " | ";
  return out + styled_difference(difference, style);
}

TEST(Format, ARowSharesTheDecimalsOfItsSmallestHalfWidth) {
  // admissions/day (precision 2): the paired difference's half-width 0.0021 -> 0.0021, 4 decimals.
  EXPECT_EQ(row_text({{1.85184, 1.82934, 1.87434, 10}, {1.85671, 1.83441, 1.87901, 10}},
                     {0.00493, 0.00284, 0.00702, 10}, 2),
            "1.8518 ±0.0225 | 1.8567 ±0.0223 | +0.0049 [0.0028, 0.0070]");
  // One significant digit from 355: 0.04 -> 2 decimals; 0.6 -> 1.
  EXPECT_EQ(row_text({{0.85, 0.81, 0.89, 10}}, {-0.0464, -0.0864, -0.0064, 10}, 1),
            "0.85 ±0.04 | -0.05 [-0.09, -0.01]");
  EXPECT_EQ(row_text({{88.87, 88.27, 89.47, 10}}, {24.3, 23.7, 24.9, 10}, 1),
            "88.9 ±0.6 | +24.3 [23.7, 24.9]");
  // From 950, two digits of the next power of ten: 0.097 -> 0.10.
  EXPECT_EQ(row_text({{2.5, 2.403, 2.597, 10}}, {-2.5, -2.6, -2.4, 10}, 1),
            "2.50 ±0.10 | -2.50 [-2.60, -2.40]");
  // Large half-widths: no decimals, never fewer.
  EXPECT_EQ(row_text({{4081.4, 3958.4, 4204.4, 10}}, {-412.6, -1012.6, 187.4, 10}, 2),
            "4081 ±123 | -413 [-1013, 187]");
  // Bounded: waitlist (precision 1) at most 3 decimals, though a cell's half-width is 0.0004; that
  // cell rounds to zero with the same decimals, unsigned.
  EXPECT_EQ(row_text({{1.0537, 0.8867, 1.2207, 10}, {2.03e-4, -1.97e-4, 6.03e-4, 10}},
                     {-1.0534, -1.221, -0.886, 10}, 1),
            "1.054 ±0.167 | 0.000 ±0.000 | -1.053 [-1.221, -0.886]");
  // A difference that rounds to zero has no sign, negative or positive.
  EXPECT_EQ(row_text({{0.0012, -0.0008, 0.0032, 10}}, {-0.0002, -0.0012, 0.0008, 10}, 1),
            "0.001 ±0.002 | 0.000 [-0.001, 0.001]");
  EXPECT_EQ(row_text({{0.0012, -0.0008, 0.0032, 10}}, {0.0002, -0.0008, 0.0012, 10}, 1),
            "0.001 ±0.002 | 0.000 [-0.001, 0.001]");
  // Percentages in the caller's scale (times 100): abandonment 6.268% against 0.00738%.
  EXPECT_EQ(row_text({percent({0.06268, 0.05443, 0.07093, 10}),
                      percent({7.38e-5, -9.31e-5, 2.407e-4, 10})},
                     percent({-0.06261, -0.07083, -0.05439, 10}), 1),
            "6.268 ±0.825 | 0.007 ±0.017 | -6.261 [-7.083, -5.439]");
}

// A bound that is not zero is never shown as zero, whatever the row's decimals: whether it is
// above or below 0 decides a clear difference (mean wait 0.001 against 0.004 days, bounded to 3
// decimals: the lower bound 0.00028 was shown "0.000" beside a clear difference).
TEST(Format, ABoundThatIsNotZeroIsNeverShownAsZero) {
  EXPECT_EQ(row_text({{0.0012, 0.0002, 0.0022, 50}, {0.0034, 0.0016, 0.0052, 50}},
                     {0.00215, 0.00028, 0.00402, 50}, 1),
            "0.001 ±0.001 | 0.003 ±0.002 | +0.002 [0.00028, 0.004]");
  EXPECT_EQ(row_text({{0.0012, 0.0002, 0.0022, 50}}, {-0.00215, -0.00402, -0.00041, 50}, 1),
            "0.001 ±0.001 | -0.002 [-0.004, -0.00041]");
}

TEST(Format, ZerosAndRowsWithoutSpread) {
  // Zero in every replication: a bare 0, whatever the decimals; a zero mean with spread is not.
  EXPECT_TRUE(exactly_zero({0, 0, 0, 10}));
  EXPECT_TRUE(exactly_zero({0, NAN, NAN, 1}));
  EXPECT_FALSE(exactly_zero({0, -0.01, 0.01, 10}));
  EXPECT_FALSE(exactly_zero({NAN, NAN, NAN, 0}));
  EXPECT_EQ(row_text({{0, 0, 0, 10}, {0, 0, 0, 10}}, {0, 0, 0, 10}, 1), "0 | 0 | 0.0 [0.0, 0.0]");
  EXPECT_EQ(row_text({{2.5, 2.1, 2.9, 10}, {0, 0, 0, 10}}, {-2.5, -2.9, -2.1, 10}, 1),
            "2.5 ±0.4 | 0 | -2.5 [-2.9, -2.1]");
  // No half-width (one replication, or the same value in each): the metric's precision.
  EXPECT_EQ(row_text({{4.99, 4.99, 4.99, 10}, {4.99, 4.99, 4.99, 10}}, {0, 0, 0, 10}, 2),
            "4.99 ±0.00 | 4.99 ±0.00 | 0.00 [0.00, 0.00]");
  EXPECT_EQ(row_text({{0.26, NAN, NAN, 1}}, {0.1, NAN, NAN, 1}, 1), "0.3 | +0.1");
  EXPECT_EQ(row_text({{NAN, NAN, NAN, 0}}, {NAN, NAN, NAN, 0}, 1), "- | -");
}

TEST(Format, ScientificOnlyWhenNothingWouldShow) {
  // Every number of the row below half a unit of the bounded decimals (4): three significant
  // digits with an exponent, an exact zero still a bare 0.
  EXPECT_EQ(row_text({{3.39e-6, 2.19e-6, 4.59e-6, 10}, {0, 0, 0, 10}},
                     {-3.39e-6, -4.59e-6, -2.19e-6, 10}, 2),
            "3.39e-6 ±1.20e-6 | 0 | -3.39e-6 [-4.59e-6, -2.19e-6]");
  EXPECT_TRUE(shared_style(std::vector<Estimate>{{2e-7, NAN, NAN, 1}}, 1).scientific);
  // One number that shows is enough for plain decimals: the others print as zero.
  const Style style = shared_style(
      std::vector<Estimate>{{3.39e-6, 2.19e-6, 4.59e-6, 10}, {0.02, 0.01, 0.03, 10}}, 2);
  EXPECT_FALSE(style.scientific);
  EXPECT_EQ(style.decimals, 4);  // 1.2e-6 wants 7: bounded to precision + 2
  EXPECT_EQ(styled_cell({3.39e-6, 2.19e-6, 4.59e-6, 10}, style), "0.0000 ±0.0000");
  EXPECT_EQ(styled_signed(-4e-5, style), "0.0000");
  EXPECT_EQ(styled_signed(6e-5, style), "+0.0001");
}

TEST(Format, MoneyHasItsCurrencyAndThousandsSeparators) {
  EXPECT_EQ(grouped(8030655.4), "8,030,655");
  EXPECT_EQ(grouped(999), "999");
  EXPECT_EQ(grouped(1000), "1,000");
  EXPECT_EQ(grouped(-1234567.26, 1), "-1,234,567.3");
  EXPECT_EQ(grouped(-0.2), "0");
  EXPECT_EQ(grouped(NAN), "-");
  EXPECT_EQ(money_cell({8030655, 8015174, 8046136, 10}, "USD"), "USD 8,030,655 ± 15,481");
  EXPECT_EQ(money_cell({-52000.4, NAN, NAN, 1}, "EUR"), "EUR -52,000");
  EXPECT_EQ(money_cell({NAN, NAN, NAN, 0}, "USD"), "-");
  EXPECT_EQ(money(1234.6, "GBP"), "GBP 1,235");
}

TEST(Format, PercentagesAsTheRunTableShowsThem) {
  const Estimate e = percent({0.095, 0.088, 0.102, 4});
  EXPECT_DOUBLE_EQ(e.mean, 9.5);
  EXPECT_DOUBLE_EQ(e.hi, 10.2);
  EXPECT_EQ(e.n, 4);
  EXPECT_EQ(metric_cell({0.095, 0.088, 0.102, 4}, metric_info(LevelMetric::kAbandonmentFraction)),
            "9.5 ±0.7%");
  EXPECT_EQ(metric_cell({NAN, NAN, NAN, 0}, metric_info(LevelMetric::kTurnedAwayFraction)), "-");
  // Utilization is a fraction too: a percentage like the others.
  EXPECT_EQ(metric_cell({0.889, 0.878, 0.9, 4}, metric_info(LevelMetric::kUtilization)),
            "88.9 ±1.1%");
  EXPECT_EQ(metric_cell({1.834, NAN, NAN, 1}, metric_info(LevelMetric::kAdmissionsPerDay)), "1.83");
}

// The shortest text that reads back as the same double, in plain decimals.
TEST(Format, CsvNumbersRoundTripInPlainDecimals) {
  EXPECT_EQ(csv_number(7919944.123), "7919944.123");  // money: every digit (was "7.91994e+06")
  EXPECT_EQ(csv_number(7919944), "7919944");
  EXPECT_EQ(csv_number(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(csv_number(5.7e-6), "0.0000057");  // a small fraction: no exponent
  EXPECT_EQ(csv_number(-5.9e-5), "-0.000059");
  EXPECT_EQ(csv_number(8), "8");
  EXPECT_EQ(csv_number(1e17), "100000000000000000");
  EXPECT_EQ(csv_number(0), "0");
  EXPECT_EQ(csv_number(-0.0), "0");
  EXPECT_EQ(csv_number(-0.5), "-0.5");
  EXPECT_EQ(csv_number(-1234.25), "-1234.25");
  EXPECT_EQ(csv_number(1e-25), "1e-25");  // beyond 20 zeros: fmt's scientific notation
  EXPECT_EQ(csv_number(NAN), "");
  for (double v : {7919944.123, 1.0 / 3, 5.7e-6, 0.1 + 0.2, 123456789.987654321, 2.5e-20})
    EXPECT_EQ(std::strtod(csv_number(v).c_str(), nullptr), v) << csv_number(v);
}

// An interval as written: clipped to what the quantity can be (bounds.hpp).
TEST(Format, IntervalsAreClippedToTheQuantitysRange) {
  // A mean wait whose interval crosses 0: the lower bound 0, the rest as estimated.
  const Estimate wait{2.0e-5, -5.9e-5, 9.9e-5, 10};
  const Estimate w = clipped(wait, metric_info(LevelMetric::kMeanWaitDays));
  EXPECT_EQ(w.lo, 0);
  EXPECT_EQ(w.hi, 9.9e-5);
  EXPECT_EQ(w.mean, 2.0e-5);
  EXPECT_EQ(w.n, 10);
  EXPECT_EQ(estimate_json(w).dump(), R"({"mean":2e-05,"ci95":[0.0,9.9e-05]})");
  // A share of patients crossing 1: the upper bound 1 (and 0 below).
  const Estimate share{0.99998, 0.99995, 1.00001, 10};
  const Estimate a = clipped(share, metric_info(LevelMetric::kAbandonmentFraction));
  EXPECT_EQ(a.lo, 0.99995);
  EXPECT_EQ(a.hi, 1);
  EXPECT_EQ(clipped({1e-6, -2e-6, 4e-6, 10}, metric_info(LevelMetric::kTurnedAwayFraction)).lo, 0);
  // Utilization is a fraction that can pass 1 (a capacity cut): only 0 below.
  const Estimate u = clipped({1.02, 0.98, 1.06, 10}, metric_info(LevelMetric::kUtilization));
  EXPECT_EQ(u.hi, 1.06);
  EXPECT_EQ(metric_bounds(metric_info(LevelMetric::kUtilization)).hi,
            std::numeric_limits<double>::infinity());
  // A difference between scenarios is not clipped.
  const Estimate d = clipped({-0.02, -0.05, 0.01, 10}, kUnbounded);
  EXPECT_EQ(d.lo, -0.05);
  EXPECT_EQ(d.hi, 0.01);
  // No interval: as it is.
  EXPECT_TRUE(std::isnan(clipped({0.5, NAN, NAN, 1}, kShare).lo));
  // The stdout's "mean [lo, hi]": the bounds clipped, the decimals those of the raw interval.
  EXPECT_EQ(interval_text(share, kShare, 1, 100), "99.998 [99.995, 100.000]");
  EXPECT_EQ(interval_text(share, 1, 100), "99.998 [99.995, 100.001]");
}

TEST(Format, UnlimitedCapacity) {
  EXPECT_EQ(capacity_text(12), "12");
  EXPECT_EQ(capacity_text(kUnlimited), "unlimited");
  EXPECT_EQ(capacity_json(12), 12);
  EXPECT_EQ(capacity_json(kUnlimited), "unlimited");
}

TEST(Format, Join) {
  const std::vector<std::string> levels = {"detox", "iop", "aftercare"};
  EXPECT_EQ(join(levels, ", "), "detox, iop, aftercare");
  EXPECT_EQ(join(std::vector<std::string>{}, ", "), "");
  EXPECT_EQ(join(std::vector<int>{1, 2}, " + ", [](int v) { return std::to_string(v * 10); }),
            "10 + 20");
}

TEST(Format, EstimateJson) {
  EXPECT_EQ(estimate_json({2, 1.5, 2.5, 3}).dump(), R"({"mean":2.0,"ci95":[1.5,2.5]})");
  EXPECT_EQ(estimate_json({2, NAN, NAN, 1}).dump(), R"({"mean":2.0,"ci95":null})");
  EXPECT_EQ(estimate_json({}).dump(), R"({"mean":null,"ci95":null})");
}

}  // namespace
}  // namespace continuum

namespace continuum {
namespace {

// daily.csv is written through a pointer into room made ahead; its rows must be the ones the
// plain construction (fmt's "{:.3f}" and string appends) gives, also where the numbers are far
// longer than the room first reserved (the largest floats: 39 digits each) and the buffer grows.
TEST(DailyCsv, RowsAreTheBytesOfThePlainConstruction) {
  Scenario s;
  s.levels.resize(2);
  s.levels[0].name = "detox";
  s.levels[1].name = "iop, evening";  // quoted as a CSV field
  Summary summary;
  summary.days = 700;
  const float big = std::numeric_limits<float>::max();
  std::mt19937 gen(7);
  std::uniform_real_distribution<float> small(0.0f, 40.0f);
  for (std::size_t i = 0; i < summary.days * 2; ++i) {
    const bool huge = i >= 600;  // from day 300 on: every number 43 bytes, past the reservation
    const float a = huge ? big : small(gen), b = huge ? -big : small(gen);
    summary.daily_census.push_back({a, b, huge ? std::numeric_limits<float>::infinity() : a});
    summary.daily_waitlist.push_back({b, i == 5 ? std::nanf("") : a, 0.0f});
  }
  std::string expected =
      "day,level,census_mean,census_p10,census_p90,waitlist_mean,waitlist_p10,waitlist_p90\n";
  for (std::size_t d = 0; d < summary.days; ++d)
    for (std::size_t l = 0; l < 2; ++l) {
      const DailyPoint& c = summary.daily_census[d * 2 + l];
      const DailyPoint& w = summary.daily_waitlist[d * 2 + l];
      expected += fmt::format("{},{},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f}\n", d,
                              l == 0 ? "detox" : "\"iop, evening\"", c.mean, c.p10, c.p90, w.mean,
                              w.p10, w.p90);
    }
  EXPECT_EQ(daily_csv(s, summary), expected);
}

TEST(Format, Fixed3WritesTheLongestNumberInItsRoom) {
  char text[kFixed3MaxBytes];
  const double v = -std::numeric_limits<double>::max();
  const std::string plain = fmt::format("{:.3f}", v);
  ASSERT_EQ(plain.size(), 314u);
  EXPECT_EQ(std::string(text, write_fixed3(text, v)), plain);
}

}  // namespace
}  // namespace continuum
