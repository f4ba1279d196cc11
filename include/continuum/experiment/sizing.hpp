// Sizing: the smallest capacity (and the staff it implies) at one or more levels that meets
// targets on level or system metrics, with common random numbers across candidates.
#pragma once

#include <algorithm>
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
  RunOptions run;  // replications, seed, threads (daily recording is off)
  // Per sized level; 0: four times the current capacity. Refused below the patients found in
  // care (SizingResult::min_capacity).
  std::vector<int> max_capacity;
  std::vector<int> step;  // several levels: slots added per greedy step; 0: 10%
  // The loss guard off: a candidate that loses more patients than the scenario as written may
  // still meet the targets (size --allow-more-loss).
  bool allow_more_loss = false;
};

// The loss guard: a candidate loses patients when, against the scenario as written (same
// replications and seed, so paired), the abandonment fraction at a sized level or the lost to
// care per day is clearly worse: the paired difference's 95% interval lies entirely above zero
// and its mean exceeds a floor (a difference too small to matter does not block): 0.5% of the
// referrals, that is 0.5 percentage points of the level's abandonment fraction, and 0.5% of the
// scenario as written's external referrals per day for lost to care.
inline constexpr double kLossFloor = 0.005;

// What patients a scenario loses: per sized level the abandonment and turned-away fractions,
// and the system's lost to care per day.
struct Losses {
  std::vector<Estimate> abandonment;  // per sized level: abandonment_fraction
  std::vector<Estimate> turned_away;  // per sized level: turned_away_fraction
  Estimate lost_to_care;              // lost_to_care_per_day
};

struct SizingCandidate {
  std::vector<int> capacities;   // per sized level
  std::vector<Estimate> values;  // per target
  std::vector<bool> target_met;  // per target
  bool targets_met = false;      // every target
  // Met: the targets are, and the candidate does not lose patients (or the guard is lifted).
  bool met = false;
  Losses losses;
  // Paired differences from the scenario as written (candidate minus as written).
  std::vector<Estimate> abandonment_change;  // per sized level
  Estimate lost_to_care_change;
  // The guard's findings: clearly more abandonment at each sized level, more lost to care.
  std::vector<bool> more_abandonment;  // per sized level
  bool more_lost_to_care = false;
  bool loses_patients() const {
    return more_lost_to_care || std::find(more_abandonment.begin(), more_abandonment.end(), true) !=
                                    more_abandonment.end();
  }
  std::vector<Estimate> mean_waitlist;    // per sized level: what the waitlist will be
  Estimate annual_cost;                   // sized levels: staff at full census + non-staff
  std::optional<CostSummary> costs;       // the whole scenario's, as run reports them (if any)
  std::optional<RevenueSummary> revenue;  // revenue and net cost, as run reports them (if any)
  std::vector<std::vector<std::pair<std::string, double>>> staff_fte;  // per level: role, FTE
  // What staff_fte approximates (full_census_fte's notes): class mix, session groups.
  std::vector<std::string> staff_notes;
};

struct SizingResult {
  std::vector<std::string> levels;
  std::vector<SizingTarget> targets;
  std::vector<int> max_capacity;
  // Per sized level: the smallest capacity tried, at least 1 and never below the patients found
  // in care (initial_state.in_care) or the slots reserved for classes (least_starting_capacity,
  // model/setting_path.hpp): a program cannot have fewer beds than the patients in them.
  std::vector<int> min_capacity;
  bool met = false;
  std::optional<SizingCandidate> recommendation;  // none when nothing up to the limit meets
  std::vector<SizingCandidate> curve;  // one level: by capacity; several: the greedy path
  int evaluations = 0;                 // simulated candidates
  int replications = 0;
  std::uint64_t seed = 0;
  std::string currency = "USD";       // the scenario's, for display
  bool allow_more_loss = false;       // the loss guard was lifted
  std::vector<int> current_capacity;  // per sized level, as written
  // Per sized level, as written: what the engine admits up to (effective_capacity: the
  // capacity, or fewer when its staff_on_hand cover less) and the role on hand that binds
  // (empty: the capacity binds). The candidates ignore staff_on_hand: their staff follows the
  // capacity, so a candidate admits up to its capacity.
  std::vector<int> effective_capacity;
  std::vector<std::string> binding_role;
  std::vector<bool> has_staff_on_hand;  // per sized level: staff_on_hand given (and ignored)
  Losses as_written;                    // the scenario as written's losses (the guard's reference)
  double lost_to_care_floor = 0;        // per day: kLossFloor x as written's referrals per day
};

// Whether a paired difference (candidate minus as written) is clearly worse: its 95% lower
// bound is above zero (the mean with one replication) and its mean above `floor`.
bool clearly_worse(const Estimate& change, double floor);

// One level: exponential then binary search on capacity (the targets, and the loss guard, are
// taken as monotone in it). Several: greedy allocation of steps to the level that buys the most
// shortfall reduction per unit of annual cost, then each level trimmed by bisection. Every
// candidate runs the same replications with the same seed.
SizingResult size_capacity(const Scenario& scenario, const std::vector<std::string>& levels,
                           const std::vector<SizingTarget>& targets, const SizingOptions& options);

}  // namespace continuum
