// Checks over all the axes of a sweep together (each axis alone: sweep_axis.hpp).
#pragma once

#include <vector>

#include "continuum/experiment/sweep_axis.hpp"
#include "continuum/model/scenario.hpp"

namespace continuum {

// Throws std::invalid_argument when two axes set one setting of `scenario`, by the same path
// or two spellings of it (arrivals.S.rate_per_day and arrivals.S.rate_per_week): the grid would
// label points with values the later axis overwrote. Each axis's path must already apply
// (apply_setting with its first value).
void check_distinct_axes(const Scenario& scenario, const std::vector<SweepAxis>& axes);

}  // namespace continuum
