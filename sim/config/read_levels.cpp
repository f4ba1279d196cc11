// Reading the levels of care: names first (routes may name any level), then each level's
// capacity, length of stay, dropout, waitlist, routing, initial state, and staff.
#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "continuum/core/suggestion.hpp"
#include "continuum/model/capacity.hpp"
#include "continuum/model/class_view.hpp"
#include "continuum/model/setting_path.hpp"
#include "safe_text.hpp"
#include "section_readers.hpp"

namespace continuum::config {

namespace {

// capacity: a whole number, or `unlimited`. False when refused (reported).
bool read_capacity(Reader& r, const YAML::Node& c, const std::string& path, LevelSpec& level) {
  if (c.IsScalar() && c.Scalar() == "unlimited") {
    level.capacity = kUnlimitedCapacity;
  } else if (auto v = r.whole(c, sub(path, "capacity"), bounds::kCapacity)) {
    level.capacity = static_cast<int>(*v);
  } else {
    return false;
  }
  return true;
}

// interim: {capacity, abandonment_factor}, both required; capacity a whole number or `unlimited`.
std::optional<InterimSpec> read_interim(Reader& r, const YAML::Node& node,
                                        const std::string& path) {
  if (!r.expect_map(node, path)) return std::nullopt;
  r.check_keys(node, path, {"capacity", "abandonment_factor"});
  InterimSpec interim;
  interim.pos = r.pos_of(node);
  bool ok = true;
  if (YAML::Node c = r.child(node, path, "capacity", true)) {
    if (c.IsScalar() && c.Scalar() == "unlimited")
      interim.capacity = kUnlimitedInterim;
    else if (auto v = r.whole(c, sub(path, "capacity"), bounds::kInterimCapacity))
      interim.capacity = *v;
    else
      ok = false;
  } else {
    ok = false;
  }
  if (YAML::Node f = r.child(node, path, "abandonment_factor", true)) {
    if (auto v = r.number_in(f, sub(path, "abandonment_factor"), bounds::kAbandonmentFactor))
      interim.abandonment_factor = *v;
    else
      ok = false;
  } else {
    ok = false;
  }
  if (!ok) return std::nullopt;
  return interim;
}

// waitlist: {patience, max_length, on_abandon, interim}, all optional, onto `waitlist` (a class's
// waitlist starts as a copy of its level's and may not set max_length or interim).
void read_waitlist(Reader& r, const YAML::Node& wl, const std::string& wpath,
                   const NameIndex& level_names, WaitlistSpec& waitlist, bool of_class) {
  if (!r.expect_map(wl, wpath)) return;
  r.check_keys(wl, wpath, {"patience", "max_length", "on_abandon", "interim"});
  if (YAML::Node p = wl["patience"])
    waitlist.patience = read_distribution(r, p, sub(wpath, "patience"), DistributionOf::kPatience);
  if (YAML::Node o = wl["on_abandon"]) {
    waitlist.on_abandon = read_routes(r, o, sub(wpath, "on_abandon"), level_names, true);
    if (!wl["patience"] && !(of_class && waitlist.patience))
      r.error(o, fmt::format("{}: needs 'patience' (without it nobody abandons)",
                             sub(wpath, "on_abandon")));
  }
  if (YAML::Node m = wl["max_length"]) {
    if (of_class)
      r.error(m, fmt::format("{}: the waitlist's length is the level's; set it in the level's "
                             "own 'waitlist'",
                             sub(wpath, "max_length")));
    else
      waitlist.max_length = r.whole(m, sub(wpath, "max_length"), bounds::kWaitlistMaxLength);
  }
  if (YAML::Node i = wl["interim"]) {
    if (of_class)
      r.error(i, fmt::format("{}: interim services are the level's; set them in the level's own "
                             "'waitlist'",
                             sub(wpath, "interim")));
    else
      waitlist.interim = read_interim(r, i, sub(wpath, "interim"));
  }
}

// A list of `count` days, one per patient (days_in_care, days_waited).
void read_days(Reader& r, const YAML::Node& init, const std::string& ipath, const char* key,
               std::int64_t count, std::vector<double>& out) {
  YAML::Node list = init[key];
  if (!list) return;
  const std::string lpath = sub(ipath, key);
  if (!list.IsSequence() || static_cast<std::int64_t>(list.size()) != count) {
    r.error(list, fmt::format("{}: expected a list of {} numbers, one per patient", lpath, count));
    return;
  }
  for (std::size_t i = 0; i < list.size(); ++i)
    out.push_back(
        r.number_in(list[i], fmt::format("{}[{}]", lpath, i), bounds::kInitialDays).value_or(0));
}

// initial_state: {in_care, waiting, days_in_care, days_waited}.
void read_initial_state(Reader& r, const YAML::Node& init, const std::string& ipath,
                        LevelSpec& level) {
  if (!r.expect_map(init, ipath)) return;
  r.check_keys(init, ipath,
               {"in_care", "waiting", "days_in_care", "days_waited", "recently_discharged"});
  InitialState state;
  if (YAML::Node n = init["in_care"])
    state.in_care = r.whole(n, sub(ipath, "in_care"), bounds::kInitialInCare).value_or(0);
  if (YAML::Node n = init["waiting"])
    state.waiting = r.whole(n, sub(ipath, "waiting"), bounds::kInitialWaiting).value_or(0);
  read_days(r, init, ipath, "days_in_care", state.in_care, state.days_in_care);
  read_days(r, init, ipath, "days_waited", state.waiting, state.days_waited);
  if (YAML::Node n = init["recently_discharged"]) {  // a whole number, or `equilibrium`
    double number = 0;
    const std::string rpath = sub(ipath, "recently_discharged");
    if (n.IsScalar() && n.Scalar() == "equilibrium") {
      // the default: drawn by the engine
    } else if (n.IsScalar() && !YAML::convert<double>::decode(n, number)) {
      r.error(n, fmt::format("{}: expected a whole number or 'equilibrium' (got '{}')", rpath,
                             n.Scalar()));
    } else {
      state.recently_discharged = r.whole(n, rpath, bounds::kRecentlyDischarged).value_or(0);
    }
  }
  level.initial_state = std::move(state);
}

// The keys of a level, and those of them a class may set (levels.L.by_class.C).
const std::vector<std::string> kLevelKeys = {"capacity",      "length_of_stay",
                                             "dropout",       "waitlist",
                                             "next",          "hold_while_waiting",
                                             "initial_state", "schedule",
                                             "staffing",      "cost_per_patient_day",
                                             "staff_on_hand", "reserved",
                                             "by_class",      "relapse",
                                             "intake_days",   "sessions",
                                             "authorization", "revenue_per_patient_day",
                                             "unit",          "drug_testing"};
const std::vector<std::string> kClassKeys = {"length_of_stay", "dropout", "next",
                                             "waitlist",       "relapse", "sessions"};

// reserved: {CLASS: slots}; together at most the capacity (unless unlimited).
void read_reserved(Reader& r, const YAML::Node& res, const std::string& rpath,
                   const NameIndex& class_names, LevelSpec& level) {
  if (!classes_defined(r, res, rpath, class_names) || !r.expect_map(res, rpath)) return;
  std::int64_t total = 0;
  bool ok = true;
  for (auto it = res.begin(); it != res.end(); ++it) {
    const auto slots = r.whole(it->second, sub(rpath, it->first.Scalar()), bounds::kReserved);
    const int c = class_of(r, it->first, rpath, class_names);
    if (!slots || c < 0) {
      ok = false;
      continue;
    }
    level.reserved[static_cast<std::size_t>(c)] = static_cast<int>(*slots);
    total += *slots;
  }
  if (ok && level.capacity > 0 && !is_unlimited(level.capacity) && total > level.capacity)
    r.error(res, fmt::format("{}: {} reserved slots exceed the capacity of {}", rpath, total,
                             level.capacity));
}

// levels.L.by_class.C: any of length_of_stay, dropout, next, waitlist (patience, on_abandon) and
// relapse, each replacing the level's own for that class.
LevelClassSpec read_level_class(Reader& r, const YAML::Node& node, const std::string& cpath,
                                const NameIndex& level_names, const LevelSpec& level) {
  LevelClassSpec spec;
  spec.pos = r.pos_of(node);
  if (!r.expect_map(node, cpath)) return spec;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string key = it->first.Scalar();
    if (std::find(kClassKeys.begin(), kClassKeys.end(), key) != kClassKeys.end()) continue;
    if (std::find(kLevelKeys.begin(), kLevelKeys.end(), key) != kLevelKeys.end())
      r.error(it->first, fmt::format("{}: '{}' is the level's and cannot differ by class; a class "
                                     "may set: {}",
                                     cpath, key, join(kClassKeys)));
    else
      r.error(it->first, r.reporting() ? fmt::format("{}: unknown key '{}'{}", cpath, key,
                                                     suggestion(key, kClassKeys))
                                       : "");
  }
  if (YAML::Node los = node["length_of_stay"])
    spec.length_of_stay = read_distribution(r, los, sub(cpath, "length_of_stay"));
  if (YAML::Node drop = node["dropout"])
    spec.dropout = read_dropout(r, drop, sub(cpath, "dropout"));
  if (YAML::Node next = node["next"])
    spec.next = read_routes(r, next, sub(cpath, "next"), level_names, true);
  if (YAML::Node wl = node["waitlist"]) {
    WaitlistSpec waitlist = level.waitlist;  // keys not given stay the level's
    read_waitlist(r, wl, sub(cpath, "waitlist"), level_names, waitlist, true);
    spec.waitlist = std::move(waitlist);
  }
  if (YAML::Node rel = node["relapse"])
    spec.relapse = read_relapse_override(r, rel, sub(cpath, "relapse"), level_names);
  if (YAML::Node ses = node["sessions"])
    spec.attendance = read_class_sessions(r, ses, sub(cpath, "sessions"));
  return spec;
}

// by_class: {CLASS: {...}}.
void read_by_class(Reader& r, const YAML::Node& by, const std::string& bpath,
                   const NameIndex& level_names, const NameIndex& class_names, LevelSpec& level) {
  if (!classes_defined(r, by, bpath, class_names) || !r.expect_map(by, bpath)) return;
  for (auto it = by.begin(); it != by.end(); ++it) {
    const int c = class_of(r, it->first, bpath, class_names);
    LevelClassSpec spec =
        read_level_class(r, it->second, sub(bpath, it->first.Scalar()), level_names, level);
    if (c >= 0) level.by_class[static_cast<std::size_t>(c)] = std::move(spec);
  }
}

LevelSpec read_level(Reader& r, const YAML::Node& key_node, const YAML::Node& node,
                     const NameIndex& level_names, const NameIndex& roles,
                     const NameIndex& class_names) {
  LevelSpec level;
  level.name = key_node.Scalar();
  level.pos = r.pos_of(key_node);
  const std::string path = "levels." + level.name;
  if (!r.expect_map(node, path)) return level;
  r.check_keys(node, path, kLevelKeys);
  bool capacity_read = false;
  if (YAML::Node c = r.child(node, path, "capacity", true))
    capacity_read = read_capacity(r, c, path, level);
  level.unit = default_unit(level.name);
  if (YAML::Node u = node["unit"]) {
    if (u.IsScalar() && (u.Scalar() == "beds" || u.Scalar() == "slots"))
      level.unit = u.Scalar();
    else
      r.error(u,
              fmt::format(
                  "{}: expected 'beds' or 'slots'{}", sub(path, "unit"),
                  u.IsScalar() ? fmt::format(" (got '{}')", escape_for_message(u.Scalar())) : ""));
  }
  // length_of_stay is required unless sessions.complete_after ends the stay (check_sessions).
  if (YAML::Node los = node["length_of_stay"])
    if (auto d = read_distribution(r, los, sub(path, "length_of_stay"))) level.length_of_stay = *d;
  if (YAML::Node drop = node["dropout"])
    level.dropout = read_dropout(r, drop, sub(path, "dropout"));
  if (YAML::Node wl = node["waitlist"])
    read_waitlist(r, wl, sub(path, "waitlist"), level_names, level.waitlist, false);
  if (YAML::Node next = node["next"])
    level.next = read_routes(r, next, sub(path, "next"), level_names, true);
  else
    level.next = {{kExit, 1.0, level.pos}};  // absent: every completer leaves care
  if (YAML::Node h = node["hold_while_waiting"])
    level.hold_while_waiting = r.boolean(h, sub(path, "hold_while_waiting")).value_or(false);
  if (YAML::Node init = node["initial_state"]) {
    read_initial_state(r, init, sub(path, "initial_state"), level);
    // The census at time 0 is before any dated change: it fits the level's own capacity.
    const YAML::Node n = init.IsMap() ? init["in_care"] : YAML::Node();
    // (model/setting_path.hpp: the rule sweep --set and size hold their capacities to.)
    if (capacity_read && n && !holds_found_in_care(level, level.capacity))
      r.error(n, fmt::format("{}: must be at most the level's capacity ({}) (got {})",
                             sub(path, "initial_state.in_care"), level.capacity,
                             level.initial_state->in_care));
  }
  if (YAML::Node days = node["intake_days"])
    level.intake_days = read_weekdays(r, days, sub(path, "intake_days"));
  if (YAML::Node ses = node["sessions"])
    level.sessions = read_sessions(r, ses, sub(path, "sessions"));
  read_level_staff(r, node, path, level, roles, class_names);
  level.reserved.assign(class_names.size(), 0);  // all empty without classes
  level.by_class.assign(class_names.size(), std::nullopt);
  if (YAML::Node res = node["reserved"])
    read_reserved(r, res, sub(path, "reserved"), class_names, level);
  if (YAML::Node by = node["by_class"])
    read_by_class(r, by, sub(path, "by_class"), level_names, class_names, level);
  if (YAML::Node rel = node["relapse"])
    level.relapse = read_relapse_override(r, rel, sub(path, "relapse"), level_names);
  if (YAML::Node dt = node["drug_testing"])
    level.drug_testing =
        read_drug_testing(r, dt, sub(path, "drug_testing"), level_names, class_names);
  return level;
}

}  // namespace

