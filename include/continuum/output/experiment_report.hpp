// report.html's input documents for a comparison and a sweep, built from the experiment's
// results (html_report.hpp renders them).
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "continuum/experiment/compare.hpp"
#include "continuum/model/scenario.hpp"

namespace continuum {

// kind "compare", titled "Comparison: A vs B ...": every run's summary and daily forecast, and
// each later run's paired difference from the first as `comparison` (comparison_json(runs))
// gives it.
nlohmann::ordered_json comparison_report_json(const std::vector<ScenarioRun>& runs,
                                              const nlohmann::ordered_json& comparison);

// kind "sweep", titled "Sweep: NAME": every point's parameters and summary; charts the mean
// wait at the first axis's level, or the system's losses to care when the first axis is not a
// level's.
nlohmann::ordered_json sweep_grid_report_json(const Scenario& base,
                                              const std::vector<SweepAxis>& axes,
                                              const std::vector<SweepPointResult>& points);

}  // namespace continuum
