// daily.csv from a Summary's daily series: three decimals (a fraction of a patient).
#include "continuum/output/daily_csv.hpp"

#include <fmt/format.h>

#include <iterator>

#include "continuum/output/format.hpp"

namespace continuum {

std::string daily_csv(const Scenario& scenario, const Summary& summary) {
  // Dated scenarios (calendar:) have the date of each window day after `day`.
  const bool dated = scenario.calendar.has_value();
  std::string out = dated ? "day,date,level," : "day,level,";
  out += "census_mean,census_p10,census_p90,waitlist_mean,waitlist_p10,waitlist_p90\n";
  const std::size_t n = scenario.levels.size();
  // One allocation for the whole file (rows are about 40 bytes plus the level's name), not a
  // doubling string whose every growth copies and faults in fresh pages.
  std::size_t names = 0;
  for (const auto& level : scenario.levels)
    names += level.name.size();
  out.reserve(out.size() + summary.days * (n * 64 + names));
  for (std::size_t d = 0; d < summary.days; ++d) {
    const std::string date =
        dated ? format_date(scenario.calendar->start_date + static_cast<CivilDay>(d)) + "," : "";
    for (std::size_t l = 0; l < n; ++l) {
      const DailyPoint& c = summary.daily_census[d * n + l];
      const DailyPoint& w = summary.daily_waitlist[d * n + l];
      fmt::format_to(std::back_inserter(out), "{},{}{},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f}\n",
                     d, date, csv_field(scenario.levels[l].name), c.mean, c.p10, c.p90, w.mean,
                     w.p10, w.p90);
    }
  }
  return out;
}

}  // namespace continuum
