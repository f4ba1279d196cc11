// Paired comparison of scenarios run with the same seeds and random streams (common random
// numbers), and parameter sweeps over a grid of settings.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "continuum/experiment/costs.hpp"
#include "continuum/experiment/runner.hpp"
#include "continuum/experiment/sweep_axis.hpp"
#include "continuum/model/scenario.hpp"
#include "continuum/stats/metric.hpp"
#include "continuum/stats/statistics.hpp"

namespace continuum {

// One scenario's replications and their summary.
struct ScenarioRun {
  Scenario scenario;
  std::vector<ReplicationResult> results;
  Summary summary;
  AnnualCosts costs;  // per replication; empty when the scenario has no costs
  // Per replication; empty when the scenario has no revenue (levels' revenue_per_patient_day).
  AnnualRevenue revenue;
};

struct Difference {
  Estimate paired;     // mean of per-replication differences, 95% Student-t interval
  Estimate unpaired;   // difference of means, 95% Welch interval (as if run independently)
  bool clear = false;  // the paired interval excludes zero
};

// Per-replication values of a level metric at the named level (all NaN when the scenario has
// no such level) or of a system metric (`level` unused).
std::vector<double> metric_values(const ScenarioRun& run, const std::string& level,
                                  MetricId metric);
// The same by metric name: a level metric, or with level empty a system metric. Throws
// std::invalid_argument for an unknown name.
std::vector<double> metric_values(const ScenarioRun& run, const std::string& level,
                                  const std::string& metric);
// `b` minus `a`, replication by replication.
Difference difference(const std::vector<double>& a, const std::vector<double>& b);
// The same, clear only when it also matters (compare --min-difference): with min_relative > 0,
// the interval must exclude zero and |mean difference| be at least min_relative times |mean of
// `a`| (so a metric that is zero in `a` needs the interval alone). min_relative 0: as above.
Difference difference(const std::vector<double>& a, const std::vector<double>& b,
                      double min_relative);

// Runs every scenario with the same replications and seed (those of the first, unless set in
// `options`), so replication r of each sees the same referrals.
std::vector<ScenarioRun> run_comparison(const std::vector<Scenario>& scenarios,
                                        const RunOptions& options);

// The level names of all scenarios, in order of first appearance.
std::vector<std::string> union_levels(const std::vector<ScenarioRun>& runs);

struct SweepPointResult {
  std::vector<double> parameters;  // one per axis
  Summary summary;
  Scenario scenario;                      // the base with this point's settings applied
  std::optional<CostSummary> costs;       // when the scenario has costs
  std::optional<RevenueSummary> revenue;  // when the scenario has revenue
};
// Called once per point with its results before they are freed: `with_daily` is the point's
// summary with the daily series, which are in `daily` (the point's own summary, costs and revenue
// are as without them). Given a hook, run_sweep records the daily series whatever
// options.record_daily says, one slice of points at a time.
using SweepPointHook =
    std::function<void(std::size_t point, const SweepPointResult& result, const Summary& with_daily,
                       const ResultSource& results, const DailySeriesStore* daily)>;
// Every point of the grid (the last axis varies fastest), all with the same seeds, run as plans
// of many points each so the executor works across them.
std::vector<SweepPointResult> run_sweep(const Scenario& base, const std::vector<SweepAxis>& axes,
                                        const RunOptions& options, const SweepPointHook& hook = {});

}  // namespace continuum
