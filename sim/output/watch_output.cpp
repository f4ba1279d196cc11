// run --watch's answers as text and JSON.
#include "continuum/output/watch_output.hpp"

#include <fmt/format.h>

namespace continuum {

namespace {
using Json = nlohmann::ordered_json;

Json day_json(const std::optional<int>& day) {
  return day ? Json(*day) : Json(nullptr);
}

// The date of window day `day` (calendar:), or null when undated or not within the window.
Json date_json(const Scenario& scenario, const std::optional<int>& day) {
  return day ? Json(format_date(scenario.calendar->start_date + *day)) : Json(nullptr);
}

// "day 112", and " (2027-04-26)" after it when dated.
std::string day_text(const Scenario* scenario, int day) {
  if (scenario == nullptr || !scenario->calendar) return fmt::format("day {}", day);
  return fmt::format("day {} ({})", day, format_date(scenario->calendar->start_date + day));
}
}  // namespace

Json watch_json(const Scenario& scenario, const std::vector<WatchOutcome>& outcomes) {
  Json out = Json::array();
  for (const WatchOutcome& o : outcomes) {
    const DailyWatch& w = o.spec.watch;
    out.push_back(
        {{"expression", o.spec.text},
         {"series", o.spec.series},
         {"level", w.level >= 0 ? Json(scenario.levels[static_cast<std::size_t>(w.level)].name)
                                : Json(nullptr)},
         {"quantity", w.series == WatchSeries::kCensus ? "census" : "waitlist"},
         {"op", o.spec.op},
         {"threshold", w.threshold},
         {"mean_first_day", day_json(o.mean_first_day)},
         {"p50_first_day", day_json(o.p50_first_day)},
         {"p90_first_day", day_json(o.p90_first_day)},
         {"replications_crossed", o.crossed},
         {"replications", o.replications}});
    if (scenario.calendar) {  // dated: the dates of those days too
      Json& j = out.back();
      j["mean_first_date"] = date_json(scenario, o.mean_first_day);
      j["p50_first_date"] = date_json(scenario, o.p50_first_day);
      j["p90_first_date"] = date_json(scenario, o.p90_first_day);
    }
  }
  return out;
}

std::string watch_text(const std::vector<WatchOutcome>& outcomes, const Scenario* scenario) {
  if (outcomes.empty()) return "";
  const bool dated = scenario != nullptr && scenario->calendar.has_value();
  std::string out =
      dated ? "forecast questions (days of the window after warm-up, as in daily.csv, with their "
              "dates):\n"
            : "forecast questions (days of the window after warm-up, as in daily.csv; the "
              "scenario has no calendar, so no dates):\n";
  for (const WatchOutcome& o : outcomes) {
    const std::string mean =
        o.mean_first_day
            ? fmt::format("the mean crosses on {}", day_text(scenario, *o.mean_first_day))
            : std::string("the mean does not cross within the window");
    std::string shares;
    if (o.p50_first_day && o.p90_first_day)
      shares =
          fmt::format("50% of replications have crossed by {}, 90% by {}",
                      day_text(scenario, *o.p50_first_day), day_text(scenario, *o.p90_first_day));
    else if (o.p50_first_day)
      shares =
          fmt::format("50% of replications have crossed by {}, fewer than 90% within the window",
                      day_text(scenario, *o.p50_first_day));
    else
      shares = "fewer than 50% of replications cross within the window";
    out += fmt::format("  {}: {}; {} ({} of {} crossed)\n", o.spec.text, mean, shares, o.crossed,
                       o.replications);
  }
  return out;
}

}  // namespace continuum
