// Staff required by a level's census (four rules), FTE, and the census a staff on hand covers:
// pure functions of the scenario, used by the model (effective capacity), the staffing report
// and sizing.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "continuum/model/scenario.hpp"

namespace continuum {

// Hours per week the rule requires with `census` patients in care (a day's time-average
// census: the ratio and group rules round up to whole staff on duty and whole groups).
double required_hours(const StaffRule& rule, const LevelSpec& level, double census);
// FTE = hours / (hours_per_fte_week x productive_share); caseload rules give n / caseload FTE.
double required_fte(const StaffRule& rule, const StaffRole& role, const LevelSpec& level,
                    double census);
// All rules of `role` at the level (a role may have several rules; their FTE add up).
// A rule's `by_class` is ignored here: every patient counts at the rule's own ratios.
double role_fte(const Scenario& scenario, const LevelSpec& level, int role, double census);

// With the census of each class (`class_census[c]`, in class order; their sum the census): a
// rule with `by_class` counts each class at its own ratios (on duty
// max(minimum_on_duty, ceil(sum_c n_c / patients_per_staff_c)); caseload FTE
// sum_c n_c / caseload_c; hours sum_c n_c x hours_c); a class whose ratio is given neither for
// it nor by the rule adds nothing to that term. Rules without `by_class` are as above.
double required_hours(const StaffRule& rule, const LevelSpec& level,
                      std::span<const double> class_census);
double required_fte(const StaffRule& rule, const StaffRole& role, const LevelSpec& level,
                    std::span<const double> class_census);
// All rules of `role`: those with `by_class` from `class_census` (when not empty), the others
// (and all, when it is empty) from `census`, exactly as role_fte above.
double role_fte(const Scenario& scenario, const LevelSpec& level, int role, double census,
                std::span<const double> class_census);
// True when any of the level's rules for `role` has `by_class`.
bool role_by_class(const LevelSpec& level, int role);
// True when any of the level's staffing rules has `by_class`: its daily FTE then needs the
// census of each class by day (ReplicationResult::daily_class_census keeps such levels only).
bool level_needs_daily_class_census(const LevelSpec& level);
// Roles used by the level's rules, each once, in the order of staff.roles.
std::vector<int> level_roles(const Scenario& scenario, const LevelSpec& level);
// "ratio", "hours", "caseload", "groups" or several joined by '+': how a role's need is set.
std::string role_basis(const LevelSpec& level, int role);
// The same, followed by each class's own ratios ("; adolescent: 1 per 6, caseload 10").
std::string role_basis(const Scenario& scenario, const LevelSpec& level, int role);

// The largest whole census (up to `limit`) that `fte` of the role covers; -1 when even an
// empty level needs more (a minimum on duty the staff cannot fill). At the rules' own ratios
// (`by_class` ignored), as is effective_capacity.
int covered_census(const Scenario& scenario, const LevelSpec& level, int role, double fte,
                   int limit);

struct EffectiveCapacity {
  int capacity = 0;       // min(beds, the census each role on hand covers)
  int binding_role = -1;  // -1: beds bind (or no staff on hand); else the role's index
};
// What the engine admits up to: beds, or less when the staff on hand cannot cover them.
EffectiveCapacity effective_capacity(const Scenario& scenario, std::size_t level);

}  // namespace continuum
