// Staff required by a level's census (four rules), FTE, the census a staff on hand covers, and
// the staffing and cost report of a run (FTE over the days of every replication).
#pragma once

#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "continuum/engine/engine.hpp"
#include "continuum/model/scenario.hpp"
#include "continuum/stats/statistics.hpp"

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

struct StaffingRow {
  std::string level, role, basis;
  Estimate mean_fte;                       // mean over days; interval across replications
  double p50 = NAN, p90 = NAN, p95 = NAN;  // FTE covering that share of days, pooled
  Estimate p50_ci, p90_ci, p95_ci;         // per-replication quantiles: mean and interval
  double on_hand = NAN;                    // staff_on_hand, NaN when not given
  Estimate cost_per_year;                  // mean FTE x cost_per_fte_year
};
struct LevelCost {
  std::string level;
  int beds = 0;  // capacity as given (INT_MAX: unlimited)
  EffectiveCapacity effective;
  std::string binding;        // "beds" or the role that binds
  Estimate days_at_capacity;  // share of days with mean census >= effective capacity - 0.5
  Estimate staff_cost_per_year, non_staff_cost_per_year, total_cost_per_year;
  Estimate cost_per_admission, cost_per_completion;
};
struct StaffingReport {
  std::vector<StaffingRow> rows;
  std::vector<LevelCost> levels;  // levels with staffing or a non-staff cost
  Estimate total_cost_per_year;
};

// True when the scenario defines staff roles or any level has a cost: worth a report.
bool has_staffing(const Scenario& scenario);
// From replications run with daily recording (without it, the quantiles are NaN and the mean
// day is taken at each replication's mean census).
StaffingReport staffing_report(const Scenario& scenario,
                               const std::vector<ReplicationResult>& results);

nlohmann::ordered_json staffing_json(const StaffingReport& report);
std::string staffing_table(const StaffingReport& report);
// The "staffing" key of report.html's run document.
nlohmann::ordered_json staffing_report_json(const StaffingReport& report);

}  // namespace continuum
