// The care network as a Boost.Graph digraph, built once from a scenario: the single description of
// routing that the structural checks, the traffic equations, the engine's routing tables and the
// drawing are all derived from.
#pragma once

#include <boost/graph/adjacency_list.hpp>

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "continuum/core/diagnostics.hpp"
#include "continuum/model/scenario.hpp"

namespace continuum {

enum class NodeKind {
  kLevel,      // a level of care
  kArrival,    // an external referral stream
  kCommunity,  // patients who left care and relapsed: they re-enter after time_to_relapse
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
};

struct NetworkNode {
  NodeKind kind = NodeKind::kLevel;
  int index = -1;  // level or arrival stream index; -1 for community and left care
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
// care. Out-edges keep insertion order (vecS), which is scenario order within each kind.
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
  // The level's or stream's name, "community" or "left care".
  std::string name(NetworkVertex v) const;

 private:
  const Scenario& scenario_;
  NetworkGraph graph_;
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

// Structural checks, in file order: errors for levels no arrival stream can reach and for closed
// loops (levels patients can enter but never leave, relapse with probability 1 included);
// warnings for loops of hold_while_waiting levels (possible gridlock).
std::vector<Diagnostic> check_network(const Network& network);

// Loads a scenario and runs the structural checks: throws ScenarioError (holding the warnings
// too) when there is an error, else returns the scenario and appends the warnings to `warnings`.
Scenario load_checked_scenario(const std::string& path, std::vector<Diagnostic>& warnings);

// Traffic equations: the expected referrals (= admissions, when nobody abandons or is turned
// away) per day at each level and the relapses per day, from
//   lambda_j = external_j + sum_i lambda_i (1 - d_i) P_ij + reentry_j * relapses,
//   relapses = sum_i lambda_i (d_i r_dropout + (1 - d_i) P_i,exit r).
// Empty when the system is singular (a closed loop: check_network reports it).
struct TrafficSolution {
  std::vector<double> admissions_per_day;  // per level
  double relapses_per_day = 0;
};
std::optional<TrafficSolution> solve_traffic(const Network& network);

// Rough-cut capacity per level: each level as an M/M/c queue fed by its traffic-equation
// admissions. An approximation: stays are not exponential, arrivals to inner levels are not
// Poisson, and abandonment, turn-away and holds are ignored.
struct LevelCapacity {
  double admissions_per_day = 0;
  double mean_stay_days = 0;          // (1 - d) mean(length_of_stay) + d mean(dropout time)
  double offered_load = 0;            // slots busy on average: admissions x mean stay
  std::optional<double> utilization;  // offered load / capacity; none for unlimited capacity
  std::optional<double> erlang_c_mean_wait_days;  // none when overloaded
};
struct CapacityAnalysis {
  std::vector<LevelCapacity> levels;
  double relapses_per_day = 0;
  std::vector<Diagnostic> warnings;  // overloaded levels
};
// Throws ScenarioError when the traffic equations have no solution (a closed loop).
CapacityAnalysis analyze_capacity(const Network& network);
// The `continuum analyze` table and JSON.
std::string capacity_table(const Network& network, const CapacityAnalysis& analysis);
nlohmann::ordered_json capacity_json(const Network& network, const CapacityAnalysis& analysis);

// The network in Graphviz DOT (Boost.Graph's write_graphviz): levels with capacity and mean stay,
// edges with their probabilities; abandonment dashed.
std::string network_dot(const Network& network);
// Renders DOT text with Graphviz's `dot` program (`format`: svg, png, ...). Throws
// std::runtime_error saying how to install Graphviz when `dot` is not on the PATH.
std::string render_dot(const std::string& dot, const std::string& format);

}  // namespace continuum
