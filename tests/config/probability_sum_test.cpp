// Routing probabilities must sum to 1 within 10^-6 (docs/scenario-format.md, Routing): a sum
// off by 0.001 is refused with its exact message, one off by less than the tolerance is taken.
#include <gtest/gtest.h>

#include <string>

#include "continuum/config/load.hpp"
#include "continuum/model/bounds.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

// Line 12 is detox's `next:`, its map opening at column 11.
std::string with_next(const std::string& iop, const std::string& exit) {
  return "name: sum\n"
         "horizon_days: 100\n"
         "arrivals:\n"
         "  - name: community\n"
         "    rate_per_day: 1\n"
         "    entry: {detox: 1}\n"
         "levels:\n"
         "  detox:\n"
         "    capacity: 10\n"
         "    length_of_stay: {distribution: exponential, mean: 5}\n"
         "    waitlist: {max_length: 5}\n"
         "    next: {iop: " +
         iop + ", exit: " + exit +
         "}\n"
         "  iop:\n"
         "    capacity: 10\n"
         "    length_of_stay: {distribution: exponential, mean: 30}\n";
}

std::string error_of(const std::string& text) {
  return testing::load_error(text, "sum.yaml");
}

TEST(ProbabilitySum, ToleranceIsOneMillionth) {
  EXPECT_EQ(bounds::kProbabilitySumTolerance, 1e-6);  // as documented
}

TEST(ProbabilitySum, OffByOneThousandthIsRefused) {
  EXPECT_EQ(error_of(with_next("0.5", "0.499")),
            "sum.yaml:12:11: error: levels.detox.next: probabilities sum to 0.999, not 1");
  EXPECT_EQ(error_of(with_next("0.5", "0.501")),
            "sum.yaml:12:11: error: levels.detox.next: probabilities sum to 1.001, not 1");
  // Just outside the tolerance (2 x 10^-6 short) is refused too.
  EXPECT_EQ(error_of(with_next("0.5", "0.499998")),
            "sum.yaml:12:11: error: levels.detox.next: probabilities sum to 0.999998, not 1");
}

TEST(ProbabilitySum, WithinTheToleranceIsAccepted) {
  // Thirds written to seven places sum to 0.9999999 (10^-7 short) or 1.0000001 (over).
  EXPECT_EQ(error_of(with_next("0.3333333", "0.6666666")), "");
  EXPECT_EQ(error_of(with_next("0.3333334", "0.6666667")), "");
  const Scenario s = load_scenario_text(with_next("0.5", "0.4999995"), "sum.yaml");
  ASSERT_EQ(s.levels[0].next.size(), 2u);
  EXPECT_EQ(s.levels[0].next[1].probability, 0.4999995);
}

}  // namespace
}  // namespace continuum
