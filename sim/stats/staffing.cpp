// Staff required by census (ratio on duty, hours per patient, caseload, groups), the census a
// staff on hand covers, and FTE and cost over the days of a run.
#include "continuum/stats/staffing.hpp"
#include "continuum/output/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace continuum {

namespace {
constexpr double kDaysPerYear = 365;
constexpr double kFteTolerance = 1e-9;  // FTE compared to staff on hand

// ceil(x) that ignores floating-point dust just above a whole number (12.000000001 -> 12).
double ceil_whole(double x) {
  return std::ceil(x - 1e-9);
}
}  // namespace

double required_hours(const StaffRule& rule, const LevelSpec& level, double census) {
  const double n = std::max(0.0, census);
  double hours = 0;
  if (rule.patients_per_staff || rule.minimum_on_duty > 0) {
    double on_duty = rule.patients_per_staff ? ceil_whole(n / *rule.patients_per_staff) : 0;
    on_duty = std::max(on_duty, static_cast<double>(rule.minimum_on_duty));
    hours += on_duty * rule.coverage_hours_per_week;
  }
  hours += n * rule.hours_per_patient_week;
  if (rule.facilitators_per_group > 0 && level.schedule) {
    const ScheduleSpec& s = *level.schedule;
    const double groups = ceil_whole(n / s.group_size_max);
    hours += groups * rule.facilitators_per_group * s.sessions_per_week * s.hours_per_session;
  }
  hours += n * rule.individual_hours_per_patient_week;
  return hours;
}

double required_fte(const StaffRule& rule, const StaffRole& role, const LevelSpec& level,
                    double census) {
  double fte =
      required_hours(rule, level, census) / (role.hours_per_fte_week * role.productive_share);
  if (rule.caseload) fte += std::max(0.0, census) / *rule.caseload;
  return fte;
}

double role_fte(const Scenario& scenario, const LevelSpec& level, int role, double census) {
  double fte = 0;
  for (const StaffRule& rule : level.staffing)
    if (rule.role == role)
      fte +=
          required_fte(rule, scenario.staff_roles[static_cast<std::size_t>(role)], level, census);
  return fte;
}

std::vector<int> level_roles(const Scenario& scenario, const LevelSpec& level) {
  std::vector<int> roles;
  for (std::size_t r = 0; r < scenario.staff_roles.size(); ++r)
    for (const StaffRule& rule : level.staffing)
      if (rule.role == static_cast<int>(r)) {
        roles.push_back(static_cast<int>(r));
        break;
      }
  return roles;
}

std::string role_basis(const LevelSpec& level, int role) {
  std::vector<std::string> parts;
  for (const StaffRule& rule : level.staffing) {
    if (rule.role != role) continue;
    if (rule.patients_per_staff || rule.minimum_on_duty > 0) {
      std::string p = rule.patients_per_staff
                          ? fmt::format("1 per {:g} on duty", *rule.patients_per_staff)
                          : std::string("on duty");
      if (rule.minimum_on_duty > 0) p += fmt::format(", min {}", rule.minimum_on_duty);
      parts.push_back(p + fmt::format(", {:g} h/wk", rule.coverage_hours_per_week));
    }
    if (rule.hours_per_patient_week > 0)
      parts.push_back(fmt::format("{:g} h/patient/wk", rule.hours_per_patient_week));
    if (rule.caseload) parts.push_back(fmt::format("caseload {:g}", *rule.caseload));
    if (rule.facilitators_per_group > 0 && level.schedule)
      parts.push_back(fmt::format("{:g} per group of {}", rule.facilitators_per_group,
                                  level.schedule->group_size_max));
    if (rule.individual_hours_per_patient_week > 0)
      parts.push_back(
          fmt::format("{:g} individual h/patient/wk", rule.individual_hours_per_patient_week));
  }
  std::string out;
  for (const auto& p : parts)
    out += (out.empty() ? "" : " + ") + p;
  return out;
}

int covered_census(const Scenario& scenario, const LevelSpec& level, int role, double fte,
                   int limit) {
  auto covers = [&](int n) { return role_fte(scenario, level, role, n) <= fte + kFteTolerance; };
  if (!covers(0)) return -1;
  if (covers(limit)) return limit;
  int lo = 0, hi = limit;  // covers(lo), !covers(hi): the need only grows with the census
  while (hi - lo > 1) {
    const int mid = lo + (hi - lo) / 2;
    (covers(mid) ? lo : hi) = mid;
  }
  return lo;
}

EffectiveCapacity effective_capacity(const Scenario& scenario, std::size_t level) {
  const LevelSpec& spec = scenario.levels[level];
  EffectiveCapacity e{spec.capacity, -1};
  for (const auto& [role, fte] : spec.staff_on_hand) {
    const int limit = std::min(spec.capacity, 1000000);
    const int covered = std::max(0, covered_census(scenario, spec, role, fte, limit));
    if (covered < limit && covered < e.capacity) e = {covered, role};
  }
  return e;
}

