// The config stage: scenario files (YAML, with `extends:` overlays) to validated Scenario values.
// Only sim/config/ sees yaml-cpp; every problem is reported as FILE:LINE:COL: error: message.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "continuum/model/scenario.hpp"

namespace continuum {

// What a command line may override before the file is validated.
struct LoadOptions {
  // run --horizon-days N: the statistics window in place of the file's horizon_days; every
  // check that reads the horizon (report windows, schedules) reads this one.
  std::optional<double> horizon_days;
};

// Why `text` is not a seed, "" when it is one: a whole number from 0 to 2^64 - 1 in decimal
// digits ("expected a whole number from 0 to 18446744073709551615 (got '-1')"). The file's
// `seed:` and the command line's --seed are both checked by it.
std::string seed_problem(const std::string& text);
// The seed `text` holds, once seed_problem(text) is "".
std::uint64_t parse_seed(const std::string& text);

// Reads and validates a scenario file. Throws ScenarioError listing every problem found. When
// `files` is given it receives the files the scenario was read from, as the loader opened them:
// `path`, then each base file of its `extends:` chain (relative to the file that extends it).
Scenario load_scenario(const std::string& path, const LoadOptions& options = {},
                       std::vector<std::string>* files = nullptr);
// The same from text in memory; `path` is used in messages only.
Scenario load_scenario_text(const std::string& text, const std::string& path,
                            const LoadOptions& options = {},
                            std::vector<std::string>* files = nullptr);

}  // namespace continuum
