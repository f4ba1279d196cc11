// The headline metrics of a run (what its precision warnings look at and `run --precision`
// watches by default), and the sequential rule of `run --precision` (docs/outputs.md, "run
// --precision"): add replications in batches until every watched metric's 95% half-width is
// within a target fraction of its mean.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "continuum/experiment/costs.hpp"
#include "continuum/experiment/run_spec.hpp"
#include "continuum/experiment/runner.hpp"
#include "continuum/model/scenario.hpp"
#include "continuum/stats/metric.hpp"
#include "continuum/stats/statistics.hpp"

namespace continuum {

// A level metric, a system metric or an annual cost, by its path in summary.json:
// "levels.iop.mean_wait_days", "system.lost_to_care_per_day", "costs.total_cost_per_year".
struct WatchedMetric {
  enum class Scope : std::uint8_t { kLevel, kSystem, kCost };
  Scope scope = Scope::kSystem;
  std::size_t level = 0;  // kLevel: index into Scenario::levels
  LevelMetric level_metric = LevelMetric::kMeanWaitDays;
  SystemMetric system_metric = SystemMetric::kLostToCarePerDay;
  CostKind cost = CostKind::kTotal;

  // The level's name (kLevel) or empty; the metric's name ("mean_wait_days",
  // "total_cost_per_year").
  std::string level_name(const Scenario& scenario) const;
  std::string metric_name() const;
  std::string path(const Scenario& scenario) const;
};

// Each level's mean wait, p90 wait, mean waitlist and utilization (in level order), the
// system's lost to care per day, and the total cost per year when the scenario has costs.
std::vector<WatchedMetric> headline_metrics(const Scenario& scenario);
// "levels.<level>.<level metric>", "system.<system metric>" or "costs.<staff_cost_per_year |
// non_staff_cost_per_year | total_cost_per_year>" (the last for scenarios with costs only);
// otherwise none, with what is wrong in `error`.
std::optional<WatchedMetric> parse_watched_metric(const Scenario& scenario, std::string_view path,
                                                  std::string& error);
// The half-width below which the metric is precise enough whatever its mean (a relative
// half-width means nothing for a mean near 0: a 2-minute wait): 0.1 day, 0.1 patient, 0.01
// patient a day, 0.005 of a fraction (half a percentage point); 0 for money.
double resolution(const WatchedMetric& metric);
// Its estimate in `summary` (or `costs`; undefined without them).
Estimate watched_estimate(const WatchedMetric& metric, const Summary& summary,
                          const CostSummary* costs);

// The 95% half-width over |mean|: 0 when the half-width is 0, +inf when only the mean is 0,
// NaN when there is no interval (fewer than two defined values).
double relative_half_width(const Estimate& e);

// One step of the rule on the estimates of the watched metrics after n replications. A metric
// undefined in every replication (a mean wait with no admission, the utilization of an
// unlimited level) cannot be estimated and is left out, and so is one whose half-width is at
// most its `floors[i]` (resolution(); no floors: none). The target is reached when every other
// metric's relative half-width is <= target. Otherwise the next count is
//   min(cap, max(n + 2, max over the metrics not reached of ceil((hw / (target x |mean|))^2 x n)))
// where a metric with no interval yet asks for n + 2 and one with a zero mean (and a non-zero
// half-width) for the cap.
struct PrecisionCheck {
  bool reached = false;
  int next = 0;                 // replications to have next (n when reached or at the cap)
  std::ptrdiff_t worst = -1;    // the widest metric, those left out aside (-1: none)
  double worst_relative = NAN;  // its relative half-width (NaN: no interval)
};
PrecisionCheck check_precision(const std::vector<Estimate>& estimates, int n, double target,
                               int cap, const std::vector<double>& floors = {});

struct PrecisionRequest {
  double target = 0.05;  // relative half-width
  int max_replications = 1000;
  std::vector<WatchedMetric> metrics;  // empty: headline_metrics(scenario)
};
struct PrecisionOutcome {
  std::vector<ReplicationResult> results;  // replications [0, final count)
  std::vector<int> counts;                 // the count after each batch, the start's first
  PrecisionCheck last;                     // the rule on the final count
  std::vector<WatchedMetric> metrics;      // those watched
};
// Runs options' replications (or the scenario's), then batches as check_precision says until
// the target is reached or the cap is; replication r is the same whatever the batches, so the
// results are those of a plain run of the final count. `daily`: where options.finished put the
// daily series (room for request.max_replications), if anywhere (summarize); `stored`: where
// it put the rest of each result (then `results` holds empty results), if anywhere.
PrecisionOutcome run_to_precision(const Scenario& scenario, const RunOptions& options,
                                  const PrecisionRequest& request,
                                  const DailySeriesStore* daily = nullptr,
                                  const ResultStore* stored = nullptr);

}  // namespace continuum
