// The `continuum analyze` table and JSON.
#include "continuum/output/capacity_output.hpp"
#include "continuum/model/capacity.hpp"
#include "continuum/output/format.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace continuum {

namespace {

constexpr double kSaturation = 0.999;

double external_referrals_per_day(const Scenario& s) {
  double total = 0;
  for (const ArrivalSpec& a : s.arrivals)
    total += a.rate_per_day;
  return total;
}

// Whether rates or capacities change over time, which the analysis leaves out.
bool varies_over_time(const Scenario& s) {
  return !s.changes.empty() ||
         std::any_of(s.arrivals.begin(), s.arrivals.end(), [](const ArrivalSpec& a) {
           return a.growth_per_year != 0 || !a.monthly_factors.empty() || !a.schedule.empty();
         });
}

// Within 0.1% of saturation (utilization 99.9% or more, below 100%): Erlang C's wait grows
// without bound there (a 2-million-day wait), so the table flags the level instead.
bool at_saturation(const LevelCapacity& c) {
  return c.utilization && *c.utilization >= kSaturation && c.erlang_c_mean_wait_days;
}

std::string level_row(const LevelSpec& spec, const LevelCapacity& c) {
  std::string wait = "overloaded";
  if (at_saturation(c))
    wait = "at saturation";
  else if (c.erlang_c_mean_wait_days)
    wait = fixed(*c.erlang_c_mean_wait_days, 2);
  return fmt::format(
      "{:<14} {:>9} {:>15.2f} {:>14.1f} {:>13.1f} {:>12} {:>23}", spec.name,
      capacity_text(spec.capacity), c.admissions_per_day, c.mean_stay_days, c.offered_load,
      c.utilization ? fmt::format("{:.2f}%", 100 * *c.utilization) : std::string("-"), wait);
}

}  // namespace

std::string capacity_table(const Network& network, const CapacityAnalysis& analysis) {
  const Scenario& s = network.scenario();
  std::string out;
  auto line = [&out](const std::string& text) { out += text + '\n'; };
  line(fmt::format("{}: traffic equations and rough-cut capacity (no simulation)", s.name));
  line("");
  line(fmt::format("{:<14} {:>9} {:>15} {:>14} {:>13} {:>12} {:>23}", "level", "capacity",
                   "admissions/day", "mean stay (d)", "offered load", "utilization",
                   "Erlang C mean wait (d)"));
  for (std::size_t l = 0; l < s.levels.size(); ++l)
    line(level_row(s.levels[l], analysis.levels[l]));
  for (std::size_t l = 0; l < s.levels.size(); ++l)
    if (at_saturation(analysis.levels[l]))
      line(fmt::format(
          "{}: at saturation: utilization {:.2f}%; within 0.1% of its {} the "
          "theoretical wait grows without bound, so abandonment and the waitlist "
          "decide it: simulate",
          s.levels[l].name, 100 * *analysis.levels[l].utilization,
          count_of(static_cast<std::size_t>(s.levels[l].capacity),
                   s.levels[l].unit.substr(0, s.levels[l].unit.size() - 1), s.levels[l].unit)));
  line("");
  line(fmt::format("external referrals/day {:.2f}, relapses/day {:.2f}",
                   external_referrals_per_day(s), analysis.relapses_per_day));
  line(
      "Approximation: admissions assume nobody abandons a waitlist or is turned away; the wait is");
  line(
      "Erlang C with each level treated as M/M/c (Poisson referrals, exponential stays), which it");
  line("is not in general. Simulate (continuum run) for the real figures.");
  if (varies_over_time(s))
    line("Rates and capacities as at the start: changes, growth and seasonality are left out.");
  return out;
}

nlohmann::ordered_json capacity_json(const Network& network, const CapacityAnalysis& analysis) {
  using Json = nlohmann::ordered_json;
  const Scenario& s = network.scenario();
  Json j;
  j["scenario"] = s.name;
  Json levels = Json::object();
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    const LevelCapacity& c = analysis.levels[l];
    Json level;
    if (is_unlimited(s.levels[l].capacity))
      level["capacity"] = "unlimited";
    else
      level["capacity"] = s.levels[l].capacity;
    level["admissions_per_day"] = c.admissions_per_day;
    level["mean_stay_days"] = c.mean_stay_days;
    level["offered_load"] = c.offered_load;
    level["utilization"] = c.utilization ? Json(*c.utilization) : Json(nullptr);
    level["erlang_c_mean_wait_days"] =
        c.erlang_c_mean_wait_days ? Json(*c.erlang_c_mean_wait_days) : Json(nullptr);
    levels[s.levels[l].name] = level;
  }
  j["levels"] = levels;
  j["relapses_per_day"] = analysis.relapses_per_day;
  Json warnings = Json::array();
  for (const Diagnostic& d : analysis.warnings)
    warnings.push_back(d.message);
  j["warnings"] = warnings;
  return j;
}

}  // namespace continuum
