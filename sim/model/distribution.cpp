// Moments, descriptions and Boost.Random samplers for the scenario distributions.
#include "continuum/model/distribution.hpp"
#include "continuum/core/overloaded.hpp"
#include "continuum/model/distribution_checks.hpp"

#include <fmt/format.h>

#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/special_functions/sin_pi.hpp>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <stdexcept>

namespace continuum {

namespace {

double empirical_moment(const Empirical& e, int order, double about) {
  double total = std::accumulate(e.weights.begin(), e.weights.end(), 0.0);
  double sum = 0;
  for (std::size_t i = 0; i < e.values.size(); ++i)
    sum += e.weights[i] * std::pow(e.values[i] - about, order);
  return sum / total;
}

// E[f (1 - f)], f the fractional part of a draw: what stochastic rounding adds to the variance.
double rounding_variance(const DistributionSpec& spec) {
  auto part = [](double x) {
    const double f = x - std::floor(x);
    return f * (1 - f);
  };
  if (const auto* d = std::get_if<Fixed>(&spec)) return part(d->value);
  if (const auto* d = std::get_if<Empirical>(&spec)) {
    double total = 0, sum = 0;
    for (std::size_t i = 0; i < d->values.size(); ++i) {
      total += d->weights[i];
      sum += d->weights[i] * part(d->values[i]);
    }
    return sum / total;
  }
  return 1.0 / 6;  // f uniform on [0, 1)
}

// The parameters the samplers derive from the moments, computed once here for both the sampler
// and derived_parameter_problem() (the same operations, so the check sees exactly what is drawn).
struct LognormalLogParams {
  double mu, s2;  // the mean and the variance of the logarithm
};
LognormalLogParams lognormal_log_params(const Lognormal& d) {
  const double s2 = std::log1p((d.sd * d.sd) / (d.mean * d.mean));
  return {std::log(d.mean) - s2 / 2, s2};
}
struct GammaParams {
  double shape, scale;
};
GammaParams gamma_params(const Gamma& d) {
  const double shape = (d.mean * d.mean) / (d.sd * d.sd);
  return {shape, d.mean / shape};
}

// Whether `got` gives back `mean` (to a relative 1e-6).
bool reproduces(double got, double mean) {
  return std::isfinite(got) && std::abs(got - mean) <= 1e-6 * mean;
}

// A short list for describe(): "[0.01, 0.02, 0.02]", or its first values and a count.
std::string short_list(const std::vector<double>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size() && i < 4; ++i)
    out += fmt::format("{}{:g}", i ? ", " : "", v[i]);
  if (v.size() > 4) out += fmt::format(", ... {} values", v.size());
  return out + "]";
}
}  // namespace

DistributionSpec rounded(DistributionSpec spec) {
  return Rounded{std::make_shared<const RoundedSpec>(RoundedSpec{std::move(spec)})};
}

const DistributionSpec& unrounded(const DistributionSpec& spec) {
  if (const auto* r = std::get_if<Rounded>(&spec)) return r->of->spec;
  return spec;
}

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
                 },
                 [](const LognormalLog& d) { return std::exp(d.meanlog + d.sdlog * d.sdlog / 2); },
                 [](const DailyHazard& d) { return HazardTable(d).mean(); },
                 [](const DailyHazardLogistic& d) { return HazardTable(d).mean(); },
                 [](const Survival& d) { return HazardTable(d).mean(); },
                 [](const Rounded& d) { return mean_of(d.of->spec); }},
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
          },
          [](const LognormalLog& d) {
            const double s2 = d.sdlog * d.sdlog;
            return std::expm1(s2) * std::exp(2 * d.meanlog + s2);
          },
          [](const DailyHazard& d) { return HazardTable(d).variance(); },
          [](const DailyHazardLogistic& d) { return HazardTable(d).variance(); },
          [](const Survival& d) { return HazardTable(d).variance(); },
          [](const Rounded& d) { return variance_of(d.of->spec) + rounding_variance(d.of->spec); }},
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
          },
          [](const LognormalLog& d) {
            return fmt::format("lognormal(meanlog={:g}, sdlog={:g})", d.meanlog, d.sdlog);
          },
          [](const DailyHazard& d) {
            return fmt::format("daily_hazard(values={})", short_list(d.values));
          },
          [](const DailyHazardLogistic& d) {
            return fmt::format("daily_hazard_logistic(p1={:g}, p2={:g}, p3={:g}, p4={:g})", d.p1,
                               d.p2, d.p3, d.p4);
          },
          [](const Survival& d) {
            return fmt::format("survival(days={}, surviving={})", short_list(d.days),
                               short_list(d.surviving));
          },
          [](const Rounded& d) { return describe(d.of->spec) + " round stochastic"; }},
      spec);
}

const std::vector<std::string>& distribution_names() {
  static const std::vector<std::string> names = {"exponential",
                                                 "lognormal",
                                                 "gamma",
                                                 "weibull",
                                                 "uniform",
                                                 "triangular",
                                                 "fixed",
                                                 "empirical",
                                                 "loglogistic",
                                                 "daily_hazard",
                                                 "daily_hazard_logistic",
                                                 "survival"};
  return names;
}

// The loader and `sweep --set` refuse such laws with the field's position; this keeps any other
// way in (a law built in code) from drawing NaN or infinite times: an error, not a bad draw.
namespace {
const DistributionSpec& checked(const DistributionSpec& spec) {
  if (std::string problem = derived_parameter_problem(spec); !problem.empty())
    throw std::invalid_argument(fmt::format("{}: {}", describe(spec), problem));
  return spec;
}
}  // namespace

