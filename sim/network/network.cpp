// The care network graph, its structural checks, traffic equations, rough-cut capacity and DOT.
#include "continuum/network/network.hpp"

#include <fmt/format.h>
#include <boost/graph/graphviz.hpp>
#include <boost/graph/strong_components.hpp>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "continuum/config/load.hpp"
#include "continuum/model/distribution.hpp"
#include "continuum/network/queueing.hpp"

namespace continuum {

namespace {

constexpr int kUnlimited = std::numeric_limits<int>::max();

double relapse_probability(const Scenario& s) {
  return s.relapse ? s.relapse->probability : 0.0;
}
double relapse_probability_after_dropout(const Scenario& s) {
  return s.relapse ? s.relapse->probability_after_dropout.value_or(s.relapse->probability) : 0.0;
}
double dropout_probability(const LevelSpec& l) {
  return l.dropout ? l.dropout->probability : 0.0;
}

double mean_stay(const LevelSpec& l) {
  const double d = dropout_probability(l);
  const double stay = (1 - d) * mean_of(l.length_of_stay);
  return d > 0 ? stay + d * mean_of(l.dropout->time) : stay;
}

// "a", "a and b", "a, b and c".
std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
  return out;
}

bool sort_by_position(const Diagnostic& a, const Diagnostic& b) {
  return std::tie(a.pos.line, a.pos.column) < std::tie(b.pos.line, b.pos.column);
}

}  // namespace

