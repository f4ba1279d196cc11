// Reading a level's sessions (levels.L.sessions) and their checks against the rest of the
// scenario (docs/scenario-format.md, "Sessions").
#include <fmt/format.h>

#include "section_readers.hpp"

namespace continuum::config {

std::optional<SessionsSpec> read_sessions(Reader& r, const YAML::Node& node,
                                          const std::string& path) {
  if (!r.expect_map(node, path)) return std::nullopt;
  r.check_keys(node, path,
               {"days", "hours", "group_size_max", "attendance", "discharge_after_missed",
                "complete_after"});
  SessionsSpec spec;
  spec.pos = r.pos_of(node);
  if (YAML::Node d = r.child(node, path, "days", true))
    spec.days = read_weekdays(r, d, sub(path, "days")).value_or(0);
  r.required_number(node, path, "hours", bounds::kHoursPerSession, spec.hours, 1);
  r.required_whole(node, path, "group_size_max", bounds::kGroupSizeMax, spec.group_size_max, 1);
  r.required_number(node, path, "attendance", bounds::kProbability, spec.attendance, 1);
  if (YAML::Node k = node["discharge_after_missed"])
    spec.discharge_after_missed =
        r.whole(k, sub(path, "discharge_after_missed"), bounds::kSessionCount);
  if (YAML::Node n = node["complete_after"])
    spec.complete_after = r.whole(n, sub(path, "complete_after"), bounds::kSessionCount);
  return spec;
}

std::optional<double> read_class_sessions(Reader& r, const YAML::Node& node,
                                          const std::string& path) {
  if (!r.expect_map(node, path)) return std::nullopt;
  r.check_keys(node, path, {"attendance"});
  if (YAML::Node a = r.child(node, path, "attendance", true))
    return r.number_in(a, sub(path, "attendance"), bounds::kProbability);
  return std::nullopt;
}

void check_sessions(Reader& r, const YAML::Node& levels, const Scenario& s) {
  const std::vector<YAML::Node> bodies = level_bodies(levels);
  for (std::size_t l = 0; l < s.levels.size() && l < bodies.size(); ++l) {
    const LevelSpec& level = s.levels[l];
    const YAML::Node& node = bodies[l];
    const std::string path = "levels." + level.name;
    if (!node.IsMap()) continue;  // reported by read_levels
    if (!level.sessions) {
      if (!node["length_of_stay"])  // the message of a plain missing key, as before sessions
        r.missing(node, {"length_of_stay"},
                  fmt::format("{}: missing required key 'length_of_stay'", path));
      for (std::size_t c = 0; c < level.by_class.size(); ++c)
        if (level.by_class[c] && level.by_class[c]->attendance)
          r.error(node["by_class"][s.classes[c].name]["sessions"],
                  fmt::format("{}.by_class.{}.sessions: the level has no 'sessions'", path,
                              s.classes[c].name));
      continue;
    }
    const YAML::Node sessions = node["sessions"];
    if (s.time_step_days == 1) {
      r.error(sessions, fmt::format("{}.sessions is not supported with time_step_days: 1", path));
      continue;
    }
    if (node["schedule"])
      r.error(node["schedule"],
              fmt::format("{}.schedule: not with 'sessions' (the groups and their hours come from "
                          "the sessions held)",
                          path));
    const bool complete = level.sessions->complete_after.has_value();
    if (complete && node["length_of_stay"])
      r.error(node["length_of_stay"],
              fmt::format("{}.length_of_stay: not with sessions.complete_after (the stay ends "
                          "after the sessions attended); give one of them",
                          path));
    else if (!complete && !node["length_of_stay"])
      r.error(sessions, fmt::format("{}: give length_of_stay or sessions.complete_after (how a "
                                    "stay ends)",
                                    path));
    for (std::size_t c = 0; c < level.by_class.size() && complete; ++c)
      if (level.by_class[c] && level.by_class[c]->length_of_stay)
        r.error(node["by_class"][s.classes[c].name]["length_of_stay"],
                fmt::format("{}.by_class.{}.length_of_stay: not with sessions.complete_after "
                            "(the stay ends after the sessions attended)",
                            path, s.classes[c].name));
  }
}

}  // namespace continuum::config