bool has_staffing(const Scenario& scenario) {
  if (!scenario.staff_roles.empty()) return true;
  return std::any_of(scenario.levels.begin(), scenario.levels.end(),
                     [](const LevelSpec& l) { return l.cost_per_patient_day > 0; });
}

StaffingReport staffing_report(const Scenario& scenario,
                               const std::vector<ReplicationResult>& results) {
  StaffingReport report;
  const std::size_t n_levels = scenario.levels.size();
  const std::size_t reps = results.size();
  std::vector<double> total_cost(reps, 0.0);
  for (std::size_t l = 0; l < n_levels; ++l) {
    const LevelSpec& spec = scenario.levels[l];
    if (spec.staffing.empty() && spec.cost_per_patient_day <= 0) continue;
    LevelCost cost;
    cost.level = spec.name;
    cost.beds = spec.capacity;
    cost.effective = effective_capacity(scenario, l);
    cost.binding =
        cost.effective.binding_role < 0
            ? "beds"
            : scenario.staff_roles[static_cast<std::size_t>(cost.effective.binding_role)].name;
    std::vector<double> staff_cost(reps, 0.0), non_staff(reps, 0.0), at_capacity(reps, NAN);
    for (std::size_t r = 0; r < reps; ++r) {
      const ReplicationResult& res = results[r];
      const double mean_census = res.levels[l].census_area / res.window_days;
      non_staff[r] = mean_census * spec.cost_per_patient_day * kDaysPerYear;
      const std::size_t days = res.daily_census.size() / n_levels;
      if (days > 0 && cost.effective.capacity < std::numeric_limits<int>::max()) {
        std::size_t full = 0;
        for (std::size_t d = 0; d < days; ++d)
          if (res.daily_census[d * n_levels + l] >= cost.effective.capacity - 0.5) ++full;
        at_capacity[r] = static_cast<double>(full) / static_cast<double>(days);
      }
    }
    for (int role : level_roles(scenario, spec)) {
      const StaffRole& sr = scenario.staff_roles[static_cast<std::size_t>(role)];
      StaffingRow row;
      row.level = spec.name;
      row.role = sr.name;
      row.basis = role_basis(spec, role);
      for (const auto& [rl, fte] : spec.staff_on_hand)
        if (rl == role) row.on_hand = fte;
      std::vector<double> pooled, means(reps), q50(reps, NAN), q90(reps, NAN), q95(reps, NAN);
      std::vector<double> costs(reps);
      for (std::size_t r = 0; r < reps; ++r) {
        const ReplicationResult& res = results[r];
        const std::size_t days = res.daily_census.size() / n_levels;
        if (days == 0) {
          means[r] = role_fte(scenario, spec, role, res.levels[l].census_area / res.window_days);
        } else {
          std::vector<double> daily(days);
          double sum = 0;
          for (std::size_t d = 0; d < days; ++d)
            sum += daily[d] = role_fte(scenario, spec, role, res.daily_census[d * n_levels + l]);
          means[r] = sum / static_cast<double>(days);
          pooled.insert(pooled.end(), daily.begin(), daily.end());
          std::sort(daily.begin(), daily.end());
          q50[r] = sample_quantile(daily, 0.5);
          q90[r] = sample_quantile(daily, 0.9);
          q95[r] = sample_quantile(daily, 0.95);
        }
        costs[r] = means[r] * sr.cost_per_fte_year;
        staff_cost[r] += costs[r];
      }
      row.mean_fte = estimate(means);
      row.cost_per_year = estimate(costs);
      if (!pooled.empty()) {
        std::sort(pooled.begin(), pooled.end());
        row.p50 = sample_quantile(pooled, 0.5);
        row.p90 = sample_quantile(pooled, 0.9);
        row.p95 = sample_quantile(pooled, 0.95);
        row.p50_ci = estimate(q50);
        row.p90_ci = estimate(q90);
        row.p95_ci = estimate(q95);
      }
      report.rows.push_back(std::move(row));
    }
    std::vector<double> total(reps), per_admission(reps), per_completion(reps);
    for (std::size_t r = 0; r < reps; ++r) {
      const LevelCounters& c = results[r].levels[l];
      total[r] = staff_cost[r] + non_staff[r];
      total_cost[r] += total[r];
      const double window_cost = total[r] / kDaysPerYear * results[r].window_days;
      per_admission[r] = c.admissions > 0 ? window_cost / static_cast<double>(c.admissions) : NAN;
      per_completion[r] =
          c.completions > 0 ? window_cost / static_cast<double>(c.completions) : NAN;
    }
    cost.days_at_capacity = estimate(at_capacity);
    cost.staff_cost_per_year = estimate(staff_cost);
    cost.non_staff_cost_per_year = estimate(non_staff);
    cost.total_cost_per_year = estimate(total);
    cost.cost_per_admission = estimate(per_admission);
    cost.cost_per_completion = estimate(per_completion);
    report.levels.push_back(std::move(cost));
  }
  report.total_cost_per_year = estimate(total_cost);
  return report;
}

