// sweep.csv and the stdout table of continuum sweep: the metrics at every point of the grid.
#pragma once

#include <string>
#include <vector>

#include "continuum/experiment/compare.hpp"
#include "continuum/model/scenario.hpp"
#include "continuum/output/warnings.hpp"

namespace continuum {

// One row per point, scope (level or "system") and metric, after a column per swept path; the
// point's warnings and checks not run (checks[p], warnings_cell(), checks_not_run_cell(); empty
// cells without) end every row of the point.
std::string sweep_csv(const Scenario& base, const std::vector<SweepAxis>& axes,
                      const std::vector<SweepPointResult>& points,
                      const std::vector<RunChecks>& checks = {});
// Per point: the swept values, every level's mean wait and the system's losses to care.
std::string sweep_table(const Scenario& base, const std::vector<SweepAxis>& axes,
                        const std::vector<SweepPointResult>& points);

}  // namespace continuum
