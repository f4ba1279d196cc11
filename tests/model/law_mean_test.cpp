// Weibull and log-logistic laws whose parameters were each within their bounds but whose mean
// was astronomically large (weibull shape 0.05, scale 36500: 8.9e22 days; loglogistic shape
// 1.0000000001: 1e10 days) were accepted: `analyze` printed a utilization of 5.9e24 % and a
// time to relapse gave a nonsense equilibrium pool (docs/reliability.md, val6 finding 2). Every
// law whose mean is computed from its parameters now has it at most 36500 days, as lognormal by
// meanlog and sdlog always had; the mean is computed so that it is never NaN.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "continuum/config/load.hpp"
#include "continuum/model/distribution.hpp"
#include "continuum/model/distribution_checks.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double mean_value(const DistributionSpec& law) {
  const auto m = computed_mean(law);
  return m ? m->value : -1;
}

TEST(LawMean, ComputedFromTheParameters) {
  EXPECT_DOUBLE_EQ(mean_value(Weibull{1, 5}), 5);
  EXPECT_DOUBLE_EQ(mean_value(Weibull{0.5, 2}), 4);                           // 2 Gamma(3)
  EXPECT_DOUBLE_EQ(mean_value(Weibull{0.05, 36500}), 8.880092329844736e+22);  // 36500 * 20!
  EXPECT_DOUBLE_EQ(mean_value(Loglogistic{2, 1}), std::numbers::pi / 2);
  EXPECT_DOUBLE_EQ(mean_value(Loglogistic{1.5, 90}),
                   90 * (std::numbers::pi / 1.5) / std::sin(std::numbers::pi / 1.5));
  // Near shape 1, sin(pi/shape) taken directly loses its digits (it gave 9,999,992,923): the
  // exact mean is (pi/s) / sin(pi (s - 1)/s) = 9,999,999,172.596...
  EXPECT_NEAR(mean_value(Loglogistic{1.0000000001, 1}), 9999999172.596357, 1e-3);
  EXPECT_DOUBLE_EQ(mean_value(LognormalLog{10, 2}), std::exp(12.0));
  EXPECT_EQ(computed_mean(Weibull{1, 5})->formula, "scale * Gamma(1 + 1/shape)");
  EXPECT_EQ(computed_mean(Loglogistic{2, 1})->formula, "scale * (pi/shape) / sin(pi/shape)");
  EXPECT_EQ(computed_mean(LognormalLog{1, 1})->formula, "exp(meanlog + sdlog^2/2)");
  // A rounded law: the law it rounds. Other kinds: their parameters bound their means.
  EXPECT_DOUBLE_EQ(mean_value(rounded(Weibull{1, 5})), 5);
  EXPECT_FALSE(computed_mean(Exponential{5}));
  EXPECT_FALSE(computed_mean(Gamma{5, 1}));
  EXPECT_FALSE(computed_mean(Lognormal{5, 1}));
}

// Beyond a double the mean is +inf, never NaN and never an exception, so !(mean <= 36500)
// refuses it.
TEST(LawMean, InfiniteMeansAreInfinityNotNaN) {
  EXPECT_EQ(mean_value(Weibull{1e-3, 1}), kInf);      // Gamma(1001) overflows
  EXPECT_EQ(mean_value(Weibull{1e-320, 1}), kInf);    // 1/shape is infinite
  EXPECT_EQ(mean_value(Weibull{0.01, 1e300}), kInf);  // a finite Gamma(101) times the scale
  EXPECT_EQ(mean_value(Loglogistic{1, 1}), kInf);
  EXPECT_EQ(mean_value(Loglogistic{0.5, 1}), kInf);
  const double just_above_one = std::nextafter(1.0, 2.0);
  EXPECT_DOUBLE_EQ(mean_value(Loglogistic{just_above_one, 36500}), 1.643813863990231e+20);
}

// baseline.yaml with `body` laid over it.
std::string over_baseline(const std::string& body) {
  return "extends: " + testing::source_path("scenarios/baseline.yaml") + "\n" + body;
}

std::string stay(const std::string& law) {
  return over_baseline("levels:\n  detox:\n    length_of_stay: " + law + "\n");
}

TEST(LawMean, AboveTheLimitIsRefusedAtTheLawsMap) {
  EXPECT_EQ(
      testing::load_error(stay("{distribution: weibull, shape: 0.05, scale: 36500}"), "t.yaml"),
      "t.yaml:4:21: error: levels.detox.length_of_stay: the mean scale * Gamma(1 + 1/shape) must "
      "be at most 36500 days (got 8.88009e+22)");
  EXPECT_EQ(testing::load_error(stay("{distribution: loglogistic, shape: 1.0000000001, scale: 1}"),
                                "t.yaml"),
            "t.yaml:4:21: error: levels.detox.length_of_stay: the mean scale * (pi/shape) / "
            "sin(pi/shape) must be at most 36500 days (got 1e+10)");
  // The lognormal by meanlog and sdlog: the same rule in the same words.
  EXPECT_EQ(testing::load_error(stay("{distribution: lognormal, meanlog: 10, sdlog: 2}"), "t.yaml"),
            "t.yaml:4:21: error: levels.detox.length_of_stay: the mean exp(meanlog + sdlog^2/2) "
            "must be at most 36500 days (got 162755)");
  // Not only stays: a dropout time, and under round: stochastic.
  EXPECT_EQ(testing::load_error(over_baseline("levels:\n  detox:\n    dropout: {probability: 0.1, "
                                              "time: {distribution: weibull, shape: 0.1, scale: "
                                              "1}}\n"),
                                "t.yaml"),
            "t.yaml:4:39: error: levels.detox.dropout.time: the mean scale * Gamma(1 + 1/shape) "
            "must be at most 36500 days (got 3.6288e+06)");
  EXPECT_EQ(testing::load_error(stay("{distribution: weibull, shape: 0.05, scale: 1, round: "
                                     "stochastic}"),
                                "t.yaml"),
            "t.yaml:4:21: error: levels.detox.length_of_stay: the mean scale * Gamma(1 + 1/shape) "
            "must be at most 36500 days (got 2.4329e+18)");
}

TEST(LawMean, AtTheLimitLoads) {
  EXPECT_EQ(testing::load_error(stay("{distribution: weibull, shape: 1, scale: 36500}"), "t.yaml"),
            "");
  EXPECT_EQ(
      testing::load_error(stay("{distribution: weibull, shape: 0.05, scale: 1.5e-14}"), "t.yaml"),
      "");  // mean 36493.5 days
  EXPECT_EQ(testing::load_error(stay("{distribution: loglogistic, shape: 1.0000000001, scale: "
                                     "3.65e-6}"),
                                "t.yaml"),
            "");  // mean 36500.0 days (36499.997)
  EXPECT_NE(
      testing::load_error(stay("{distribution: weibull, shape: 0.99, scale: 36500}"), "t.yaml"),
      "");  // 36500 * Gamma(2.0101) = 36652
}

}  // namespace
}  // namespace continuum
