// The staffing report as JSON (summary.json, report.html) and as the stdout table.
#include "continuum/output/staffing_output.hpp"
#include "continuum/model/capacity.hpp"
#include "continuum/output/bounds.hpp"
#include "continuum/output/format.hpp"
#include "continuum/output/summary_json.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace continuum {

namespace {
using Json = nlohmann::ordered_json;
Json num(double v) {
  return std::isnan(v) ? Json(nullptr) : Json(v);
}
}  // namespace

Json staffing_json(const StaffingReport& report, const std::string& currency) {
  Json j;
  Json roles = Json::array();
  for (const StaffingRow& row : report.rows) {
    Json r;
    r["level"] = row.level;
    r["role"] = row.role;
    r["basis"] = row.basis;
    r["mean_fte"] = estimate_json(clipped(row.mean_fte, kNonnegative));
    r["p50_fte"] = {{"pooled", num(row.p50)},
                    {"per_replication", estimate_json(clipped(row.p50_ci, kNonnegative))}};
    r["p90_fte"] = {{"pooled", num(row.p90)},
                    {"per_replication", estimate_json(clipped(row.p90_ci, kNonnegative))}};
    r["p95_fte"] = {{"pooled", num(row.p95)},
                    {"per_replication", estimate_json(clipped(row.p95_ci, kNonnegative))}};
    r["on_hand_fte"] = num(row.on_hand);
    r["cost_per_year"] = estimate_json(clipped(row.cost_per_year, kNonnegative));
    roles.push_back(r);
  }
  j["roles"] = roles;
  Json levels = Json::object();
  for (const LevelCost& c : report.levels) {
    Json l;
    l["beds"] = capacity_json(c.beds);
    l["effective_capacity"] = capacity_json(c.effective.capacity);
    l["binding_constraint"] = c.binding;
    l["days_at_capacity"] = estimate_json(clipped(c.days_at_capacity, kShare));
    l["staff_cost_per_year"] = estimate_json(clipped(c.staff_cost_per_year, kNonnegative));
    l["non_staff_cost_per_year"] = estimate_json(clipped(c.non_staff_cost_per_year, kNonnegative));
    l["total_cost_per_year"] = estimate_json(clipped(c.total_cost_per_year, kNonnegative));
    l["cost_per_admission"] = estimate_json(clipped(c.cost_per_admission, kNonnegative));
    l["cost_per_completion"] = estimate_json(clipped(c.cost_per_completion, kNonnegative));
    levels[c.level] = l;
  }
  j["levels"] = levels;
  j["total_cost_per_year"] = estimate_json(clipped(report.total_cost_per_year, kNonnegative));
  j["currency"] = currency;
  j["fte_basis"] = report.daily_basis ? "daily_census" : "mean_census";
  return j;
}

std::string staffing_table(const StaffingReport& report, const std::string& currency) {
  std::string out;
  auto line = [&out](const std::string& s) { out += s + '\n'; };
  if (report.daily_basis)
    line(
        "staffing (FTE by day's census; mean day with 95% half-width, pooled percentiles of days)");
  else
    line(
        "staffing (no daily series: FTE and costs at each replication's mean census, not by each "
        "day's census as with daily series; no percentiles)");
  line(fmt::format("{:<12} {:<13} {:>14} {:>7} {:>7} {:>7} {:>8} {:>24}  {}", "level", "role",
                   "mean FTE", "p50", "p90", "p95", "on hand", "cost/year", "basis"));
  // The mean FTE and days full columns in the decimals of their smallest half-width
  // (format.hpp: shared_style); FTE at most in hundredths, as the percentiles beside them.
  std::vector<Estimate> fte, full;
  for (const StaffingRow& r : report.rows)
    fte.push_back(r.mean_fte);
  for (const LevelCost& c : report.levels)
    full.push_back(percent(c.days_at_capacity));
  // Hundredths when no row has an interval (one replication, or the same FTE in every one).
  Style fte_style = shared_style(fte, 2);
  fte_style.decimals = std::min(fte_style.decimals, 2);
  const Style full_style = shared_style(full, 1);
  for (const StaffingRow& r : report.rows) {
    auto q = [](double v) { return std::isnan(v) ? std::string("-") : fmt::format("{:.2f}", v); };
    line(fmt::format("{:<12} {:<13} {:>14} {:>7} {:>7} {:>7} {:>8} {:>24}  {}", r.level, r.role,
                     styled_cell(r.mean_fte, fte_style), q(r.p50), q(r.p90), q(r.p95), q(r.on_hand),
                     money_cell(r.cost_per_year, currency), r.basis));
  }
  line("");
  line(fmt::format("{:<12} {:>9} {:>9} {:<13} {:>14} {:>24} {:>24} {:>18} {:>18}", "level",
                   "capacity", "effective", "binds", "days full %", "staff cost/yr", "non-staff/yr",
                   "per admission", "per completion"));
  for (const LevelCost& c : report.levels) {
    line(fmt::format("{:<12} {:>9} {:>9} {:<13} {:>14} {:>24} {:>24} {:>18} {:>18}", c.level,
                     capacity_text(c.beds), capacity_text(c.effective.capacity), binding_text(c),
                     styled_cell(percent(c.days_at_capacity), full_style),
                     money_cell(c.staff_cost_per_year, currency),
                     money_cell(c.non_staff_cost_per_year, currency),
                     money_cell(c.cost_per_admission, currency),
                     money_cell(c.cost_per_completion, currency)));
  }
  line(fmt::format("total cost per year: {}", money_cell(report.total_cost_per_year, currency)));
  return out;
}

std::string binding_text(const LevelCost& cost) {
  if (cost.effective.binding_role >= 0 || cost.binding == "none") return cost.binding;
  return cost.unit;
}

Json staffing_report_json(const StaffingReport& report) {
  Json rows = Json::array();
  for (const StaffingRow& r : report.rows)
    rows.push_back({{"level", r.level},
                    {"role", r.role},
                    {"basis", r.basis},
                    {"required", estimate_json(clipped(r.mean_fte, kNonnegative))},
                    {"p90", num(r.p90)},
                    {"available", num(r.on_hand)}});
  Json levels = Json::array();
  for (const LevelCost& c : report.levels)
    levels.push_back({{"level", c.level},
                      {"capacity", capacity_json(c.beds)},
                      {"effective_capacity", capacity_json(c.effective.capacity)},
                      {"binding_constraint", c.binding},
                      {"days_at_capacity", estimate_json(clipped(c.days_at_capacity, kShare))}});
  return {{"unit", "FTE"}, {"rows", rows}, {"levels", levels}};
}

}  // namespace continuum
