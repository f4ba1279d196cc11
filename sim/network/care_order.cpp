// Care order: the level order with the least weight running backward, then longest-path layers.
#include "continuum/network/care_order.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace continuum {

bool CareOrder::backward(std::size_t from, std::size_t to) const {
  return position[to] < position[from];
}

namespace {

constexpr std::size_t kMaxExactLevels = 16;

// The order with the least backward weight; among equal ones, the first in file order
// (lexicographically smallest, comparing level indices from the front).
std::vector<std::size_t> least_backward_order(std::size_t n,
                                              const std::vector<std::vector<double>>& w) {
  std::vector<std::size_t> order;
  if (n > kMaxExactLevels) {
    for (std::size_t l = 0; l < n; ++l)
      order.push_back(l);
    return order;
  }
  const std::uint32_t full = (std::uint32_t{1} << n) - 1;
  // rest[mask]: the least backward weight of the levels not in `mask`, placed after it. Placing
  // v after the levels in `mask` makes every route from v into `mask` run backward.
  std::vector<double> rest(std::size_t{full} + 1, 0.0);
  auto cost_after = [&](std::uint32_t mask, std::size_t v) {
    double c = 0;
    for (std::size_t u = 0; u < n; ++u)
      if (mask >> u & 1u) c += w[v][u];
    return c;
  };
  for (std::uint32_t mask = full; mask-- > 0;) {
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t v = 0; v < n; ++v)
      if (!(mask >> v & 1u))
        best = std::min(best, cost_after(mask, v) + rest[mask | (std::uint32_t{1} << v)]);
    rest[mask] = best;
  }
  std::uint32_t mask = 0;
  while (mask != full) {
    for (std::size_t v = 0; v < n; ++v) {
      if (mask >> v & 1u) continue;
      const std::uint32_t next = mask | (std::uint32_t{1} << v);
      const double c = cost_after(mask, v) + rest[next];
      if (c <= rest[mask] + 1e-12 * (1 + rest[mask])) {
        order.push_back(v);
        mask = next;
        break;
      }
    }
  }
  return order;
}

}  // namespace

CareOrder care_order(std::size_t n,
                     const std::map<std::pair<std::size_t, std::size_t>, double>& weight) {
  std::vector<std::vector<double>> w(n, std::vector<double>(n, 0.0));
  for (const auto& [route, value] : weight)
    if (route.first != route.second && route.first < n && route.second < n)
      w[route.first][route.second] += std::max(0.0, value);
  CareOrder out;
  out.order = least_backward_order(n, w);
  out.position.assign(n, 0);
  for (std::size_t p = 0; p < n; ++p)
    out.position[out.order[p]] = p;
  // Longest path along forward routes, in order (every forward route goes to a later level).
  out.layer.assign(n, 0);
  for (std::size_t v : out.order)
    for (const auto& [route, value] : weight)
      if (route.second == v && route.first != v && !out.backward(route.first, v))
        out.layer[v] = std::max(out.layer[v], out.layer[route.first] + 1);
  return out;
}

}  // namespace continuum
