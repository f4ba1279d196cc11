// Structural checks of the care network: unreachable levels, closed loops, hold gridlock.
#include "continuum/network/checks.hpp"

#include <fmt/format.h>
#include <boost/graph/strong_components.hpp>

#include <algorithm>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "continuum/model/class_view.hpp"
#include "continuum/model/setting_path.hpp"
#include "reach.hpp"

namespace continuum {

namespace {

Diagnostic diagnostic(const Scenario& s, SourcePos pos, std::string message,
                      Diagnostic::Severity severity) {
  return {s.source_path, std::move(pos), std::move(message), severity};
}

// As the loader's lists (config's kJoinedWords): at most this many names in one message.
constexpr std::size_t kJoinedNames = 30;

// "a", "a and b", "a, b and c"; past kJoinedNames names, the first ones and "and N more" (a loop
// of 3,000 levels named all of them in one 20,000-character line).
std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  if (names.size() > kJoinedNames) {
    for (std::size_t i = 0; i < kJoinedNames; ++i)
      out += (i == 0 ? "" : ", ") + names[i];
    return fmt::format("{} and {} more", out, names.size() - kJoinedNames);
  }
  for (std::size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
  return out;
}

bool sort_by_position(const Diagnostic& a, const Diagnostic& b) {
  return std::tie(a.pos.line, a.pos.column) < std::tie(b.pos.line, b.pos.column);
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

// The closed loops: reachable vertices with no path to leaving care for good, grouped into their
// strongly connected components (over positive-share edges); a component with no positive edge
// out of it is a loop. Returns the loops' component ids, ascending; `component` gets the id of
// every vertex.
std::vector<std::size_t> closed_loops(const Network& network, std::vector<int>& component) {
  const NetworkGraph& g = network.graph();
  const std::vector<bool> reached = reach(g, arrival_vertices(network), true, true);
  const std::vector<bool> leaves = reach(g, {network.left_care()}, false);
  int count = 0;
  component = components(
      g, [&](auto e) { return g[e].share > 0; }, count);
  std::vector<bool> closed(static_cast<std::size_t>(count), true),
      trapped(static_cast<std::size_t>(count), false);
  for (NetworkVertex v = 0; v < boost::num_vertices(g); ++v) {
    const auto c = static_cast<std::size_t>(component[v]);
    if (reached[v] && !leaves[v] && v != network.left_care()) trapped[c] = true;
    for (auto [e, end] = boost::out_edges(v, g); e != end; ++e)
      if (g[*e].share > 0 && component[boost::target(*e, g)] != component[v]) closed[c] = false;
  }
  std::vector<std::size_t> loops;
  for (std::size_t c = 0; c < closed.size(); ++c)
    if (closed[c] && trapped[c]) loops.push_back(c);
  return loops;
}

// The error for closed loop `c`, if it holds any level: at `relapse:` when the loop passes
// through the community, else at the loop's first level.
// `members`: the loop's levels in scenario order.
void report_closed_loop(const Network& network, const std::vector<int>& component, std::size_t c,
                        const std::vector<std::size_t>& members, std::vector<Diagnostic>& out) {
  const Scenario& s = network.scenario();
  if (members.empty()) return;
  std::vector<std::string> names;
  for (std::size_t l : members)
    names.push_back(s.levels[l].name);
  const std::size_t first = members.front();
  // The community vertex in the loop, if any: the global one, or a level's own re-entry map's.
  const NetworkGraph& g = network.graph();
  std::optional<NetworkVertex> community;
  for (NetworkVertex v = network.community(); v < boost::num_vertices(g); ++v)
    if (g[v].kind == NodeKind::kCommunity && static_cast<std::size_t>(component[v]) == c) {
      community = v;
      break;
    }
  if (community) {
    const int owner = g[*community].index;  // -1: the global relapse block
    const LevelSpec* level = owner < 0 ? nullptr : &s.levels[static_cast<std::size_t>(owner)];
    const SourcePos pos = level ? level->relapse->pos : s.relapse->pos;
    const std::string where = level ? "levels." + level->name + ".relapse" : "relapse";
    out.push_back(diagnostic(
        s, pos,
        fmt::format("{}: a relapse probability of 1 with re-entry into a loop that cannot "
                    "be left ({}): everyone who leaves care relapses and comes back, so nobody "
                    "leaves care for good",
                    where, join_names(names)),
        Diagnostic::Severity::kError));
  } else {
    out.push_back(diagnostic(
        s, s.levels[first].pos,
        fmt::format("levels.{}: closed loop: patients who reach {} never leave care (no route "
                    "out of {} leads to exit)",
                    s.levels[first].name, join_names(names),
                    names.size() == 1 ? "the level" : "the loop"),
        Diagnostic::Severity::kError));
  }
}

bool holds_slot(const Network& network, NetworkVertex v) {
  const NetworkNode& node = network.graph()[v];
  return node.kind == NodeKind::kLevel &&
         network.scenario().levels[static_cast<std::size_t>(node.index)].hold_while_waiting;
}

// The holding levels of each component of `hold_component` (over `next` routes between holding
// levels) that form a loop -- two or more, or one that routes to itself -- each in scenario order.
// One pass over the levels (a pass per component made the check quadratic in the levels).
std::vector<std::vector<std::size_t>> hold_loops(const Network& network,
                                                 const std::vector<int>& hold_component,
                                                 int count) {
  const NetworkGraph& g = network.graph();
  std::vector<std::vector<std::size_t>> members(static_cast<std::size_t>(count));
  std::vector<bool> self_loop(static_cast<std::size_t>(count), false);
  for (std::size_t l = 0; l < network.scenario().levels.size(); ++l) {
    if (!holds_slot(network, network.level(l))) continue;
    const auto c = static_cast<std::size_t>(hold_component[network.level(l)]);
    members[c].push_back(l);
    for (auto [e, end] = boost::out_edges(network.level(l), g); e != end; ++e)
      if (g[*e].kind == RouteKind::kNext && boost::target(*e, g) == network.level(l))
        self_loop[c] = true;
  }
  std::vector<std::vector<std::size_t>> loops;
  for (std::size_t c = 0; c < members.size(); ++c)
    if (members[c].size() >= 2 || self_loop[c]) loops.push_back(std::move(members[c]));
  return loops;
}

Diagnostic gridlock_warning(const Network& network, const std::vector<std::size_t>& members) {
  const Scenario& s = network.scenario();
  std::vector<std::string> names;
  for (std::size_t l : members)
    names.push_back(s.levels[l].name);
  const std::string& first = s.levels[members.front()].name;
  return diagnostic(
      s, s.levels[members.front()].pos,
      members.size() == 1
          ? fmt::format("levels.{0}: possible gridlock: {0} holds its slot while waiting "
                        "(hold_while_waiting) and routes back to itself; when it is full, every "
                        "patient waits for a slot another one holds",
                        first)
          : fmt::format("levels.{}: possible gridlock: {} all hold their slot while waiting "
                        "(hold_while_waiting) and route to one another in a loop; when they are "
                        "all full, every patient waits for a slot another one holds",
                        first, join_names(names)),
      Diagnostic::Severity::kWarning);
}

}  // namespace

std::vector<Diagnostic> check_unreachable_levels(const Network& network) {
  const Scenario& s = network.scenario();
  const std::vector<bool> reached = reach(network.graph(), arrival_vertices(network), true, true);
  std::vector<Diagnostic> out;
  for (std::size_t l = 0; l < s.levels.size(); ++l)
    if (!reached[network.level(l)])
      out.push_back(diagnostic(
          s, s.levels[l].pos,
          fmt::format("levels.{0}: no arrival stream can reach level '{0}' (no entry, next, "
                      "re-entry or on_abandon route leads to it)",
                      s.levels[l].name),
          Diagnostic::Severity::kError));
  return out;
}

std::vector<Diagnostic> check_closed_loops(const Network& network) {
  std::vector<int> component;
  std::vector<Diagnostic> out;
  const std::vector<std::size_t> loops = closed_loops(network, component);
  if (loops.empty()) return out;
  // The levels of every component in one pass (a pass per loop was quadratic in the levels).
  std::vector<std::vector<std::size_t>> members(
      static_cast<std::size_t>(*std::max_element(component.begin(), component.end())) + 1);
  for (std::size_t l = 0; l < network.scenario().levels.size(); ++l)
    members[static_cast<std::size_t>(component[network.level(l)])].push_back(l);
  for (std::size_t c : loops)
    report_closed_loop(network, component, c, members[c], out);
  return out;
}

std::vector<Diagnostic> check_hold_gridlock(const Network& network) {
  const NetworkGraph& g = network.graph();
  int count = 0;
  const std::vector<int> hold_component = components(
      g,
      [&](auto e) {
        return g[e].kind == RouteKind::kNext && g[e].probability > 0 &&
               holds_slot(network, boost::source(e, g)) && holds_slot(network, boost::target(e, g));
      },
      count);
  std::vector<Diagnostic> out;
  for (const auto& members : hold_loops(network, hold_component, count))
    out.push_back(gridlock_warning(network, members));
  return out;
}

namespace {

// The checks on one network, as its scenario's routing stands (no class layers).
std::vector<Diagnostic> check_one_network(const Network& network) {
  std::vector<Diagnostic> out = check_unreachable_levels(network);
  for (auto check : {check_closed_loops, check_hold_gridlock}) {
    std::vector<Diagnostic> found = check(network);
    out.insert(out.end(), std::make_move_iterator(found.begin()),
               std::make_move_iterator(found.end()));
  }
  return out;
}

// What makes two findings the same: place, message and severity.
using FindingKey = std::tuple<int, int, std::string, Diagnostic::Severity>;
FindingKey key_of(const Diagnostic& d) {
  return {d.pos.line, d.pos.column, d.message, d.severity};
}
std::set<FindingKey> keys_of(const std::vector<Diagnostic>& found) {
  std::set<FindingKey> keys;
  for (const Diagnostic& d : found)
    keys.insert(key_of(d));
  return keys;
}

// With classes: each referred class's network (class_view) is checked. A level is unreachable
// when no class reaches it; a loop or gridlock found for some classes only names them.
std::vector<Diagnostic> check_class_networks(const Scenario& s) {
  const std::vector<std::size_t> classes = referred_classes(s);
  std::vector<std::vector<Diagnostic>> unreachable, other;
  for (std::size_t c : classes) {
    const Scenario view = class_view(s, c);
    const Network network(view);
    unreachable.push_back(check_unreachable_levels(network));
    other.push_back(check_closed_loops(network));
    std::vector<Diagnostic> gridlock = check_hold_gridlock(network);
    other.back().insert(other.back().end(), gridlock.begin(), gridlock.end());
  }
  // Findings are compared through sets of them (a search of every list per finding was
  // quadratic in the levels: one finding per unreachable level).
  std::vector<std::set<FindingKey>> unreachable_keys, other_keys;
  for (std::size_t k = 0; k < classes.size(); ++k) {
    unreachable_keys.push_back(keys_of(unreachable[k]));
    other_keys.push_back(keys_of(other[k]));
  }
  std::vector<Diagnostic> out;
  for (const Diagnostic& d : unreachable.front())
    if (std::all_of(unreachable_keys.begin(), unreachable_keys.end(),
                    [&](const auto& found) { return found.count(key_of(d)) > 0; }))
      out.push_back(d);
  std::set<FindingKey> seen;
  for (std::size_t k = 0; k < classes.size(); ++k)
    for (const Diagnostic& d : other[k]) {
      if (!seen.insert(key_of(d)).second) continue;
      std::vector<std::string> who;
      for (std::size_t j = 0; j < classes.size(); ++j)
        if (other_keys[j].count(key_of(d)) > 0) who.push_back(s.classes[classes[j]].name);
      Diagnostic found = d;
      if (who.size() < classes.size())
        found.message +=
            fmt::format(" (patients of class{} {})", who.size() == 1 ? "" : "es", join_names(who));
      out.push_back(std::move(found));
    }
  return out;
}

// The findings on the network of `s` as its routing stands (its changes left out).
std::vector<Diagnostic> check_routing(const Scenario& s, const Network& network) {
  return s.classes.size() > 1 && !referred_classes(s).empty() ? check_class_networks(s)
                                                              : check_one_network(network);
}

// Each phase of the run: after every change (before the horizon) that sets a routing key, the
// routing as it stands from that day is checked. What a phase finds that no earlier phase found
// is reported at the change's first routing setting: a closed loop is an error; a level no
// stream reaches any more is a warning (closing a service by routing around it is a redesign:
// its patients finish their care), as is a possible gridlock.
void check_phases(const Scenario& s, std::vector<Diagnostic>& out) {
  // Messages are kept in sets (a search of lists per finding was quadratic in the levels).
  std::set<std::string> seen, unreachable;
  for (const Diagnostic& d : out) {
    seen.insert(d.message);
    if (d.message.find("no arrival stream can reach") != std::string::npos)
      unreachable.insert(d.message);
  }
  std::set<std::string> never_reached = unreachable;  // by any phase checked so far
  for (std::size_t k = 0; k < s.changes.size(); ++k) {
    const ChangeSpec& change = s.changes[k];
    if (change.day >= s.horizon_days) break;
    const auto routing = std::find_if(change.settings.begin(), change.settings.end(),
                                      [](const Setting& x) { return x.routing(); });
    if (routing == change.settings.end()) continue;
    const Scenario phase = scenario_after_changes(s, k + 1);
    const Network network(phase);
    const std::vector<Diagnostic> found = check_routing(phase, network);
    // A level no stream reaches at the start but one reaches from this day opens that day.
    std::set<std::string> found_messages;
    for (const Diagnostic& d : found)
      found_messages.insert(d.message);
    for (auto m = never_reached.begin(); m != never_reached.end();)
      m = found_messages.count(*m) > 0 ? std::next(m) : never_reached.erase(m);
    for (const Diagnostic& d : found) {
      if (!seen.insert(d.message).second) continue;
      const bool loop = d.severity == Diagnostic::Severity::kError &&
                        d.message.find("no arrival stream can reach") == std::string::npos;
      out.push_back(diagnostic(
          s, routing->pos,
          fmt::format("{} (day {:g}): from this day, {}", routing->where, change.day, d.message),
          loop ? Diagnostic::Severity::kError : Diagnostic::Severity::kWarning));
    }
  }
  // A base finding some phase does not repeat is dropped: the level opens on that day.
  out.erase(std::remove_if(out.begin(), out.end(),
                           [&](const Diagnostic& d) {
                             return unreachable.count(d.message) > 0 &&
                                    never_reached.count(d.message) == 0;
                           }),
            out.end());
}

// As the loader (config::Reader::kMaxErrors): at most this many errors, and as many warnings,
// are listed.
constexpr std::size_t kMaxErrors = 100;

// The first kMaxErrors errors and the first kMaxErrors warnings in order of place, then a last
// line for each counting those left out, as the loader's; a file of 8,000 unreachable levels
// gave 8,000 error lines, one of 3,000 levels that hold their slot and route back to
// themselves 3,000 gridlock warnings.
void cap_findings(const Scenario& s, std::vector<Diagnostic>& out) {
  std::vector<Diagnostic> kept;
  std::size_t errors = 0, warnings = 0;
  for (Diagnostic& d : out)
    if (++(d.severity == Diagnostic::Severity::kError ? errors : warnings) <= kMaxErrors)
      kept.push_back(std::move(d));
  if (errors > kMaxErrors)
    kept.push_back(diagnostic(s, {},
                              fmt::format("{} more errors not shown (the first {} are listed)",
                                          errors - kMaxErrors, kMaxErrors),
                              Diagnostic::Severity::kError));
  if (warnings > kMaxErrors)
    kept.push_back(diagnostic(s, {},
                              fmt::format("{} more warnings not shown (the first {} are listed)",
                                          warnings - kMaxErrors, kMaxErrors),
                              Diagnostic::Severity::kWarning));
  out = std::move(kept);
}

}  // namespace

std::vector<Diagnostic> check_network(const Network& network) {
  const Scenario& s = network.scenario();
  std::vector<Diagnostic> out = check_routing(s, network);
  if (!s.changes.empty()) check_phases(s, out);
  std::stable_sort(out.begin(), out.end(), sort_by_position);
  cap_findings(s, out);
  return out;
}

}  // namespace continuum
