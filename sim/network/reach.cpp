// Reachability in the care network along the edges patients take.
#include "reach.hpp"

namespace continuum {

std::vector<bool> reach(const NetworkGraph& g, const std::vector<NetworkVertex>& sources,
                        bool forward, bool abandonment) {
  std::vector<bool> seen(boost::num_vertices(g), false);
  std::vector<NetworkVertex> stack = sources;
  for (NetworkVertex v : sources)
    seen[v] = true;
  while (!stack.empty()) {
    const NetworkVertex v = stack.back();
    stack.pop_back();
    auto visit = [&](NetworkVertex w, const NetworkEdge& edge) {
      const bool taken = edge.share > 0 || (abandonment && (edge.kind == RouteKind::kAbandonment ||
                                                            edge.kind == RouteKind::kStepUp ||
                                                            edge.kind == RouteKind::kDenial));
      if (taken && !seen[w]) {
        seen[w] = true;
        stack.push_back(w);
      }
    };
    if (forward) {
      for (auto [e, end] = boost::out_edges(v, g); e != end; ++e)
        visit(boost::target(*e, g), g[*e]);
    } else {
      for (auto [e, end] = boost::in_edges(v, g); e != end; ++e)
        visit(boost::source(*e, g), g[*e]);
    }
  }
  return seen;
}

std::vector<NetworkVertex> arrival_vertices(const Network& network) {
  std::vector<NetworkVertex> sources;
  for (std::size_t a = 0; a < network.scenario().arrivals.size(); ++a)
    sources.push_back(network.arrival(a));
  return sources;
}

}  // namespace continuum