Sampler::Sampler(const DistributionSpec& spec)
    : dist_(std::visit(
          Overloaded{[](const Exponential& d) -> decltype(dist_) {
                       return boost::random::exponential_distribution<double>(1.0 / d.mean);
                     },
                     [](const Lognormal& d) -> decltype(dist_) {
                       // Boost takes the mean and sd of the logarithm.
                       const LognormalLogParams p = lognormal_log_params(d);
                       return boost::random::lognormal_distribution<double>(p.mu, std::sqrt(p.s2));
                     },
                     [](const Gamma& d) -> decltype(dist_) {
                       const GammaParams p = gamma_params(d);
                       return boost::random::gamma_distribution<double>(p.shape, p.scale);
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
                     },
                     [](const LognormalLog& d) -> decltype(dist_) {
                       return boost::random::lognormal_distribution<double>(d.meanlog, d.sdlog);
                     },
                     [](const DailyHazard& d) -> decltype(dist_) { return HazardTable(d); },
                     [](const DailyHazardLogistic& d) -> decltype(dist_) { return HazardTable(d); },
                     [](const Survival& d) -> decltype(dist_) { return HazardTable(d); },
                     [](const Rounded& d) -> decltype(dist_) { return Sampler(d.of->spec).dist_; }},
          checked(spec))),
      round_(std::holds_alternative<Rounded>(spec)) {}

std::string derived_parameter_problem(const DistributionSpec& spec) {
  if (const auto* r = std::get_if<Rounded>(&spec)) return derived_parameter_problem(r->of->spec);
  if (const auto* e = std::get_if<Exponential>(&spec)) {
    // Mean 0: the gap of a stream stopped at rate 0, never drawn (model/setting_path.cpp).
    if (e->mean == 0) return "";
    const double rate = 1 / e->mean;
    if (std::isfinite(rate) && rate > 0 && reproduces(1 / rate, e->mean)) return "";
    return fmt::format(
        "mean {:g} gives an exponential whose rate 1/mean overflows (rate = {:g}); give a "
        "larger mean",
        e->mean, rate);
  }
  if (const auto* l = std::get_if<Lognormal>(&spec)) {
    const LognormalLogParams p = lognormal_log_params(*l);
    const bool finite = std::isfinite(p.mu) && std::isfinite(p.s2) && p.s2 > 0;
    if (finite && reproduces(std::exp(p.mu + p.s2 / 2), l->mean)) return "";
    return fmt::format(
        "mean {:g} and sd {:g} give a lognormal whose parameters {} (sigma^2 = log(1 + "
        "(sd/mean)^2) = {:g}, mu = log(mean) - sigma^2/2 = {:g}); give a mean and sd nearer "
        "each other",
        l->mean, l->sd, finite ? "do not give back its mean" : "overflow or underflow", p.s2, p.mu);
  }
  if (const auto* g = std::get_if<Gamma>(&spec)) {
    const GammaParams p = gamma_params(*g);
    // Boost's gamma sampler works with 2 * shape: keep it well inside a double.
    const bool finite = std::isfinite(p.shape) && std::isfinite(p.scale) && p.shape > 0 &&
                        p.scale > 0 && p.shape <= 1e300;
    if (finite && reproduces(p.shape * p.scale, g->mean)) return "";
    return fmt::format(
        "mean {:g} and sd {:g} give a gamma whose parameters {} (shape = (mean/sd)^2 = {:g}, "
        "scale = sd^2/mean = {:g}); give a mean and sd nearer each other",
        g->mean, g->sd, finite ? "do not give back its mean" : "overflow or underflow", p.shape,
        p.scale);
  }
  return "";
}

namespace {
// Overflow gives +inf and a bad argument NaN (refused by the caller's !(mean <= max)): never an
// exception.
using NoThrow = boost::math::policies::policy<
    boost::math::policies::overflow_error<boost::math::policies::ignore_error>,
    boost::math::policies::domain_error<boost::math::policies::ignore_error>,
    boost::math::policies::pole_error<boost::math::policies::ignore_error>,
    boost::math::policies::evaluation_error<boost::math::policies::ignore_error>>;
constexpr double kInf = std::numeric_limits<double>::infinity();
}  // namespace

std::optional<ComputedMean> computed_mean(const DistributionSpec& spec) {
  if (const auto* r = std::get_if<Rounded>(&spec)) return computed_mean(r->of->spec);
  if (const auto* w = std::get_if<Weibull>(&spec)) {
    const double x = 1 + 1 / w->shape;
    const double g = std::isfinite(x) ? boost::math::tgamma(x, NoThrow()) : kInf;
    return ComputedMean{w->scale * g, "scale * Gamma(1 + 1/shape)"};
  }
  if (const auto* l = std::get_if<Loglogistic>(&spec)) {
    constexpr std::string_view formula = "scale * (pi/shape) / sin(pi/shape)";
    if (!(l->shape > 1)) return ComputedMean{kInf, formula};
    // sin(pi/shape) = sin(pi (shape - 1)/shape): shape - 1 is exact near 1, where the mean is
    // large and sin(pi/shape) taken directly would lose its digits.
    const double s = l->shape < 2 ? boost::math::sin_pi((l->shape - 1) / l->shape, NoThrow())
                                  : boost::math::sin_pi(1 / l->shape, NoThrow());
    const double mean = s > 0 ? l->scale * (std::numbers::pi / l->shape) / s : kInf;
    return ComputedMean{mean, formula};
  }
  if (const auto* l = std::get_if<LognormalLog>(&spec))
    return ComputedMean{std::exp(l->meanlog + l->sdlog * l->sdlog / 2), "exp(meanlog + sdlog^2/2)"};
  return std::nullopt;
}

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