// dropout: {probability, time} (section_readers.hpp).
std::optional<DropoutSpec> read_dropout(Reader& r, const YAML::Node& drop,
                                        const std::string& dpath) {
  if (!r.expect_map(drop, dpath)) return std::nullopt;
  r.check_keys(drop, dpath, {"probability", "time"});
  DropoutSpec spec;
  r.required_number(drop, dpath, "probability", bounds::kProbability, spec.probability, 0);
  if (YAML::Node t = r.child(drop, dpath, "time", true))
    if (auto d = read_distribution(r, t, sub(dpath, "time"))) spec.time = *d;
  return spec;
}

// A level named twice is a key given twice, reported by check_document().
std::vector<std::string> read_level_names(Reader& r, const YAML::Node& levels) {
  std::vector<std::string> level_names;
  for (auto it = levels.begin(); it != levels.end(); ++it) {
    const std::string name = it->first.Scalar();
    if (name == "exit")
      r.error(it->first,
              "levels.exit: 'exit' is reserved for leaving care; name the level otherwise");
    else if (const std::string problem = level_name_problem(name); !problem.empty())
      r.error(it->first, fmt::format("levels.{}: {}", name, problem));
    level_names.push_back(name);
  }
  if (level_names.empty()) r.error(levels, "levels: define at least one level");
  return level_names;
}

