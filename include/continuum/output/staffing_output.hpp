// The staffing report as summary.json's "staffing" key, as the stdout table, and as
// report.html's "staffing" key.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "continuum/stats/staffing.hpp"

namespace continuum {

nlohmann::ordered_json staffing_json(const StaffingReport& report);
std::string staffing_table(const StaffingReport& report);
// The "staffing" key of report.html's run document.
nlohmann::ordered_json staffing_report_json(const StaffingReport& report);

}  // namespace continuum
