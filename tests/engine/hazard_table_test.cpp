// Days given day by day (daily_hazard, daily_hazard_logistic, survival): the whole-day survival
// they compile to, worked by hand; the share ending by day d against 1 - S(d); moments; the
// length-biased and conditional draws; and lognormal by meanlog/sdlog and stochastic rounding.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <type_traits>
#include <variant>
#include <vector>

#include "continuum/engine/initial_state.hpp"
#include "continuum/model/distribution.hpp"
#include "continuum/model/hazard_table.hpp"

namespace continuum {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// S(d) = prod_{k < d} (1 - h(k)), the logistic hazard computed here independently.
double logistic_survival(const DailyHazardLogistic& p, int d) {
  double s = 1;
  for (int k = 0; k < d; ++k)
    s *= 1 - (p.p4 + (p.p1 - p.p4) / (1 + std::pow(k / p.p3, p.p2)));
  return s;
}

// The share of `n` draws at or below each whole day of `days`.
std::vector<double> shares_by_day(const DistributionSpec& spec, const std::vector<int>& days, int n,
                                  std::uint64_t seed) {
  Sampler sampler(spec);
  Rng rng(seed);
  std::vector<double> share(days.size(), 0.0);
  for (int i = 0; i < n; ++i) {
    const double t = sampler(rng);
    for (std::size_t j = 0; j < days.size(); ++j)
      share[j] += t <= days[j];
  }
  for (double& s : share)
    s /= n;
  return share;
}

// Within 4.5 binomial standard errors.
void expect_share(double observed, double expected, int n, const std::string& what) {
  const double se = std::sqrt(expected * (1 - expected) / n);
  EXPECT_NEAR(observed, expected, 4.5 * se + 1e-12) << what;
}

TEST(HazardTable, DailyHazardByHand) {
  const HazardTable t(DailyHazard{{0.1, 0.2, 0.5}});
  ASSERT_EQ(t.days().size(), 4u);  // S(0) .. S(3)
  EXPECT_DOUBLE_EQ(t.days()[1], 0.9);
  EXPECT_DOUBLE_EQ(t.days()[2], 0.72);
  EXPECT_DOUBLE_EQ(t.days()[3], 0.36);
  EXPECT_DOUBLE_EQ(t.tail_hazard(), 0.5);  // the last value holds
  EXPECT_NEAR(t.survival(5), 0.36 * 0.25, 1e-12);
  EXPECT_NEAR(t.survival(1.5), 0.81, 1e-12);  // linear within a day
  // The inverse: S(T) = u, uniform within the day.
  EXPECT_NEAR(t.inverse(0.95), 0.5, 1e-12);
  EXPECT_NEAR(t.inverse(0.9), 1.0, 1e-12);
  EXPECT_NEAR(t.inverse(0.54), 2.5, 1e-12);
  EXPECT_NEAR(t.inverse(0.36 * 0.75), 3.5, 1e-12);        // in the tail: day 4, halfway
  EXPECT_NEAR(t.inverse(0.36 * 0.25 * 0.5), 6.0, 1e-12);  // S(6) = 0.36 x 0.5^3
}

TEST(HazardTable, LogisticHazardByHand) {
  const DailyHazardLogistic p{0.0, 1.2, 120, 0.05};  // the example
  const HazardTable t(p);
  EXPECT_DOUBLE_EQ(t.days()[1], 1.0);  // h(0) = p1 = 0: nobody leaves on the first day
  for (int d : {2, 7, 30, 90, 365})
    EXPECT_NEAR(t.days()[static_cast<std::size_t>(d)], logistic_survival(p, d), 1e-14) << d;
  // The table stops where S < 1e-12 and the hazard of that day holds.
  EXPECT_LT(t.days().back(), HazardTable::kNegligible);
  EXPECT_GE(t.days()[t.days().size() - 2], HazardTable::kNegligible);
  const double last = static_cast<double>(t.days().size() - 1);
  EXPECT_DOUBLE_EQ(t.tail_hazard(), 0.05 + (0.0 - 0.05) / (1 + std::pow(last / 120, 1.2)));
}

TEST(HazardTable, SurvivalTableInterpolatesGeometricallyAndItsLastHazardHolds) {
  const HazardTable t(Survival{{10, 30}, {0.8, 0.2}});
  EXPECT_DOUBLE_EQ(t.days()[10], 0.8);
  EXPECT_DOUBLE_EQ(t.days()[30], 0.2);
  EXPECT_NEAR(t.days()[5], std::sqrt(0.8), 1e-15);  // constant daily hazard within (0, 10]
  EXPECT_NEAR(t.days()[20], 0.8 * 0.5, 1e-15);      // (0.2 / 0.8)^(10 / 20) = 0.5
  EXPECT_NEAR(t.tail_hazard(), 1 - std::pow(0.25, 1.0 / 20), 1e-15);
  EXPECT_NEAR(t.survival(50), 0.2 * 0.25, 1e-14);
  // A table falling to 0: equal shares each day of that interval, then nobody left.
  const HazardTable to_zero(Survival{{4}, {0.0}});
  ASSERT_EQ(to_zero.days().size(), 5u);
  EXPECT_DOUBLE_EQ(to_zero.days()[1], 0.75);
  EXPECT_DOUBLE_EQ(to_zero.days()[3], 0.25);
  EXPECT_DOUBLE_EQ(to_zero.mean(), 2.0);
  EXPECT_DOUBLE_EQ(to_zero.inverse(0.0), 4.0);
  // A last share that stays: nobody leaves after the table, and a share never does.
  const HazardTable stays(Survival{{10, 20}, {0.5, 0.5}});
  EXPECT_EQ(stays.tail_hazard(), 0.0);
  EXPECT_EQ(stays.inverse(0.4), kInf);
  EXPECT_EQ(stays.mean(), kInf);
}

TEST(HazardTable, MomentsByHand) {
  // One hazard h = 0.5 every day: K ~ geometric (failures), T = K + U: E[T] = (1 - h) / h + 1/2.
  const HazardTable half(DailyHazard{{0.5}});
  EXPECT_DOUBLE_EQ(half.mean(), 1.5);
  // Var[K] = (1 - h) / h^2 = 2, Var[U] = 1/12.
  EXPECT_NEAR(half.variance(), 2 + 1.0 / 12, 1e-12);
  // A share that never leaves: infinite.
  EXPECT_EQ(mean_of(DailyHazard{{0.1, 0.0}}), kInf);
  EXPECT_EQ(variance_of(DailyHazard{{0.1, 0.0}}), kInf);
}

// The share ending by whole day d is 1 - S(d), for each of the three kinds, within CI.
TEST(HazardTable, ShareEndingByDayDIsOneMinusSurvival) {
  const int n = 200000;
  const std::vector<int> days = {1, 2, 3, 7, 14, 30, 60, 120, 365};
  const std::vector<DistributionSpec> specs = {
      DailyHazard{{0.01, 0.02, 0.05, 0.03}}, DailyHazardLogistic{0.0, 1.2, 120, 0.05},
      DailyHazardLogistic{0.2, 2, 10, 0.01}, Survival{{7, 30, 90}, {0.9, 0.6, 0.3}}};
  for (const DistributionSpec& spec : specs) {
    const HazardTable table = std::visit(
        [](const auto& d) -> HazardTable {
          if constexpr (std::is_constructible_v<HazardTable, decltype(d)>)
            return HazardTable(d);
          else
            return HazardTable(DailyHazard{{1}});
        },
        spec);
    const std::vector<double> share = shares_by_day(spec, days, n, 77);
    for (std::size_t j = 0; j < days.size(); ++j) {
      const double expected = 1 - table.survival(days[j]);
      expect_share(share[j], expected, n, describe(spec) + " day " + std::to_string(days[j]));
    }
  }
  // And against the product of daily hazards computed here.
  const DailyHazardLogistic p{0.0, 1.2, 120, 0.05};
  const std::vector<double> share = shares_by_day(p, days, n, 78);
  for (std::size_t j = 0; j < days.size(); ++j)
    expect_share(share[j], 1 - logistic_survival(p, days[j]), n, "logistic");
}

TEST(HazardTable, OneUniformPerDrawThroughTheInverse) {
  const DistributionSpec spec = DailyHazard{{0.01, 0.02, 0.02}};
  Sampler sampler(spec);
  const HazardTable table(DailyHazard{{0.01, 0.02, 0.02}});
  Rng a(5), b(5);
  for (int i = 0; i < 1000; ++i)
    ASSERT_EQ(sampler(a), table.inverse(b.uniform01()));
  EXPECT_EQ(a(), b());  // the same number of generator calls
}

TEST(HazardTable, SampleMeanMatchesAndNeverEndingShareIsInfinite) {
  const DistributionSpec spec = Survival{{7, 30, 90}, {0.9, 0.6, 0.3}};
  Sampler sampler(spec);
  Rng rng(9);
  const int n = 400000;
  double sum = 0;
  for (int i = 0; i < n; ++i)
    sum += sampler(rng);
  EXPECT_NEAR(sum / n, mean_of(spec), 5 * std::sqrt(variance_of(spec) / n));
  Sampler never(DailyHazard{{0.5, 0.0}});  // half leave on day 1, the rest never
  int infinite = 0;
  for (int i = 0; i < 10000; ++i)
    infinite += std::isinf(never(rng));
  EXPECT_NEAR(infinite / 10000.0, 0.5, 0.03);
}

TEST(HazardTable, LengthBiasedAndConditionalDraws) {
  const HazardTable t(DailyHazard{{0.02, 0.05, 0.03}});
  Rng rng(11);
  const int n = 400000;
  // Length-biased mean: E[T^2] / E[T].
  double sum = 0;
  for (int i = 0; i < n; ++i)
    sum += t.length_biased(rng);
  const double m = t.mean(), second = t.variance() + m * m;
  EXPECT_NEAR(sum / n, second / m, 0.01 * second / m);
  // X - e given X > e: P(> t) = S(e + t) / S(e).
  const double e = 12.5;
  int beyond = 0;
  for (int i = 0; i < n; ++i)
    beyond += t.remaining_after(e, rng) > 20;
  expect_share(beyond / static_cast<double>(n), t.survival(e + 20) / t.survival(e), n, "remaining");
  // The equilibrium residual of a stay in progress has mean E[T^2] / (2 E[T]).
  const DistributionSpec spec = DailyHazard{{0.02, 0.05, 0.03}};
  Sampler sampler(spec);
  double residual = 0;
  for (int i = 0; i < n; ++i)
    residual += stay_in_progress(spec, sampler, rng).remaining;
  EXPECT_NEAR(residual / n, second / (2 * m), 0.01 * second / m);
}

TEST(LognormalLog, MeanlogAndSdlogGiveTheirMean) {
  const LognormalLog spec{3.1, 0.6};
  EXPECT_DOUBLE_EQ(mean_of(spec), std::exp(3.1 + 0.18));
  EXPECT_DOUBLE_EQ(variance_of(spec), std::expm1(0.36) * std::exp(6.2 + 0.36));
  EXPECT_EQ(describe(spec), "lognormal(meanlog=3.1, sdlog=0.6)");
  Sampler sampler(spec);
  Rng rng(3);
  const int n = 400000;
  double sum = 0, logs = 0;
  for (int i = 0; i < n; ++i) {
    const double x = sampler(rng);
    sum += x;
    logs += std::log(x);
  }
  EXPECT_NEAR(sum / n, mean_of(spec), 5 * std::sqrt(variance_of(spec) / n));
  EXPECT_NEAR(logs / n, 3.1, 5 * 0.6 / std::sqrt(n));
  // Length-biased: lognormal(meanlog + sdlog^2, sdlog), mean E[X^2] / E[X].
  double biased = 0;
  for (int i = 0; i < n; ++i)
    biased += length_biased_draw(spec, rng);
  const double m = mean_of(spec), second = variance_of(spec) + m * m;
  EXPECT_NEAR(biased / n, second / m, 0.01 * second / m);
}

TEST(RoundStochastic, WholeDaysWithTheSameMean) {
  const DistributionSpec spec = rounded(LognormalLog{3.1, 0.6});
  EXPECT_DOUBLE_EQ(mean_of(spec), mean_of(LognormalLog{3.1, 0.6}));
  EXPECT_DOUBLE_EQ(variance_of(spec), variance_of(LognormalLog{3.1, 0.6}) + 1.0 / 6);
  EXPECT_EQ(describe(spec), "lognormal(meanlog=3.1, sdlog=0.6) round stochastic");
  Sampler sampler(spec);
  Rng rng(21);
  const int n = 400000;
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    const double x = sampler(rng);
    ASSERT_EQ(x, std::floor(x));
    sum += x;
  }
  EXPECT_NEAR(sum / n, mean_of(spec), 5 * std::sqrt(variance_of(spec) / n));
}

