// A scenario's replications, and their summary: metric estimates and the daily forecast.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "continuum/engine/engine.hpp"
#include "continuum/experiment/run_spec.hpp"
#include "continuum/model/scenario.hpp"
#include "continuum/stats/compliance.hpp"
#include "continuum/stats/daily_series_store.hpp"
#include "continuum/stats/result_store.hpp"
#include "continuum/stats/statistics.hpp"

namespace continuum {

// Runs the replications as a one-variant plan on the executor the options ask for; results are
// in replication order whatever executes them, so the outputs are byte-identical for the same
// scenario and seed.
std::vector<ReplicationResult> run_replications(const Scenario& scenario,
                                                const RunOptions& options);

// Appends replications [results.size(), to) of the run `options` describe (its seed and
// recording) to `results`: the results run_replications gives with `to` replications, without
// running the first ones again (run --precision).
void extend_replications(const Scenario& scenario, const RunOptions& options,
                         std::vector<ReplicationResult>& results, int to);

struct DailyPoint {
  float mean, p10, p90;
};

// One class's metrics (scenarios with `classes:`), in the shape of the whole's.
struct ClassSummary {
  std::string name;
  std::vector<MetricValues<LevelMetric, Estimate>> levels;
  MetricValues<SystemMetric, Estimate> system;
};

// One report window's metrics (report_windows), in the shape of the whole's.
struct WindowSummary {
  std::string name;
  double from_day = 0, to_day = 0;
  std::vector<MetricValues<LevelMetric, Estimate>> levels;
  MetricValues<SystemMetric, Estimate> system;
};

// One exit's flow (scenarios that name exits): patients routed to it per day of the window, in
// all and from each level. `name`: "exit" for plain `exit`, else the name after "exit.".
struct ExitSummary {
  std::string name;
  Estimate per_day;
  std::vector<Estimate> levels_per_day;  // per level, in scenario order
};

// One level's sessions (levels with `sessions:` only), each an estimate across replications
// over the statistics window (docs/outputs.md, "sessions").
struct SessionSummary {
  std::size_t level = 0;        // index in scenario order
  Estimate attendance_rate;     // patient-sessions attended / offered (patients in care at one)
  Estimate sessions_held;       // sessions with at least one attendee
  Estimate groups_per_week;     // groups formed (ceil(attendees / group_size_max) per session)
  Estimate mean_group_size;     // attendees / groups
  Estimate no_show_discharges;  // stays ended by discharge_after_missed consecutive misses
};

// A drug-testing level's counts over the window (levels.L.drug_testing), each a mean across
// replications with its 95% interval, in DrugCount order (statistics.hpp); positive_share is
// positives / tests.
struct DrugTestingSummary {
  std::size_t level = 0;
  std::array<Estimate, kDrugCounts> counts;
  Estimate positive_share;
};

struct Summary {
  int replications = 0;
  std::uint64_t seed = 0;
  std::uint64_t events = 0;  // over all replications
  PatientBalance balance;    // summed over all replications
  // [level][metric] (metric.hpp); [metric] for the system.
  std::vector<MetricValues<LevelMetric, Estimate>> levels;
  MetricValues<SystemMetric, Estimate> system;
  std::vector<ClassSummary> classes;     // per class of `classes:` (empty without)
  std::vector<WindowSummary> windows;    // per report window (empty without)
  std::vector<ExitSummary> exits;        // plain exit, then each named exit (empty without names)
  std::vector<SessionSummary> sessions;  // per level with sessions, in scenario order
  // Interim services per level and compliance KPIs (stats/compliance.hpp; empty without them).
  std::vector<KpiEstimates> interim;
  std::vector<KpiEstimates> compliance;
  std::vector<DrugTestingSummary> drug_testing;  // levels with drug_testing, in scenario order
  // [day * levels + level] across replications (empty when daily recording was off).
  std::size_t days = 0;
  std::vector<DailyPoint> daily_census, daily_waitlist;

  const Estimate& level_metric(std::size_t level, LevelMetric m) const {
    return levels.at(level)[m];
  }
  const Estimate& system_metric(SystemMetric m) const { return system[m]; }
};

// `results`: a vector of results, or run's ResultStore (read one replication at a time: every
// estimate in two passes over the replications, estimate()'s bits). `daily`: where the
// replications' daily series are when the results no longer hold them (run:
// DailySeriesStore); null or empty: the results' own.
Summary summarize(const Scenario& scenario, const ResultSource& results, std::uint64_t seed,
                  const DailySeriesStore* daily = nullptr);

}  // namespace continuum
