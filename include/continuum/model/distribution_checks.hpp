// Whether a distribution given by its moments can be drawn from: the parameters the sampler
// derives (lognormal: sigma^2 = log(1 + (sd/mean)^2), mu = log(mean) - sigma^2/2; gamma:
// shape = (mean/sd)^2, scale = mean/shape; exponential: rate = 1/mean) overflow or underflow a
// double for extreme but in-range moments (mean 1e-300, sd 3.5), and a sampler built from them
// draws NaN or infinite times. The loader, `sweep --set` and the Sampler itself ask this.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "continuum/model/distribution.hpp"

namespace continuum {

// Why `spec`'s derived parameters are not finite and positive or do not give back its mean,
// without the field's path: "mean 1e-300 and sd 3.5 give a lognormal whose parameters overflow
// (sigma^2 = log(1 + (sd/mean)^2) = inf, mu = -inf); give a mean and sd nearer each other".
// "" when the sampler can draw from it (every kind not given by moments: "").
std::string derived_parameter_problem(const DistributionSpec& spec);

// The mean of a law whose mean is computed from its parameters (its parameters alone do not
// bound it), and the formula that computes it as messages name it:
//   weibull       scale * Gamma(1 + 1/shape)          (shape 0.05, scale 36500: 8.9e+22)
//   loglogistic   scale * (pi/shape) / sin(pi/shape)  (infinite for shape <= 1)
//   lognormal     exp(meanlog + sdlog^2/2)            (by meanlog and sdlog)
// Computed with Boost.Math (sin_pi near shape 1), so that a mean beyond a double is +inf, never
// NaN. The loader refuses a mean above 36500 days (docs/scenario-format.md). nullopt for every
// other kind (a rounded law: the law it rounds): their parameters bound their means.
struct ComputedMean {
  double value;
  std::string_view formula;
};
std::optional<ComputedMean> computed_mean(const DistributionSpec& spec);

}  // namespace continuum
