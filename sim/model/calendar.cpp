// Dates, weekdays and holidays of a run (model/calendar.hpp).
#include "continuum/model/calendar.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>

namespace continuum {

namespace {
constexpr std::array<const char*, 7> kWeekdays = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
// 1970-01-01 was a Thursday.
constexpr int kEpochWeekday = 3;
}  // namespace

const char* weekday_name(int weekday) {
  return weekday >= 0 && weekday < 7 ? kWeekdays[static_cast<std::size_t>(weekday)] : "?";
}

int weekday_of_name(const std::string& name) {
  for (int d = 0; d < 7; ++d)
    if (name == kWeekdays[static_cast<std::size_t>(d)]) return d;
  return -1;
}

std::optional<CivilDay> parse_date(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8};
  const std::size_t lengths[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i)
    for (std::size_t c = starts[i]; c < starts[i] + lengths[i]; ++c) {
      if (text[c] < '0' || text[c] > '9') return std::nullopt;
      parts[i] = parts[i] * 10 + (text[c] - '0');
    }
  if (parts[0] < 1900 || parts[0] > 2199) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year(parts[0]),
                                        std::chrono::month(static_cast<unsigned>(parts[1])),
                                        std::chrono::day(static_cast<unsigned>(parts[2]))};
  if (!ymd.ok()) return std::nullopt;
  return static_cast<CivilDay>(std::chrono::sys_days(ymd).time_since_epoch().count());
}

std::string format_date(CivilDay day) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days(std::chrono::days(day))};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

Calendar::Calendar(const std::optional<CalendarSpec>& spec, double warmup_days)
    : dated_(spec.has_value()),
      start_(spec ? spec->start_date : 0),
      warmup_whole_(static_cast<std::int64_t>(std::floor(warmup_days))) {
  // Run day d is window day d - warm-up, of date start + d - warm-up; undated, window day 0 is
  // a Monday (weekday 0).
  const std::int64_t day0 = static_cast<std::int64_t>(start_) - warmup_whole_;
  const std::int64_t w = spec ? (day0 + kEpochWeekday) % 7 : (-warmup_whole_) % 7;
  weekday_offset_ = w < 0 ? w + 7 : w;
  if (!spec) return;
  holidays_.reserve(spec->holidays.size());
  for (CivilDay h : spec->holidays)
    holidays_.push_back(static_cast<std::int64_t>(h) - day0);
}

bool Calendar::holiday(std::int64_t day) const {
  return !holidays_.empty() && std::binary_search(holidays_.begin(), holidays_.end(), day);
}

std::int64_t Calendar::next_open(std::int64_t day, WeekdayMask days) const {
  if ((days & kEveryDay) == 0) return -1;
  // Holidays are finite: past them, one week always has an open day.
  for (std::int64_t d = day;; ++d)
    if (open(d, days)) return d;
}

std::string Calendar::date_of_window_day(std::int64_t k) const {
  if (!dated_) return {};
  return format_date(static_cast<CivilDay>(start_ + k));
}

}  // namespace continuum
