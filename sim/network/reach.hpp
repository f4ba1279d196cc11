// Reachability in the care network (private to the network stage): which vertices patients can
// get to from the arrival streams, and which can get to leaving care. Used by the structural
// checks and the traffic equations.
#pragma once

#include <vector>

#include "continuum/network/network.hpp"

namespace continuum {

// Vertices reachable from `sources` along edges with a positive share (forward), or that reach
// them (backward); with `abandonment`, `on_abandon` routes count too (they may be taken).
// Indexed by vertex.
std::vector<bool> reach(const NetworkGraph& g, const std::vector<NetworkVertex>& sources,
                        bool forward, bool abandonment = false);

// The arrival streams' vertices, in scenario order.
std::vector<NetworkVertex> arrival_vertices(const Network& network);

}  // namespace continuum
