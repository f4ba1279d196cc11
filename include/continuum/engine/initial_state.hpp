// Drawing the state a program is in today: how much longer the patients in care will stay,
// given a length-of-stay distribution and (optionally) how long they have stayed already.
#pragma once

#include "continuum/model/distribution.hpp"

namespace continuum {

// A draw from the length-biased version of `spec` (density x f(x) / mean): the total stay of a
// patient found in care at a random moment of a stationary program.
double length_biased_draw(const DistributionSpec& spec, Rng& rng);

struct StayInProgress {
  double elapsed;    // days already stayed
  double remaining;  // days still to stay
};
// A stay in progress at a random moment: the total is length-biased, the moment uniform in it,
// so `remaining` follows the equilibrium residual distribution of the renewal process.
StayInProgress stay_in_progress(const DistributionSpec& spec, Rng& rng);
// The same, drawing a day-by-day law from `sampler`'s table rather than building it again.
StayInProgress stay_in_progress(const DistributionSpec& spec, const Sampler& sampler, Rng& rng);

// The remaining time of a draw from `sampler` known to exceed `elapsed` (X - elapsed | X >
// elapsed), by rejection; after 10,000 rejections (an elapsed time far in the tail) it falls
// back to the equilibrium residual.
double remaining_after(const DistributionSpec& spec, Sampler& sampler, double elapsed, Rng& rng);

}  // namespace continuum
