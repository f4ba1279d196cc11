// Reading the calendar (calendar: {start_date, holidays}) and lists of weekdays
// (docs/scenario-format.md, "Calendar").
#include <fmt/format.h>

#include <algorithm>

#include "section_readers.hpp"

namespace continuum::config {

namespace {

std::optional<CivilDay> read_date(Reader& r, const YAML::Node& n, const std::string& path) {
  const std::string text = n.IsScalar() ? n.Scalar() : std::string();
  std::optional<CivilDay> day = parse_date(text);
  if (!day)
    r.error(n, fmt::format("{}: expected a date YYYY-MM-DD from 1900-01-01 to 2199-12-31 (got "
                           "'{}')",
                           path, text));
  return day;
}

}  // namespace

std::optional<CalendarSpec> read_calendar(Reader& r, const YAML::Node& node) {
  if (!r.expect_map(node, "calendar")) return std::nullopt;
  r.check_keys(node, "calendar", {"start_date", "holidays"});
  CalendarSpec spec;
  spec.pos = r.pos_of(node);
  const YAML::Node start = r.child(node, "calendar", "start_date", true);
  const std::optional<CivilDay> day =
      start ? read_date(r, start, "calendar.start_date") : std::nullopt;
  if (day) spec.start_date = *day;
  if (const YAML::Node h = node["holidays"]) {
    if (!h.IsSequence()) {
      r.error(h, "calendar.holidays: expected a list of dates YYYY-MM-DD");
      return std::nullopt;
    }
    // Sorted with their places, so that a repeat is found in O(n log n) on any list.
    std::vector<std::pair<CivilDay, std::size_t>> days;
    for (std::size_t i = 0; i < h.size(); ++i)
      if (const std::optional<CivilDay> hd =
              read_date(r, h[i], fmt::format("calendar.holidays[{}]", i)))
        days.emplace_back(*hd, i);
    std::sort(days.begin(), days.end());
    std::vector<std::size_t> repeats;
    for (std::size_t k = 0; k < days.size(); ++k) {
      if (k > 0 && days[k].first == days[k - 1].first)
        repeats.push_back(days[k].second);
      else
        spec.holidays.push_back(days[k].first);
    }
    std::sort(repeats.begin(), repeats.end());
    for (std::size_t i : repeats)
      r.error(h[i], fmt::format("calendar.holidays[{}]: {} is listed twice", i, h[i].Scalar()));
  }
  if (!day) return std::nullopt;
  return spec;
}

std::optional<WeekdayMask> read_weekdays(Reader& r, const YAML::Node& node,
                                         const std::string& path) {
  if (!node.IsSequence() || node.size() == 0) {
    r.error(node,
            fmt::format("{}: expected a non-empty list of weekdays such as [Mon, Wed]", path));
    return std::nullopt;
  }
  WeekdayMask mask = 0;
  bool ok = true;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string text = node[i].IsScalar() ? node[i].Scalar() : std::string();
    const int d = weekday_of_name(text);
    if (d < 0) {
      r.error(node[i], fmt::format("{}[{}]: expected a weekday Mon, Tue, Wed, Thu, Fri, Sat or Sun "
                                   "(got '{}')",
                                   path, i, text));
      ok = false;
    } else if ((mask >> d) & 1) {
      r.error(node[i], fmt::format("{}[{}]: {} is listed twice", path, i, text));
      ok = false;
    } else {
      mask = static_cast<WeekdayMask>(mask | (1u << d));
    }
  }
  if (!ok) return std::nullopt;
  return mask;
}

}  // namespace continuum::config
