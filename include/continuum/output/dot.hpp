// The care network drawn in Graphviz DOT, for `continuum graph`.
#pragma once

#include <string>

#include "continuum/network/network.hpp"

namespace continuum {

// The network in Graphviz DOT, drawn to be read (docs/network.md): levels in care order left to
// right (care_order.hpp), labelled with capacity, mean stay and admissions per day; edge widths
// and labels the patients per day of the traffic equations (flows.hpp); one "returns after
// relapse" vertex per re-entry target; per level one "left care" vertex; a legend; sized for a
// landscape page (11 x 8.5 in).
std::string network_dot(const Network& network);

}  // namespace continuum
