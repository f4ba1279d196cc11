// Traffic equations of the care network: expected admissions per day at each level and relapses
// per day, solved from the graph's edge shares (no simulation).
#pragma once

#include <optional>
#include <vector>

#include "continuum/network/network.hpp"

namespace continuum {

// Traffic equations: the expected referrals (= admissions, when nobody abandons or is turned
// away) per day at each level and the relapses per day, from
//   lambda_j = external_j + sum_i lambda_i (1 - d_i) P_ij + reentry_j * relapses,
//   relapses = sum_i lambda_i (d_i r_dropout + (1 - d_i) P_i,exit r).
// Empty when the system is singular (a closed loop: check_closed_loops reports it).
struct TrafficSolution {
  std::vector<double> admissions_per_day;  // per level
  double relapses_per_day = 0;
  // The same for one referral a day of stream k alone ([k][level], [k]): the equations are linear
  // in the streams' rates, so a stream's rate over time gives each level's (estimate.cpp).
  std::vector<std::vector<double>> admissions_per_stream;
  std::vector<double> relapses_per_stream;
};
std::optional<TrafficSolution> solve_traffic(const Network& network);

}  // namespace continuum
