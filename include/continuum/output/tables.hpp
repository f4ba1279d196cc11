// The stdout table of a run: per level the headline metrics, then the system's.
#pragma once

#include <string>

#include "continuum/experiment/runner.hpp"
#include "continuum/model/scenario.hpp"

namespace continuum {

// Means with 95% half-widths, formatted as metric.hpp's table says.
std::string summary_table(const Scenario& scenario, const Summary& summary);

}  // namespace continuum
