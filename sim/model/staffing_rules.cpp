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

double required_hours(const StaffRule& rule, const LevelSpec& level,
                      std::span<const double> class_census) {
  double n = 0;
  for (double nc : class_census)
    n += std::max(0.0, nc);
  if (rule.by_class.empty()) return required_hours(rule, level, n);
  // Each class's value of a ratio: its own, else the rule's (nullopt: none).
  auto own = [&](std::size_t c, auto member, std::optional<double> fallback) {
    const std::optional<double>& v =
        c < rule.by_class.size() ? rule.by_class[c].*member : std::optional<double>{};
    return v ? v : fallback;
  };
  using R = StaffRule::ClassRatios;
  double on_duty_load = 0, patient_hours = 0, individual_hours = 0;
  bool any_ratio = false;
  for (std::size_t c = 0; c < class_census.size(); ++c) {
    const double nc = std::max(0.0, class_census[c]);
    if (auto pps = own(c, &R::patients_per_staff, rule.patients_per_staff)) {
      on_duty_load += nc / *pps;
      any_ratio = true;
    }
    patient_hours += nc * own(c, &R::hours_per_patient_week, rule.hours_per_patient_week).value();
    individual_hours +=
        nc * own(c, &R::individual_hours_per_patient_week, rule.individual_hours_per_patient_week)
                 .value();
  }
  double hours = 0;
  if (any_ratio || rule.patients_per_staff || rule.minimum_on_duty > 0) {
    const double on_duty =
        std::max(ceil_whole(on_duty_load), static_cast<double>(rule.minimum_on_duty));
    hours += on_duty * rule.coverage_hours_per_week;
  }
  hours += patient_hours;
  if (rule.facilitators_per_group > 0 && level.schedule) {
    const ScheduleSpec& s = *level.schedule;
    const double groups = ceil_whole(n / s.group_size_max);
    hours += groups * rule.facilitators_per_group * s.sessions_per_week * s.hours_per_session;
  }
  hours += individual_hours;
  return hours;
}

double required_fte(const StaffRule& rule, const StaffRole& role, const LevelSpec& level,
                    std::span<const double> class_census) {
  if (rule.by_class.empty()) {
    double n = 0;
    for (double nc : class_census)
      n += std::max(0.0, nc);
    return required_fte(rule, role, level, n);
  }
  double fte =
      required_hours(rule, level, class_census) / (role.hours_per_fte_week * role.productive_share);
  for (std::size_t c = 0; c < class_census.size(); ++c) {
    std::optional<double> caseload = rule.caseload;
    if (c < rule.by_class.size() && rule.by_class[c].caseload) caseload = rule.by_class[c].caseload;
    if (caseload) fte += std::max(0.0, class_census[c]) / *caseload;
  }
  return fte;
}

double role_fte(const Scenario& scenario, const LevelSpec& level, int role, double census,
                std::span<const double> class_census) {
  double fte = 0;
  for (const StaffRule& rule : level.staffing) {
    if (rule.role != role) continue;
    const StaffRole& sr = scenario.staff_roles[static_cast<std::size_t>(role)];
    fte += rule.by_class.empty() || class_census.empty()
               ? required_fte(rule, sr, level, census)
               : required_fte(rule, sr, level, class_census);
  }
  return fte;
}

bool level_needs_daily_class_census(const LevelSpec& level) {
  return std::any_of(level.staffing.begin(), level.staffing.end(),
                     [](const StaffRule& rule) { return !rule.by_class.empty(); });
}

bool role_by_class(const LevelSpec& level, int role) {
  return std::any_of(level.staffing.begin(), level.staffing.end(), [&](const StaffRule& rule) {
    return rule.role == role && !rule.by_class.empty();
  });
}

double role_fte(const Scenario& scenario, const LevelSpec& level, int role, double census) {
  double fte = 0;
  for (const StaffRule& rule : level.staffing)
    if (rule.role == role)
      fte +=
          required_fte(rule, scenario.staff_roles[static_cast<std::size_t>(role)], level, census);
  return fte;
}

// The level's own rules' roles, sorted and once each (a pass over every role of the scenario
// per level was quadratic in roles and levels).
std::vector<int> level_roles(const Scenario& scenario, const LevelSpec& level) {
  std::vector<int> roles;
  for (const StaffRule& rule : level.staffing)
    if (rule.role >= 0 && static_cast<std::size_t>(rule.role) < scenario.staff_roles.size())
      roles.push_back(rule.role);
  std::sort(roles.begin(), roles.end());
  roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
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
    if (rule.facilitators_per_group > 0 && level.sessions)  // the groups the run formed
      parts.push_back(fmt::format("{:g} per group held (sessions, max {})",
                                  rule.facilitators_per_group, level.sessions->group_size_max));
    if (rule.individual_hours_per_patient_week > 0)
      parts.push_back(
          fmt::format("{:g} individual h/patient/wk", rule.individual_hours_per_patient_week));
  }
  return fmt::format("{}", fmt::join(parts, " + "));
}

std::string role_basis(const Scenario& scenario, const LevelSpec& level, int role) {
  std::string basis = role_basis(level, role);
  for (const StaffRule& rule : level.staffing) {
    if (rule.role != role) continue;
    for (std::size_t c = 0; c < rule.by_class.size() && c < scenario.classes.size(); ++c) {
      const StaffRule::ClassRatios& k = rule.by_class[c];
      std::vector<std::string> parts;
      if (k.patients_per_staff) parts.push_back(fmt::format("1 per {:g}", *k.patients_per_staff));
      if (k.hours_per_patient_week)
        parts.push_back(fmt::format("{:g} h/patient/wk", *k.hours_per_patient_week));
      if (k.caseload) parts.push_back(fmt::format("caseload {:g}", *k.caseload));
      if (k.individual_hours_per_patient_week)
        parts.push_back(
            fmt::format("{:g} individual h/patient/wk", *k.individual_hours_per_patient_week));
      if (!parts.empty())
        basis += fmt::format("{}{}: {}", basis.empty() ? "" : "; ", scenario.classes[c].name,
                             fmt::join(parts, ", "));
    }
  }
  return basis;
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