namespace {
using Json = nlohmann::ordered_json;
Json num(double v) {
  return std::isnan(v) ? Json(nullptr) : Json(v);
}
std::string cell(const Estimate& e, int precision) {
  if (std::isnan(e.mean)) return "-";
  if (std::isnan(e.lo)) return fmt::format("{:.{}f}", e.mean, precision);
  return fmt::format("{:.{}f} ±{:.{}f}", e.mean, precision, (e.hi - e.lo) / 2, precision);
}
std::string capacity_text(int c) {
  return c == std::numeric_limits<int>::max() ? "unlimited" : std::to_string(c);
}
}  // namespace

Json staffing_json(const StaffingReport& report) {
  Json j;
  Json roles = Json::array();
  for (const StaffingRow& row : report.rows) {
    Json r;
    r["level"] = row.level;
    r["role"] = row.role;
    r["basis"] = row.basis;
    r["mean_fte"] = estimate_json(row.mean_fte);
    r["p50_fte"] = {{"pooled", num(row.p50)}, {"per_replication", estimate_json(row.p50_ci)}};
    r["p90_fte"] = {{"pooled", num(row.p90)}, {"per_replication", estimate_json(row.p90_ci)}};
    r["p95_fte"] = {{"pooled", num(row.p95)}, {"per_replication", estimate_json(row.p95_ci)}};
    r["on_hand_fte"] = num(row.on_hand);
    r["cost_per_year"] = estimate_json(row.cost_per_year);
    roles.push_back(r);
  }
  j["roles"] = roles;
  Json levels = Json::object();
  for (const LevelCost& c : report.levels) {
    Json l;
    if (c.beds == std::numeric_limits<int>::max())
      l["beds"] = "unlimited";
    else
      l["beds"] = c.beds;
    if (c.effective.capacity == std::numeric_limits<int>::max())
      l["effective_capacity"] = "unlimited";
    else
      l["effective_capacity"] = c.effective.capacity;
    l["binding_constraint"] = c.binding;
    l["days_at_capacity"] = estimate_json(c.days_at_capacity);
    l["staff_cost_per_year"] = estimate_json(c.staff_cost_per_year);
    l["non_staff_cost_per_year"] = estimate_json(c.non_staff_cost_per_year);
    l["total_cost_per_year"] = estimate_json(c.total_cost_per_year);
    l["cost_per_admission"] = estimate_json(c.cost_per_admission);
    l["cost_per_completion"] = estimate_json(c.cost_per_completion);
    levels[c.level] = l;
  }
  j["levels"] = levels;
  j["total_cost_per_year"] = estimate_json(report.total_cost_per_year);
  return j;
}

std::string staffing_table(const StaffingReport& report) {
  std::string out;
  auto line = [&out](const std::string& s) { out += s + '\n'; };
  line("staffing (FTE by day's census; mean day with 95% half-width, pooled percentiles of days)");
  line(fmt::format("{:<12} {:<13} {:>14} {:>7} {:>7} {:>7} {:>8} {:>18}  {}", "level", "role",
                   "mean FTE", "p50", "p90", "p95", "on hand", "cost/year", "basis"));
  for (const StaffingRow& r : report.rows) {
    auto q = [](double v) { return std::isnan(v) ? std::string("-") : fmt::format("{:.2f}", v); };
    line(fmt::format("{:<12} {:<13} {:>14} {:>7} {:>7} {:>7} {:>8} {:>18}  {}", r.level, r.role,
                     cell(r.mean_fte, 2), q(r.p50), q(r.p90), q(r.p95), q(r.on_hand),
                     cell(r.cost_per_year, 0), r.basis));
  }
  line("");
  line(fmt::format("{:<12} {:>9} {:>9} {:<13} {:>14} {:>18} {:>18} {:>16} {:>16}", "level",
                   "capacity", "effective", "binds", "days full %", "staff cost/yr", "non-staff/yr",
                   "per admission", "per completion"));
  for (const LevelCost& c : report.levels) {
    Estimate pct = c.days_at_capacity;
    pct.mean *= 100, pct.lo *= 100, pct.hi *= 100;
    line(fmt::format("{:<12} {:>9} {:>9} {:<13} {:>14} {:>18} {:>18} {:>16} {:>16}", c.level,
                     capacity_text(c.beds), capacity_text(c.effective.capacity), c.binding,
                     cell(pct, 1), cell(c.staff_cost_per_year, 0),
                     cell(c.non_staff_cost_per_year, 0), cell(c.cost_per_admission, 0),
                     cell(c.cost_per_completion, 0)));
  }
  line(fmt::format("total cost per year: {}", cell(report.total_cost_per_year, 0)));
  return out;
}

Json staffing_report_json(const StaffingReport& report) {
  Json rows = Json::array();
  for (const StaffingRow& r : report.rows)
    rows.push_back({{"level", r.level},
                    {"role", r.role},
                    {"basis", r.basis},
                    {"required", estimate_json(r.mean_fte)},
                    {"available", num(r.on_hand)}});
  return {{"unit", "FTE"}, {"rows", rows}};
}

}  // namespace continuum
