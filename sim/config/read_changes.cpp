// Reading dated changes: {day: D, set: {PATH: VALUE}}. Capacities and rates are checked by the
// one setting-path parser and table of limits (model/setting_path.hpp); every other key's value
// is read by the reader that reads that key in a level, a stream or the relapse block, so that
// its messages are the same. Each setting is then checked against the scenario as it stands on
// the change's day (earlier changes applied, in order of day).
#include <fmt/format.h>

#include <algorithm>

#include "continuum/model/setting_path.hpp"
#include "section_readers.hpp"

namespace continuum::config {

namespace {

using Kind = Setting::Kind;

// Reads `value` as the key `setting.kind` takes into `setting`; false (reported) when unusable.
// `rate_days`: a rate's unit in days (ChangePath::rate_days); the value is stored per day.
bool read_value(Reader& r, const YAML::Node& value, const std::string& kpath, const Scenario& s,
                const ScenarioNames& names, const NameIndex& class_names, Setting& setting,
                double rate_days) {
  switch (setting.kind) {
    case Kind::kLevelCapacity:
    case Kind::kArrivalRate: {
      const auto v = r.number(value, kpath);
      if (!v) return false;
      const std::string problem =
          setting_value_problem_in_unit({setting.kind, setting.index}, *v, rate_days, s);
      if (!problem.empty()) {
        r.error(value, fmt::format("{}: {}", kpath, problem));
        return false;
      }
      setting.value = *v / rate_days;
      return true;
    }
    case Kind::kPatience:  // as in a waitlist: a share may never abandon (docs/scenario-format.md)
      setting.law = read_distribution(r, value, kpath, DistributionOf::kPatience);
      return setting.law.has_value();
    case Kind::kLengthOfStay:
    case Kind::kDropoutTime:
    case Kind::kTimeToRelapse:
    case Kind::kInterarrival:
      setting.law = read_distribution(r, value, kpath);
      return setting.law.has_value();
    case Kind::kDropout: {
      const std::optional<DropoutSpec> d = read_dropout(r, value, kpath);
      if (!d) return false;
      setting.value = d->probability;
      setting.law = d->time;
      return true;
    }
    case Kind::kDropoutProbability:
    case Kind::kRelapseProbability:
    case Kind::kRelapseAfterDropout: {
      const auto v = r.number_in(value, kpath, bounds::kProbability);
      setting.value = v.value_or(0);
      return v.has_value();
    }
    case Kind::kMaxLength: {
      const auto v = r.whole(value, kpath, bounds::kWaitlistMaxLength);
      setting.value = static_cast<double>(v.value_or(0));
      return v.has_value();
    }
    case Kind::kHold: {
      const auto v = r.boolean(value, kpath);
      setting.value = v.value_or(false) ? 1 : 0;
      return v.has_value();
    }
    case Kind::kNext:
    case Kind::kOnAbandon:
    case Kind::kReentry:
    case Kind::kEntry: {
      const std::size_t errors = r.error_count();
      const bool exits = setting.kind == Kind::kNext || setting.kind == Kind::kOnAbandon;
      setting.routes = read_routes(r, value, kpath, names.levels, exits);
      return r.error_count() == errors;
    }
    case Kind::kClassShares: {
      const std::size_t errors = r.error_count();
      read_class_shares(r, value, kpath, class_names, setting.shares);
      return r.error_count() == errors;
    }
  }
  return false;
}

// One PATH: VALUE of a change's `set`; nullopt (reported) when the path names nothing settable
// or the value is unusable.
std::optional<Setting> read_setting(Reader& r, const YAML::Node& key, const YAML::Node& value,
                                    const std::string& cpath, const Scenario& s,
                                    ScenarioNames& names, const NameIndex& class_names) {
  const std::string text = key.Scalar();
  const std::string kpath = sub(cpath, "set." + text);
  names.suggest = r.reporting();
  const ParsedChangePath parsed = parse_change_path(text, s, names);
  if (!parsed.path) {
    r.error(key, fmt::format("{}: {}", kpath, parsed.error));
    return std::nullopt;
  }
  const ChangePath path = *parsed.path;
  if (path.kind == Kind::kLevelCapacity &&
      !s.levels[static_cast<std::size_t>(path.index)].staff_on_hand.empty())
    r.error(key, fmt::format("{}: level '{}' has staff_on_hand, which caps its capacity; a dated "
                             "capacity change is not supported there",
                             kpath, s.levels[static_cast<std::size_t>(path.index)].name));
  Setting setting{};
  setting.kind = path.kind;
  setting.index = path.index;
  setting.pos = r.pos_of(key);
  setting.cls = path.cls;
  setting.where = kpath;
  if (!read_value(r, value, kpath, s, names, class_names, setting, path.rate_days))
    return std::nullopt;
  return setting;
}

ChangeSpec read_change(Reader& r, const YAML::Node& c, const std::string& cpath, const Scenario& s,
                       ScenarioNames& names, const NameIndex& class_names) {
  r.check_keys(c, cpath, {"day", "set"});
  ChangeSpec change;
  change.pos = r.pos_of(c);
  // From the start of the warm-up; a day after the horizon is kept (the run ignores it, with a
  // warning), so that a scenario runs over a shorter horizon (run --horizon-days) unchanged.
  Bound day = bounds::kChangeDay;
  day.min = s.warmup_days > 0 ? -s.warmup_days : 0.0;
  r.required_number(c, cpath, "day", day, change.day, 0);
  YAML::Node set = r.child(c, cpath, "set", true);
  if (!set || !r.expect_map(set, sub(cpath, "set"))) return change;
  for (auto it = set.begin(); it != set.end(); ++it)
    if (auto setting = read_setting(r, it->first, it->second, cpath, s, names, class_names))
      change.settings.push_back(std::move(*setting));
  return change;
}

// Each setting against the scenario as it stands on its change's day, in order of day.
void check_in_order(Reader& r, const Scenario& s, const std::vector<ChangeSpec>& changes) {
  Scenario now = s;
  for (const ChangeSpec& change : changes)
    for (const Setting& setting : change.settings) {
      if (const std::string problem = change_problem(now, setting); !problem.empty()) {
        r.error(setting.pos, fmt::format("{}: {}", setting.where, problem));
        continue;
      }
      apply_setting(now, setting);
    }
}

}  // namespace

std::vector<ChangeSpec> read_changes(Reader& r, const YAML::Node& node, const Scenario& s) {
  std::vector<ChangeSpec> changes;
  if (!node.IsSequence()) {
    r.error(node, "changes: expected a list of {day: D, set: {PATH: VALUE}}");
    return changes;
  }
  ScenarioNames names(s);
  std::vector<std::string> classes;
  for (const ClassSpec& c : s.classes)
    classes.push_back(c.name);
  const NameIndex class_names(std::move(classes));
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YAML::Node c = node[i];
    const std::string cpath = fmt::format("changes[{}]", i);
    if (r.expect_map(c, cpath)) changes.push_back(read_change(r, c, cpath, s, names, class_names));
  }
  std::stable_sort(changes.begin(), changes.end(),
                   [](const ChangeSpec& a, const ChangeSpec& b) { return a.day < b.day; });
  if (!r.failed()) check_in_order(r, s, changes);
  return changes;
}

}  // namespace continuum::config
