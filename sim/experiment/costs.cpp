// Per-replication annual costs: the staffing report of each replication on its own, whose
// totals are the per-replication values the report over all of them averages.
#include "continuum/experiment/costs.hpp"

#include <cmath>

#include "continuum/core/units.hpp"
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

AnnualCosts annual_costs(const Scenario& scenario, const ResultSource& results,
                         const DailySeriesStore* daily) {
  AnnualCosts costs;
  ReplicationResult scratch;
  for (std::size_t r = 0; r < results.size(); ++r) {
    // One replication: each estimate's mean is that replication's value.
    const ReplicationResult& one = results.get(r, scratch);
    const StaffingReport report =
        staffing_report(scenario, std::span<const ReplicationResult>(&one, 1), daily, r);
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

const char* revenue_name(RevenueKind kind) {
  return kind == RevenueKind::kTotal ? "total_revenue_per_year" : "net_cost_per_year";
}

const std::vector<double>& AnnualRevenue::of(RevenueKind kind) const {
  return kind == RevenueKind::kTotal ? total : net_cost;
}

const Estimate& RevenueSummary::of(RevenueKind kind) const {
  return kind == RevenueKind::kTotal ? total : net_cost;
}

AnnualRevenue scenario_revenue(const Scenario& scenario, const ResultSource& results,
                               const AnnualCosts& costs) {
  if (!has_revenue(scenario)) return {};
  return annual_revenue(scenario, results, costs);
}

bool has_revenue(const Scenario& scenario) {
  for (const LevelSpec& level : scenario.levels)
    if (!level.revenue_per_patient_day.empty()) return true;
  return false;
}

AnnualRevenue annual_revenue(const Scenario& scenario, const ResultSource& results,
                             const AnnualCosts& costs) {
  AnnualRevenue out;
  const std::size_t payers = scenario.payers.size();
  out.by_payer.assign(payers, std::vector<double>(results.size(), 0.0));
  out.total.assign(results.size(), 0.0);
  out.net_cost.assign(results.size(), 0.0);
  results.visit([&](std::size_t r, const ReplicationResult& result) {
    for (std::size_t l = 0; l < scenario.levels.size(); ++l) {
      const std::vector<double>& rate = scenario.levels[l].revenue_per_patient_day;
      for (std::size_t k = 0; k < payers && k < rate.size(); ++k) {
        const double days = result.payer_days.empty() ? 0.0 : result.payer_days[l * payers + k];
        out.by_payer[k][r] += rate[k] * days / result.window_days * kDaysPerYear;
      }
    }
    for (std::size_t k = 0; k < payers; ++k)
      out.total[r] += out.by_payer[k][r];
    const double cost = r < costs.total.size() ? costs.total[r] : 0.0;
    out.net_cost[r] = cost - out.total[r];
  });
  return out;
}

RevenueSummary summarize_revenue(const Scenario& scenario, const AnnualRevenue& revenue) {
  RevenueSummary out;
  for (std::size_t k = 0; k < scenario.payers.size(); ++k) {
    out.payers.push_back(scenario.payers[k].name);
    out.by_payer.push_back(estimate(revenue.by_payer[k]));
  }
  out.total = estimate(revenue.total);
  out.net_cost = estimate(revenue.net_cost);
  return out;
}

}  // namespace continuum