std::vector<LevelSpec> read_levels(Reader& r, const YAML::Node& levels,
                                   const NameIndex& level_names, const NameIndex& roles,
                                   const NameIndex& class_names) {
  std::vector<LevelSpec> out;
  for (auto it = levels.begin(); it != levels.end(); ++it)
    out.push_back(read_level(r, it->first, it->second, level_names, roles, class_names));
  return out;
}

std::vector<YAML::Node> level_bodies(const YAML::Node& levels) {
  std::vector<YAML::Node> out;
  if (!levels || !levels.IsMap()) return out;
  for (auto it = levels.begin(); it != levels.end(); ++it)
    out.push_back(it->second);
  return out;
}

void check_recently_discharged(Reader& r, const YAML::Node& levels, const Scenario& s) {
  const std::vector<YAML::Node> bodies = level_bodies(levels);
  for (std::size_t l = 0; l < s.levels.size() && l < bodies.size(); ++l) {
    const LevelSpec& level = s.levels[l];
    if (!level.initial_state || level.initial_state->recently_discharged.value_or(0) <= 0) continue;
    bool relapses = false;
    for (std::size_t c = 0; c < std::max<std::size_t>(1, s.classes.size()); ++c)
      relapses = relapses || resolve_relapse(s, level, c).has_value();
    if (relapses) continue;
    r.error(bodies[l]["initial_state"]["recently_discharged"],
            fmt::format("levels.{}.initial_state.recently_discharged: nobody relapses after "
                        "leaving care from '{}' (no 'relapse:' applies there)",
                        level.name, level.name));
  }
}

}  // namespace continuum::config