Network::Network(const Scenario& scenario)
    : scenario_(scenario), graph_(scenario.levels.size() + scenario.arrivals.size() + 2) {
  const std::size_t n_levels = scenario.levels.size();
  for (std::size_t l = 0; l < n_levels; ++l)
    graph_[level(l)] = {NodeKind::kLevel, static_cast<int>(l)};
  for (std::size_t a = 0; a < scenario.arrivals.size(); ++a)
    graph_[arrival(a)] = {NodeKind::kArrival, static_cast<int>(a)};
  graph_[community()] = {NodeKind::kCommunity, -1};
  graph_[left_care()] = {NodeKind::kLeftCare, -1};

  auto vertex_of = [&](int target) {
    return target == kExit ? left_care() : level(static_cast<std::size_t>(target));
  };
  const double r = relapse_probability(scenario);
  const double r_dropout = relapse_probability_after_dropout(scenario);

  for (std::size_t l = 0; l < n_levels; ++l) {
    const LevelSpec& spec = scenario.levels[l];
    const double d = dropout_probability(spec);
    double exit_probability = 0;
    // Completers first, in scenario order: routing_tables() reads them back in this order.
    for (const Route& route : spec.next) {
      double share = (1 - d) * route.probability;
      if (route.target == kExit) {
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
    const SourcePos relapse_pos = scenario.relapse ? scenario.relapse->pos : SourcePos{};
    if (exit_probability > 0 && r > 0 && d < 1)
      boost::add_edge(
          level(l), community(),
          NetworkEdge{RouteKind::kRelapse, r, (1 - d) * exit_probability * r, false, relapse_pos},
          graph_);
    if (d > 0 && r_dropout > 0)
      boost::add_edge(level(l), community(),
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
    if (spec.waitlist.max_length)
      boost::add_edge(level(l), left_care(),
                      NetworkEdge{RouteKind::kTurnedAway, kUnknown, 0, false, spec.pos}, graph_);
  }
  for (std::size_t a = 0; a < scenario.arrivals.size(); ++a)
    for (const Route& route : scenario.arrivals[a].entry)
      boost::add_edge(
          arrival(a), vertex_of(route.target),
          NetworkEdge{RouteKind::kEntry, route.probability, route.probability, false, route.pos},
          graph_);
  if (scenario.relapse)
    for (const Route& route : scenario.relapse->reentry)
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
      return "community";
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

namespace {

// Vertices reachable from `sources` along edges with a positive share (forward), or that reach
// them (backward); with `abandonment`, `on_abandon` routes count too (they may be taken).
std::vector<bool> reach(const NetworkGraph& g, const std::vector<NetworkVertex>& sources,
                        bool forward, bool abandonment = false) {
  std::vector<bool> seen(boost::num_vertices(g), false);
  std::vector<NetworkVertex> stack = sources;
  for (NetworkVertex v : sources)
    seen[v] = true;
  while (!stack.empty()) {
    const NetworkVertex v = stack.back();
    stack.pop_back();
    auto visit = [&](NetworkVertex w, const NetworkEdge& edge) {
      const bool taken = edge.share > 0 || (abandonment && edge.kind == RouteKind::kAbandonment);
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

// Strongly connected components of the subgraph of `g` whose edges pass `keep`; a component id
// per vertex.
template <class Keep>
std::vector<int> components(const NetworkGraph& g, Keep keep, int& count) {
  using Simple = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  Simple sub(boost::num_vertices(g));
  for (auto [e, end] = boost::edges(g); e != end; ++e)
    if (keep(*e)) boost::add_edge(boost::source(*e, g), boost::target(*e, g), sub);
  std::vector<int> component(boost::num_vertices(g));
  count = boost::strong_components(
      sub,
      boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, sub)));
  return component;
}

}  // namespace

std::vector<Diagnostic> check_network(const Network& network) {
  const Scenario& s = network.scenario();
  const NetworkGraph& g = network.graph();
  std::vector<Diagnostic> out;
  auto report = [&](SourcePos pos, std::string message, Diagnostic::Severity severity) {
    out.push_back({s.source_path, pos, std::move(message), severity});
  };

  // Levels no arrival stream can reach.
  const std::vector<bool> reached = reach(g, arrival_vertices(network), true, true);
  for (std::size_t l = 0; l < s.levels.size(); ++l)
    if (!reached[network.level(l)])
      report(s.levels[l].pos,
             fmt::format("levels.{0}: no arrival stream can reach level '{0}' (no entry, next, "
                         "re-entry or on_abandon route leads to it)",
                         s.levels[l].name),
             Diagnostic::Severity::kError);

  // Closed loops: reachable vertices with no path to leaving care for good, grouped into their
  // strongly connected components; a component with no positive edge out of it is the loop.
  const std::vector<bool> leaves = reach(g, {network.left_care()}, false);
  int count = 0;
  const std::vector<int> component = components(
      g, [&](auto e) { return g[e].share > 0; }, count);
  std::vector<bool> closed(static_cast<std::size_t>(count), true),
      trapped(static_cast<std::size_t>(count), false);
  for (NetworkVertex v = 0; v < boost::num_vertices(g); ++v) {
    const auto c = static_cast<std::size_t>(component[v]);
    if (reached[v] && !leaves[v] && v != network.left_care()) trapped[c] = true;
    for (auto [e, end] = boost::out_edges(v, g); e != end; ++e)
      if (g[*e].share > 0 && component[boost::target(*e, g)] != component[v]) closed[c] = false;
  }
  for (std::size_t c = 0; c < closed.size(); ++c) {
    if (!closed[c] || !trapped[c]) continue;
    std::vector<std::string> names;
    std::size_t first = s.levels.size();
    bool with_relapse = false;
    for (std::size_t l = 0; l < s.levels.size(); ++l)
      if (static_cast<std::size_t>(component[network.level(l)]) == c) {
        names.push_back(s.levels[l].name);
        first = std::min(first, l);
      }
    if (static_cast<std::size_t>(component[network.community()]) == c) with_relapse = true;
    if (names.empty()) continue;
    if (with_relapse) {
      report(
          s.relapse->pos,
          fmt::format("relapse: a relapse probability of 1 with re-entry into a loop that cannot "
                      "be left ({}): everyone who leaves care relapses and comes back, so nobody "
                      "leaves care for good",
                      join_names(names)),
          Diagnostic::Severity::kError);
    } else {
      report(s.levels[first].pos,
             fmt::format("levels.{}: closed loop: patients who reach {} never leave care (no "
                         "route out of {} leads to exit)",
                         s.levels[first].name, join_names(names),
                         names.size() == 1 ? "the level" : "the loop"),
             Diagnostic::Severity::kError);
    }
  }

  // Loops of levels that all hold their slot while waiting for the next: possible gridlock.
  auto holds = [&](NetworkVertex v) {
    return g[v].kind == NodeKind::kLevel &&
           s.levels[static_cast<std::size_t>(g[v].index)].hold_while_waiting;
  };
  int hold_count = 0;
  const std::vector<int> hold_component = components(
      g,
      [&](auto e) {
        return g[e].kind == RouteKind::kNext && g[e].probability > 0 &&
               holds(boost::source(e, g)) && holds(boost::target(e, g));
      },
      hold_count);
  for (int c = 0; c < hold_count; ++c) {
    std::vector<std::size_t> members;
    bool self_loop = false;
    for (std::size_t l = 0; l < s.levels.size(); ++l)
      if (hold_component[network.level(l)] == c && holds(network.level(l))) {
        members.push_back(l);
        for (auto [e, end] = boost::out_edges(network.level(l), g); e != end; ++e)
          if (g[*e].kind == RouteKind::kNext && boost::target(*e, g) == network.level(l))
            self_loop = true;
      }
    if (members.size() < 2 && !self_loop) continue;
    std::vector<std::string> names;
    for (std::size_t l : members)
      names.push_back(s.levels[l].name);
    const std::string& first = s.levels[members.front()].name;
    report(s.levels[members.front()].pos,
           members.size() == 1
               ? fmt::format("levels.{0}: possible gridlock: {0} holds its slot while waiting "
                             "(hold_while_waiting) and routes back to itself; when it is full, "
                             "every patient waits for a slot another one holds",
                             first)
               : fmt::format("levels.{}: possible gridlock: {} all hold their slot while waiting "
                             "(hold_while_waiting) and route to one another in a loop; when they "
                             "are all full, every patient waits for a slot another one holds",
                             first, join_names(names)),
           Diagnostic::Severity::kWarning);
  }

  std::stable_sort(out.begin(), out.end(), sort_by_position);
  return out;
}

Scenario load_checked_scenario(const std::string& path, std::vector<Diagnostic>& warnings) {
  Scenario scenario = load_scenario(path);
  std::vector<Diagnostic> found = check_network(Network(scenario));
  const bool failed = std::any_of(found.begin(), found.end(), [](const Diagnostic& d) {
    return d.severity == Diagnostic::Severity::kError;
  });
  if (failed) throw ScenarioError(std::move(found));
  warnings.insert(warnings.end(), found.begin(), found.end());
  return scenario;
}

std::optional<TrafficSolution> solve_traffic(const Network& network) {
  const Scenario& s = network.scenario();
  const NetworkGraph& g = network.graph();
  // Unknowns: admissions per day at each level, then relapses per day (the community vertex).
  // Only vertices reachable from the arrivals take part; the rest carry no flow.
  const std::size_t n_levels = s.levels.size(), n = n_levels + 1;
  auto unknown = [&](NetworkVertex v) -> std::optional<std::size_t> {
    if (g[v].kind == NodeKind::kLevel) return static_cast<std::size_t>(g[v].index);
    if (v == network.community()) return n_levels;
    return std::nullopt;
  };
  const std::vector<bool> reached = reach(g, arrival_vertices(network), true);
  // (I - Q^T) x = external, as a dense n x (n + 1) augmented matrix.
  std::vector<std::vector<double>> a(n, std::vector<double>(n + 1, 0.0));
  for (std::size_t i = 0; i < n; ++i)
    a[i][i] = 1;
  for (auto [e, end] = boost::edges(g); e != end; ++e) {
    const NetworkEdge& edge = g[*e];
    if (!(edge.share > 0)) continue;
    const NetworkVertex from = boost::source(*e, g), to = boost::target(*e, g);
    const auto j = unknown(to);
    if (!j || !reached[to]) continue;
    if (g[from].kind == NodeKind::kArrival) {
      a[*j][n] += s.arrivals[static_cast<std::size_t>(g[from].index)].rate_per_day * edge.share;
    } else if (const auto i = unknown(from); i && reached[from]) {
      a[*j][*i] -= edge.share;
    }
  }
  // Gaussian elimination with partial pivoting; the levels are few.
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t pivot = col;
    for (std::size_t r = col + 1; r < n; ++r)
      if (std::abs(a[r][col]) > std::abs(a[pivot][col])) pivot = r;
    if (std::abs(a[pivot][col]) < 1e-12) return std::nullopt;  // a closed loop
    std::swap(a[col], a[pivot]);
    for (std::size_t r = 0; r < n; ++r) {
      if (r == col || a[r][col] == 0) continue;
      const double f = a[r][col] / a[col][col];
      for (std::size_t k = col; k <= n; ++k)
        a[r][k] -= f * a[col][k];
    }
  }
  TrafficSolution solution;
  for (std::size_t l = 0; l < n_levels; ++l)
    solution.admissions_per_day.push_back(std::max(0.0, a[l][n] / a[l][l]));
  solution.relapses_per_day = std::max(0.0, a[n_levels][n] / a[n_levels][n_levels]);
  return solution;
}

CapacityAnalysis analyze_capacity(const Network& network) {
  const Scenario& s = network.scenario();
  const std::optional<TrafficSolution> traffic = solve_traffic(network);
  if (!traffic) {
    std::vector<Diagnostic> errors = check_network(network);
    std::erase_if(errors,
                  [](const Diagnostic& d) { return d.severity != Diagnostic::Severity::kError; });
    if (errors.empty())
      errors.push_back(
          {s.source_path,
           {},
           "the traffic equations have no solution: some patients can never leave care",
           Diagnostic::Severity::kError});
    throw ScenarioError(std::move(errors));
  }
  CapacityAnalysis out;
  out.relapses_per_day = traffic->relapses_per_day;
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    const LevelSpec& spec = s.levels[l];
    LevelCapacity c;
    c.admissions_per_day = traffic->admissions_per_day[l];
    c.mean_stay_days = mean_stay(spec);
    c.offered_load = c.admissions_per_day * c.mean_stay_days;
    if (spec.capacity == kUnlimited) {
      c.erlang_c_mean_wait_days = 0.0;  // no waitlist
    } else {
      c.utilization = c.offered_load / spec.capacity;
      if (c.offered_load >= spec.capacity) {
        out.warnings.push_back(
            {s.source_path, spec.pos,
             fmt::format("the waitlist at {} grows without bound unless patients abandon it "
                         "(offered load {:.1f} slots, capacity {})",
                         spec.name, c.offered_load, spec.capacity),
             Diagnostic::Severity::kWarning});
      } else if (c.admissions_per_day > 0) {
        c.erlang_c_mean_wait_days =
            queueing::mmc(c.admissions_per_day, 1 / c.mean_stay_days, spec.capacity).mean_wait;
      } else {
        c.erlang_c_mean_wait_days = 0.0;
      }
    }
    out.levels.push_back(c);
  }
  return out;
}

std::string capacity_table(const Network& network, const CapacityAnalysis& analysis) {
  const Scenario& s = network.scenario();
  std::string out;
  auto line = [&out](const std::string& text) { out += text + '\n'; };
  line(fmt::format("{}: traffic equations and rough-cut capacity (no simulation)", s.name));
  line("");
  line(fmt::format("{:<14} {:>9} {:>15} {:>14} {:>13} {:>12} {:>22}", "level", "capacity",
                   "admissions/day", "mean stay (d)", "offered load", "utilization",
                   "Erlang C mean wait (d)"));
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    const LevelSpec& spec = s.levels[l];
    const LevelCapacity& c = analysis.levels[l];
    line(fmt::format(
        "{:<14} {:>9} {:>15.2f} {:>14.1f} {:>13.1f} {:>12} {:>22}", spec.name,
        spec.capacity == kUnlimited ? std::string("unlimited") : std::to_string(spec.capacity),
        c.admissions_per_day, c.mean_stay_days, c.offered_load,
        c.utilization ? fmt::format("{:.3f}", *c.utilization) : std::string("-"),
        c.erlang_c_mean_wait_days ? fmt::format("{:.2f}", *c.erlang_c_mean_wait_days)
                                  : std::string("overloaded")));
  }
  line("");
  line(fmt::format(
      "external referrals/day {:.2f}, relapses/day {:.2f}",
      [&] {
        double total = 0;
        for (const ArrivalSpec& a : s.arrivals)
          total += a.rate_per_day;
        return total;
      }(),
      analysis.relapses_per_day));
  line(
      "Approximation: admissions assume nobody abandons a waitlist or is turned away; the wait is");
  line(
      "Erlang C with each level treated as M/M/c (Poisson referrals, exponential stays), which it");
  line("is not in general. Simulate (continuum run) for the real figures.");
  const bool varies = !s.changes.empty() ||
                      std::any_of(s.arrivals.begin(), s.arrivals.end(), [](const ArrivalSpec& a) {
                        return a.growth_per_year != 0 || !a.monthly_factors.empty();
                      });
  if (varies)
    line("Rates and capacities as at the start: changes, growth and seasonality are left out.");
  return out;
}

nlohmann::ordered_json capacity_json(const Network& network, const CapacityAnalysis& analysis) {
  using Json = nlohmann::ordered_json;
  const Scenario& s = network.scenario();
  Json j;
  j["scenario"] = s.name;
  Json levels = Json::object();
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    const LevelCapacity& c = analysis.levels[l];
    Json level;
    if (s.levels[l].capacity == kUnlimited)
      level["capacity"] = "unlimited";
    else
      level["capacity"] = s.levels[l].capacity;
    level["admissions_per_day"] = c.admissions_per_day;
    level["mean_stay_days"] = c.mean_stay_days;
    level["offered_load"] = c.offered_load;
    level["utilization"] = c.utilization ? Json(*c.utilization) : Json(nullptr);
    level["erlang_c_mean_wait_days"] =
        c.erlang_c_mean_wait_days ? Json(*c.erlang_c_mean_wait_days) : Json(nullptr);
    levels[s.levels[l].name] = level;
  }
  j["levels"] = levels;
  j["relapses_per_day"] = analysis.relapses_per_day;
  Json warnings = Json::array();
  for (const Diagnostic& d : analysis.warnings)
    warnings.push_back(d.message);
  j["warnings"] = warnings;
  return j;
}

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

}  // namespace

