// Authorization (per level) and revenue (per payer, with the net cost) as JSON for summary.json
// and as the stdout tables of `run` (docs/outputs.md, "authorization" and "revenue").
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "continuum/experiment/authorization.hpp"
#include "continuum/experiment/costs.hpp"

namespace continuum {

// {LEVEL: {reviews_per_day, denials_per_day, denied_days_per_day, mean_denied_days,
// auth_ran_out_share}}, each {mean, ci95}.
nlohmann::ordered_json authorization_json(const std::vector<AuthorizationLevel>& levels);
std::string authorization_table(const std::vector<AuthorizationLevel>& levels);
// {currency, revenue_per_year: {PAYER: {mean, ci95}}, total_revenue_per_year, net_cost_per_year}.
nlohmann::ordered_json revenue_json(const RevenueSummary& revenue, const std::string& currency);
std::string revenue_table(const RevenueSummary& revenue, const std::string& currency);

}  // namespace continuum
