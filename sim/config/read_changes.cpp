// Reading dated changes: {day: D, set: {PATH: VALUE}}, each path parsed and each value checked
// by the one setting-path parser and table of limits (model/setting_path.hpp).
#include <fmt/format.h>

#include <algorithm>

#include "continuum/model/setting_path.hpp"
#include "section_readers.hpp"

namespace continuum::config {

namespace {

// One PATH: VALUE of a change's `set`; nullopt (reported) when the path names nothing settable.
std::optional<Setting> read_setting(Reader& r, const YAML::Node& key, const YAML::Node& value,
                                    const std::string& cpath, const Scenario& s,
                                    ScenarioNames& names) {
  const std::string text = key.Scalar();
  const std::string kpath = sub(cpath, "set." + text);
  names.suggest = r.reporting();
  const ParsedSettingPath parsed = parse_setting_path(text, s, names);
  if (!parsed.path) {
    r.error(key, fmt::format("{}: {}", kpath, parsed.error));
    return std::nullopt;
  }
  const SettingPath path = *parsed.path;
  if (path.kind == Setting::Kind::kLevelCapacity &&
      !s.levels[static_cast<std::size_t>(path.index)].staff_on_hand.empty())
    r.error(key, fmt::format("{}: level '{}' has staff_on_hand, which caps its capacity; a dated "
                             "capacity change is not supported there",
                             kpath, s.levels[static_cast<std::size_t>(path.index)].name));
  Setting setting{path.kind, path.index, 0, r.pos_of(key)};
  if (auto v = r.number(value, kpath)) {
    const std::string problem = setting_value_problem(path, *v, s);
    if (problem.empty())
      setting.value = *v;
    else
      r.error(value, fmt::format("{}: {}", kpath, problem));
  }
  return setting;
}

ChangeSpec read_change(Reader& r, const YAML::Node& c, const std::string& cpath, const Scenario& s,
                       ScenarioNames& names) {
  r.check_keys(c, cpath, {"day", "set"});
  ChangeSpec change;
  change.pos = r.pos_of(c);
  Bound day = bounds::kChangeDay;
  day.max = s.horizon_days;  // a day of the statistics window
  if (YAML::Node d = r.child(c, cpath, "day", true))
    change.day = r.number_in(d, sub(cpath, "day"), day).value_or(0);
  YAML::Node set = r.child(c, cpath, "set", true);
  if (!set || !r.expect_map(set, sub(cpath, "set"))) return change;
  for (auto it = set.begin(); it != set.end(); ++it)
    if (auto setting = read_setting(r, it->first, it->second, cpath, s, names))
      change.settings.push_back(*setting);
  return change;
}

}  // namespace

std::vector<ChangeSpec> read_changes(Reader& r, const YAML::Node& node, const Scenario& s) {
  std::vector<ChangeSpec> changes;
  if (!node.IsSequence()) {
    r.error(node, "changes: expected a list of {day: D, set: {PATH: VALUE}}");
    return changes;
  }
  ScenarioNames names(s);
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YAML::Node c = node[i];
    const std::string cpath = fmt::format("changes[{}]", i);
    if (r.expect_map(c, cpath)) changes.push_back(read_change(r, c, cpath, s, names));
  }
  std::stable_sort(changes.begin(), changes.end(),
                   [](const ChangeSpec& a, const ChangeSpec& b) { return a.day < b.day; });
  return changes;
}

}  // namespace continuum::config
