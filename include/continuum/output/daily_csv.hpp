// daily.csv: the daily forecast, per day of the window and level, across replications.
#pragma once

#include <string>

#include "continuum/experiment/runner.hpp"
#include "continuum/model/scenario.hpp"

namespace continuum {

// "day,level,census_mean,census_p10,census_p90,waitlist_mean,waitlist_p10,waitlist_p90" rows,
// day by day, levels in scenario order; the header only when daily recording was off.
std::string daily_csv(const Scenario& scenario, const Summary& summary);

}  // namespace continuum
