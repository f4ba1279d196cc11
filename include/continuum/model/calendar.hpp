// The calendar (calendar:): which date, weekday and holiday each day of a run is. Weekdays drive
// intake days and session days (levels.L.intake_days, levels.L.sessions.days); holidays have
// neither. Without `calendar:` the run is undated: day 0 of the statistics window is a Monday
// and there are no holidays (docs/scenario-format.md, "Calendar").
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "continuum/core/diagnostics.hpp"

namespace continuum {

// Days of the week as a bit set: bit d is weekday d, 0 = Monday ... 6 = Sunday.
using WeekdayMask = std::uint8_t;
inline constexpr WeekdayMask kEveryDay = 0x7f;
// "Mon" ... "Sun" for weekday 0..6.
const char* weekday_name(int weekday);
// The weekday (0..6) of a three-letter English name ("Mon", case as written), or -1.
int weekday_of_name(const std::string& name);

// A civil date as days since 1970-01-01 (proleptic Gregorian), and back.
using CivilDay = std::int32_t;
// The day of "YYYY-MM-DD" (exactly that shape, a valid date from 1900-01-01 to 2199-12-31), or
// none.
std::optional<CivilDay> parse_date(const std::string& text);
std::string format_date(CivilDay day);  // "YYYY-MM-DD"

struct CalendarSpec {
  SourcePos pos;
  CivilDay start_date = 0;         // the date of day 0 of the statistics window
  std::vector<CivilDay> holidays;  // sorted, without repeats
};

// The compiled calendar the engine asks. Times are days since the start of the run (warm-up
// included, as everywhere in the engine): the whole day containing time t is day floor(t), and
// window day k (k = floor(t) - warm-up) has the date start + k.
class Calendar {
 public:
  Calendar() = default;  // undated, no warm-up: run day 0 is a Monday
  // Dated by `spec`, or undated (window day 0 a Monday, no holidays) without one.
  Calendar(const std::optional<CalendarSpec>& spec, double warmup_days);

  bool dated() const { return dated_; }
  // The weekday (0 = Monday) of run day `day` (a whole day since the start of the run).
  int weekday(std::int64_t day) const {
    const std::int64_t w = (day + weekday_offset_) % 7;
    return static_cast<int>(w < 0 ? w + 7 : w);
  }
  bool holiday(std::int64_t day) const;
  // Whether run day `day` is one of `days` and not a holiday.
  bool open(std::int64_t day, WeekdayMask days) const {
    return ((days >> weekday(day)) & 1) != 0 && !holiday(day);
  }
  // The first run day >= `day` that `open` accepts, or -1 when `days` is empty (no such day).
  std::int64_t next_open(std::int64_t day, WeekdayMask days) const;
  // The date of window day k ("2027-01-04"), or "" when undated.
  std::string date_of_window_day(std::int64_t k) const;

 private:
  bool dated_ = false;
  CivilDay start_ = 0;
  std::int64_t warmup_whole_ = 0;       // floor(warm-up): run day of window day 0 (whole warm-ups)
  std::int64_t weekday_offset_ = 0;     // weekday(run day 0)
  std::vector<std::int64_t> holidays_;  // run days, sorted
};

}  // namespace continuum
