// The care network in Graphviz DOT, drawn to be read: levels in care order left to right, edge
// widths by the traffic equations' flows, one re-entry node per target level, a legend.
#include "continuum/output/dot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "continuum/network/capacity_analysis.hpp"
#include "continuum/network/care_order.hpp"
#include "continuum/network/flows.hpp"
#include "continuum/output/format.hpp"

namespace continuum {

namespace {

// A DOT string literal: quotes and backslashes escaped, "\n" kept as DOT's line break.
std::string dot_quoted(const std::string& text) {
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

// Text inside an HTML-like label.
std::string html(const std::string& text) {
  std::string out;
  for (char ch : text) {
    if (ch == '&')
      out += "&amp;";
    else if (ch == '<')
      out += "&lt;";
    else if (ch == '>')
      out += "&gt;";
    else if (ch == '"')
      out += "&quot;";
    else
      out += ch;
  }
  return out;
}

// Patients per day: two decimals, three under 0.005 (the unit is in the legend).
std::string flow_text(double flow) {
  if (flow > 0 && flow < 0.005) return fmt::format("{:.3f}", flow);
  return fmt::format("{:.2f}", flow);
}
std::string per_day(double flow) {
  return flow_text(flow) + "/day";
}

constexpr const char* kEntryColor = "steelblue";
constexpr const char* kCareColor = "black";
constexpr const char* kReentryColor = "firebrick";
constexpr const char* kLeaveColor = "gray45";
constexpr const char* kLostColor = "gray60";
constexpr double kMinPen = 1.0, kMaxPen = 8.0;

// Every drawn route and where its flow comes from; widths need the largest flow first.
struct Drawing {
  const Network& network;
  std::optional<NetworkFlows> flows;
  CareOrder order;
  double max_flow = 0;

  // The line width of a route carrying `flow` patients per day: linear from kMinPen (no flow)
  // to kMaxPen (the largest flow in the drawing).
  double penwidth(double flow) const {
    if (!flows || !(max_flow > 0)) return kMinPen;
    return kMinPen + (kMaxPen - kMinPen) * std::max(0.0, flow) / max_flow;
  }
  // "label=..., penwidth=..." for a route with a flow, or its probability when the traffic
  // equations have no solution.
  std::string flow_attributes(double flow, double probability) const {
    if (!flows) return fmt::format("label={}", dot_quoted(fmt::format("p {:g}", probability)));
    return fmt::format("label={}, penwidth={:.2f}", dot_quoted(flow_text(flow)), penwidth(flow));
  }
};

std::string level_id(std::size_t l) {
  return fmt::format("level{}", l);
}

// Level vertices: rounded boxes with capacity, mean stay and admissions per day.
void write_levels(std::string& out, const Drawing& d) {
  const Scenario& s = d.network.scenario();
  // The stays `analyze` gives (class-weighted); without a solution, each level's own.
  std::vector<double> stays;
  if (d.flows) stays = level_mean_stays_days(d.network);
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    const LevelSpec& spec = s.levels[l];
    std::string label =
        fmt::format("{}\ncapacity {}\nstay {:.1f} d", spec.name, capacity_text(spec.capacity),
                    d.flows ? stays[l] : mean_stay_days(spec));
    if (d.flows) label += fmt::format("\nin {}", per_day(d.flows->admissions[l]));
    out +=
        fmt::format("  {} [label={}, shape=box, style=\"rounded,bold\", margin=\"0.15,0.06\"];\n",
                    level_id(l), dot_quoted(label));
  }
  // One column per layer, in care order; an invisible chain keeps the columns in that order.
  int layers = 0;
  for (int layer : d.order.layer)
    layers = std::max(layers, layer + 1);
  std::vector<std::vector<std::size_t>> columns(static_cast<std::size_t>(layers));
  for (std::size_t l : d.order.order)
    columns[static_cast<std::size_t>(d.order.layer[l])].push_back(l);
  for (std::size_t c = 0; c < columns.size(); ++c) {
    out += fmt::format("  {{ rank=same; ");
    for (std::size_t l : columns[c])
      out += level_id(l) + "; ";
    out += fmt::format("}}  // care order column {}\n", c + 1);
  }
  for (std::size_t c = 0; c + 1 < columns.size(); ++c)
    out += fmt::format("  {} -> {} [style=invis, weight=10];\n", level_id(columns[c].front()),
                       level_id(columns[c + 1].front()));
}

// A route's flow in `flows` (0 when no class takes it).
double flow_of(const std::map<std::pair<std::size_t, std::size_t>, double>& flows,
               std::pair<std::size_t, std::size_t> route) {
  const auto it = flows.find(route);
  return it == flows.end() ? 0.0 : it->second;
}

// Referral streams: one vertex each, with an edge to every level it refers to (with classes,
// also the levels only some class's `entry_by_class` refers to).
void write_streams(std::string& out, const Drawing& d) {
  const Scenario& s = d.network.scenario();
  const NetworkGraph& g = d.network.graph();
  for (std::size_t a = 0; a < s.arrivals.size(); ++a) {
    const ArrivalSpec& spec = s.arrivals[a];
    out +=
        fmt::format("  stream{} [label={}, shape=invhouse, color={}, fontcolor={}];\n", a,
                    dot_quoted(fmt::format("{}\nreferrals {:g}/day", spec.name, spec.rate_per_day)),
                    kEntryColor, kEntryColor);
    auto edge = [&](std::size_t l, double flow, double probability, const std::string& tooltip) {
      out += fmt::format("  stream{} -> {} [{}, color={}, fontcolor={}, tooltip={}];\n", a,
                         level_id(l), d.flow_attributes(flow, probability), kEntryColor,
                         kEntryColor, dot_quoted(tooltip));
    };
    std::set<std::size_t> written;
    for (auto [e, end] = boost::out_edges(d.network.arrival(a), g); e != end; ++e) {
      const std::size_t l = static_cast<std::size_t>(g[boost::target(*e, g)].index);
      if (!written.insert(l).second) continue;
      edge(l, d.flows ? flow_of(d.flows->entries, {a, l}) : 0, g[*e].probability,
           fmt::format("entry {:g}", g[*e].probability));
    }
    if (d.flows)
      for (const auto& [route, flow] : d.flows->entries)
        if (route.first == a && written.insert(route.second).second)
          edge(route.second, flow, 0, "entry_by_class");
  }
}

// Completers moving between levels (`next`), one edge per route (with classes, also the routes
// only some class's `by_class` `next` takes); routes running against the care order (step-ups)
// are written reversed with dir=back, so the ranking keeps the order.
void write_moves(std::string& out, const Drawing& d) {
  const NetworkGraph& g = d.network.graph();
  const std::size_t n = d.network.scenario().levels.size();
  auto edge = [&](std::size_t from, std::size_t to, double flow, double probability,
                  const std::string& tooltip) {
    const std::string attributes =
        fmt::format("{}, color={}, tooltip={}", d.flow_attributes(flow, probability), kCareColor,
                    dot_quoted(tooltip));
    if (d.order.backward(from, to))
      out += fmt::format("  {} -> {} [{}, dir=back];  // step-up\n", level_id(to), level_id(from),
                         attributes);
    else
      out += fmt::format("  {} -> {} [{}];\n", level_id(from), level_id(to), attributes);
  };
  std::set<std::pair<std::size_t, std::size_t>> written;
  for (std::size_t from = 0; from < n; ++from) {
    for (auto [e, end] = boost::out_edges(d.network.level(from), g); e != end; ++e) {
      const NetworkVertex target = boost::target(*e, g);
      if (g[*e].kind != RouteKind::kNext || target == d.network.left_care()) continue;
      const std::size_t to = static_cast<std::size_t>(g[target].index);
      if (!written.insert({from, to}).second) continue;
      edge(from, to, d.flows ? flow_of(d.flows->moves, {from, to}) : 0, g[*e].probability,
           fmt::format("next {:g} of completers", g[*e].probability));
    }
    if (d.flows)
      for (const auto& [route, flow] : d.flows->moves)
        if (route.first == from && written.insert(route).second)
          edge(from, route.second, flow, 0, "next (by_class)");
  }
}

// Per level, one "left care" vertex: one edge for everyone leaving (exit and dropouts, saying
// how many relapse later), one dashed edge for those lost from the waitlist; `on_abandon` routes
// to levels dashed too.
void write_leaving(std::string& out, const Drawing& d) {
  const Scenario& s = d.network.scenario();
  const NetworkGraph& g = d.network.graph();
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    bool leaves = false, abandon = false, turned_away = false;
    std::vector<std::string> probabilities;  // exit, dropout and relapse, for the tooltip
    for (auto [e, end] = boost::out_edges(d.network.level(l), g); e != end; ++e) {
      const NetworkEdge& edge = g[*e];
      const NetworkVertex target = boost::target(*e, g);
      switch (edge.kind) {
        case RouteKind::kNext:
          if (target != d.network.left_care()) break;
          leaves = true;
          probabilities.push_back(fmt::format("exit {:g}", edge.probability));
          break;
        case RouteKind::kDropout:
          leaves = true;
          probabilities.push_back(fmt::format("dropout {:g}", edge.probability));
          break;
        case RouteKind::kRelapse:
          leaves = true;
          probabilities.push_back(fmt::format("relapse {:g}{}", edge.probability,
                                              edge.after_dropout ? " after dropout" : ""));
          break;
        case RouteKind::kAbandonment:
          if (target == d.network.left_care()) {
            abandon = true;
          } else {
            const std::size_t to = static_cast<std::size_t>(g[target].index);
            const std::string attributes = fmt::format(
                "label={}, style=dashed, color={}, fontcolor={}, constraint=false",
                dot_quoted(fmt::format("abandon {:g}", edge.probability)), kLostColor, kLostColor);
            out += fmt::format("  {} -> {} [{}];\n", level_id(l), level_id(to), attributes);
          }
          break;
        case RouteKind::kTurnedAway:
          turned_away = true;
          break;
        case RouteKind::kStepUp:    // drug_testing.step_up.to: not in the traffic equations
        case RouteKind::kDenial: {  // authorization on_denial: neither
          if (target == d.network.left_care()) {
            leaves = true;
            break;
          }
          const bool step_up = edge.kind == RouteKind::kStepUp;
          const std::size_t to = static_cast<std::size_t>(g[target].index);
          const std::string attributes = fmt::format(
              "label={}, style=dashed, color={}, fontcolor={}, constraint=false",
              dot_quoted(fmt::format("{} {:g}", step_up ? "step-up" : "denied", edge.probability)),
              step_up ? "darkorange" : "gray40", step_up ? "darkorange" : "gray40");
          out += fmt::format("  {} -> {} [{}];\n", level_id(l), level_id(to), attributes);
          break;
        }
        default:
          break;
      }
    }
    if (!leaves && !abandon && !turned_away) continue;
    // The vertex says how many leave; Graphviz places it just right of the level.
    std::string label = "left care";
    if (leaves && d.flows) {
      label += " " + per_day(d.flows->leaving[l]);
      if (d.flows->relapsing[l] > 0)
        label += fmt::format("\n({} relapse)", flow_text(d.flows->relapsing[l]));
    }
    out += fmt::format("  left{} [label={}, shape=plaintext, fontsize=10, fontcolor={}];\n", l,
                       dot_quoted(label), kLeaveColor);
    if (leaves)
      out +=
          fmt::format("  {} -> left{} [{}penwidth={:.2f}, color={}, tooltip={}];\n", level_id(l), l,
                      d.flows ? "" : "label=" + dot_quoted("p " + join(probabilities, ", ")) + ", ",
                      d.penwidth(d.flows ? d.flows->leaving[l] : 0), kLeaveColor,
                      dot_quoted(join(probabilities, ", ")));
    if (abandon || turned_away)
      out += fmt::format("  {} -> left{} [style=dashed, color={}, tooltip={}];\n", level_id(l), l,
                         kLostColor,
                         dot_quoted(abandon && turned_away ? "abandoned or turned away"
                                    : abandon              ? "abandoned the waitlist"
                                                           : "turned away (waitlist full)"));
  }
}

// One "returns after relapse" vertex per level that relapsed patients re-enter, whatever pool
// (the global re-entry map or a level's own) they come from.
void write_reentries(std::string& out, const Drawing& d) {
  const NetworkGraph& g = d.network.graph();
  std::map<std::size_t, std::vector<std::string>> shares;  // per target level
  for (auto [e, end] = boost::edges(g); e != end; ++e)
    if (g[*e].kind == RouteKind::kReentry) {
      const std::size_t to = static_cast<std::size_t>(g[boost::target(*e, g)].index);
      shares[to].push_back(fmt::format("re-entry {:g}", g[*e].probability));
    }
  for (const auto& [l, probabilities] : shares) {
    out += fmt::format(
        "  relapse{} [label=\"returns after\\nrelapse\", shape=ellipse, fontsize=10, "
        "color={}, fontcolor={}];\n",
        l, kReentryColor, kReentryColor);
    const double flow = d.flows ? d.flows->reentries[l] : 0;
    const std::string label = d.flows ? flow_text(flow) : "p " + join(probabilities, ", ");
    out += fmt::format(
        "  relapse{} -> {} [label={}, penwidth={:.2f}, color={}, fontcolor={}, "
        "tooltip={}];\n",
        l, level_id(l), dot_quoted(label), d.penwidth(flow), kReentryColor, kReentryColor,
        dot_quoted(join(probabilities, ", ")));
  }
}

// The legend, as the graph's HTML-like label under the drawing: what widths, numbers, colours
// and shapes mean.
std::string legend(const Drawing& d) {
  const Scenario& s = d.network.scenario();
  auto swatch = [](const char* color, int height) {
    return fmt::format("<td width=\"36\" height=\"{}\" fixedsize=\"true\" bgcolor=\"{}\"></td>",
                       height, color);
  };
  auto row = [](const std::string& cell, const std::string& text) {
    return fmt::format("<tr>{}<td align=\"left\">{}</td></tr>", cell, text);
  };
  std::string rows;
  rows += fmt::format("<tr><td colspan=\"2\" align=\"left\"><b>{}</b>: the care network</td></tr>",
                      html(s.name));
  if (d.flows) {
    rows += row(swatch(kCareColor, static_cast<int>(kMaxPen)),
                fmt::format("numbers on lines: patients per day, from the traffic equations (no "
                            "abandonment); line width grows with them, to {:.0f} pt at {}",
                            kMaxPen, html(per_day(d.max_flow))));
  } else {
    rows += row("<td></td>",
                "the traffic equations have no solution (a closed loop): numbers on lines are "
                "probabilities; widths are not drawn");
  }
  rows += row(swatch(kEntryColor, 3), "referrals entering care (pentagon: a referral stream)");
  rows += row(swatch(kCareColor, 3),
              "moving on between levels (box: a level of care with its capacity, mean stay and "
              "admissions per day); step-ups point right to left");
  rows += row(swatch(kReentryColor, 3),
              "re-entry after relapse (ellipse: patients returning after a relapse, one per "
              "level they return to)");
  rows += row(swatch(kLeaveColor, 3), "leaving care: completed or dropped out (how many relapse)");
  rows += row("<td><font color=\"gray60\">- - -</font></td>",
              "lost from the waitlist: abandoned or turned away (depends on the waits)");
  rows += row("<td></td>", "columns: levels in care order, left to right (docs/network.md)");
  return "<<table border=\"0\" cellborder=\"0\" cellspacing=\"2\" cellpadding=\"0\">" + rows +
         "</table>>";
}

// The largest flow the drawing shows: entries, moves, re-entries and leaving.
double largest_flow(const NetworkFlows& f) {
  double m = 0;
  for (const auto& [key, flow] : f.entries)
    m = std::max(m, flow);
  for (const auto& [key, flow] : f.moves)
    m = std::max(m, flow);
  for (double flow : f.reentries)
    m = std::max(m, flow);
  for (double flow : f.leaving)
    m = std::max(m, flow);
  return m;
}

}  // namespace

