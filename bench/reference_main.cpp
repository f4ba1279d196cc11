// continuum_reference: the hand-written reference loop (reference_loop.cpp) as a whole process,
// for end-to-end comparisons with `continuum run` (scripts/bench-e2e): the same replications,
// horizon and seeds as the scenario benchmarks use (seed * 1000 + replication).
//   continuum_reference mmc|continuum6 REPLICATIONS HORIZON_DAYS SEED
// Prints the events, patients and checksum of all replications.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "reference_loop.hpp"

int main(int argc, char** argv) {
  using namespace continuum::bench;
  if (argc != 5 || (std::strcmp(argv[1], "mmc") != 0 && std::strcmp(argv[1], "continuum6") != 0)) {
    std::fprintf(stderr, "usage: %s mmc|continuum6 REPLICATIONS HORIZON_DAYS SEED\n", argv[0]);
    return 2;
  }
  const bool mmc = std::strcmp(argv[1], "mmc") == 0;
  const int replications = std::atoi(argv[2]);
  const double horizon = std::atof(argv[3]);
  const auto seed = static_cast<std::uint64_t>(std::strtoull(argv[4], nullptr, 10));
  ReferenceResult total;
  for (int r = 0; r < replications; ++r) {
    const std::uint64_t s = seed * 1000 + static_cast<unsigned>(r);
    const ReferenceResult out =
        mmc ? reference_mmc(10, 9, 1, horizon, s) : reference_continuum6(horizon, s);
    total.events += out.events;
    total.patients += out.patients;
    total.checksum += out.checksum;
  }
  std::printf("%llu events, %llu patients, checksum %.6g\n",
              static_cast<unsigned long long>(total.events),
              static_cast<unsigned long long>(total.patients), total.checksum);
  return 0;
}
