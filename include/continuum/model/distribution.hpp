// Distributions of stays and delays: plain parameter structs, and a sampler over Boost.Random.
#pragma once

#include <boost/random/discrete_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/triangle_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <boost/random/weibull_distribution.hpp>

#include <cmath>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "continuum/core/rng.hpp"
#include "continuum/model/hazard_table.hpp"

namespace continuum {

// Parameters as the scenario file gives them (all in days where they are times).
struct Exponential {
  double mean;
};
struct Lognormal {
  double mean, sd;
};  // of the distribution itself, not of its logarithm
struct Gamma {
  double mean, sd;
};
struct Weibull {
  double shape, scale;
};
struct Uniform {
  double min, max;
};
struct Triangular {
  double min, mode, max;
};
struct Fixed {
  double value;
};
struct Empirical {
  std::vector<double> values, weights;
};
// Log-logistic: P(X <= x) = 1 / (1 + (x / scale)^-shape); the median is `scale`. The mean is
// finite only for shape > 1 and the variance only for shape > 2 (the loader requires shape > 1).
struct Loglogistic {
  double shape, scale;
};

// Lognormal given by the mean and sd of the logarithm (`meanlog`, `sdlog`): drawn by the same
// Boost distribution from exactly these parameters.
struct LognormalLog {
  double meanlog, sdlog;
};
// DailyHazard, DailyHazardLogistic and Survival (days given day by day) are in hazard_table.hpp.

// `round: stochastic` on another distribution: a draw x becomes floor(x) + 1 with probability
// x - floor(x), else floor(x) (whole days, the same mean), the extra uniform drawn from the
// same stream after the draw. `of` is never itself rounded.
struct RoundedSpec;
struct Rounded {
  std::shared_ptr<const RoundedSpec> of;
};

// New kinds go at the end: the indices of the others stay (Sampler's switch follows them).
using DistributionSpec =
    std::variant<Exponential, Lognormal, Gamma, Weibull, Uniform, Triangular, Fixed, Empirical,
                 Loglogistic, LognormalLog, DailyHazard, DailyHazardLogistic, Survival, Rounded>;
struct RoundedSpec {
  DistributionSpec spec;
};
// `spec` with `round: stochastic`; the distribution under a rounding (else `spec` itself).
DistributionSpec rounded(DistributionSpec spec);
const DistributionSpec& unrounded(const DistributionSpec& spec);

// The distribution's analytic mean and variance (infinity where they diverge: loglogistic with
// shape <= 1, resp. <= 2; a day-by-day law with a share that never ends). Rounding keeps the
// mean and adds E[f (1 - f)] to the variance, f the fractional part: exact for fixed and
// empirical values and for the day-by-day laws (f uniform: 1/6), 1/6 for the other kinds.
double mean_of(const DistributionSpec& spec);
double variance_of(const DistributionSpec& spec);
// "lognormal(mean=5, sd=2)": for tables and the network drawing.
std::string describe(const DistributionSpec& spec);
// The names accepted in the `distribution:` key, in documentation order.
const std::vector<std::string>& distribution_names();

// Draws from a distribution. Built once at set-up; sampling never allocates.
class Sampler {
 public:
  explicit Sampler(const DistributionSpec& spec);
  // A switch inlined at each call site rather than std::visit's one shared jump table: each
  // site (length of stay, patience, ...) mostly sees one distribution, so its own indirect
  // branch predicts well; the draws are Boost's, unchanged. `G`: Rng, PatientRng, or any
  // 64-bit UniformRandomBitGenerator with uniform01().
  template <class G>
  [[gnu::always_inline]] double operator()(G& rng) {
    const double x = draw(rng);
    if (!round_) [[likely]]
      return x;
    return round_stochastic(x, rng.uniform01());
  }
  // The day-by-day table this sampler draws from (daily hazards, survival; not rounded), else
  // nullptr.
  const HazardTable* hazard_table() const { return round_ ? nullptr : std::get_if<9>(&dist_); }

 private:
  template <class G>
  [[gnu::always_inline]] double draw(G& rng) {
    switch (dist_.index()) {
      case 0:
        return (*std::get_if<0>(&dist_))(rng);
      case 1:
        return (*std::get_if<1>(&dist_))(rng);
      case 2:
        return (*std::get_if<2>(&dist_))(rng);
      case 3:
        return (*std::get_if<3>(&dist_))(rng);
      case 4:
        return (*std::get_if<4>(&dist_))(rng);
      case 5:
        return (*std::get_if<5>(&dist_))(rng);
      case 6:
        return std::get_if<6>(&dist_)->value;
      case 7:
        return draw_empirical(rng);
      case 8:
        return draw_loglogistic(rng);
      default:
        return std::get_if<9>(&dist_)->inverse(rng.uniform01());
    }
  }
  // `u`: the uniform drawn after the value, from the same generator.
  [[gnu::noinline]] static double round_stochastic(double x, double u) {
    const double whole = std::floor(x);
    return u < x - whole ? whole + 1 : whole;
  }

  struct FixedValue {
    double value;
  };
  struct EmpiricalTable {
    boost::random::discrete_distribution<std::uint32_t, double> pick;
    std::vector<double> values;
  };
  // Inverse CDF from one uniform u in [0, 1): scale * (u / (1 - u))^(1 / shape).
  struct LoglogisticInverse {
    double inverse_shape, scale;
  };
  template <class G>
  double draw_loglogistic(G& rng) {
    const LoglogisticInverse& d = *std::get_if<8>(&dist_);
    const double u = rng.uniform01();
    return d.scale * std::pow(u / (1 - u), d.inverse_shape);
  }
  template <class G>
  double draw_empirical(G& rng) {
    EmpiricalTable& d = *std::get_if<7>(&dist_);
    return d.values[d.pick(rng)];
  }

  std::variant<
      boost::random::exponential_distribution<double>,
      boost::random::lognormal_distribution<double>, boost::random::gamma_distribution<double>,
      boost::random::weibull_distribution<double>, boost::random::uniform_real_distribution<double>,
      boost::random::triangle_distribution<double>, FixedValue, EmpiricalTable, LoglogisticInverse,
      HazardTable>
      dist_;
  bool round_ = false;
};

// A choice among a few targets with fixed probabilities: Walker's alias method, drawing exactly
// what boost::random::discrete_distribution draws (same table, same generator calls, same
// results) without its per-call divisions: a bucket by integer division of one generator word,
// then a uniform [0, 1) to pick between the bucket's target and its alias.
class Choice {
 public:
  Choice() = default;
  Choice(const std::vector<int>& targets, const std::vector<double>& probabilities);
  template <class G>
  int operator()(G& rng) const {
    if (cells_.size() == 1) return cells_[0].target;  // no draw
    std::uint64_t bucket;
    do {
      bucket = rng() / bucket_width_;
    } while (bucket >= cells_.size());
    const double test = boost::random::uniform_01<double>()(rng);
    const Cell& cell = cells_[bucket];
    return test < cell.threshold ? cell.target : cell.alias;
  }
  bool empty() const { return cells_.empty(); }
  // One target, drawn without a random number: callers may skip setting up a generator.
  bool fixed() const { return cells_.size() == 1; }
  int fixed_target() const { return cells_[0].target; }

 private:
  struct Cell {
    double threshold;  // below it: this bucket's own target, else the alias
    int target;
    int alias;
  };
  std::vector<Cell> cells_;
  std::uint64_t bucket_width_ = 1;
};

}  // namespace continuum
