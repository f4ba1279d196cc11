// The config stage: scenario files (YAML, with `extends:` overlays) to validated Scenario values.
// Only sim/config/ sees yaml-cpp; every problem is reported as FILE:LINE:COL: error: message.
#pragma once

#include <optional>
#include <string>

#include "continuum/model/scenario.hpp"

namespace continuum {

// What a command line may override before the file is validated.
struct LoadOptions {
  // run --horizon-days N: the statistics window in place of the file's horizon_days; every
  // check that reads the horizon (report windows, schedules) reads this one.
  std::optional<double> horizon_days;
};

// Reads and validates a scenario file. Throws ScenarioError listing every problem found.
Scenario load_scenario(const std::string& path, const LoadOptions& options = {});
// The same from text in memory; `path` is used in messages only.
Scenario load_scenario_text(const std::string& text, const std::string& path,
                            const LoadOptions& options = {});

}  // namespace continuum
