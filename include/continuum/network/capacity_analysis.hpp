// Rough-cut capacity of each level from the traffic equations and Erlang C (no simulation): the
// figures of `continuum analyze`.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "continuum/core/diagnostics.hpp"
#include "continuum/network/network.hpp"

namespace continuum {

// A level's mean stay in days, dropouts included: (1 - d) mean(length_of_stay) + d mean(dropout
// time). A level with sessions.complete_after has no length_of_stay: its own stay is then the
// sessions it takes to leave (expected_sessions_to_leave) times the days between sessions.
double mean_stay_days(const LevelSpec& level);
// Each level's mean stay in days as `analyze` gives it (LevelCapacity::mean_stay_days) and `graph`
// draws it: with patient classes, the referred classes' stays (their by_class length_of_stay,
// dropout, sessions) weighted by their traffic-equation admissions to the level; without
// classes, or at a level nobody is admitted to, mean_stay_days(level). Throws ScenarioError when
// the traffic equations have no solution.
std::vector<double> level_mean_stays_days(const Network& network);
// The expected number of sessions (attended or not) until a patient attending each with
// probability `attendance` attends `complete_after` of them or misses `discharge_after_missed`
// in a row (exact, from the block structure and Wald's identity); infinite when it never leaves.
double expected_sessions_to_leave(double attendance, std::int64_t complete_after,
                                  std::optional<std::int64_t> discharge_after_missed);

// Rough-cut capacity per level: each level as an M/M/c queue fed by its traffic-equation
// admissions. An approximation: stays are not exponential, arrivals to inner levels are not
// Poisson, and abandonment, turn-away and holds are ignored.
struct LevelCapacity {
  double admissions_per_day = 0;
  // (1 - d) mean(length_of_stay) + d mean(dropout time); with classes, the classes' stays
  // weighted by their admissions (offered load / admissions).
  double mean_stay_days = 0;
  double offered_load = 0;            // slots busy on average: admissions x mean stay
  std::optional<double> utilization;  // offered load / capacity; none for unlimited capacity
  std::optional<double> erlang_c_mean_wait_days;  // none when overloaded
};
struct CapacityAnalysis {
  std::vector<LevelCapacity> levels;
  double relapses_per_day = 0;
  std::vector<Diagnostic> warnings;  // overloaded levels
};
// With classes, each referred class's traffic (class_view: its share of each stream, its entry,
// routing, stays and relapse), summed per level. Throws ScenarioError when the traffic equations
// have no solution (a closed loop).
CapacityAnalysis analyze_capacity(const Network& network);

}  // namespace continuum
