// Forecast questions (run --watch "levels.detox.waitlist>10"): when does a daily series cross a
// threshold? The first day the mean over replications crosses, and the first days by which 50%
// and 90% of replications have crossed (each replication's first crossing day is noted by the
// recorder as the replication runs: daily_watch.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "continuum/experiment/runner.hpp"
#include "continuum/model/scenario.hpp"
#include "continuum/stats/daily_watch.hpp"
#include "continuum/stats/statistics.hpp"

namespace continuum {

struct WatchSpec {
  std::string text;    // as given: "levels.detox.waitlist>10"
  std::string series;  // its daily series: "levels.detox.waitlist", "system.census"
  std::string op;      // ">", ">=", "<" or "<="
  DailyWatch watch;
};

// Parses SERIES OP VALUE against the scenario: SERIES is levels.LEVEL.census,
// levels.LEVEL.waitlist, system.census or system.waitlist (daily.csv's columns; the system's
// sum every level), OP one of > >= < <=. Throws std::invalid_argument with a message (with a
// "did you mean" hint for a misspelt level or series).
WatchSpec parse_watch(const Scenario& scenario, const std::string& text);

struct WatchOutcome {
  WatchSpec spec;
  int replications = 0;
  int crossed = 0;                    // replications that crossed within the window
  std::optional<int> mean_first_day;  // the first day the mean over replications crosses
  std::optional<int> p50_first_day;   // the first day by which >= 50% of them have crossed
  std::optional<int> p90_first_day;   // ... >= 90%
};

// The first day (of the window) by which at least `share` of the replications have crossed,
// from each one's first crossing day (-1: never); none when fewer ever do.
std::optional<int> first_day_reaching(std::vector<int> first_days, double share);

// Per watch (in the order of `specs`, the order the run's RunOptions::watches had): the
// replications' first crossing days (ReplicationResult::watch_first_day) and the mean's, from
// the summary's daily means (daily.csv's). Needs daily recording.
// `results`: a vector or run's ResultStore (one pass, one replication decoded at a time).
std::vector<WatchOutcome> watch_outcomes(const Scenario& scenario,
                                         const std::vector<WatchSpec>& specs,
                                         const ResultSource& results, const Summary& summary);

}  // namespace continuum
