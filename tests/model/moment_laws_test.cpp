// Laws given by their mean and sd whose derived parameters overflow a double (lognormal mean
// 1e-300, sd 3.5: sigma^2 = log(1 + (sd/mean)^2) = inf) drew NaN times and aborted the run with
// an internal invariant failure (docs/reliability.md, "Found by review"). The loader and
// `sweep --set` now refuse them with the field's path; the range of extreme but sound laws
// still loads and draws finite times.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>

#include "continuum/config/load.hpp"
#include "continuum/core/rng.hpp"
#include "continuum/experiment/sweep_axis.hpp"
#include "continuum/model/distribution.hpp"
#include "continuum/model/distribution_checks.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

// baseline.yaml with `body` laid over it, as the tester's files were.
std::string over_baseline(const std::string& body) {
  return "extends: " + testing::source_path("scenarios/baseline.yaml") + "\n" + body;
}

std::string stay(const std::string& law) {
  return over_baseline("levels:\n  detox:\n    length_of_stay: " + law + "\n");
}

TEST(MomentLaws, OverflowingParametersAreRefusedAtLoad) {
  EXPECT_EQ(testing::load_error(stay("{distribution: lognormal, mean: 1e-300, sd: 3.5}"), "t.yaml"),
            "t.yaml:4:21: error: levels.detox.length_of_stay: mean 1e-300 and sd 3.5 give a "
            "lognormal whose parameters overflow or underflow (sigma^2 = log(1 + (sd/mean)^2) = "
            "inf, mu = log(mean) - sigma^2/2 = -inf); give a mean and sd nearer each other");
  EXPECT_EQ(testing::load_error(stay("{distribution: gamma, mean: 1e-300, sd: 1}"), "t.yaml"),
            "t.yaml:4:21: error: levels.detox.length_of_stay: mean 1e-300 and sd 1 give a gamma "
            "whose parameters overflow or underflow (shape = (mean/sd)^2 = 0, scale = sd^2/mean = "
            "inf); give a mean and sd nearer each other");
  EXPECT_EQ(testing::load_error(stay("{distribution: gamma, mean: 5, sd: 1e-160}"), "t.yaml"),
            "t.yaml:4:21: error: levels.detox.length_of_stay: mean 5 and sd 1e-160 give a gamma "
            "whose parameters overflow or underflow (shape = (mean/sd)^2 = inf, scale = sd^2/mean "
            "= 0); give a mean and sd nearer each other");
  EXPECT_EQ(testing::load_error(stay("{distribution: lognormal, mean: 1e-160, sd: 1}"), "t.yaml"),
            "t.yaml:4:21: error: levels.detox.length_of_stay: mean 1e-160 and sd 1 give a "
            "lognormal whose parameters overflow or underflow (sigma^2 = log(1 + (sd/mean)^2) = "
            "inf, mu = log(mean) - sigma^2/2 = -inf); give a mean and sd nearer each other");
  // A subnormal exponential mean: its rate 1/mean is infinite.
  EXPECT_EQ(testing::load_error(stay("{distribution: exponential, mean: 1e-320}"), "t.yaml"),
            "t.yaml:4:21: error: levels.detox.length_of_stay: mean 9.99989e-321 gives an "
            "exponential whose rate 1/mean overflows (rate = inf); give a larger mean");
  // The same laws as patience and as time to relapse, and under round: stochastic.
  EXPECT_EQ(testing::load_error(over_baseline("levels:\n  residential:\n    waitlist: {patience: "
                                              "{distribution: gamma, mean: 1e-300, sd: 1}}\n"),
                                "t.yaml"),
            "t.yaml:4:26: error: levels.residential.waitlist.patience: mean 1e-300 and sd 1 give "
            "a gamma whose parameters overflow or underflow (shape = (mean/sd)^2 = 0, scale = "
            "sd^2/mean = inf); give a mean and sd nearer each other");
  EXPECT_EQ(testing::load_error(over_baseline("relapse:\n  time_to_relapse: {distribution: "
                                              "lognormal, mean: 1e-300, sd: 1}\n"),
                                "t.yaml"),
            "t.yaml:3:20: error: relapse.time_to_relapse: mean 1e-300 and sd 1 give a lognormal "
            "whose parameters overflow or underflow (sigma^2 = log(1 + (sd/mean)^2) = inf, mu = "
            "log(mean) - sigma^2/2 = -inf); give a mean and sd nearer each other");
  EXPECT_EQ(testing::load_error(
                stay("{distribution: gamma, mean: 1e-300, sd: 1, round: stochastic}"), "t.yaml"),
            "t.yaml:4:21: error: levels.detox.length_of_stay: mean 1e-300 and sd 1 give a gamma "
            "whose parameters overflow or underflow (shape = (mean/sd)^2 = 0, scale = sd^2/mean = "
            "inf); give a mean and sd nearer each other");
}

