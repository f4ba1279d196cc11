// The axes of a sweep (`continuum sweep --set PATH=LO:HI:STEP` or `PATH=V1,V2,...`) and setting
// one point's values; paths and limits are those of model/setting_path.hpp.
#pragma once

#include <string>
#include <vector>

#include "continuum/model/scenario.hpp"

namespace continuum {

// A swept parameter: `levels.<level>.capacity` or `arrivals.<stream>.rate_per_day` and the
// values it takes.
struct SweepAxis {
  std::string path;
  std::vector<double> values;
};
// Parses "PATH=LO:HI:STEP" or "PATH=V1,V2,...". Throws std::invalid_argument with a message.
SweepAxis parse_sweep_axis(const std::string& text);
// Sets `path` to `value` in the scenario. Throws std::invalid_argument naming the path
// ("--set PATH: no level 'x'").
void apply_setting(Scenario& scenario, const std::string& path, double value);
// Throws std::invalid_argument when a dated change (`changes:`) sets `path` (or a key holding
// it) during the run, so the swept value would hold only until that day (as size refuses a
// level whose capacity changes).
void check_not_changed_by_date(const Scenario& scenario, const std::string& path);

}  // namespace continuum
