// Rough-cut capacity of each level from the traffic equations and Erlang C (no simulation): the
// figures of `continuum analyze`.
#pragma once

#include <optional>
#include <vector>

#include "continuum/core/diagnostics.hpp"
#include "continuum/network/network.hpp"

namespace continuum {

// A level's mean stay in days, dropouts included: (1 - d) mean(length_of_stay) + d mean(dropout
// time).
double mean_stay_days(const LevelSpec& level);

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
