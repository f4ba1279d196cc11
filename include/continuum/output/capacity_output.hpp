// The rough-cut capacity analysis as `continuum analyze` prints it: a text table or JSON.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "continuum/network/capacity_analysis.hpp"
#include "continuum/network/network.hpp"

namespace continuum {

// One row per level (capacity, admissions/day, mean stay, offered load, utilization, Erlang C
// wait), the external referral and relapse rates, and what the approximation leaves out.
std::string capacity_table(const Network& network, const CapacityAnalysis& analysis);

// {"scenario", "levels": {name: {...}}, "relapses_per_day", "warnings"}; nulls where the table
// shows "-" or "overloaded".
nlohmann::ordered_json capacity_json(const Network& network, const CapacityAnalysis& analysis);

}  // namespace continuum
