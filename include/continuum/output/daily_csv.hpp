// daily.csv: the daily forecast, per day of the window and level, across replications.
#pragma once

#include <string>

#include "continuum/experiment/runner.hpp"
#include "continuum/model/scenario.hpp"
#include "continuum/output/byte_sink.hpp"

namespace continuum {

// "day,level,census_mean,census_p10,census_p90,waitlist_mean,waitlist_p10,waitlist_p90" rows,
// day by day, levels in scenario order; the header only when daily recording was off. Written
// into `out` piece by piece (run writes it straight to the file: output/byte_sink.hpp).
void write_daily_csv(ByteSink& out, const Scenario& scenario, const Summary& summary);
// The same bytes as one string.
std::string daily_csv(const Scenario& scenario, const Summary& summary);

}  // namespace continuum
