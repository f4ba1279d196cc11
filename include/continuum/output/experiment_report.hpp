// report.html's input documents for a comparison and a sweep, built from the experiment's
// results (html_report.hpp renders them).
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "continuum/experiment/compare.hpp"
#include "continuum/model/scenario.hpp"
#include "continuum/output/warnings.hpp"

namespace continuum {

// kind "compare", titled "Comparison: A vs B ...": every run's summary and daily forecast,
// each later run's paired difference from the first as `comparison` (comparison_json(runs))
// gives it, and each run's "warnings" and "checks_not_run" when `comparison`'s scenario entries
// have them (compare adds them).
nlohmann::ordered_json comparison_report_json(const std::vector<ScenarioRun>& runs,
                                              const nlohmann::ordered_json& comparison);

// kind "sweep", titled "Sweep: NAME": every point's parameters and summary, and with `checks`
// (one per point) its "warnings" and "checks_not_run"; charts the mean wait at the first axis's
// level, or the system's losses to care when the first axis is not a level's.
nlohmann::ordered_json sweep_grid_report_json(const Scenario& base,
                                              const std::vector<SweepAxis>& axes,
                                              const std::vector<SweepPointResult>& points,
                                              const std::vector<RunChecks>& checks = {});

}  // namespace continuum
