// Sizing: the smallest capacity (and the staff it implies) at one or more levels that meets
// targets on level or system metrics, with common random numbers across candidates.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "continuum/experiment/costs.hpp"
#include "continuum/experiment/runner.hpp"
#include "continuum/model/scenario.hpp"
#include "continuum/stats/metric.hpp"
#include "continuum/stats/statistics.hpp"

namespace continuum {

// "p90_wait_days<=14" (a level metric, at the level named before a dot or at every sized
// level) or "lost_to_care_per_day<=0.3" (a system metric). Met when the 95% bound on the far
// side (the upper bound for <=, the lower for >=) is on the right side of the value.
struct SizingTarget {
  std::string text;   // as written, one level: "iop.p90_wait_days<=14"
  std::string level;  // empty: a system metric
  MetricId metric;
  bool at_most = true;  // <= (else >=)
  double value = 0;
};
// Parses one --target against the scenario and the sized levels; an unprefixed level metric
// gives one target per sized level. Throws std::invalid_argument with a message.
std::vector<SizingTarget> parse_sizing_target(const std::string& text, const Scenario& scenario,
                                              const std::vector<std::string>& levels);

// Whether an estimate meets the target (its 95% bound; the mean with one replication).
bool target_met(const SizingTarget& target, const Estimate& value);

struct SizingOptions {
  RunOptions run;                 // replications, seed, threads (daily recording is off)
  std::vector<int> max_capacity;  // per sized level; 0: four times the current capacity
  std::vector<int> step;          // several levels: slots added per greedy step; 0: 10%
};

struct SizingCandidate {
  std::vector<int> capacities;   // per sized level
  std::vector<Estimate> values;  // per target
  std::vector<bool> target_met;  // per target
  bool met = false;
  std::vector<Estimate> mean_waitlist;  // per sized level: what the waitlist will be
  Estimate annual_cost;                 // sized levels: staff at full census + non-staff
  std::optional<CostSummary> costs;     // the whole scenario's, as run reports them (if any)
  std::vector<std::vector<std::pair<std::string, double>>> staff_fte;  // per level: role, FTE
};

struct SizingResult {
  std::vector<std::string> levels;
  std::vector<SizingTarget> targets;
  std::vector<int> max_capacity;
  bool met = false;
  std::optional<SizingCandidate> recommendation;  // none when nothing up to the limit meets
  std::vector<SizingCandidate> curve;  // one level: by capacity; several: the greedy path
  int evaluations = 0;                 // simulated candidates
  int replications = 0;
  std::uint64_t seed = 0;
  std::string currency = "USD";  // the scenario's, for display
};

// One level: exponential then binary search on capacity (the targets are taken as monotone in
// it). Several: greedy allocation of steps to the level that buys the most shortfall reduction
// per unit of annual cost, then each level trimmed by bisection. Every candidate runs the same
// replications with the same seed.
SizingResult size_capacity(const Scenario& scenario, const std::vector<std::string>& levels,
                           const std::vector<SizingTarget>& targets, const SizingOptions& options);

}  // namespace continuum
