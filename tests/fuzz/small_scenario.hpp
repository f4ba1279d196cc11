// The fixed small scenario the setting-path and sizing-target fuzz targets parse against: two
// levels and two arrival streams, one Poisson (a rate to set) and one by interarrival (none).
#pragma once

#include "continuum/config/load.hpp"

namespace continuum::fuzz {

inline const Scenario& small_scenario() {
  static const Scenario scenario = load_scenario_text(
      "name: fuzz\nhorizon_days: 100\nreplications: 2\nseed: 1\n"
      "arrivals:\n"
      "  - {name: walk_in, rate_per_day: 2, entry: {clinic: 1}}\n"
      "  - name: court\n    interarrival: {distribution: fixed, value: 3}\n"
      "    entry: {detox: 1}\n"
      "levels:\n"
      "  detox:\n    capacity: 4\n"
      "    length_of_stay: {distribution: exponential, mean: 5}\n"
      "    next: {clinic: 0.5, exit: 0.5}\n"
      "  clinic:\n    capacity: unlimited\n"
      "    length_of_stay: {distribution: lognormal, mean: 30, sd: 10}\n",
      "fuzz.yaml");
  return scenario;
}

}  // namespace continuum::fuzz
