// The warnings of a run (docs/outputs.md, "warnings"): a waitlist that grows without bound, a
// warm-up too short for the daily series to settle (MSER-5), and headline metrics too imprecise
// for their replications ("add replications"). In stdout, summary.json and report.html.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "continuum/experiment/costs.hpp"
#include "continuum/experiment/runner.hpp"
#include "continuum/model/scenario.hpp"

namespace continuum {

struct Warning {
  std::string kind;     // "change_after_horizon", "waitlist_growth", "warmup", "precision"
  std::string level;    // the level it is about; empty: none (null in JSON)
  std::string metric;   // the metric it is about; empty: none (null in JSON)
  std::string message;  // one line, starting with the level or metric path
  // The numbers behind it, in order (NaN: null in JSON).
  std::vector<std::pair<std::string, double>> numbers;
};

// The thresholds of the rules (docs/outputs.md).
inline constexpr double kGrowthMinPatients = 1;        // growth over the window above max(1,
inline constexpr double kGrowthMinFraction = 0.10;     // 10% of the mean waitlist)
inline constexpr std::size_t kMserBatchDays = 5;       // MSER-5
inline constexpr double kWarmupMaxFraction = 0.05;     // truncation above 5% of the window
inline constexpr double kPrecisionMaxRelative = 0.10;  // half-width above 10% of |mean|

// `results` (these three): a vector or run's ResultStore; `daily`: where the daily series are
// when the results no longer hold them (run: DailySeriesStore, read one replication at a time,
// in two passes: the estimates across replications keep no per-replication values); null or
// empty: the results' own.
// Per level with a daily waitlist in `results` (none without daily recording): the least-squares
// slope of each replication's daily waitlist over the window, in patients a year, estimated
// across replications; a warning when its 95% interval is above 0 and the growth over the
// window (mean slope x window years) exceeds max(1, 10% of the level's mean waitlist).
std::vector<Warning> waitlist_growth_warnings(const Scenario& scenario, const ResultSource& results,
                                              const Summary& summary,
                                              const DailySeriesStore* daily = nullptr);
// Per level with daily series (except the levels in `skip`): MSER-5 on the
// replication-averaged daily census and on the daily waitlist. A series counts when its
// truncation exceeds 5% of the window and the truncated days clearly and materially differ
// from the rest (per replication, the mean over the truncated days minus the mean over the
// others: its 95% interval excludes 0 and its mean exceeds max(1 patient, 10% of the rest's
// mean), so that slow noise MSER happens to cut is not taken for a transient); a warning names
// the larger truncation that counts, as days to add to warmup_days.
std::vector<Warning> warmup_warnings(const Scenario& scenario, const ResultSource& results,
                                     const Summary& summary,
                                     const std::vector<std::string>& skip = {},
                                     const DailySeriesStore* daily = nullptr);
// Per headline metric (experiment/precision.hpp) whose 95% half-width exceeds 10% of |mean| and
// its resolution (precision.hpp: 0.1 day, 0.1 patient, ...): "add replications", with
// ceil((hw / (0.1 |mean|))^2 x n) replications needed.
std::vector<Warning> precision_warnings(const Scenario& scenario, const Summary& summary,
                                        const CostSummary* costs);
// Per dated change at or after the horizon (changes:, or run --horizon-days): ignored, with a
// warning.
std::vector<Warning> change_warnings(const Scenario& scenario);
// The changes' warnings, then the three above, in that order (a level whose waitlist grows gets no
// warm-up warning: no warm-up settles it).
std::vector<Warning> run_warnings(const Scenario& scenario, const ResultSource& results,
                                  const Summary& summary, const CostSummary* costs,
                                  const DailySeriesStore* daily = nullptr);

// A check of run_warnings() that could not run on these results, and why (docs/outputs.md,
// "checks_not_run"): its empty warnings list is no news.
struct CheckNotRun {
  std::string check;   // "waitlist_growth", "warmup", "precision" (the kinds of their warnings)
  std::string reason;  // "needs the daily series: run without --no-daily", ...
};
// The checks run_warnings() skips on these results, in its order: growing waitlists and the
// warm-up need the daily series and 2 or more replications (the warm-up also 100 days before
// the window's first deliberate change: stationary_days()); precision needs 2 or more
// replications. Empty when every check ran.
std::vector<CheckNotRun> checks_not_run(const Scenario& scenario, const ResultSource& results,
                                        const Summary& summary,
                                        const DailySeriesStore* daily = nullptr);
// "growing waitlists", "warm-up", "precision".
std::string check_label(const std::string& check);

// A run's (or compare's scenario's, or sweep's point's) warnings and the checks that could not
// run: run_warnings() and checks_not_run() on the same results.
struct RunChecks {
  std::vector<Warning> warnings;
  std::vector<CheckNotRun> not_run;
};
RunChecks run_checks(const Scenario& scenario, const ResultSource& results, const Summary& summary,
                     const CostSummary* costs, const DailySeriesStore* daily = nullptr);
// One CSV cell each (sweep.csv): "kind:path;kind:path" (the path a message starts with:
// "waitlist_growth:levels.iop"), and "check;check"; empty when none.
std::string warnings_cell(const std::vector<Warning>& warnings);
std::string checks_not_run_cell(const std::vector<CheckNotRun>& not_run);

// [{"kind", "level", "metric", "message", "numbers": {name: number or null}}].
nlohmann::ordered_json warnings_json(const std::vector<Warning>& warnings);
// [{"check", "reason"}].
nlohmann::ordered_json checks_not_run_json(const std::vector<CheckNotRun>& not_run);
// stdout: "warnings: none" (with checks not run: "warnings: none from the checks that ran"), or
// "warnings (N):" and one indented line per message; then one "not checked: <check> (<reason>)"
// line per check not run.
std::string warnings_text(const std::vector<Warning>& warnings,
                          const std::vector<CheckNotRun>& not_run = {});

}  // namespace continuum
