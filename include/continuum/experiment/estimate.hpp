// The cost of a run before simulating it: events, peak memory and time, from the traffic
// equations (network/traffic.hpp) and Little's law; and the limits above which the command
// line refuses to start without --force (docs/outputs.md, "Exit status").
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "continuum/experiment/sweep_axis.hpp"
#include "continuum/model/scenario.hpp"

namespace continuum {

// The measured engine rate the time estimate assumes, per thread (docs/performance.md
// measures 7-9 M flow events/s on the shipped scenarios; 5 M leaves room for slower machines).
inline constexpr double kEventsPerSecondPerThread = 5e6;
// The limits: peak memory over 8 GiB or time over 24 hours on the threads used is refused.
inline constexpr double kMaxMemoryBytes = 8.0 * 1024 * 1024 * 1024;
inline constexpr double kMaxSeconds = 24.0 * 3600;

// What a run asks of one scenario.
struct CostRequest {
  int replications = 1;
  int threads = 0;  // 0: all hardware threads
  bool record_daily = true;
  bool trace = false;
  // run: the daily series leave each result for a DailySeriesStore; over kDailyMemoryBudget they
  // are on disk, and memory holds the budget and a 4 MiB block of them.
  bool daily_in_store = false;
  // run: the rest of each result (the per-level counters) leaves it for a ResultStore; over
  // kResultMemoryBudget it is on disk, and memory holds the budget.
  bool results_in_store = false;
};

struct CostEstimate {
  double events_per_replication = 0;  // flow events in the statistics window (summary.events)
  double events = 0;                  // over all replications, warm-up included (the work)
  double patients_alive = 0;          // at once, per replication (Little's law, bounded)
  double memory_bytes = 0;            // peak: engines at work plus the results kept
  double seconds = 0;                 // at kEventsPerSecondPerThread on the threads used
  int threads = 1;                    // threads used (at most one per replication)

  // A plan of several runs one after another: work adds up; the results of all are kept.
  CostEstimate& operator+=(const CostEstimate& other);
};

CostEstimate estimate_cost(const Scenario& scenario, const CostRequest& request);
// A sweep's whole plan: every grid point of `axes` over `base`.
CostEstimate estimate_sweep(const Scenario& base, const std::vector<SweepAxis>& axes,
                            const CostRequest& request);
// A sizing round: one candidate per sized level, each at its largest capacity
// (`max_capacity`: one per level, or one for all, or empty: 4x the current, as size does).
CostEstimate estimate_sizing_round(const Scenario& scenario, const std::vector<std::string>& levels,
                                   const std::vector<int>& max_capacity,
                                   const CostRequest& request);

// "estimate: 1.2 M events (24.1 k per replication), peak memory 35.2 MiB, 0.2 s on 2 threads".
std::string describe(const CostEstimate& estimate);
// Empty within the limits; else the refusal: the estimate, the limit passed, what to change.
std::optional<std::string> over_limits(const CostEstimate& estimate);

}  // namespace continuum
