// Reading a level's staff and cost: schedule, staffing rules per role, non-staff cost per
// patient-day and staff on hand.
#include <fmt/format.h>

#include <algorithm>

#include "section_readers.hpp"

namespace continuum::config {

namespace {

// schedule: {sessions_per_week, hours_per_session, group_size_max}, all required.
ScheduleSpec read_schedule(Reader& r, const YAML::Node& sched, const std::string& spath) {
  r.check_keys(sched, spath, {"sessions_per_week", "hours_per_session", "group_size_max"});
  ScheduleSpec spec;
  r.required_number(sched, spath, "sessions_per_week", bounds::kSessionsPerWeek,
                    spec.sessions_per_week, 1);
  r.required_number(sched, spath, "hours_per_session", bounds::kHoursPerSession,
                    spec.hours_per_session, 1);
  r.required_whole(sched, spath, "group_size_max", bounds::kGroupSizeMax, spec.group_size_max, 1);
  return spec;
}

// The on-duty rule (patients_per_staff, coverage_hours_per_week, minimum_on_duty).
void read_on_duty(Reader& r, const YAML::Node& m, const std::string& rpath, StaffRule& rule) {
  if (YAML::Node n = m["patients_per_staff"])
    rule.patients_per_staff =
        r.number_in(n, sub(rpath, "patients_per_staff"), bounds::kPatientsPerStaff);
  if (YAML::Node n = m["coverage_hours_per_week"]) {
    rule.coverage_hours_per_week =
        r.number_in(n, sub(rpath, "coverage_hours_per_week"), bounds::kCoverageHoursPerWeek)
            .value_or(bounds::kHoursPerWeek);
    const bool class_ratio = [&] {
      if (!m["by_class"] || !m["by_class"].IsMap()) return false;
      for (auto it = m["by_class"].begin(); it != m["by_class"].end(); ++it)
        if (it->second.IsMap() && it->second["patients_per_staff"]) return true;
      return false;
    }();
    if (!m["patients_per_staff"] && !m["minimum_on_duty"] && !class_ratio)
      r.error(n, fmt::format("{}: needs 'patients_per_staff' or 'minimum_on_duty'",
                             sub(rpath, "coverage_hours_per_week")));
  }
  if (YAML::Node n = m["minimum_on_duty"])
    rule.minimum_on_duty = static_cast<int>(
        r.whole(n, sub(rpath, "minimum_on_duty"), bounds::kMinimumOnDuty).value_or(0));
}

// The per-patient rules (hours, caseload, groups, individual hours).
void read_per_patient(Reader& r, const YAML::Node& level_node, const YAML::Node& m,
                      const std::string& rpath, StaffRule& rule) {
  if (YAML::Node n = m["hours_per_patient_week"])
    rule.hours_per_patient_week =
        r.number_in(n, sub(rpath, "hours_per_patient_week"), bounds::kHoursPerPatientWeek)
            .value_or(0);
  if (YAML::Node n = m["caseload"])
    rule.caseload = r.number_in(n, sub(rpath, "caseload"), bounds::kCaseload);
  if (YAML::Node n = m["facilitators_per_group"]) {
    rule.facilitators_per_group =
        r.number_in(n, sub(rpath, "facilitators_per_group"), bounds::kFacilitatorsPerGroup)
            .value_or(0);
    if (!level_node["schedule"] && !level_node["sessions"])
      r.error(n, fmt::format("{}: needs the level's 'schedule' (sessions and group size)",
                             sub(rpath, "facilitators_per_group")));
  }
  if (YAML::Node n = m["individual_hours_per_patient_week"])
    rule.individual_hours_per_patient_week =
        r.number_in(n, sub(rpath, "individual_hours_per_patient_week"),
                    bounds::kHoursPerPatientWeek)
            .value_or(0);
}

// by_class: {CLASS: {patients_per_staff, caseload, hours_per_patient_week,
// individual_hours_per_patient_week}}: one entry per class (those not named give nothing).
void read_rule_by_class(Reader& r, const YAML::Node& bc, const std::string& bpath,
                        const NameIndex& class_names, StaffRule& rule) {
  if (!classes_defined(r, bc, bpath, class_names) || !r.expect_map(bc, bpath)) return;
  rule.by_class.assign(class_names.size(), StaffRule::ClassRatios{});
  for (auto it = bc.begin(); it != bc.end(); ++it) {
    const int c = class_of(r, it->first, bpath, class_names);
    const std::string cpath = sub(bpath, it->first.Scalar());
    const YAML::Node m = it->second;
    if (c < 0 || !r.expect_map(m, cpath)) continue;
    r.check_keys(m, cpath,
                 {"patients_per_staff", "caseload", "hours_per_patient_week",
                  "individual_hours_per_patient_week"});
    StaffRule::ClassRatios& k = rule.by_class[static_cast<std::size_t>(c)];
    if (YAML::Node n = m["patients_per_staff"])
      k.patients_per_staff =
          r.number_in(n, sub(cpath, "patients_per_staff"), bounds::kPatientsPerStaff);
    if (YAML::Node n = m["caseload"])
      k.caseload = r.number_in(n, sub(cpath, "caseload"), bounds::kCaseload);
    if (YAML::Node n = m["hours_per_patient_week"])
      k.hours_per_patient_week =
          r.number_in(n, sub(cpath, "hours_per_patient_week"), bounds::kHoursPerPatientWeek);
    if (YAML::Node n = m["individual_hours_per_patient_week"])
      k.individual_hours_per_patient_week = r.number_in(
          n, sub(cpath, "individual_hours_per_patient_week"), bounds::kHoursPerPatientWeek);
    if (m.size() == 0)
      r.error(m, fmt::format("{}: give at least one of patients_per_staff, caseload, "
                             "hours_per_patient_week, individual_hours_per_patient_week",
                             cpath));
  }
}

// staffing: {ROLE: {rules...}}: the rules of each role.
void read_staffing(Reader& r, const YAML::Node& node, const YAML::Node& staffing,
                   const std::string& spath, LevelSpec& level, const NameIndex& roles,
                   const NameIndex& class_names) {
  for (auto it = staffing.begin(); it != staffing.end(); ++it) {
    const std::string rpath = sub(spath, it->first.Scalar());
    const int role = role_of(r, it->first, spath, roles);
    const YAML::Node m = it->second;
    if (!r.expect_map(m, rpath)) continue;
    r.check_keys(m, rpath,
                 {"patients_per_staff", "coverage_hours_per_week", "minimum_on_duty",
                  "hours_per_patient_week", "caseload", "facilitators_per_group",
                  "individual_hours_per_patient_week", "by_class"});
    StaffRule rule;
    rule.role = role;
    rule.pos = r.pos_of(it->first);
    read_on_duty(r, m, rpath, rule);
    read_per_patient(r, node, m, rpath, rule);
    if (YAML::Node bc = m["by_class"])
      read_rule_by_class(r, bc, sub(rpath, "by_class"), class_names, rule);
    if (m.size() == 0)
      r.error(m, fmt::format("{}: give at least one rule (patients_per_staff, "
                             "hours_per_patient_week, caseload or facilitators_per_group)",
                             rpath));
    if (role >= 0) level.staffing.push_back(rule);
  }
}

// staff_on_hand: {ROLE: FTE}, each for a role the level's staffing has a rule for.
void read_staff_on_hand(Reader& r, const YAML::Node& onhand, const std::string& opath,
                        LevelSpec& level, const NameIndex& roles) {
  for (auto it = onhand.begin(); it != onhand.end(); ++it) {
    const int role = role_of(r, it->first, opath, roles);
    auto fte = r.number_in(it->second, sub(opath, it->first.Scalar()), bounds::kStaffOnHand);
    if (role < 0 || !fte) continue;
    const bool used = std::any_of(level.staffing.begin(), level.staffing.end(),
                                  [&](const StaffRule& rule) { return rule.role == role; });
    if (!used)
      r.error(it->first, fmt::format("{}: the level's staffing has no rule for '{}'; staff on hand "
                                     "can only cap what a rule requires",
                                     opath, it->first.Scalar()));
    else
      level.staff_on_hand.emplace_back(role, *fte);
  }
}

}  // namespace

void read_level_staff(Reader& r, const YAML::Node& node, const std::string& path, LevelSpec& level,
                      const NameIndex& roles, const NameIndex& class_names) {
  if (YAML::Node c = node["cost_per_patient_day"])
    level.cost_per_patient_day =
        r.number_in(c, sub(path, "cost_per_patient_day"), bounds::kCostPerPatientDay).value_or(0);
  if (YAML::Node sched = node["schedule"]) {
    const std::string spath = sub(path, "schedule");
    if (r.expect_map(sched, spath)) level.schedule = read_schedule(r, sched, spath);
  }
  if (YAML::Node staffing = node["staffing"]) {
    const std::string spath = sub(path, "staffing");
    if (r.expect_map(staffing, spath))
      read_staffing(r, node, staffing, spath, level, roles, class_names);
  }
  if (YAML::Node onhand = node["staff_on_hand"]) {
    const std::string opath = sub(path, "staff_on_hand");
    if (r.expect_map(onhand, opath)) read_staff_on_hand(r, onhand, opath, level, roles);
  }
}

}  // namespace continuum::config
