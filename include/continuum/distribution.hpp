// Distributions of stays and delays: plain parameter structs, and a sampler over Boost.Random.
#pragma once

#include <boost/random/discrete_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/triangle_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <boost/random/weibull_distribution.hpp>

#include <string>
#include <variant>
#include <vector>

#include "continuum/rng.hpp"

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

using DistributionSpec =
    std::variant<Exponential, Lognormal, Gamma, Weibull, Uniform, Triangular, Fixed, Empirical>;

// The distribution's analytic mean and variance.
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
  double operator()(Rng& rng) {
    return std::visit([&rng](auto& d) -> double { return draw(d, rng); }, dist_);
  }

 private:
  struct FixedValue {
    double value;
  };
  struct EmpiricalTable {
    boost::random::discrete_distribution<std::uint32_t, double> pick;
    std::vector<double> values;
  };
  template <class D>
  static double draw(D& d, Rng& rng) {
    return d(rng);
  }
  static double draw(FixedValue& d, Rng&) { return d.value; }
  static double draw(EmpiricalTable& d, Rng& rng) { return d.values[d.pick(rng)]; }

  std::variant<
      boost::random::exponential_distribution<double>,
      boost::random::lognormal_distribution<double>, boost::random::gamma_distribution<double>,
      boost::random::weibull_distribution<double>, boost::random::uniform_real_distribution<double>,
      boost::random::triangle_distribution<double>, FixedValue, EmpiricalTable>
      dist_;
};

// A choice among a few targets with fixed probabilities (Walker's alias method, from Boost).
class Choice {
 public:
  Choice() = default;
  Choice(const std::vector<int>& targets, const std::vector<double>& probabilities);
  int operator()(Rng& rng) { return targets_.size() == 1 ? targets_[0] : targets_[pick_(rng)]; }
  bool empty() const { return targets_.empty(); }

 private:
  boost::random::discrete_distribution<std::uint32_t, double> pick_;
  std::vector<int> targets_;
};

}  // namespace continuum
