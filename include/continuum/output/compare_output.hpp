// comparison.json, comparison.csv and the stdout table of continuum compare: every metric of
// every scenario, and each scenario's paired difference from the first.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "continuum/experiment/compare.hpp"

namespace continuum {

// {"schema_version", "reference", "scenarios": [scenario], "levels": {level: {metric:
// comparison}}, "system": {metric: comparison}}, where a comparison is {scenario: estimate,
// "difference": {scenario: estimate + "unpaired_ci95", "clear"}} for every scenario but the first.
// min_difference > 0 (compare --min-difference, a fraction of the reference's value): "clear"
// also needs |difference| >= min_difference x |reference mean| (difference() in compare.hpp),
// here, in the CSV and in the table, and the JSON records it as "min_difference".
nlohmann::ordered_json comparison_json(const std::vector<ScenarioRun>& runs,
                                       double min_difference = 0);
// Per scenario, the replications' values of a metric (at `level` for a level metric), or of an
// annual cost (NaN for a scenario without costs): what every comparison pairs.
std::vector<std::vector<double>> metric_values_by_run(const std::vector<ScenarioRun>& runs,
                                                      const std::string& level, MetricId metric);
std::vector<std::vector<double>> cost_values_by_run(const std::vector<ScenarioRun>& runs,
                                                    CostKind kind);
// The same for revenue per year or net cost per year (NaN for a scenario without revenue).
std::vector<std::vector<double>> revenue_values_by_run(const std::vector<ScenarioRun>& runs,
                                                       RevenueKind kind);

// True when a scenario has costs: then the JSON has "costs": {"currency", "staff_cost_per_year":
// comparison, "non_staff_cost_per_year": comparison, "total_cost_per_year": comparison}, the CSV
// rows of scope "costs" and the table a block of money.
bool any_costs(const std::vector<ScenarioRun>& runs);
// True when a scenario has revenue (payers and levels' revenue_per_patient_day): then the JSON
// has "revenue": {"currency", "total_revenue_per_year": comparison, "net_cost_per_year":
// comparison}, the CSV rows of scope "revenue" and the table a block of money. Net cost is the
// total cost (0 for a scenario without costs) minus revenue, as `run` reports it.
bool any_revenue(const std::vector<ScenarioRun>& runs);
// One row per scope (level or "system"), metric and scenario; the difference columns are empty
// on the reference's rows.
std::string comparison_csv(const std::vector<ScenarioRun>& runs, double min_difference = 0);
// The headline metrics per level and every system metric, with differences (* when clear).
std::string comparison_table(const std::vector<ScenarioRun>& runs, double min_difference = 0);

}  // namespace continuum
