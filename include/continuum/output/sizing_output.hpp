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
// Why a candidate does not meet ("iop.p90_wait_days<=14 not met; loses patients: ..."), as the
// table and the JSON's `why_not` say it; "" when it meets with no loss.
std::string sizing_why_not(const SizingResult& result, const SizingCandidate& candidate);
// Why nothing met, the NOT MET line's text after "NOT MET: " (the JSON's `why_not_met`): "no
// capacity tried (iop up to 60) meets the targets with 95% confidence".
std::string sizing_not_met_text(const SizingResult& result);

}  // namespace continuum
