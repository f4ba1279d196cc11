// Route flows from the traffic equations, summed over the referred classes' networks.
#include "continuum/network/flows.hpp"

#include "continuum/model/class_view.hpp"
#include "continuum/network/traffic.hpp"

namespace continuum {

namespace {

// Adds one network's flows (a class's, or the network without classes) to `out`.
bool add_flows(const Network& network, NetworkFlows& out) {
  const std::optional<TrafficSolution> traffic = solve_traffic(network);
  if (!traffic) return false;
  const Scenario& s = network.scenario();
  const NetworkGraph& g = network.graph();
  // The rate at each vertex: admissions at levels, referrals at streams, relapses at pools.
  std::vector<double> rate(boost::num_vertices(g), 0.0);
  for (std::size_t l = 0; l < s.levels.size(); ++l)
    rate[network.level(l)] = traffic->admissions_per_day[l];
  for (std::size_t a = 0; a < s.arrivals.size(); ++a)
    rate[network.arrival(a)] = s.arrivals[a].rate_per_day;
  for (auto [e, end] = boost::edges(g); e != end; ++e)
    if (g[*e].kind == RouteKind::kRelapse)
      rate[boost::target(*e, g)] += rate[boost::source(*e, g)] * g[*e].share;
  out.relapses_per_day += traffic->relapses_per_day;
  for (std::size_t l = 0; l < s.levels.size(); ++l)
    out.admissions[l] += traffic->admissions_per_day[l];
  for (auto [e, end] = boost::edges(g); e != end; ++e) {
    const NetworkEdge& edge = g[*e];
    const NetworkVertex from = boost::source(*e, g), to = boost::target(*e, g);
    const double flow = rate[from] * edge.share;
    const auto index = [&](NetworkVertex v) { return static_cast<std::size_t>(g[v].index); };
    switch (edge.kind) {
      case RouteKind::kEntry:
        out.entries[{index(from), index(to)}] += flow;
        break;
      case RouteKind::kNext:
        if (to == network.left_care())
          out.leaving[index(from)] += flow;
        else
          out.moves[{index(from), index(to)}] += flow;
        break;
      case RouteKind::kDropout:
        out.leaving[index(from)] += flow;
        break;
      case RouteKind::kRelapse:
        out.leaving[index(from)] += flow;
        out.relapsing[index(from)] += flow;
        break;
      case RouteKind::kReentry:
        out.reentries[index(to)] += flow;
        break;
      case RouteKind::kAbandonment:
      case RouteKind::kTurnedAway:
      case RouteKind::kStepUp:
      case RouteKind::kDenial:
        break;  // not in the traffic equations
    }
  }
  return true;
}

}  // namespace

std::optional<NetworkFlows> network_flows(const Network& network) {
  const Scenario& s = network.scenario();
  const std::size_t n = s.levels.size();
  NetworkFlows out;
  out.admissions.assign(n, 0.0);
  out.reentries.assign(n, 0.0);
  out.leaving.assign(n, 0.0);
  out.relapsing.assign(n, 0.0);
  if (s.classes.size() > 1 && !referred_classes(s).empty()) {
    for (std::size_t c : referred_classes(s)) {
      const Scenario view = class_view(s, c);
      if (!add_flows(Network(view), out)) return std::nullopt;
    }
  } else if (!add_flows(network, out)) {
    return std::nullopt;
  }
  return out;
}

}  // namespace continuum
