// A routing table as the engine draws from it (private to sim/engine/): one Choice over its
// branches, in the table's order.
#pragma once

#include <vector>

#include "continuum/model/distribution.hpp"
#include "continuum/model/model.hpp"

namespace continuum {

inline Choice choice_of(const RoutingTable& table) {
  std::vector<int> targets;
  std::vector<double> probabilities;
  for (const Branch& branch : table) {
    targets.push_back(branch.target);
    probabilities.push_back(branch.probability);
  }
  return Choice(targets, probabilities);
}

}  // namespace continuum
