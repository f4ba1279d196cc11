// The care network as a Boost.Graph digraph, built once from a scenario: the single description of
// routing that the structural checks (checks.hpp), the traffic equations (traffic.hpp), the
// engine's routing tables (below) and the drawing (output/dot.hpp) are all derived from.
#pragma once

#include <boost/graph/adjacency_list.hpp>

#include <cstddef>
#include <string>
#include <vector>

#include "continuum/model/scenario.hpp"

namespace continuum {

enum class NodeKind {
  kLevel,      // a level of care
  kArrival,    // an external referral stream
  kCommunity,  // patients who left care and relapsed: they re-enter after time_to_relapse (one
               // vertex for the global re-entry map, one per level with its own)
  kLeftCare,   // left care for good (exit without relapse, abandonment, turned away)
};

enum class RouteKind {
  kEntry,        // arrival stream -> level
  kNext,         // level -> level or left care: where a completer goes (scenario `next`)
  kDropout,      // level -> left care: dropouts who do not relapse
  kAbandonment,  // level -> left care, or the `on_abandon` target: abandoned the waitlist
  kTurnedAway,   // level -> left care: turned away from a full waitlist (max_length)
  kRelapse,      // level -> community: patients who leave care (complete to exit, or drop out)
                 // and relapse
  kReentry,      // community -> level: where relapsing patients re-enter
  kStepUp,       // level -> level: a drug-testing step-up (levels.L.drug_testing.step_up.to)
  kDenial,       // level -> level or left care: an authorization's `on_denial` routes, taken
                 // at a rate not known here (never read as on_abandon)
};

struct NetworkNode {
  NodeKind kind = NodeKind::kLevel;
  // Level or arrival stream index; for a community vertex, the level whose own re-entry map it
  // carries (-1: the global one); -1 for left care.
  int index = -1;
};

struct NetworkEdge {
  RouteKind kind = RouteKind::kNext;
  // As the scenario gives it, conditional on the edge's event: a `next` share among completers,
  // a dropout probability, a relapse probability among leavers, an entry or re-entry share.
  // NaN for abandonment to left care (no `on_abandon`) and turn-away.
  double probability = 0;
  // The share of all patients at the source (admitted to the level; referred by the stream;
  // relapsing) who take this edge. A level's shares sum to 1; abandonment and turn-away have
  // share 0 (they depend on the waits; the traffic equations ignore them); a `next: exit` edge
  // has share 0 when everyone leaving relapses.
  double share = 0;
  bool after_dropout = false;  // relapse edges: the dropouts' relapse (else the completers')
  SourcePos pos;               // where the scenario defines the route
};

// Vertices: levels 0..L-1 in scenario order, then arrival streams, then community, then left
// care, then one community vertex per level whose relapse has its own re-entry map (levels.L.
// relapse.reentry), in level order. Out-edges keep insertion order (vecS), which is scenario
// order within each kind. Relapse edges use each level's relapse resolved by precedence
// (class_view.hpp, without class layers: see class_view() for a class's network).
using NetworkGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                           NetworkNode, NetworkEdge>;
using NetworkVertex = NetworkGraph::vertex_descriptor;

class Network {
 public:
  // Keeps a reference: the scenario must outlive the network.
  explicit Network(const Scenario& scenario);

  const Scenario& scenario() const { return scenario_; }
  const NetworkGraph& graph() const { return graph_; }
  NetworkVertex level(std::size_t l) const { return l; }
  NetworkVertex arrival(std::size_t a) const { return scenario_.levels.size() + a; }
  NetworkVertex community() const { return scenario_.levels.size() + scenario_.arrivals.size(); }
  NetworkVertex left_care() const { return community() + 1; }
  // Where patients relapsing after leaving care from level `l` wait to re-enter.
  NetworkVertex community_of(std::size_t l) const { return relapse_pool_[l]; }
  // The level's or stream's name, "community" or "left care".
  std::string name(NetworkVertex v) const;

 private:
  // A route's target (a level index or kExit) as a vertex.
  NetworkVertex vertex_of(int target) const;
  // The edges out of level `l`, in the order routing_tables() reads them back: completers'
  // `next` routes, dropouts, relapse, abandonment, turn-away.
  void add_level_edges(std::size_t l);
  // Entry edges of every arrival stream, then re-entry edges from the community.
  void add_entry_and_reentry_edges();

  const Scenario& scenario_;
  NetworkGraph graph_;
  std::vector<NetworkVertex> relapse_pool_;  // per level: its community vertex
};

// The routing tables the engine draws from, read back from the graph's edges in scenario order
// (targets are level indices or kExit), so the engine routes exactly as the graph describes.
struct RoutingTables {
  std::vector<std::vector<Route>> next;        // per level: where completers go
  std::vector<std::vector<Route>> entry;       // per arrival stream
  std::vector<Route> reentry;                  // after a relapse (empty without relapse)
  std::vector<std::vector<Route>> on_abandon;  // per level: abandoners' referral (empty: lost)
};
RoutingTables routing_tables(const Network& network);

}  // namespace continuum
