// trace.csv (continuum run --trace): the event log, levels and streams by name.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "continuum/model/scenario.hpp"
#include "continuum/stats/trace.hpp"

namespace continuum {

// "replication,time,event,patient,level,other,value" rows (no header), times and values in
// shortest round-trip form, so that equal traces are equal bytes.
std::string trace_csv_rows(const Scenario& scenario, std::uint32_t replication,
                           const std::vector<TraceRecord>& records);
std::string trace_csv_header();

}  // namespace continuum
