// Staff required by census (ratio on duty, hours per patient, caseload, groups) and the census a
// staff on hand covers.
#include "continuum/model/staffing_rules.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

namespace continuum {

namespace {
constexpr double kFteTolerance = 1e-9;  // FTE compared to staff on hand

// ceil(x) that ignores floating-point dust just above a whole number (12.000000001 -> 12).
double ceil_whole(double x) {
  return std::ceil(x - 1e-9);
}
}  // namespace

double required_hours(const StaffRule& rule, const LevelSpec& level, double census) {
  const double n = std::max(0.0, census);
  double hours = 0;
  if (rule.patients_per_staff || rule.minimum_on_duty > 0) {
    double on_duty = rule.patients_per_staff ? ceil_whole(n / *rule.patients_per_staff) : 0;
    on_duty = std::max(on_duty, static_cast<double>(rule.minimum_on_duty));
    hours += on_duty * rule.coverage_hours_per_week;
  }
  hours += n * rule.hours_per_patient_week;
  if (rule.facilitators_per_group > 0 && level.schedule) {
    const ScheduleSpec& s = *level.schedule;
    const double groups = ceil_whole(n / s.group_size_max);
    hours += groups * rule.facilitators_per_group * s.sessions_per_week * s.hours_per_session;
  }
  hours += n * rule.individual_hours_per_patient_week;
  return hours;
}

double required_fte(const StaffRule& rule, const StaffRole& role, const LevelSpec& level,
                    double census) {
  double fte =
      required_hours(rule, level, census) / (role.hours_per_fte_week * role.productive_share);
  if (rule.caseload) fte += std::max(0.0, census) / *rule.caseload;
  return fte;
}

double role_fte(const Scenario& scenario, const LevelSpec& level, int role, double census) {
  double fte = 0;
  for (const StaffRule& rule : level.staffing)
    if (rule.role == role)
      fte +=
          required_fte(rule, scenario.staff_roles[static_cast<std::size_t>(role)], level, census);
  return fte;
}

std::vector<int> level_roles(const Scenario& scenario, const LevelSpec& level) {
  std::vector<int> roles;
  for (std::size_t r = 0; r < scenario.staff_roles.size(); ++r)
    for (const StaffRule& rule : level.staffing)
      if (rule.role == static_cast<int>(r)) {
        roles.push_back(static_cast<int>(r));
        break;
      }
  return roles;
}

std::string role_basis(const LevelSpec& level, int role) {
  std::vector<std::string> parts;
  for (const StaffRule& rule : level.staffing) {
    if (rule.role != role) continue;
    if (rule.patients_per_staff || rule.minimum_on_duty > 0) {
      std::string p = rule.patients_per_staff
                          ? fmt::format("1 per {:g} on duty", *rule.patients_per_staff)
                          : std::string("on duty");
      if (rule.minimum_on_duty > 0) p += fmt::format(", min {}", rule.minimum_on_duty);
      parts.push_back(p + fmt::format(", {:g} h/wk", rule.coverage_hours_per_week));
    }
    if (rule.hours_per_patient_week > 0)
      parts.push_back(fmt::format("{:g} h/patient/wk", rule.hours_per_patient_week));
    if (rule.caseload) parts.push_back(fmt::format("caseload {:g}", *rule.caseload));
    if (rule.facilitators_per_group > 0 && level.schedule)
      parts.push_back(fmt::format("{:g} per group of {}", rule.facilitators_per_group,
                                  level.schedule->group_size_max));
    if (rule.individual_hours_per_patient_week > 0)
      parts.push_back(
          fmt::format("{:g} individual h/patient/wk", rule.individual_hours_per_patient_week));
  }
  return fmt::format("{}", fmt::join(parts, " + "));
}

int covered_census(const Scenario& scenario, const LevelSpec& level, int role, double fte,
                   int limit) {
  auto covers = [&](int n) { return role_fte(scenario, level, role, n) <= fte + kFteTolerance; };
  if (!covers(0)) return -1;
  if (covers(limit)) return limit;
  int lo = 0, hi = limit;  // covers(lo), !covers(hi): the need only grows with the census
  while (hi - lo > 1) {
    const int mid = lo + (hi - lo) / 2;
    (covers(mid) ? lo : hi) = mid;
  }
  return lo;
}

EffectiveCapacity effective_capacity(const Scenario& scenario, std::size_t level) {
  const LevelSpec& spec = scenario.levels[level];
  EffectiveCapacity e{spec.capacity, -1};
  for (const auto& [role, fte] : spec.staff_on_hand) {
    const int limit = std::min(spec.capacity, 1000000);
    const int covered = std::max(0, covered_census(scenario, spec, role, fte, limit));
    if (covered < limit && covered < e.capacity) e = {covered, role};
  }
  return e;
}

}  // namespace continuum
