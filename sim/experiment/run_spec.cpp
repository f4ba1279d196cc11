// A run's replications, seed and threads: the scenario's defaults, or the caller's overrides.
#include "continuum/experiment/run_spec.hpp"

namespace continuum {

RunSpec resolve_run_spec(const Scenario& defaults, const RunOptions& options) {
  return {options.replications.value_or(defaults.replications),
          options.seed.value_or(defaults.seed), options.threads};
}

}  // namespace continuum
