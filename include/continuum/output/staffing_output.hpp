// The staffing report as summary.json's "staffing" key, as the stdout table, and as
// report.html's "staffing" key.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "continuum/stats/staffing.hpp"

namespace continuum {

// With "currency" (the scenario's ISO code) last: the costs are plain numbers in it.
nlohmann::ordered_json staffing_json(const StaffingReport& report, const std::string& currency);
// Money printed with the currency and thousands separators.
std::string staffing_table(const StaffingReport& report, const std::string& currency);
// What binds as texts say it: the level's unit ("beds", "slots") when its capacity binds, else the
// role (summary.json's binding_constraint keeps "beds" for the capacity).
std::string binding_text(const LevelCost& cost);
// The "staffing" key of report.html's run document.
nlohmann::ordered_json staffing_report_json(const StaffingReport& report);

}  // namespace continuum
