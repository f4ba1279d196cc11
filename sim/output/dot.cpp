// The care network in Graphviz DOT: one writer for vertices, one for edges, one for the graph.
#include "continuum/output/dot.hpp"
#include "continuum/output/format.hpp"

#include <fmt/format.h>
#include <boost/graph/graphviz.hpp>

#include <cmath>
#include <ostream>
#include <sstream>

#include "continuum/model/capacity.hpp"
#include "continuum/network/capacity_analysis.hpp"

namespace continuum {

namespace {

// A DOT string literal: quotes and backslashes escaped, "\n" kept as DOT's line break.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"' || ch == '\\') out += '\\';
    if (ch == '\n') {
      out += "\\n";
      continue;
    }
    out += ch;
  }
  return out + "\"";
}

// A vertex's attributes: levels as rounded boxes with capacity and mean stay, streams with their
// rate, the community and left care.
void write_vertex(std::ostream& os, const Network& network, NetworkVertex v) {
  const Scenario& s = network.scenario();
  const NetworkNode& node = network.graph()[v];
  switch (node.kind) {
    case NodeKind::kLevel: {
      const LevelSpec& spec = s.levels[static_cast<std::size_t>(node.index)];
      os << "[label="
         << quoted(fmt::format("{}\ncapacity {}\nmean stay {:.1f} d", spec.name,
                               capacity_text(spec.capacity), mean_stay_days(spec)))
         << ", shape=box, style=rounded]";
      break;
    }
    case NodeKind::kArrival: {
      const ArrivalSpec& spec = s.arrivals[static_cast<std::size_t>(node.index)];
      os << "[label="
         << quoted(fmt::format("referrals: {}\n{:g}/day", spec.name, spec.rate_per_day))
         << ", shape=invhouse]";
      break;
    }
    case NodeKind::kCommunity:
      os << "[label=" << quoted("community\n(relapsed; re-enters after\ntime_to_relapse)")
         << ", shape=ellipse]";
      break;
    case NodeKind::kLeftCare:
      os << "[label=" << quoted("left care") << ", shape=doublecircle]";
      break;
  }
}

// An edge's attributes: its probability as a label; relapse and re-entry red, dropouts grey,
// abandonment and turn-away dashed.
void write_edge(std::ostream& os, const Network& network, NetworkGraph::edge_descriptor e) {
  const NetworkGraph& g = network.graph();
  const NetworkEdge& edge = g[e];
  switch (edge.kind) {
    case RouteKind::kEntry:
      os << "[label=" << quoted(fmt::format("{:g}", edge.probability)) << "]";
      break;
    case RouteKind::kNext:
      os << "[label="
         << quoted(boost::target(e, g) == network.left_care()
                       ? fmt::format("exit {:g}", edge.probability)
                       : fmt::format("{:g}", edge.probability))
         << (edge.share > 0 ? "]" : ", style=dotted]");  // dotted: everyone leaving relapses
      break;
    case RouteKind::kReentry:
      os << "[label=" << quoted(fmt::format("re-entry {:g}", edge.probability))
         << ", color=firebrick]";
      break;
    case RouteKind::kDropout:
      os << "[label=" << quoted(fmt::format("dropout {:g}", edge.probability)) << ", color=gray40]";
      break;
    case RouteKind::kRelapse:
      os << "[label="
         << quoted(fmt::format("relapse {:g}{}", edge.probability,
                               edge.after_dropout ? "\nafter dropout" : ""))
         << ", color=firebrick]";
      break;
    case RouteKind::kAbandonment:
      os << "[label="
         << quoted(std::isnan(edge.probability) ? std::string("abandon")
                                                : fmt::format("abandon {:g}", edge.probability))
         << ", style=dashed, color=gray60]";
      break;
    case RouteKind::kTurnedAway:
      os << "[label=" << quoted("turned away") << ", style=dashed, color=gray60]";
      break;
    case RouteKind::kStepUp:
      os << "[label=" << quoted(fmt::format("step-up {:g}", edge.probability))
         << ", style=dashed, color=darkorange]";
      break;
  }
}

}  // namespace

std::string network_dot(const Network& network) {
  auto vertex_writer = [&](std::ostream& os, NetworkVertex v) { write_vertex(os, network, v); };
  auto edge_writer = [&](std::ostream& os, NetworkGraph::edge_descriptor e) {
    write_edge(os, network, e);
  };
  auto graph_writer = [&](std::ostream& os) {
    os << "label=" << quoted(network.scenario().name)
       << ";\nrankdir=LR;\nnode [fontname=\"Helvetica\"];\n"
       << "edge [fontname=\"Helvetica\", fontsize=10];\n";
  };
  std::ostringstream out;
  boost::write_graphviz(out, network.graph(), vertex_writer, edge_writer, graph_writer);
  return out.str();
}

}  // namespace continuum
