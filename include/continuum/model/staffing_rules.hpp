// Staff required by a level's census (four rules), FTE, and the census a staff on hand covers:
// pure functions of the scenario, used by the model (effective capacity), the staffing report
// and sizing.
#pragma once

#include <cstddef>
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
double role_fte(const Scenario& scenario, const LevelSpec& level, int role, double census);
// Roles used by the level's rules, each once, in the order of staff.roles.
std::vector<int> level_roles(const Scenario& scenario, const LevelSpec& level);
// "ratio", "hours", "caseload", "groups" or several joined by '+': how a role's need is set.
std::string role_basis(const LevelSpec& level, int role);

// The largest whole census (up to `limit`) that `fte` of the role covers; -1 when even an
// empty level needs more (a minimum on duty the staff cannot fill).
int covered_census(const Scenario& scenario, const LevelSpec& level, int role, double fte,
                   int limit);

struct EffectiveCapacity {
  int capacity = 0;       // min(beds, the census each role on hand covers)
  int binding_role = -1;  // -1: beds bind (or no staff on hand); else the role's index
};
// What the engine admits up to: beds, or less when the staff on hand cannot cover them.
EffectiveCapacity effective_capacity(const Scenario& scenario, std::size_t level);

}  // namespace continuum
