// The yardstick: minimal hand-written event loops for the two benchmark models of issue 6 (an
// M/M/c queue and a six-level continuum), with no statistics, observers or configuration. The
// engine's time on the same model divided by this loop's is the number the suite drives down.
#pragma once

#include <cstdint>

namespace continuum::bench {

struct ReferenceResult {
  std::uint64_t events = 0;    // arrivals, discharges and abandonments processed
  std::uint64_t patients = 0;  // external referrals
  double checksum = 0;         // keeps the optimiser honest
};

// M/M/c: `servers` slots, Poisson referrals at `rate` a day, exponential stays with mean
// `mean_stay` days, FIFO waitlist without patience; one run of `horizon` days.
ReferenceResult reference_mmc(int servers, double rate, double mean_stay, double horizon,
                              std::uint64_t seed);

// The six-level continuum of bench/scenarios/continuum6.yaml, one replication of `horizon` days.
ReferenceResult reference_continuum6(double horizon, std::uint64_t seed);

}  // namespace continuum::bench
