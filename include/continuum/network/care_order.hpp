// The levels in care order, for drawing the network left to right: a general rule on the routing
// graph (no knowledge of what "detox" or "aftercare" mean).
#pragma once

#include <cstddef>
#include <map>
#include <utility>
#include <vector>

namespace continuum {

// The levels' care order, and a layer (column) per level.
struct CareOrder {
  std::vector<std::size_t> order;  // level indices, first in care first
  std::vector<int> layer;          // per level: 0 for the first column
  // True when the route from -> to runs against the order (a step-up, e.g. outpatient back to
  // detox); drawn reversed. A level routing to itself is not backward.
  bool backward(std::size_t from, std::size_t to) const;
  std::vector<std::size_t> position;  // per level: its place in `order`
};

// For `n` levels: `weight` maps (from, to) level routes to the patients per day moving along them
// (or any positive weight). The order is the one that minimizes the total weight of the routes
// running backward (exactly, by dynamic programming over subsets, for up to 16 levels; beyond that,
// the levels stay in file order); ties go to file order. Each level's layer is then the longest
// path to it along the forward routes (0 for a level no forward route enters).
CareOrder care_order(std::size_t n,
                     const std::map<std::pair<std::size_t, std::size_t>, double>& weight);

}  // namespace continuum
