// daily.csv from a Summary's daily series: three decimals (a fraction of a patient).
#include "continuum/output/daily_csv.hpp"

#include <charconv>
#include <string_view>
#include <vector>

#include "continuum/core/prefault.hpp"
#include "continuum/output/format.hpp"

namespace continuum {

std::string daily_csv(const Scenario& scenario, const Summary& summary) {
  // Dated scenarios (calendar:) have the date of each window day after `day`.
  const bool dated = scenario.calendar.has_value();
  std::string out = dated ? "day,date,level," : "day,level,";
  out += "census_mean,census_p10,census_p90,waitlist_mean,waitlist_p10,waitlist_p90\n";
  const std::size_t n = scenario.levels.size();
  // One allocation for the whole file (rows are about 40 bytes plus the level's name), not a
  // doubling string whose every growth copies, its pages mapped at once (core/prefault.hpp).
  std::size_t names = 0;
  for (const auto& level : scenario.levels)
    names += level.name.size();
  reserve_prefaulted(out, out.size() + summary.days * (n * 64 + names));
  // Each level's name as a CSV field once, not once per day; numbers by append_fixed3 (the bytes
  // of fmt's "{:.3f}", at a fraction of its cost: daily.csv is most of the formatting a run does).
  std::vector<std::string> fields;
  fields.reserve(n);
  for (const auto& level : scenario.levels)
    fields.push_back(csv_field(level.name) + ",");
  for (std::size_t d = 0; d < summary.days; ++d) {
    char day[24];
    const auto day_end = std::to_chars(day, day + sizeof day, d).ptr;
    *day_end = ',';
    const std::string_view day_text(day, static_cast<std::size_t>(day_end - day) + 1);
    const std::string date =
        dated ? format_date(scenario.calendar->start_date + static_cast<CivilDay>(d)) + "," : "";
    for (std::size_t l = 0; l < n; ++l) {
      const DailyPoint& c = summary.daily_census[d * n + l];
      const DailyPoint& w = summary.daily_waitlist[d * n + l];
      out += day_text;
      out += date;
      out += fields[l];
      for (const double v : {c.mean, c.p10, c.p90, w.mean, w.p10, w.p90}) {
        append_fixed3(out, v);
        out += ',';
      }
      out.back() = '\n';
    }
  }
  return out;
}

}  // namespace continuum
