// Dated changes of any key: the paths a change may set (one table), their parser, the checks
// against the scenario as it stands when the change applies, and applying a setting.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <vector>

#include "continuum/core/diagnostics.hpp"
#include "continuum/core/suggestion.hpp"
#include "continuum/model/setting_path.hpp"

namespace continuum {

namespace {

using Kind = Setting::Kind;

// A key a change may set under levels.L (and, when `by_class`, under levels.L.by_class.C).
struct KeyRow {
  std::string_view key;
  Kind kind;
  bool by_class;
};

// Longest keys first: a path is matched against the first key it ends with.
constexpr std::array<KeyRow, 14> kLevelKeys = {{
    {"relapse.probability_after_dropout", Kind::kRelapseAfterDropout, true},
    {"relapse.time_to_relapse", Kind::kTimeToRelapse, true},
    {"relapse.probability", Kind::kRelapseProbability, true},
    {"dropout.probability", Kind::kDropoutProbability, true},
    {"waitlist.on_abandon", Kind::kOnAbandon, true},
    {"waitlist.max_length", Kind::kMaxLength, false},
    {"hold_while_waiting", Kind::kHold, false},
    {"waitlist.patience", Kind::kPatience, true},
    {"relapse.reentry", Kind::kReentry, true},
    {"length_of_stay", Kind::kLengthOfStay, true},
    {"dropout.time", Kind::kDropoutTime, true},
    {"capacity", Kind::kLevelCapacity, false},
    {"dropout", Kind::kDropout, true},
    {"next", Kind::kNext, true},
}};
constexpr std::array<KeyRow, 6> kStreamKeys = {{
    {"rate_per_week", Kind::kArrivalRate, false},
    {"rate_per_year", Kind::kArrivalRate, false},
    {"rate_per_day", Kind::kArrivalRate, false},
    {"interarrival", Kind::kInterarrival, false},
    {"classes", Kind::kClassShares, false},
    {"entry", Kind::kEntry, false},
}};
constexpr std::array<KeyRow, 4> kRelapseKeys = {{
    {"probability_after_dropout", Kind::kRelapseAfterDropout, true},
    {"time_to_relapse", Kind::kTimeToRelapse, true},
    {"probability", Kind::kRelapseProbability, true},
    {"reentry", Kind::kReentry, true},
}};

bool ends_with(std::string_view text, std::string_view tail) {
  return text.size() >= tail.size() && text.substr(text.size() - tail.size()) == tail;
}

template <std::size_t N>
std::vector<std::string> keys_of(const std::array<KeyRow, N>& rows) {
  std::vector<std::string> out;
  for (const KeyRow& row : rows)
    out.emplace_back(row.key);
  std::sort(out.begin(), out.end());
  return out;
}

std::string unknown_key(std::string_view section, std::string_view rest,
                        const std::vector<std::string>& keys) {
  const std::string last(
      rest.substr(rest.rfind('.') == std::string_view::npos ? 0 : rest.rfind('.') + 1));
  return fmt::format("unknown key '{}'{} under {}; can set {}", last, suggestion(last, keys),
                     section, changeable_paths());
}

std::string no_class(const Scenario& s, std::string_view name) {
  if (s.classes.empty())
    return fmt::format("'by_class' needs classes, and the scenario defines none (got class '{}')",
                       name);
  std::vector<std::string> names;
  for (const ClassSpec& c : s.classes)
    names.push_back(c.name);
  return fmt::format("no class '{}'{}", name, suggestion(std::string(name), names));
}

// `middle`: "L" or "L.by_class.C".
ParsedChangePath resolve_level(const KeyRow& row, std::string_view middle, const Scenario& s,
                               const ScenarioNames& names) {
  if (const int level = names.levels.find(middle); level >= 0)
    return {ChangePath{row.kind, level, -1}, ""};
  if (const auto at = middle.rfind(".by_class."); at != std::string_view::npos) {
    const std::string_view level_name = middle.substr(0, at), cls = middle.substr(at + 10);
    const int level = names.levels.find(level_name);
    if (level >= 0) {
      if (!row.by_class)
        return {{}, fmt::format("'{}' is the level's and cannot differ by class", row.key)};
      const int c = s.class_index(cls);
      if (c < 0) return {{}, no_class(s, cls)};
      return {ChangePath{row.kind, level, c}, ""};
    }
  }
  const std::string text(middle);
  return {{},
          fmt::format("no level '{}'{}", text,
                      names.suggest ? suggestion(text, names.levels.names()) : "")};
}

ParsedChangePath parse_levels(std::string_view rest, const Scenario& s,
                              const ScenarioNames& names) {
  // Interim services (and their keys) are fixed for the run.
  if (rest.find(".waitlist.interim") != std::string_view::npos &&
      names.levels.find(rest.substr(0, rest.find(".waitlist.interim"))) >= 0)
    return {{},
            "'waitlist.interim' cannot be changed during the run (interim services are fixed "
            "for the run)"};
  for (const KeyRow& row : kLevelKeys) {
    if (rest.size() <= row.key.size() + 1 || !ends_with(rest, row.key) ||
        rest[rest.size() - row.key.size() - 1] != '.')
      continue;
    return resolve_level(row, rest.substr(0, rest.size() - row.key.size() - 1), s, names);
  }
  return {{}, unknown_key("levels.<level>", rest, keys_of(kLevelKeys))};
}

ParsedChangePath parse_arrivals(std::string_view rest, const Scenario& s,
                                const ScenarioNames& names) {
  auto stream_of = [&](std::string_view name, int& out) -> std::string {
    out = names.streams.find(name);
    if (out >= 0) return "";
    const std::string text(name);
    return fmt::format("no arrival stream '{}'{}", text,
                       names.suggest ? suggestion(text, names.streams.names()) : "");
  };
  int stream = -1;
  if (const auto at = rest.rfind(".entry_by_class."); at != std::string_view::npos) {
    if (std::string e = stream_of(rest.substr(0, at), stream); !e.empty()) return {{}, e};
    const std::string_view cls = rest.substr(at + 16);
    const int c = s.class_index(cls);
    if (c < 0) return {{}, no_class(s, cls)};
    return {ChangePath{Kind::kEntry, stream, c}, ""};
  }
  for (const KeyRow& row : kStreamKeys) {
    if (rest.size() <= row.key.size() + 1 || !ends_with(rest, row.key) ||
        rest[rest.size() - row.key.size() - 1] != '.')
      continue;
    if (std::string e = stream_of(rest.substr(0, rest.size() - row.key.size() - 1), stream);
        !e.empty())
      return {{}, e};
    if (row.kind == Kind::kArrivalRate) {  // the number parser's checks and messages
      ParsedSettingPath parsed =
          parse_setting_path(fmt::format("arrivals.{}.rate_per_day",
                                         s.arrivals[static_cast<std::size_t>(stream)].name),
                             s, names);
      if (!parsed.path) return {{}, parsed.error};
    }
    const ArrivalSpec& a = s.arrivals[static_cast<std::size_t>(stream)];
    if (row.kind == Kind::kInterarrival && a.poisson)
      return {
          {},
          fmt::format("the stream '{}' is given by rate_per_day; change its rate_per_day", a.name)};
    if (row.kind == Kind::kClassShares && s.classes.empty())
      return {{}, "'classes' needs classes, and the scenario defines none"};
    ChangePath path{row.kind, stream, -1};
    for (const RateKey& rate : kRateKeys)
      if (row.kind == Kind::kArrivalRate && rate.key == row.key) path.rate_days = rate.days;
    return {path, ""};
  }
  std::vector<std::string> keys = keys_of(kStreamKeys);
  keys.emplace_back("entry_by_class");
  return {{}, unknown_key("arrivals.<stream>", rest, keys)};
}

ParsedChangePath parse_relapse(std::string_view rest, const Scenario& s) {
  if (!s.relapse)
    return {{},
            "the scenario has no relapse block (relapse:); give one, or set a level's "
            "relapse (levels.<level>.relapse.KEY)"};
  int c = -1;
  std::string_view key = rest;
  if (rest.rfind("by_class.", 0) == 0) {
    const std::string_view tail = rest.substr(9);
    const auto dot = tail.find('.');
    if (dot == std::string_view::npos)
      return {{}, unknown_key("relapse", rest, keys_of(kRelapseKeys))};
    c = s.class_index(tail.substr(0, dot));
    if (c < 0) return {{}, no_class(s, tail.substr(0, dot))};
    key = tail.substr(dot + 1);
  }
  for (const KeyRow& row : kRelapseKeys)
    if (row.key == key) return {ChangePath{row.kind, -1, c}, ""};
  return {{}, unknown_key("relapse", rest, keys_of(kRelapseKeys))};
}

LevelClassSpec& class_spec(LevelSpec& level, int cls) {
  auto& slot = level.by_class.at(static_cast<std::size_t>(cls));
  if (!slot) {
    slot.emplace();
    slot->pos = level.pos;
  }
  return *slot;
}

// The dropout in effect for the level (or its class), or null.
const std::optional<DropoutSpec>& dropout_in_effect(const LevelSpec& level, int cls) {
  if (cls >= 0 && level.by_class[static_cast<std::size_t>(cls)] &&
      level.by_class[static_cast<std::size_t>(cls)]->dropout)
    return level.by_class[static_cast<std::size_t>(cls)]->dropout;
  return level.dropout;
}

// The waitlist a class-or-level setting edits: the level's, or the class's own (made from the
// level's as it stands when the class has none yet).
WaitlistSpec& waitlist_of(LevelSpec& level, int cls) {
  if (cls < 0) return level.waitlist;
  LevelClassSpec& over = class_spec(level, cls);
  if (!over.waitlist) over.waitlist = level.waitlist;
  return *over.waitlist;
}

// The relapse layer a relapse.KEY setting edits (made empty when absent).
RelapseOverride& relapse_layer(Scenario& s, const Setting& setting) {
  std::optional<RelapseOverride>* slot = nullptr;
  if (setting.index < 0) {
    CONTINUUM_ASSERT(s.relapse && setting.cls >= 0);
    slot = &s.relapse->by_class.at(static_cast<std::size_t>(setting.cls));
  } else {
    LevelSpec& level = s.levels.at(static_cast<std::size_t>(setting.index));
    slot = setting.cls < 0 ? &level.relapse : &class_spec(level, setting.cls).relapse;
  }
  if (!*slot) {
    slot->emplace();
    (*slot)->pos = setting.pos;
  }
  return **slot;
}

}  // namespace

std::string changeable_paths() {
  return "levels.<level>.KEY (capacity, length_of_stay, dropout, dropout.probability, "
         "dropout.time, waitlist.patience, waitlist.on_abandon, waitlist.max_length, next, "
         "hold_while_waiting, relapse.probability, relapse.probability_after_dropout, "
         "relapse.time_to_relapse, relapse.reentry), levels.<level>.by_class.<class>.KEY, "
         "arrivals.<stream>.KEY (rate_per_day, rate_per_week, rate_per_year, interarrival, entry, "
         "classes, "
         "entry_by_class.<class>) or relapse[.by_class.<class>].KEY (probability, "
         "probability_after_dropout, time_to_relapse, reentry)";
}

ParsedChangePath parse_change_path(std::string_view text, const Scenario& scenario,
                                   const ScenarioNames& names) {
  const auto first = text.find('.');
  if (first == std::string_view::npos || first + 1 >= text.size())
    return {{}, "can set " + changeable_paths()};
  const std::string_view section = text.substr(0, first), rest = text.substr(first + 1);
  if (section == "levels") return parse_levels(rest, scenario, names);
  if (section == "arrivals") return parse_arrivals(rest, scenario, names);
  if (section == "relapse") return parse_relapse(rest, scenario);
  return {{}, "can set " + changeable_paths()};
}

std::string change_problem(const Scenario& s, const Setting& setting) {
  const auto index = static_cast<std::size_t>(setting.index);
  switch (setting.kind) {
    case Kind::kDropoutProbability:
    case Kind::kDropoutTime: {
      const LevelSpec& level = s.levels.at(index);
      if (dropout_in_effect(level, setting.cls)) return "";
      return fmt::format(
          "level '{0}' has no dropout{1}; set levels.{0}{2}.dropout: "
          "{{probability, time}}",
          level.name,
          setting.cls >= 0 ? " for class " + s.classes[static_cast<std::size_t>(setting.cls)].name
                           : "",
          setting.cls >= 0 ? ".by_class." + s.classes[static_cast<std::size_t>(setting.cls)].name
                           : "");
    }
    case Kind::kLevelCapacity:
      return setting_value_problem({Kind::kLevelCapacity, setting.index}, setting.value, s);
    default:
      return "";
  }
}

void apply_setting(Scenario& s, const Setting& setting) {
  const auto index = static_cast<std::size_t>(setting.index);
  const int cls = setting.cls;
  switch (setting.kind) {
    case Kind::kLevelCapacity:
    case Kind::kArrivalRate:
      set_setting(s, {setting.kind, setting.index}, setting.value);
      return;
    case Kind::kLengthOfStay:
      if (cls < 0)
        s.levels.at(index).length_of_stay = *setting.law;
      else
        class_spec(s.levels.at(index), cls).length_of_stay = *setting.law;
      return;
    case Kind::kDropout: {
      DropoutSpec d{.probability = setting.value, .time = *setting.law};
      if (cls < 0)
        s.levels.at(index).dropout = d;
      else
        class_spec(s.levels.at(index), cls).dropout = d;
      return;
    }
    case Kind::kDropoutProbability:
    case Kind::kDropoutTime: {
      LevelSpec& level = s.levels.at(index);
      std::optional<DropoutSpec>* d = &level.dropout;
      if (cls >= 0) {
        LevelClassSpec& over = class_spec(level, cls);
        if (!over.dropout) over.dropout = level.dropout;
        d = &over.dropout;
      }
      CONTINUUM_ASSERT(d->has_value());
      if (setting.kind == Kind::kDropoutProbability)
        (*d)->probability = setting.value;
      else
        (*d)->time = *setting.law;
      return;
    }
    case Kind::kPatience:
      waitlist_of(s.levels.at(index), cls).patience = *setting.law;
      return;
    case Kind::kOnAbandon:
      waitlist_of(s.levels.at(index), cls).on_abandon = setting.routes;
      return;
    case Kind::kMaxLength:
      s.levels.at(index).waitlist.max_length = static_cast<std::int64_t>(setting.value);
      return;
    case Kind::kNext:
      if (cls < 0)
        s.levels.at(index).next = setting.routes;
      else
        class_spec(s.levels.at(index), cls).next = setting.routes;
      return;
    case Kind::kHold:
      s.levels.at(index).hold_while_waiting = setting.value != 0;
      return;
    case Kind::kRelapseProbability:
    case Kind::kRelapseAfterDropout:
    case Kind::kTimeToRelapse:
    case Kind::kReentry: {
      if (setting.index < 0 && cls < 0) {  // the global block's own keys
        RelapseSpec& r = *s.relapse;
        if (setting.kind == Kind::kRelapseProbability) r.probability = setting.value;
        if (setting.kind == Kind::kRelapseAfterDropout) r.probability_after_dropout = setting.value;
        if (setting.kind == Kind::kTimeToRelapse) r.time_to_relapse = *setting.law;
        if (setting.kind == Kind::kReentry) r.reentry = setting.routes;
        return;
      }
      RelapseOverride& r = relapse_layer(s, setting);
      if (setting.kind == Kind::kRelapseProbability) r.probability = setting.value;
      if (setting.kind == Kind::kRelapseAfterDropout) r.probability_after_dropout = setting.value;
      if (setting.kind == Kind::kTimeToRelapse) r.time_to_relapse = *setting.law;
      if (setting.kind == Kind::kReentry) r.reentry = setting.routes;
      return;
    }
    case Kind::kEntry: {
      ArrivalSpec& a = s.arrivals.at(index);
      if (cls < 0)
        a.entry = setting.routes;
      else
        a.entry_by_class.at(static_cast<std::size_t>(cls)) = setting.routes;
      return;
    }
    case Kind::kInterarrival: {
      ArrivalSpec& a = s.arrivals.at(index);
      a.interarrival = *setting.law;
      a.rate_per_day = 1 / mean_of(a.interarrival);
      return;
    }
    case Kind::kClassShares:
      s.arrivals.at(index).class_shares = setting.shares;
      return;
  }
}

Scenario scenario_after_changes(const Scenario& scenario, std::size_t count) {
  Scenario s = scenario;
  s.changes.clear();
  for (std::size_t c = 0; c < count && c < scenario.changes.size(); ++c)
    for (const Setting& setting : scenario.changes[c].settings)
      apply_setting(s, setting);
  return s;
}

}  // namespace continuum
