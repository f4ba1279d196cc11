// Relapse rules resolved by precedence, and a scenario seen by one patient class: what the
// engine's compile step, the network checks and the traffic equations read alike.
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <vector>

#include "continuum/model/scenario.hpp"

namespace continuum {

// No class layer: the level's `relapse`, then the global block.
constexpr std::size_t kNoClass = std::numeric_limits<std::size_t>::max();

// Relapse after leaving care from `level`, for class `c` (kNoClass: no class layers), every key
// resolved by precedence (scenario.hpp, RelapseOverride): the level's by_class, the level's
// relapse, the global by_class, the global block. None when no layer gives a probability, or
// when an override layer applies and both probabilities resolve to 0 (the global block alone is
// kept as given).
struct ResolvedRelapse {
  double probability = 0;
  double probability_after_dropout = 0;
  DistributionSpec time_to_relapse = Exponential{1};
  const std::vector<Route>* reentry = nullptr;  // never null
  bool level_reentry = false;  // the re-entry map is the level's own (levels.L[.by_class.C])
  SourcePos pos;               // of the layer that gives the probability
};
std::optional<ResolvedRelapse> resolve_relapse(const Scenario& scenario, const LevelSpec& level,
                                               std::size_t c);

// What the equilibrium pool of patients awaiting relapse from a level depends on (one class's
// view of the level, or the level without classes).
struct RelapsePoolInputs {
  double in_care = 0;                // patients in care (times the class's share, per class)
  double dropout_probability = 0;    // 0 without dropout
  double mean_stay = 0;              // of a completed stay
  double mean_dropout_time = 0;      // read only when dropout_probability > 0
  double exit_probability = 0;       // of routing to an exit on completing
  double relapse_probability = 0;    // after completing to an exit
  double relapse_after_dropout = 0;  // after dropping out
  double mean_time_to_relapse = 0;
};
// The expected pool (`initial_state.recently_discharged: equilibrium`): by Little's law, the
// patients in care over the mean time in care, times the share of leavers who enter the pool,
// times the mean time to relapse. 0 when no one stays or enters the pool. The engine draws a
// Poisson number with this mean (engine/recently_discharged.cpp); the cost estimate counts it.
double equilibrium_relapse_pool(const RelapsePoolInputs& in);

// The scenario without classes: `classes:` and every per-class key dropped (stream shares and
// entries, reserved slots, levels' and relapse's by_class). Levels' own `relapse` stays.
Scenario without_classes(Scenario scenario);

// The scenario as class `c` sees it, as a scenario without classes: each stream's rate times
// the class's share and its entry for the class; each level's by_class keys in place of its own;
// each level's relapse resolved for the class (probabilities and time; its re-entry only when a
// level layer gives one), and the global relapse block merged with its by_class entry. For the
// network's checks and traffic equations (per class, then summed); renewal streams keep their
// interarrival law, so simulate the scenario itself, not its views.
Scenario class_view(const Scenario& scenario, std::size_t c);

// The classes some stream refers (a positive share), in class order; {kNoClass} without classes.
std::vector<std::size_t> referred_classes(const Scenario& scenario);

}  // namespace continuum
