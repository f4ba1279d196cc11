// Paired comparison of scenarios run with the same seeds and random streams (common random
// numbers), and parameter sweeps over a grid of settings.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "continuum/experiment/runner.hpp"
#include "continuum/model/scenario.hpp"
#include "continuum/stats/statistics.hpp"

namespace continuum {

// One scenario's replications and their summary.
struct ScenarioRun {
  Scenario scenario;
  std::vector<ReplicationResult> results;
  Summary summary;
};

struct Difference {
  Estimate paired;     // mean of per-replication differences, 95% Student-t interval
  Estimate unpaired;   // difference of means, 95% Welch interval (as if run independently)
  bool clear = false;  // the paired interval excludes zero
};

// Per-replication values of a level metric (by level name) or, with level empty, a system
// metric; all NaN when the scenario has no such level.
std::vector<double> metric_values(const ScenarioRun& run, const std::string& level,
                                  const std::string& metric);
// `b` minus `a`, replication by replication.
Difference difference(const std::vector<double>& a, const std::vector<double>& b);

// Runs every scenario with the same replications and seed (those of the first, unless set in
// `options`), so replication r of each sees the same referrals.
std::vector<ScenarioRun> run_comparison(const std::vector<Scenario>& scenarios,
                                        const RunOptions& options);

// The level names of all scenarios, in order of first appearance.
std::vector<std::string> union_levels(const std::vector<ScenarioRun>& runs);

nlohmann::ordered_json comparison_json(const std::vector<ScenarioRun>& runs);
std::string comparison_csv(const std::vector<ScenarioRun>& runs);
std::string comparison_table(const std::vector<ScenarioRun>& runs);

// A swept parameter: `levels.<level>.capacity` or `arrivals.<stream>.rate_per_day` and the
// values it takes.
struct SweepAxis {
  std::string path;
  std::vector<double> values;
};
// Parses "PATH=LO:HI:STEP" or "PATH=V1,V2,...". Throws std::invalid_argument with a message.
SweepAxis parse_sweep_axis(const std::string& text);
// Sets `path` to `value` in the scenario. Throws std::invalid_argument naming the path.
void apply_setting(Scenario& scenario, const std::string& path, double value);

struct SweepPointResult {
  std::vector<double> parameters;  // one per axis
  Summary summary;
  Scenario scenario;  // the base with this point's settings applied
};
// Every point of the grid (the last axis varies fastest), all with the same seeds, run as plans
// of many points each so the executor works across them.
std::vector<SweepPointResult> run_sweep(const Scenario& base, const std::vector<SweepAxis>& axes,
                                        const RunOptions& options);
std::string sweep_csv(const Scenario& base, const std::vector<SweepAxis>& axes,
                      const std::vector<SweepPointResult>& points);
std::string sweep_table(const Scenario& base, const std::vector<SweepAxis>& axes,
                        const std::vector<SweepPointResult>& points);

}  // namespace continuum
