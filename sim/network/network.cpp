// The care network graph built from a scenario, vertex names, and the engine's routing tables
// read back from its edges.
#include "continuum/network/network.hpp"

#include <cmath>
#include <limits>

#include "continuum/model/class_view.hpp"
#include "route_probabilities.hpp"

namespace continuum {

Network::Network(const Scenario& scenario)
    : scenario_(scenario), graph_(scenario.levels.size() + scenario.arrivals.size() + 2) {
  for (std::size_t l = 0; l < scenario.levels.size(); ++l)
    graph_[level(l)] = {NodeKind::kLevel, static_cast<int>(l)};
  for (std::size_t a = 0; a < scenario.arrivals.size(); ++a)
    graph_[arrival(a)] = {NodeKind::kArrival, static_cast<int>(a)};
  graph_[community()] = {NodeKind::kCommunity, -1};
  graph_[left_care()] = {NodeKind::kLeftCare, -1};
  relapse_pool_.assign(scenario.levels.size(), community());
  for (std::size_t l = 0; l < scenario.levels.size(); ++l) {
    const std::optional<ResolvedRelapse> r =
        resolve_relapse(scenario, scenario.levels[l], kNoClass);
    if (r && r->level_reentry) {
      relapse_pool_[l] =
          boost::add_vertex(NetworkNode{NodeKind::kCommunity, static_cast<int>(l)}, graph_);
      for (const Route& route : *r->reentry)
        boost::add_edge(relapse_pool_[l], vertex_of(route.target),
                        NetworkEdge{RouteKind::kReentry, route.probability, route.probability,
                                    false, route.pos},
                        graph_);
    }
  }
  for (std::size_t l = 0; l < scenario.levels.size(); ++l)
    add_level_edges(l);
  add_entry_and_reentry_edges();
}

NetworkVertex Network::vertex_of(int target) const {
  return is_exit(target) ? left_care() : level(static_cast<std::size_t>(target));
}

void Network::add_level_edges(std::size_t l) {
  const LevelSpec& spec = scenario_.levels[l];
  const std::optional<ResolvedRelapse> relapse = resolve_relapse(scenario_, spec, kNoClass);
  const double r = relapse ? relapse->probability : 0.0;
  const double r_dropout = relapse ? relapse->probability_after_dropout : 0.0;
  const double d = dropout_probability(spec);
  double exit_probability = 0;
  // Completers first, in scenario order: routing_tables() reads them back in this order.
  for (const Route& route : spec.next) {
    double share = (1 - d) * route.probability;
    if (is_exit(route.target)) {
      exit_probability += route.probability;
      share *= 1 - r;
    }
    boost::add_edge(level(l), vertex_of(route.target),
                    NetworkEdge{RouteKind::kNext, route.probability, share, false, route.pos},
                    graph_);
  }
  if (d > 0 && r_dropout < 1)
    boost::add_edge(level(l), left_care(),
                    NetworkEdge{RouteKind::kDropout, d, d * (1 - r_dropout), false, spec.pos},
                    graph_);
  const SourcePos relapse_pos = relapse ? relapse->pos : SourcePos{};
  if (exit_probability > 0 && r > 0 && d < 1)
    boost::add_edge(
        level(l), community_of(l),
        NetworkEdge{RouteKind::kRelapse, r, (1 - d) * exit_probability * r, false, relapse_pos},
        graph_);
  if (d > 0 && r_dropout > 0)
    boost::add_edge(level(l), community_of(l),
                    NetworkEdge{RouteKind::kRelapse, r_dropout, d * r_dropout, true, relapse_pos},
                    graph_);
  constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();
  if (spec.waitlist.patience && spec.waitlist.on_abandon.empty())
    boost::add_edge(level(l), left_care(),
                    NetworkEdge{RouteKind::kAbandonment, kUnknown, 0, false, spec.pos}, graph_);
  for (const Route& route : spec.waitlist.on_abandon)
    boost::add_edge(level(l), vertex_of(route.target),
                    NetworkEdge{RouteKind::kAbandonment, route.probability, 0, false, route.pos},
                    graph_);
  // Authorization denials (levels.L.authorization.P.on_denial): they may be taken, at a rate
  // the network does not know (reachable as abandonment routes are; their own kind, so that the
  // engine's on_abandon tables never read them).
  for (const AuthorizationSpec& auth : spec.authorization)
    for (const Route& route : auth.on_denial)
      boost::add_edge(level(l), vertex_of(route.target),
                      NetworkEdge{RouteKind::kDenial, route.probability, 0, false, route.pos},
                      graph_);
  if (spec.waitlist.max_length)
    boost::add_edge(level(l), left_care(),
                    NetworkEdge{RouteKind::kTurnedAway, kUnknown, 0, false, spec.pos}, graph_);
  if (spec.drug_testing)  // a share of unknown size (positives): reachability only
    for (const Route& route : spec.drug_testing->to)
      boost::add_edge(level(l), vertex_of(route.target),
                      NetworkEdge{RouteKind::kStepUp, route.probability, 0, false, route.pos},
                      graph_);
}

void Network::add_entry_and_reentry_edges() {
  for (std::size_t a = 0; a < scenario_.arrivals.size(); ++a)
    for (const Route& route : scenario_.arrivals[a].entry)
      boost::add_edge(
          arrival(a), vertex_of(route.target),
          NetworkEdge{RouteKind::kEntry, route.probability, route.probability, false, route.pos},
          graph_);
  if (scenario_.relapse)
    for (const Route& route : scenario_.relapse->reentry)
      boost::add_edge(
          community(), vertex_of(route.target),
          NetworkEdge{RouteKind::kReentry, route.probability, route.probability, false, route.pos},
          graph_);
}

std::string Network::name(NetworkVertex v) const {
  const NetworkNode& node = graph_[v];
  switch (node.kind) {
    case NodeKind::kLevel:
      return scenario_.levels[static_cast<std::size_t>(node.index)].name;
    case NodeKind::kArrival:
      return scenario_.arrivals[static_cast<std::size_t>(node.index)].name;
    case NodeKind::kCommunity:
      return node.index < 0 ? "community"
                            : "community (after " +
                                  scenario_.levels[static_cast<std::size_t>(node.index)].name + ")";
    case NodeKind::kLeftCare:
      return "left care";
  }
  return "";
}

RoutingTables routing_tables(const Network& network) {
  const NetworkGraph& g = network.graph();
  const Scenario& s = network.scenario();
  auto target_of = [&](NetworkVertex v) { return v == network.left_care() ? kExit : g[v].index; };
  auto routes_from = [&](NetworkVertex v, RouteKind kind) {
    std::vector<Route> routes;
    for (auto [e, end] = boost::out_edges(v, g); e != end; ++e)
      if (g[*e].kind == kind && !std::isnan(g[*e].probability))
        routes.push_back({target_of(boost::target(*e, g)), g[*e].probability, g[*e].pos});
    return routes;
  };
  RoutingTables tables;
  for (std::size_t l = 0; l < s.levels.size(); ++l)
    tables.next.push_back(routes_from(network.level(l), RouteKind::kNext));
  for (std::size_t a = 0; a < s.arrivals.size(); ++a)
    tables.entry.push_back(routes_from(network.arrival(a), RouteKind::kEntry));
  tables.reentry = routes_from(network.community(), RouteKind::kReentry);
  for (std::size_t l = 0; l < s.levels.size(); ++l)
    tables.on_abandon.push_back(routes_from(network.level(l), RouteKind::kAbandonment));
  return tables;
}

}  // namespace continuum
