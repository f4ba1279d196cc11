// The result of continuum size: JSON for tools (--json) and the stdout table of the candidates.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "continuum/experiment/sizing.hpp"

namespace continuum {

// {"recommendation": {level: {"capacity", "staff_fte"}} or null, "met", "targets",
// "max_capacity", "replications", "seed", "evaluations", "curve": [candidate]}.
nlohmann::ordered_json sizing_json(const SizingResult& result);
// The candidates tried (targets' estimates, waitlists, cost), then the recommendation.
std::string sizing_table(const SizingResult& result);

}  // namespace continuum
