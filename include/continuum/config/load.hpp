// The config stage: scenario files (YAML, with `extends:` overlays) to validated Scenario values.
// Only sim/config/ sees yaml-cpp; every problem is reported as FILE:LINE:COL: error: message.
#pragma once

#include <string>

#include "continuum/model/scenario.hpp"

namespace continuum {

// Reads and validates a scenario file. Throws ScenarioError listing every problem found.
Scenario load_scenario(const std::string& path);
// The same from text in memory; `path` is used in messages only.
Scenario load_scenario_text(const std::string& text, const std::string& path);

}  // namespace continuum
