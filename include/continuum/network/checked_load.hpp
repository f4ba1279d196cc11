// Loading a scenario for the commands that simulate or analyse it: the config loader followed by
// the network's structural checks.
#pragma once

#include <string>
#include <vector>

#include "continuum/config/load.hpp"
#include "continuum/core/diagnostics.hpp"
#include "continuum/model/scenario.hpp"

namespace continuum {

// Loads a scenario and runs the structural checks: throws ScenarioError (holding the warnings
// too) when there is an error, else returns the scenario and appends the warnings to `warnings`.
// `files`, when given, receives the files it was read from (load_scenario).
Scenario load_checked_scenario(const std::string& path, std::vector<Diagnostic>& warnings,
                               const LoadOptions& options = {},
                               std::vector<std::string>* files = nullptr);

}  // namespace continuum
