// sweep.csv and the stdout table of continuum sweep: the metrics at every point of the grid.
#pragma once

#include <string>
#include <vector>

#include "continuum/experiment/compare.hpp"
#include "continuum/model/scenario.hpp"

namespace continuum {

// One row per point, scope (level or "system") and metric, after a column per swept path.
std::string sweep_csv(const Scenario& base, const std::vector<SweepAxis>& axes,
                      const std::vector<SweepPointResult>& points);
// Per point: the swept values, every level's mean wait and the system's losses to care.
std::string sweep_table(const Scenario& base, const std::vector<SweepAxis>& axes,
                        const std::vector<SweepPointResult>& points);

}  // namespace continuum