TEST(RoundStochastic, FixedValueByHandAndTheExtraUniformComesAfterTheDraw) {
  const DistributionSpec spec = rounded(Fixed{2.25});
  EXPECT_DOUBLE_EQ(variance_of(spec), 0.25 * 0.75);
  Sampler sampler(spec);
  Rng rng(4), copy(4);
  int threes = 0;
  for (int i = 0; i < 10000; ++i) {
    const double x = sampler(rng);
    ASSERT_EQ(x, copy.uniform01() < 0.25 ? 3.0 : 2.0);  // one uniform per draw, as documented
    threes += x == 3;
  }
  EXPECT_NEAR(threes / 10000.0, 0.25, 0.02);
  // A drawing kind: the rounding's uniform follows the distribution's own.
  Sampler plain(Exponential{3.7}), round(rounded(Exponential{3.7}));
  Rng p(8), r(8);
  for (int i = 0; i < 1000; ++i) {
    const double x = plain(p), y = round(r);
    ASSERT_EQ(y, p.uniform01() < x - std::floor(x) ? std::floor(x) + 1 : std::floor(x));
  }
  // Length-biased of a rounded law: whole days, mean E[Y^2] / E[Y].
  Rng lb(13);
  double sum = 0;
  for (int i = 0; i < 200000; ++i) {
    const double y = length_biased_draw(spec, lb);
    ASSERT_TRUE(y == 2 || y == 3);
    sum += y;
  }
  EXPECT_NEAR(sum / 200000, (0.75 * 4 + 0.25 * 9) / 2.25, 0.01);
}

}  // namespace
}  // namespace continuum