TEST(MomentLaws, ValidateRefusesWhatRunCouldNotSimulate) {
  const auto dir = testing::temp_dir("moment_laws");
  const auto file = dir / "tiny.yaml";
  std::ofstream(file) << stay("{distribution: lognormal, mean: 1e-300, sd: 3.5}");
  for (const std::string command : {"validate ", "run --quiet --horizon-days 10 --out "}) {
    const std::string out = command == "validate " ? "" : (dir / "out").string() + " ";
    const auto r = testing::run_cli(command + out + file.string());
    EXPECT_EQ(r.status, 2) << command << r.err;
    EXPECT_NE(r.err.find("tiny.yaml:4:21: error: levels.detox.length_of_stay: mean 1e-300 and sd "
                         "3.5 give a lognormal whose parameters overflow or underflow"),
              std::string::npos)
        << r.err;
  }
  std::filesystem::remove_all(dir);
}

// `--set PATH=VALUE` on baseline.yaml, its detox stay replaced by `detox_stay` when given.
std::string set_error(const std::string& path, double value,
                      std::optional<DistributionSpec> detox_stay = std::nullopt) {
  Scenario s = load_scenario(testing::source_path("scenarios/baseline.yaml"));
  if (detox_stay)
    s.levels.at(static_cast<std::size_t>(s.level_index("detox"))).length_of_stay = *detox_stay;
  try {
    apply_setting(s, path, value);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(MomentLaws, SweepSetChecksTheSameLawsAndTheFileBounds) {
  EXPECT_EQ(set_error("levels.detox.length_of_stay.mean", 1e-300),
            "--set levels.detox.length_of_stay.mean: mean 1e-300 and sd 6.36364e-301 give a "
            "lognormal whose parameters overflow or underflow (sigma^2 = log(1 + (sd/mean)^2) = "
            "-nan, mu = log(mean) - sigma^2/2 = -nan); give a mean and sd nearer each other");
  // The scenario file's own bounds (F1): a mean, a scaled sd, max_length, staff on hand.
  EXPECT_EQ(set_error("levels.detox.length_of_stay.mean", 1e9),
            "--set levels.detox.length_of_stay.mean: must be at most 36500 (got 1e+09)");
  EXPECT_EQ(set_error("levels.detox.length_of_stay.mean", 0),
            "--set levels.detox.length_of_stay.mean: must be greater than 0 (got 0)");
  EXPECT_EQ(set_error("levels.detox.length_of_stay.mean", 36500), "");
  EXPECT_EQ(set_error("levels.detox.length_of_stay.mean", 36500, Gamma{5, 10}),
            "--set levels.detox.length_of_stay.mean: the law keeps its coefficient of variation, "
            "so its sd would be 73000: must be at most 36500 (got 73000)");
  EXPECT_EQ(set_error("levels.detox.waitlist.max_length", 1e12),
            "--set levels.detox.waitlist.max_length: must be at most 100000000 (got 1e+12)");
  EXPECT_EQ(set_error("levels.detox.waitlist.max_length", 2.5),
            "--set levels.detox.waitlist.max_length: expected a whole number (got 2.5)");
  EXPECT_EQ(set_error("levels.detox.waitlist.max_length", 1e8), "");
  EXPECT_EQ(set_error("levels.detox.length_of_stay.mean", 1e-6), "");

  const auto dir = testing::temp_dir("moment_laws_sweep");
  const auto r = testing::run_cli(
      "sweep scenarios/baseline.yaml --quiet --replications 2 --set "
      "levels.detox.length_of_stay.mean=1e9 --out " +
      (dir / "out").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err,
            "continuum: error: --set levels.detox.length_of_stay.mean: must be at most 36500 "
            "(got 1e+09)\n");
  std::filesystem::remove_all(dir);
}

// Extreme but sound laws, means 1e-6 to 36500 days and sd/mean 1e-3 to 1e3: they pass the check
// and every draw is finite and at least 0.
TEST(MomentLaws, ExtremeButSoundLawsDrawFiniteTimes) {
  Rng rng(20261203);
  int laws = 0;
  for (double mean : {1e-6, 1e-3, 0.5, 1.0, 30.0, 365.0, 36500.0})
    for (double ratio : {1e-3, 1e-2, 0.1, 1.0, 10.0, 100.0, 1e3})
      for (int gamma = 0; gamma < 2; ++gamma) {
        const double sd = mean * ratio;
        if (sd > 36500) continue;  // beyond the file's bound on sd
        const DistributionSpec law =
            gamma ? DistributionSpec(Gamma{mean, sd}) : DistributionSpec(Lognormal{mean, sd});
        ASSERT_EQ(derived_parameter_problem(law), "") << describe(law);
        Sampler draw(law);
        for (int i = 0; i < 2000; ++i) {
          const double x = draw(rng);
          ASSERT_TRUE(std::isfinite(x) && x >= 0) << describe(law) << " drew " << x;
        }
        ++laws;
      }
  EXPECT_EQ(laws, 90);
  // The sampler refuses a law built in code that the loader would have refused.
  EXPECT_THROW(Sampler(Lognormal{1e-300, 3.5}), std::invalid_argument);
  EXPECT_NO_THROW(Sampler(Exponential{0}));  // a stopped stream's gap, never drawn
}

}  // namespace
}  // namespace continuum
