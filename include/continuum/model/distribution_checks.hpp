// Whether a distribution given by its moments can be drawn from: the parameters the sampler
// derives (lognormal: sigma^2 = log(1 + (sd/mean)^2), mu = log(mean) - sigma^2/2; gamma:
// shape = (mean/sd)^2, scale = mean/shape; exponential: rate = 1/mean) overflow or underflow a
// double for extreme but in-range moments (mean 1e-300, sd 3.5), and a sampler built from them
// draws NaN or infinite times. The loader, `sweep --set` and the Sampler itself ask this.
#pragma once

#include <string>

#include "continuum/model/distribution.hpp"

namespace continuum {

// Why `spec`'s derived parameters are not finite and positive or do not give back its mean,
// without the field's path: "mean 1e-300 and sd 3.5 give a lognormal whose parameters overflow
// (sigma^2 = log(1 + (sd/mean)^2) = inf, mu = -inf); give a mean and sd nearer each other".
// "" when the sampler can draw from it (every kind not given by moments: "").
std::string derived_parameter_problem(const DistributionSpec& spec);

}  // namespace continuum
