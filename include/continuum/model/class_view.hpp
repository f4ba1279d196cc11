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
