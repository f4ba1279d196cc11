// Per-replication annual costs: the staffing report of each replication on its own, whose
// totals are the per-replication values the report over all of them averages.
#include "continuum/experiment/costs.hpp"

#include "continuum/stats/staffing.hpp"

namespace continuum {

const char* cost_name(CostKind kind) {
  switch (kind) {
    case CostKind::kStaff:
      return "staff_cost_per_year";
    case CostKind::kNonStaff:
      return "non_staff_cost_per_year";
    case CostKind::kTotal:
      break;
  }
  return "total_cost_per_year";
}

const char* cost_label(CostKind kind) {
  switch (kind) {
    case CostKind::kStaff:
      return "staff";
    case CostKind::kNonStaff:
      return "non-staff";
    case CostKind::kTotal:
      break;
  }
  return "total";
}

const std::vector<double>& AnnualCosts::of(CostKind kind) const {
  return kind == CostKind::kStaff ? staff : kind == CostKind::kNonStaff ? non_staff : total;
}

const Estimate& CostSummary::of(CostKind kind) const {
  return kind == CostKind::kStaff ? staff : kind == CostKind::kNonStaff ? non_staff : total;
}

bool has_costs(const Scenario& scenario) {
  return has_staffing(scenario);
}

AnnualCosts annual_costs(const Scenario& scenario, const std::vector<ReplicationResult>& results) {
  AnnualCosts costs;
  for (const ReplicationResult& result : results) {
    // One replication: each estimate's mean is that replication's value.
    const StaffingReport report = staffing_report(scenario, {result});
    double staff = 0, non_staff = 0;
    for (const LevelCost& level : report.levels) {
      staff += level.staff_cost_per_year.mean;
      non_staff += level.non_staff_cost_per_year.mean;
    }
    costs.staff.push_back(staff);
    costs.non_staff.push_back(non_staff);
    costs.total.push_back(report.total_cost_per_year.mean);
  }
  return costs;
}

CostSummary summarize_costs(const AnnualCosts& costs) {
  return {estimate(costs.staff), estimate(costs.non_staff), estimate(costs.total)};
}

}  // namespace continuum
