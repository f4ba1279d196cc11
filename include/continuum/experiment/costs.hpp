// Annual costs of a scenario's replications, as `run` reports them (stats/staffing.hpp): staff
// (mean-day FTE x cost per FTE-year), non-staff (mean census x cost per patient-day x 365) and
// their total, summed over the levels, per replication so that compare can pair them.
#pragma once

#include <string>
#include <vector>

#include "continuum/engine/engine.hpp"
#include "continuum/model/scenario.hpp"
#include "continuum/stats/daily_series_store.hpp"
#include "continuum/stats/result_store.hpp"
#include "continuum/stats/statistics.hpp"

namespace continuum {

enum class CostKind { kStaff, kNonStaff, kTotal };
inline constexpr CostKind kCostKinds[] = {CostKind::kStaff, CostKind::kNonStaff, CostKind::kTotal};
// "staff_cost_per_year", "non_staff_cost_per_year", "total_cost_per_year".
const char* cost_name(CostKind kind);
// "staff", "non-staff", "total".
const char* cost_label(CostKind kind);

// Per replication, in replication order.
struct AnnualCosts {
  std::vector<double> staff, non_staff, total;
  const std::vector<double>& of(CostKind kind) const;
};
// Their estimates across replications (the same as run's staffing report gives).
struct CostSummary {
  Estimate staff, non_staff, total;
  const Estimate& of(CostKind kind) const;
};

// Whether the scenario has costs (staff roles, or a level's cost per patient-day): the outputs
// show costs only then, and others' outputs are unchanged.
bool has_costs(const Scenario& scenario);
// The costs of each replication, computed as stats/staffing.cpp does for `run` (from the daily
// census when it was recorded, else from each replication's mean census).
// `daily`: where the daily series are when the results no longer hold them (staffing_report).
// `results`: a vector of results or run's ResultStore (one replication decoded at a time).
AnnualCosts annual_costs(const Scenario& scenario, const ResultSource& results,
                         const DailySeriesStore* daily = nullptr);
CostSummary summarize_costs(const AnnualCosts& costs);

// Whether some level has a revenue per patient-day (then the outputs gain revenue, net cost).
bool has_revenue(const Scenario& scenario);

// Revenue per year (amount x patient-days in care of the payer / window days x 365), per payer
// and in total, per replication; net cost = the total cost (costs.hpp) - revenue.
// The two figures compare, sweep and size report beside the costs, named as summary.json's
// "revenue" block names them: "total_revenue_per_year", "net_cost_per_year".
enum class RevenueKind { kTotal, kNetCost };
inline constexpr RevenueKind kRevenueKinds[] = {RevenueKind::kTotal, RevenueKind::kNetCost};
const char* revenue_name(RevenueKind kind);

struct AnnualRevenue {
  std::vector<std::vector<double>> by_payer;  // [payer][replication]
  std::vector<double> total, net_cost;
  const std::vector<double>& of(RevenueKind kind) const;
};
AnnualRevenue annual_revenue(const Scenario& scenario, const ResultSource& results,
                             const AnnualCosts& costs);
struct RevenueSummary {
  std::vector<std::string> payers;
  std::vector<Estimate> by_payer;
  Estimate total, net_cost;
  const Estimate& of(RevenueKind kind) const;
};
RevenueSummary summarize_revenue(const Scenario& scenario, const AnnualRevenue& revenue);
// The revenue of a scenario's replications, with their costs when it has costs (as `run`
// reports them): empty (no replication) when it has no revenue.
AnnualRevenue scenario_revenue(const Scenario& scenario, const ResultSource& results,
                               const AnnualCosts& costs);

}  // namespace continuum
