// run --watch's answers: the stdout block and the JSON of summary.json's `watch` (and of
// report.html's markers).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "continuum/experiment/watch.hpp"

namespace continuum {

// [{"expression", "series", "level" (null for the system), "quantity", "op", "threshold",
// "mean_first_day", "p50_first_day", "p90_first_day" (null: not within the window),
// "replications_crossed", "replications"}]. Days are days of the window (daily.csv's `day`).
// Dated scenarios (calendar:) add "mean_first_date", "p50_first_date", "p90_first_date".
nlohmann::ordered_json watch_json(const Scenario& scenario,
                                  const std::vector<WatchOutcome>& outcomes);
// "forecast questions (...):\n  levels.detox.waitlist>10: the mean crosses on day 123; 50% of
// replications have crossed by day 118, 90% by day 160 (47 of 50 crossed)\n".
// With a dated `scenario` (calendar:), each day is followed by its date: "day 112 (2027-04-26)".
std::string watch_text(const std::vector<WatchOutcome>& outcomes,
                       const Scenario* scenario = nullptr);

}  // namespace continuum
