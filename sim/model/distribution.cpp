// Moments, descriptions and Boost.Random samplers for the scenario distributions.
#include "continuum/model/distribution.hpp"
#include "continuum/core/overloaded.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>

namespace continuum {

namespace {

double empirical_moment(const Empirical& e, int order, double about) {
  double total = std::accumulate(e.weights.begin(), e.weights.end(), 0.0);
  double sum = 0;
  for (std::size_t i = 0; i < e.values.size(); ++i)
    sum += e.weights[i] * std::pow(e.values[i] - about, order);
  return sum / total;
}
}  // namespace

double mean_of(const DistributionSpec& spec) {
  return std::visit(
      Overloaded{[](const Exponential& d) { return d.mean; },
                 [](const Lognormal& d) { return d.mean; }, [](const Gamma& d) { return d.mean; },
                 [](const Weibull& d) { return d.scale * std::tgamma(1 + 1 / d.shape); },
                 [](const Uniform& d) { return (d.min + d.max) / 2; },
                 [](const Triangular& d) { return (d.min + d.mode + d.max) / 3; },
                 [](const Fixed& d) { return d.value; },
                 [](const Empirical& d) { return empirical_moment(d, 1, 0); },
                 [](const Loglogistic& d) {
                   if (d.shape <= 1) return std::numeric_limits<double>::infinity();
                   const double b = std::numbers::pi / d.shape;
                   return d.scale * b / std::sin(b);
                 }},
      spec);
}

double variance_of(const DistributionSpec& spec) {
  return std::visit(
      Overloaded{
          [](const Exponential& d) { return d.mean * d.mean; },
          [](const Lognormal& d) { return d.sd * d.sd; },
          [](const Gamma& d) { return d.sd * d.sd; },
          [](const Weibull& d) {
            double g1 = std::tgamma(1 + 1 / d.shape), g2 = std::tgamma(1 + 2 / d.shape);
            return d.scale * d.scale * (g2 - g1 * g1);
          },
          [](const Uniform& d) { return (d.max - d.min) * (d.max - d.min) / 12; },
          [](const Triangular& d) {
            double a = d.min, b = d.max, c = d.mode;
            return (a * a + b * b + c * c - a * b - a * c - b * c) / 18;
          },
          [](const Fixed&) { return 0.0; },
          [](const Empirical& d) { return empirical_moment(d, 2, empirical_moment(d, 1, 0)); },
          [](const Loglogistic& d) {
            if (d.shape <= 2) return std::numeric_limits<double>::infinity();
            const double b = std::numbers::pi / d.shape;
            return d.scale * d.scale *
                   (2 * b / std::sin(2 * b) - b * b / (std::sin(b) * std::sin(b)));
          }},
      spec);
}

std::string describe(const DistributionSpec& spec) {
  return std::visit(
      Overloaded{
          [](const Exponential& d) { return fmt::format("exponential(mean={:g})", d.mean); },
          [](const Lognormal& d) {
            return fmt::format("lognormal(mean={:g}, sd={:g})", d.mean, d.sd);
          },
          [](const Gamma& d) { return fmt::format("gamma(mean={:g}, sd={:g})", d.mean, d.sd); },
          [](const Weibull& d) {
            return fmt::format("weibull(shape={:g}, scale={:g})", d.shape, d.scale);
          },
          [](const Uniform& d) { return fmt::format("uniform(min={:g}, max={:g})", d.min, d.max); },
          [](const Triangular& d) {
            return fmt::format("triangular(min={:g}, mode={:g}, max={:g})", d.min, d.mode, d.max);
          },
          [](const Fixed& d) { return fmt::format("fixed(value={:g})", d.value); },
          [](const Empirical& d) {
            return fmt::format("empirical({} values, mean={:g})", d.values.size(),
                               empirical_moment(d, 1, 0));
          },
          [](const Loglogistic& d) {
            return fmt::format("loglogistic(shape={:g}, scale={:g})", d.shape, d.scale);
          }},
      spec);
}

const std::vector<std::string>& distribution_names() {
  static const std::vector<std::string> names = {"exponential", "lognormal", "gamma",
                                                 "weibull",     "uniform",   "triangular",
                                                 "fixed",       "empirical", "loglogistic"};
  return names;
}

Sampler::Sampler(const DistributionSpec& spec)
    : dist_(std::visit(
          Overloaded{[](const Exponential& d) -> decltype(dist_) {
                       return boost::random::exponential_distribution<double>(1.0 / d.mean);
                     },
                     [](const Lognormal& d) -> decltype(dist_) {
                       // Boost takes the mean and sd of the logarithm.
                       double s2 = std::log1p((d.sd * d.sd) / (d.mean * d.mean));
                       return boost::random::lognormal_distribution<double>(
                           std::log(d.mean) - s2 / 2, std::sqrt(s2));
                     },
                     [](const Gamma& d) -> decltype(dist_) {
                       double shape = (d.mean * d.mean) / (d.sd * d.sd);
                       return boost::random::gamma_distribution<double>(shape, d.mean / shape);
                     },
                     [](const Weibull& d) -> decltype(dist_) {
                       return boost::random::weibull_distribution<double>(d.shape, d.scale);
                     },
                     [](const Uniform& d) -> decltype(dist_) {
                       return boost::random::uniform_real_distribution<double>(d.min, d.max);
                     },
                     [](const Triangular& d) -> decltype(dist_) {
                       return boost::random::triangle_distribution<double>(d.min, d.mode, d.max);
                     },
                     [](const Fixed& d) -> decltype(dist_) { return FixedValue{d.value}; },
                     [](const Empirical& d) -> decltype(dist_) {
                       return EmpiricalTable{{d.weights.begin(), d.weights.end()}, d.values};
                     },
                     [](const Loglogistic& d) -> decltype(dist_) {
                       return LoglogisticInverse{1 / d.shape, d.scale};
                     }},
          spec)) {}

// The alias table exactly as boost::random::discrete_distribution<std::uint32_t, double> builds
// it (Boost 1.74, discrete_distribution.hpp, init()), so that draws match it bit for bit, and
// its bucket width as boost's generate_uniform_int computes it for a 64-bit generator.
Choice::Choice(const std::vector<int>& targets, const std::vector<double>& probabilities) {
  const std::size_t n = probabilities.size();
  if (n == 0) return;
  cells_.assign(n, Cell{0.0, 0, 0});
  std::vector<std::pair<double, std::uint32_t>> below, above, table(n, {0.0, 0});
  const double average =
      std::accumulate(probabilities.begin(), probabilities.end(), 0.0) / static_cast<double>(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::pair<double, std::uint32_t> cell(probabilities[i] / average,
                                                static_cast<std::uint32_t>(i));
    (cell.first < 1.0 ? below : above).push_back(cell);
  }
  auto b = below.begin(), a = above.begin();
  while (b != below.end() && a != above.end()) {
    table[b->second] = {b->first, a->second};
    a->first -= 1.0 - b->first;
    if (a->first < 1.0) {
      *b = *a++;
    } else {
      ++b;
    }
  }
  for (; b != below.end(); ++b)
    table[b->second].first = 1.0;
  for (; a != above.end(); ++a)
    table[a->second].first = 1.0;
  for (std::size_t i = 0; i < n; ++i)
    cells_[i] = {table[i].first, targets[i], targets[table[i].second]};

  const std::uint64_t range = n - 1, brange = std::numeric_limits<std::uint64_t>::max();
  bucket_width_ = brange / (range + 1);
  if (brange % (range + 1) == range) ++bucket_width_;
}

}  // namespace continuum
