// The care network drawn in Graphviz DOT, for `continuum graph`.
#pragma once

#include <string>

#include "continuum/network/network.hpp"

namespace continuum {

// The network in Graphviz DOT (Boost.Graph's write_graphviz): levels with capacity and mean stay,
// edges with their probabilities; abandonment dashed.
std::string network_dot(const Network& network);

}  // namespace continuum
