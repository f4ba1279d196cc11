// daily.csv from a Summary's daily series: three decimals (a fraction of a patient).
#include "continuum/output/daily_csv.hpp"

#include <algorithm>
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
  // Each level's name as a CSV field once, not once per day; numbers by write_fixed3 (the bytes
  // of fmt's "{:.3f}", at a fraction of its cost: daily.csv is most of the formatting a run does).
  std::vector<std::string> fields;
  fields.reserve(n);
  std::size_t names = 0;
  for (const auto& level : scenario.levels) {
    fields.push_back(csv_field(level.name) + ",");
    names += fields.back().size();
  }
  // Rows are written through a pointer into room made ahead (every piece a copy or a few digit
  // stores, no capacity check per piece): room for any row is its day, date and name fields
  // plus six numbers of at most kFixed3MaxBytes. One allocation for a file of usual numbers
  // (about 40 bytes a row plus the name), its pages mapped at once (core/prefault.hpp).
  constexpr std::size_t kDayAndDate = 48;
  std::size_t widest = 0;
  for (const std::string& f : fields)
    widest = std::max(widest, f.size());
  const std::size_t row_room = kDayAndDate + widest + 6 * (kFixed3MaxBytes + 1);
  std::size_t at = out.size();
  reserve_prefaulted(out, at + summary.days * (n * 64 + names) + row_room);
  out.resize(out.capacity());
  for (std::size_t d = 0; d < summary.days; ++d) {
    char day[kDayAndDate];
    char* day_end = std::to_chars(day, day + 24, d).ptr;
    *day_end++ = ',';
    if (dated) {
      const std::string date =
          format_date(scenario.calendar->start_date + static_cast<CivilDay>(d));
      day_end = std::copy(date.begin(), date.end(), day_end);
      *day_end++ = ',';
    }
    const auto day_size = static_cast<std::size_t>(day_end - day);
    for (std::size_t l = 0; l < n; ++l) {
      if (out.size() - at < row_room) out.resize(2 * out.size());
      char* p = out.data() + at;
      const DailyPoint& c = summary.daily_census[d * n + l];
      const DailyPoint& w = summary.daily_waitlist[d * n + l];
      p = std::copy_n(day, day_size, p);
      p = std::copy(fields[l].begin(), fields[l].end(), p);
      for (const double v : {c.mean, c.p10, c.p90, w.mean, w.p10, w.p90}) {
        p = write_fixed3(p, v);
        *p++ = ',';
      }
      p[-1] = '\n';
      at = static_cast<std::size_t>(p - out.data());
    }
  }
  out.resize(at);
  return out;
}

}  // namespace continuum
