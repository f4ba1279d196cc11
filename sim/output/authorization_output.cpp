// Authorization and revenue as JSON and as the stdout tables (authorization_output.hpp).
#include "continuum/output/authorization_output.hpp"

#include <fmt/format.h>

#include "continuum/output/bounds.hpp"
#include "continuum/output/format.hpp"
#include "continuum/output/summary_json.hpp"

namespace continuum {

using Json = nlohmann::ordered_json;

Json authorization_json(const std::vector<AuthorizationLevel>& levels) {
  Json j = Json::object();
  for (const AuthorizationLevel& a : levels)
    j[a.level] = {
        {"reviews_per_day", estimate_json(clipped(a.reviews_per_day, kNonnegative))},
        {"denials_per_day", estimate_json(clipped(a.denials_per_day, kNonnegative))},
        {"denied_days_per_day", estimate_json(clipped(a.denied_days_per_day, kNonnegative))},
        {"mean_denied_days", estimate_json(clipped(a.mean_denied_days, kNonnegative))},
        {"auth_ran_out_share", estimate_json(clipped(a.auth_ran_out_share, kShare))}};
  return j;
}

std::string authorization_table(const std::vector<AuthorizationLevel>& levels) {
  std::string out = "authorization (per day of the window; each denial is an early discharge)\n";
  out += fmt::format("{:<12} {:>16} {:>16} {:>18} {:>18} {:>16}\n", "level", "reviews/day",
                     "denials/day", "denied days/day", "days cut/denial", "auth ran out");
  for (const AuthorizationLevel& a : levels)
    out += fmt::format("{:<12} {:>16} {:>16} {:>18} {:>18} {:>16}\n", a.level,
                       cell(a.reviews_per_day, 2), cell(a.denials_per_day, 2),
                       cell(a.denied_days_per_day, 2), cell(a.mean_denied_days, 1),
                       cell(percent(a.auth_ran_out_share), 1) + "%");
  return out;
}

Json revenue_json(const RevenueSummary& revenue, const std::string& currency) {
  Json j;
  j["currency"] = currency;
  Json by_payer = Json::object();
  for (std::size_t k = 0; k < revenue.payers.size(); ++k)
    by_payer[revenue.payers[k]] = estimate_json(clipped(revenue.by_payer[k], kNonnegative));
  j["revenue_per_year"] = by_payer;
  j["total_revenue_per_year"] = estimate_json(clipped(revenue.total, kNonnegative));
  j["net_cost_per_year"] = estimate_json(revenue.net_cost);
  return j;
}

std::string revenue_table(const RevenueSummary& revenue, const std::string& currency) {
  std::string out = "revenue per year (payer: revenue per patient-day x patient-days in care)\n";
  for (std::size_t k = 0; k < revenue.payers.size(); ++k)
    out +=
        fmt::format("  {:<14} {}\n", revenue.payers[k], money_cell(revenue.by_payer[k], currency));
  out += fmt::format("  {:<14} {}\n", "total", money_cell(revenue.total, currency));
  out += fmt::format("net cost per year (staff + non-staff - revenue): {}\n",
                     money_cell(revenue.net_cost, currency));
  return out;
}

}  // namespace continuum
