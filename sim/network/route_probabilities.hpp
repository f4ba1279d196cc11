// The scenario's dropout and relapse probabilities with their defaults (private to the network
// stage): 0 when the level has no dropout or the scenario no relapse.
#pragma once

#include "continuum/model/scenario.hpp"

namespace continuum {

inline double relapse_probability(const Scenario& s) {
  return s.relapse ? s.relapse->probability : 0.0;
}
// `probability_after_dropout`, defaulting to the completers' relapse probability.
inline double relapse_probability_after_dropout(const Scenario& s) {
  return s.relapse ? s.relapse->probability_after_dropout.value_or(s.relapse->probability) : 0.0;
}
inline double dropout_probability(const LevelSpec& l) {
  return l.dropout ? l.dropout->probability : 0.0;
}

}  // namespace continuum