std::string network_dot(const Network& network) {
  const Scenario& s = network.scenario();
  const NetworkGraph& g = network.graph();
  Drawing d{network, network_flows(network), {}, 0};
  // The care order: weights are the completers' flows (their shares when there is no solution);
  // abandonment referrals take part with weight 0 (their flow is not known).
  std::map<std::pair<std::size_t, std::size_t>, double> weight;
  for (std::size_t from = 0; from < s.levels.size(); ++from)
    for (auto [e, end] = boost::out_edges(network.level(from), g); e != end; ++e) {
      const NetworkVertex target = boost::target(*e, g);
      if (target == network.left_care() || g[target].kind != NodeKind::kLevel) continue;
      const std::size_t to = static_cast<std::size_t>(g[target].index);
      if (g[*e].kind == RouteKind::kNext)
        weight[{from, to}] += d.flows ? 0.0 : g[*e].share;
      else if (g[*e].kind == RouteKind::kAbandonment)
        weight[{from, to}] += 0.0;
    }
  if (d.flows)
    for (const auto& [route, flow] : d.flows->moves)
      weight[route] += flow;
  d.order = care_order(s.levels.size(), weight);
  if (d.flows) d.max_flow = largest_flow(*d.flows);

  std::string out = "digraph G {\n";
  out += "  rankdir=LR;\n  size=\"11,8.5\";\n  ratio=compress;\n  nodesep=0.3;\n  ranksep=0.35;\n";
  out += "  labelloc=b;\n  labeljust=l;\n  fontname=\"Helvetica\";\n  fontsize=11;\n";
  out += "  label=" + legend(d) + ";\n";
  out += "  node [fontname=\"Helvetica\", fontsize=11];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  write_levels(out, d);
  write_streams(out, d);
  write_moves(out, d);
  write_reentries(out, d);
  write_leaving(out, d);
  return out + "}\n";
}

}  // namespace continuum