std::string network_dot(const Network& network) {
  const Scenario& s = network.scenario();
  const NetworkGraph& g = network.graph();
  auto vertex_writer = [&](std::ostream& os, NetworkVertex v) {
    const NetworkNode& node = g[v];
    switch (node.kind) {
      case NodeKind::kLevel: {
        const LevelSpec& spec = s.levels[static_cast<std::size_t>(node.index)];
        const std::string capacity =
            spec.capacity == kUnlimited ? std::string("unlimited") : std::to_string(spec.capacity);
        os << "[label="
           << quoted(fmt::format("{}\ncapacity {}\nmean stay {:.1f} d", spec.name, capacity,
                                 mean_stay(spec)))
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
  };
  auto edge_writer = [&](std::ostream& os, NetworkGraph::edge_descriptor e) {
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
        os << "[label=" << quoted(fmt::format("dropout {:g}", edge.probability))
           << ", color=gray40]";
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
    }
  };
  auto graph_writer = [&](std::ostream& os) {
    os << "label=" << quoted(s.name) << ";\nrankdir=LR;\nnode [fontname=\"Helvetica\"];\n"
       << "edge [fontname=\"Helvetica\", fontsize=10];\n";
  };
  std::ostringstream out;
  boost::write_graphviz(out, g, vertex_writer, edge_writer, graph_writer);
  return out.str();
}

namespace {

// The `dot` executable on the PATH, or empty.
std::string find_dot() {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    const std::string dir = dirs.substr(start, end - start);
    const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/dot";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "";
}

}  // namespace

std::string render_dot(const std::string& dot, const std::string& format) {
  const std::string program = find_dot();
  if (program.empty())
    throw std::runtime_error(fmt::format(
        "--format {} needs Graphviz's 'dot' program, which is not on the PATH; install Graphviz "
        "(Debian/Ubuntu: sudo apt-get install graphviz; Fedora: sudo dnf install graphviz; macOS: "
        "brew install graphviz) or write DOT with --format dot and render it elsewhere",
        format));
  // The DOT text goes through a private temporary file; dot's output comes back on a pipe.
  std::string input = (std::filesystem::temp_directory_path() / "continuum-graph-XXXXXX").string();
  const int fd = ::mkstemp(input.data());
  if (fd < 0) throw std::runtime_error("cannot create a temporary file for dot");
  ::close(fd);
  {
    std::ofstream out(input, std::ios::binary | std::ios::trunc);
    out << dot;
  }
  const std::string command = fmt::format("'{}' -T{} '{}'", program, format, input);
  std::string output;
  int status = -1;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[65536];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
      output.append(buffer, n);
    status = ::pclose(pipe);
  }
  std::error_code ignored;
  std::filesystem::remove(input, ignored);
  if (status != 0) throw std::runtime_error(fmt::format("{} failed (status {})", command, status));
  return output;
}

}  // namespace continuum
