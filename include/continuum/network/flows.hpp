// Expected patients per day along the care network's routes, from the traffic equations: the
// numbers `continuum graph` draws its edge widths and labels from.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "continuum/network/network.hpp"

namespace continuum {

// Flows in patients per day, with classes summed over each referred class's network (class_view),
// as `analyze` sums admissions. Each route's flow is its source's rate (a level's admissions, a
// stream's rate, a relapse pool's relapses) times the route's share (network.hpp).
struct NetworkFlows {
  std::vector<double> admissions;  // per level
  // Completers moving from level to level (`next`), keyed (from, to).
  std::map<std::pair<std::size_t, std::size_t>, double> moves;
  // Referrals entering care, keyed (stream, level).
  std::map<std::pair<std::size_t, std::size_t>, double> entries;
  std::vector<double> reentries;  // per level: relapsed patients re-entering there
  std::vector<double> leaving;    // per level: leaving care (exit and dropouts, relapsing or not)
  std::vector<double> relapsing;  // per level: those of `leaving` who relapse later
  double relapses_per_day = 0;
};

// Empty when the traffic equations are singular for the network or one of its classes (a closed
// loop: check_closed_loops reports it).
std::optional<NetworkFlows> network_flows(const Network& network);

}  // namespace continuum
