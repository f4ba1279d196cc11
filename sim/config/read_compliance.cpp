// compliance: the thresholds of the compliance KPIs (docs/scenario-format.md, "compliance"), and
// the check that interim services are not asked for in day-boundary mode.
#include <fmt/format.h>

#include "section_readers.hpp"

namespace continuum::config {

// compliance: {admit_within_days, interim_within_hours, admit_within_days_max,
// capacity_alert_share}, each optional (`compliance: {}` takes every default).
std::optional<ComplianceSpec> read_compliance(Reader& r, const YAML::Node& node) {
  if (node.IsNull()) return ComplianceSpec{.pos = r.pos_of(node)};  // `compliance:` alone
  if (!r.expect_map(node, "compliance")) return std::nullopt;
  r.check_keys(node, "compliance",
               {"admit_within_days", "interim_within_hours", "admit_within_days_max",
                "capacity_alert_share"});
  ComplianceSpec c{.pos = r.pos_of(node)};
  if (YAML::Node n = node["admit_within_days"])
    c.admit_within_days = r.number_in(n, "compliance.admit_within_days", bounds::kComplianceDays)
                              .value_or(c.admit_within_days);
  if (YAML::Node n = node["interim_within_hours"])
    c.interim_within_hours =
        r.number_in(n, "compliance.interim_within_hours", bounds::kComplianceHours)
            .value_or(c.interim_within_hours);
  if (YAML::Node n = node["admit_within_days_max"]) {
    c.admit_within_days_max =
        r.number_in(n, "compliance.admit_within_days_max", bounds::kComplianceDays)
            .value_or(c.admit_within_days_max);
    if (c.admit_within_days_max < c.admit_within_days)
      r.error(n, fmt::format("compliance.admit_within_days_max: must be at least "
                             "admit_within_days ({}) (got {})",
                             c.admit_within_days, c.admit_within_days_max));
  }
  if (YAML::Node n = node["capacity_alert_share"])
    c.capacity_alert_share =
        r.number_in(n, "compliance.capacity_alert_share", bounds::kCapacityAlertShare)
            .value_or(c.capacity_alert_share);
  return c;
}

// Interim services need the patience clock in continuous time: refused with time_step_days: 1.
void check_interim_time_step(Reader& r, const YAML::Node& levels, const Scenario& s) {
  if (s.time_step_days != 1 || !levels || !levels.IsMap()) return;
  for (auto it = levels.begin(); it != levels.end(); ++it) {
    const YAML::Node wl = it->second.IsMap() ? it->second["waitlist"] : YAML::Node();
    if (!wl || !wl.IsMap() || !wl["interim"]) continue;
    r.error(wl["interim"], fmt::format("levels.{}.waitlist.interim is not supported with "
                                       "time_step_days: 1",
                                       it->first.Scalar()));
  }
}

}  // namespace continuum::config
