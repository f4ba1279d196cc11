// The shared text of the writers: estimate cells, percentages, CSV numbers, capacities, lists,
// and the JSON forms of an estimate and a capacity.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "continuum/output/format.hpp"
#include "continuum/output/summary_json.hpp"

namespace continuum {
namespace {

constexpr int kUnlimited = std::numeric_limits<int>::max();

TEST(Format, CellShowsTheMeanAndTheHalfWidth) {
  EXPECT_EQ(cell({12.344, 11.78, 12.9, 4}, 2), "12.34 ±0.56");
  EXPECT_EQ(cell({12.346, NAN, NAN, 1}, 2), "12.35");  // one replication: no interval
  EXPECT_EQ(cell({NAN, NAN, NAN, 0}, 2), "-");
  EXPECT_EQ(cell({3661187.4, 3628872, 3693502, 4}, 0), "3661187 ±32315");
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

TEST(Format, CsvNumbersHaveSixSignificantDigits) {
  EXPECT_EQ(csv_number(1.0 / 3), "0.333333");
  EXPECT_EQ(csv_number(8), "8");
  EXPECT_EQ(csv_number(1234567), "1.23457e+06");
  EXPECT_EQ(csv_number(-0.5), "-0.5");
  EXPECT_EQ(csv_number(NAN), "");
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
