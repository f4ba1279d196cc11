// daily.csv from a Summary's daily series: three decimals (a fraction of a patient).
#include "continuum/output/daily_csv.hpp"

#include <algorithm>
#include <charconv>
#include <string_view>
#include <vector>

#include "continuum/output/format.hpp"

namespace continuum {

void write_daily_csv(ByteSink& out, const Scenario& scenario, const Summary& summary) {
  // Dated scenarios (calendar:) have the date of each window day after `day`.
  const bool dated = scenario.calendar.has_value();
  out << (dated ? "day,date,level," : "day,level,");
  out << "census_mean,census_p10,census_p90,waitlist_mean,waitlist_p10,waitlist_p90\n";
  const std::size_t n = scenario.levels.size();
  // Each level's name as a CSV field once, not once per day; numbers by write_fixed3 (the bytes
  // of fmt's "{:.3f}", at a fraction of its cost: daily.csv is most of the formatting a run does).
  std::vector<std::string> fields;
  fields.reserve(n);
  for (const auto& level : scenario.levels)
    fields.push_back(csv_field(level.name) + ",");
  // Each row's numbers are written through a pointer into the sink's room (a few digit stores
  // each, no capacity check per digit): room for the six of them, at most kFixed3MaxBytes and a
  // separator each.
  constexpr std::size_t kNumbersRoom = 6 * (kFixed3MaxBytes + 1);
  static_assert(kNumbersRoom <= ByteSink::kBlockBytes);
  for (std::size_t d = 0; d < summary.days; ++d) {
    char day[48];
    char* day_end = std::to_chars(day, day + 24, d).ptr;
    *day_end++ = ',';
    if (dated) {
      const std::string date =
          format_date(scenario.calendar->start_date + static_cast<CivilDay>(d));
      day_end = std::copy(date.begin(), date.end(), day_end);
      *day_end++ = ',';
    }
    const std::string_view day_field(day, static_cast<std::size_t>(day_end - day));
    for (std::size_t l = 0; l < n; ++l) {
      const DailyPoint& c = summary.daily_census[d * n + l];
      const DailyPoint& w = summary.daily_waitlist[d * n + l];
      out << day_field << fields[l];
      char* p = out.room(kNumbersRoom);
      for (const double v : {c.mean, c.p10, c.p90, w.mean, w.p10, w.p90}) {
        p = write_fixed3(p, v);
        *p++ = ',';
      }
      p[-1] = '\n';
      out.commit(p);
    }
  }
}

std::string daily_csv(const Scenario& scenario, const Summary& summary) {
  return written_bytes([&](ByteSink& sink) { write_daily_csv(sink, scenario, summary); });
}

}  // namespace continuum
