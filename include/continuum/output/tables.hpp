// The stdout table of a run: per level the headline metrics, then the system's.
#pragma once

#include <string>

#include "continuum/experiment/runner.hpp"
#include "continuum/model/scenario.hpp"

namespace continuum {

// Means with 95% half-widths, formatted as metric.hpp's table says.
std::string summary_table(const Scenario& scenario, const Summary& summary);

// "exits (patients a day, mean and 95% interval): exit 0.30 [0.28, 0.32], completed 3.21 [3.10,
// 3.32]\n" for scenarios that name exits (else ""): each exit some routing map can send patients
// to (routes_to.hpp), or that patients took; plain `exit` is left out when nothing routes
// there.
std::string exits_line(const Scenario& scenario, const Summary& summary);

}  // namespace continuum
