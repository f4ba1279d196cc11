// docs/scenario-format.md states the limits of model/bounds.hpp: this test fails when the table
// and the document drift apart.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

#include "continuum/model/bounds.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

// 1000000 -> "1,000,000", as the document writes large numbers in prose and tables.
std::string with_commas(double value) {
  std::string digits = fmt::format("{:.0f}", value), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

class BoundsDocs : public ::testing::Test {
 protected:
  void expect_mentions(const std::string& text) {
    EXPECT_NE(doc_.find(text), std::string::npos) << "docs/scenario-format.md lacks: " << text;
  }
  const std::string doc_ = testing::read_file(testing::source_path("docs/scenario-format.md"));
};

TEST_F(BoundsDocs, ExampleCommentsGiveTheRanges) {
  expect_mentions(
      fmt::format("({:g} <= h <= {:g})", bounds::kHorizonDays.min, bounds::kHorizonDays.max));
  expect_mentions(
      fmt::format("({:g} .. {:g})", bounds::kReplications.min, bounds::kReplications.max));
  expect_mentions(fmt::format("({:g} .. {:.0f}), or `unlimited`", bounds::kCapacity.min,
                              bounds::kCapacity.max));
  expect_mentions(
      fmt::format("Parameters are in days and at most {:g}.", bounds::kDistributionParameter.max));
}

TEST_F(BoundsDocs, StaffTableGivesTheRanges) {
  expect_mentions(fmt::format("{:g} ≤ h ≤ {:g} (default 40)", bounds::kHoursPerFteWeek.min,
                              bounds::kHoursPerFteWeek.max));
  expect_mentions(fmt::format("{:g} ≤ s ≤ {:g} (default 1)", bounds::kProductiveShare.min,
                              bounds::kProductiveShare.max));
  expect_mentions(fmt::format("`patients_per_staff` {:g} .. {}", bounds::kPatientsPerStaff.min,
                              with_commas(bounds::kPatientsPerStaff.max)));
  expect_mentions(fmt::format("`caseload`, {:g} .. {}", bounds::kCaseload.min,
                              with_commas(bounds::kCaseload.max)));
  expect_mentions(fmt::format("review_every_days: 7    # required, {:g} .. {:g} days",
                              bounds::kReviewEveryDays.min, bounds::kReviewEveryDays.max));
  expect_mentions(fmt::format("0 .. {} (default 0)", with_commas(bounds::kCostPerFteYear.max)));
  expect_mentions(fmt::format("0 .. {} (default 0)", with_commas(bounds::kCostPerPatientDay.max)));
  expect_mentions(fmt::format("(0 < s ≤ {:g})", bounds::kSessionsPerWeek.max));
  expect_mentions(fmt::format("(0 < h ≤ {:g})", bounds::kHoursPerSession.max));
  expect_mentions(fmt::format("(whole, {:g} .. {})", bounds::kGroupSizeMax.min,
                              with_commas(bounds::kGroupSizeMax.max)));
}

TEST_F(BoundsDocs, ChangesGiveTheSettingLimits) {
  expect_mentions(fmt::format("`levels.<level>.capacity` (whole, {:g} .. {};",
                              bounds::kSetCapacity.min, with_commas(bounds::kSetCapacity.max)));
  expect_mentions(fmt::format("`arrivals.<stream>.rate_per_day` ({:g} .. {};",
                              bounds::kSetRatePerDay.min, with_commas(bounds::kSetRatePerDay.max)));
}

TEST_F(BoundsDocs, ErrorsSectionSumsThemUp) {
  expect_mentions(fmt::format(
      "capacities up to {}, rates up to {} a day, times up to\n{} days, replications up to {}.",
      with_commas(bounds::kCapacity.max), with_commas(bounds::kRatePerDay.max),
      with_commas(bounds::kHorizonDays.max), with_commas(bounds::kReplications.max)));
}

}  // namespace
}  // namespace continuum
