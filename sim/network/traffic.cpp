// Traffic equations of the care network, solved by Gaussian elimination.
#include "continuum/network/traffic.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "reach.hpp"

namespace continuum {

namespace {

// A dense n x (n + 1) augmented matrix [A | b], row by row.
using Augmented = std::vector<std::vector<double>>;

// The community vertices (the global one first, then one per level with its own re-entry map).
std::vector<NetworkVertex> community_vertices(const Network& network) {
  const NetworkGraph& g = network.graph();
  std::vector<NetworkVertex> out{network.community()};
  for (NetworkVertex v = network.left_care() + 1; v < boost::num_vertices(g); ++v)
    if (g[v].kind == NodeKind::kCommunity) out.push_back(v);
  return out;
}

// (I - Q^T) x = external over the unknowns: admissions per day at each level, then relapses per
// day into each community vertex. Only vertices reachable from the arrivals take part; the rest
// carry no flow. Column n holds the external referrals of every stream at its rate, column
// n + 1 + k those of stream k alone at one referral a day.
Augmented traffic_system(const Network& network) {
  const Scenario& s = network.scenario();
  const NetworkGraph& g = network.graph();
  const std::vector<NetworkVertex> pools = community_vertices(network);
  const std::size_t n_levels = s.levels.size(), n = n_levels + pools.size();
  auto unknown = [&](NetworkVertex v) -> std::optional<std::size_t> {
    if (g[v].kind == NodeKind::kLevel) return static_cast<std::size_t>(g[v].index);
    if (g[v].kind == NodeKind::kCommunity)
      return n_levels +
             static_cast<std::size_t>(std::find(pools.begin(), pools.end(), v) - pools.begin());
    return std::nullopt;
  };
  const std::vector<bool> reached = reach(g, arrival_vertices(network), true);
  Augmented a(n, std::vector<double>(n + 1 + s.arrivals.size(), 0.0));
  for (std::size_t i = 0; i < n; ++i)
    a[i][i] = 1;
  for (auto [e, end] = boost::edges(g); e != end; ++e) {
    const NetworkEdge& edge = g[*e];
    if (!(edge.share > 0)) continue;
    const NetworkVertex from = boost::source(*e, g), to = boost::target(*e, g);
    const auto j = unknown(to);
    if (!j || !reached[to]) continue;
    if (g[from].kind == NodeKind::kArrival) {
      const auto k = static_cast<std::size_t>(g[from].index);
      a[*j][n] += s.arrivals[k].rate_per_day * edge.share;
      a[*j][n + 1 + k] += edge.share;
    } else if (const auto i = unknown(from); i && reached[from]) {
      a[*j][*i] -= edge.share;
    }
  }
  return a;
}

// Gauss-Jordan elimination with partial pivoting, in place: afterwards x_i = a[i][m] / a[i][i] for
// each right-hand side m >= n. False when the matrix is singular. The levels are few, so dense is
// fine.
bool eliminate(Augmented& a) {
  const std::size_t n = a.size(), width = n == 0 ? 0 : a[0].size();
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t pivot = col;
    for (std::size_t r = col + 1; r < n; ++r)
      if (std::abs(a[r][col]) > std::abs(a[pivot][col])) pivot = r;
    if (std::abs(a[pivot][col]) < 1e-12) return false;
    std::swap(a[col], a[pivot]);
    for (std::size_t r = 0; r < n; ++r) {
      if (r == col || a[r][col] == 0) continue;
      const double f = a[r][col] / a[col][col];
      for (std::size_t k = col; k < width; ++k)
        a[r][k] -= f * a[col][k];
    }
  }
  return true;
}

}  // namespace

std::optional<TrafficSolution> solve_traffic(const Network& network) {
  Augmented a = traffic_system(network);
  if (!eliminate(a)) return std::nullopt;  // a closed loop
  const std::size_t n_levels = network.scenario().levels.size(), n = a.size();
  TrafficSolution solution;
  for (std::size_t l = 0; l < n_levels; ++l)
    solution.admissions_per_day.push_back(std::max(0.0, a[l][n] / a[l][l]));
  for (std::size_t k = n_levels; k < n; ++k)
    solution.relapses_per_day += std::max(0.0, a[k][n] / a[k][k]);
  const std::size_t streams = network.scenario().arrivals.size();
  solution.admissions_per_stream.assign(streams, std::vector<double>(n_levels, 0.0));
  solution.relapses_per_stream.assign(streams, 0.0);
  for (std::size_t s = 0; s < streams; ++s) {
    for (std::size_t l = 0; l < n_levels; ++l)
      solution.admissions_per_stream[s][l] = std::max(0.0, a[l][n + 1 + s] / a[l][l]);
    for (std::size_t k = n_levels; k < n; ++k)
      solution.relapses_per_stream[s] += std::max(0.0, a[k][n + 1 + s] / a[k][k]);
  }
  return solution;
}

}  // namespace continuum
