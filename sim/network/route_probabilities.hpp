// The scenario's dropout and relapse probabilities with their defaults (private to the network
// stage): 0 when the level has no dropout or the scenario no relapse.
#pragma once

#include "continuum/model/scenario.hpp"

namespace continuum {

inline double dropout_probability(const LevelSpec& l) {
  return l.dropout ? l.dropout->probability : 0.0;
}

}  // namespace continuum
