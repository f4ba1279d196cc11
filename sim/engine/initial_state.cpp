// Length-biased draws and residual stays for starting a run from today's census.
#include "continuum/engine/initial_state.hpp"
#include "continuum/core/overloaded.hpp"

#include <boost/random/gamma_distribution.hpp>

#include <cmath>
#include <numeric>

namespace continuum {

double length_biased_draw(const DistributionSpec& spec, Rng& rng) {
  return std::visit(
      Overloaded{
          [&](const Exponential& d) {  // x e^(-x/m): gamma(2, m)
            return boost::random::gamma_distribution<double>(2.0, d.mean)(rng);
          },
          [&](const Lognormal& d) {  // lognormal(mu + s^2, s)
            const double s2 = std::log1p((d.sd * d.sd) / (d.mean * d.mean));
            const double mu = std::log(d.mean) - s2 / 2;
            return Sampler(Lognormal{std::exp(mu + s2 + s2 / 2), d.sd * std::exp(s2)})(rng);
          },
          [&](const Gamma& d) {  // gamma(k + 1, theta)
            const double k = (d.mean * d.mean) / (d.sd * d.sd), theta = d.mean / k;
            return boost::random::gamma_distribution<double>(k + 1, theta)(rng);
          },
          [&](const Weibull& d) {  // scale * Y^(1/k), Y ~ gamma(1 + 1/k)
            const double y = boost::random::gamma_distribution<double>(1 + 1 / d.shape, 1.0)(rng);
            return d.scale * std::pow(y, 1 / d.shape);
          },
          [&](const Uniform& d) {  // density proportional to x on [a, b]
            return std::sqrt(d.min * d.min + rng.uniform01() * (d.max * d.max - d.min * d.min));
          },
          [&](const Triangular& d) {  // rejection against the bound x <= max
            Sampler s(d);
            for (;;) {
              const double x = s(rng);
              if (rng.uniform01() * d.max < x) return x;
            }
          },
          [&](const Fixed& d) { return d.value; },
          [&](const Empirical& d) {
            std::vector<double> w(d.values.size());
            for (std::size_t i = 0; i < w.size(); ++i)
              w[i] = d.weights[i] * d.values[i];
            boost::random::discrete_distribution<std::size_t, double> pick(w.begin(), w.end());
            return d.values[pick(rng)];
          }},
      spec);
}

StayInProgress stay_in_progress(const DistributionSpec& spec, Rng& rng) {
  const double total = length_biased_draw(spec, rng);
  const double remaining = rng.uniform01() * total;
  return {total - remaining, remaining};
}

double remaining_after(const DistributionSpec& spec, Sampler& sampler, double elapsed, Rng& rng) {
  for (int attempt = 0; attempt < 10000; ++attempt) {
    const double x = sampler(rng);
    if (x > elapsed) return x - elapsed;
  }
  return stay_in_progress(spec, rng).remaining;
}

}  // namespace continuum
