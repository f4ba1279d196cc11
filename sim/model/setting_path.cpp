// Settings by path: the table of settable fields, the one parser, and setting a value.
#include "continuum/model/setting_path.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "continuum/core/diagnostics.hpp"
#include "continuum/core/suggestion.hpp"
#include "continuum/model/capacity.hpp"

namespace continuum {

namespace {

// Every settable field, in the order messages list them.
constexpr std::array<SettingField, 2> kSettingFields = {{
    {Setting::Kind::kLevelCapacity, "levels", "level", "capacity", bounds::kSetCapacity},
    {Setting::Kind::kArrivalRate, "arrivals", "stream", "rate_per_day", bounds::kSetRatePerDay},
}};

// "levels.<level>.capacity or arrivals.<stream>.rate_per_day"
std::string settable_paths() {
  std::string out;
  for (const SettingField& f : kSettingFields)
    out += fmt::format("{}{}.<{}>.{}", out.empty() ? "" : " or ", f.section, f.name, f.field);
  return out;
}

// The level or stream `name` of a path to `field`, or why there is none.
ParsedSettingPath resolve(const SettingField& field, std::string_view name,
                          const Scenario& scenario, const ScenarioNames& names) {
  const std::string text(name);
  if (field.kind == Setting::Kind::kLevelCapacity) {
    const int level = names.levels.find(name);
    if (level < 0)
      return {{},
              fmt::format("no level '{}'{}", text,
                          names.suggest ? suggestion(text, names.levels.names()) : "")};
    return {SettingPath{field.kind, level}, ""};
  }
  const int stream = names.streams.find(name);
  if (stream < 0)
    return {{},
            fmt::format("no arrival stream '{}'{}", text,
                        names.suggest ? suggestion(text, names.streams.names()) : "")};
  if (!scenario.arrivals[static_cast<std::size_t>(stream)].poisson)
    return {{},
            fmt::format("the stream '{}' is given by interarrival; only streams given by "
                        "rate_per_day can change rate",
                        text)};
  if (!scenario.arrivals[static_cast<std::size_t>(stream)].schedule.empty())
    return {{},
            fmt::format("the stream '{}' has a schedule; give the new rate as a piece of its "
                        "schedule",
                        text)};
  return {SettingPath{field.kind, stream}, ""};
}

// The slots a level reserves for classes, all classes together.
std::int64_t reserved_slots(const LevelSpec& level) {
  std::int64_t reserved = 0;
  for (int r : level.reserved)
    reserved += r;
  return reserved;
}

std::vector<std::string> level_names(const Scenario& scenario) {
  std::vector<std::string> names;
  for (const LevelSpec& level : scenario.levels)
    names.push_back(level.name);
  return names;
}

std::vector<std::string> stream_names(const Scenario& scenario) {
  std::vector<std::string> names;
  for (const ArrivalSpec& stream : scenario.arrivals)
    names.push_back(stream.name);
  return names;
}

}  // namespace

const SettingField& setting_field(Setting::Kind kind) {
  for (const SettingField& f : kSettingFields)
    if (f.kind == kind) return f;
  invariant_failed("every Setting::Kind has a row in kSettingFields", __FILE__, __LINE__, __func__);
}

// SECTION.NAME.FIELD, split at the first and the last dot: a name may itself hold dots.
ScenarioNames::ScenarioNames(const Scenario& scenario)
    : levels(level_names(scenario)), streams(stream_names(scenario)) {}

ParsedSettingPath parse_setting_path(std::string_view text, const Scenario& scenario) {
  return parse_setting_path(text, scenario, ScenarioNames(scenario));
}

ParsedSettingPath parse_setting_path(std::string_view text, const Scenario& scenario,
                                     const ScenarioNames& names) {
  const auto first = text.find('.'), last = text.rfind('.');
  if (first == std::string_view::npos || last <= first + 1)
    return {{}, "can set " + settable_paths()};
  const std::string_view section = text.substr(0, first), field = text.substr(last + 1);
  const auto row = std::find_if(kSettingFields.begin(), kSettingFields.end(),
                                [&](const SettingField& f) { return f.section == section; });
  if (row == kSettingFields.end()) return {{}, "can set " + settable_paths()};
  if (row->field != field) {
    std::vector<std::string> fields;
    for (const SettingField& f : kSettingFields)
      if (f.section == section) fields.emplace_back(f.field);
    return {{},
            fmt::format("unknown field '{}'{}; can set {}", field, suggestion(field, fields),
                        settable_paths())};
  }
  return resolve(*row, text.substr(first + 1, last - first - 1), scenario, names);
}

std::string rate_gap_problem(double rate_per_day, double shown) {
  if (!(rate_per_day > 0) || std::isfinite(1 / rate_per_day)) return "";
  return fmt::format("must be large enough for its mean gap 1/rate to be finite (got {})", shown);
}

std::string setting_value_problem(const SettingPath& path, double value) {
  std::string problem = bound_problem(setting_field(path.kind).bound, value);
  if (problem.empty() && path.kind == Setting::Kind::kArrivalRate)
    problem = rate_gap_problem(value, value);
  return problem;
}

std::string setting_value_problem_in_unit(const SettingPath& path, double value, double rate_days,
                                          const Scenario& scenario) {
  if (rate_days == 1) return setting_value_problem(path, value, scenario);
  Bound bound = setting_field(path.kind).bound;
  bound.min *= rate_days;
  bound.max *= rate_days;
  std::string problem = bound_problem(bound, value);
  if (problem.empty() && path.kind == Setting::Kind::kArrivalRate)
    problem = rate_gap_problem(value / rate_days, value);
  return problem;
}

std::string setting_value_problem(const SettingPath& path, double value, const Scenario& scenario) {
  std::string problem = setting_value_problem(path, value);
  if (!problem.empty() || path.kind != Setting::Kind::kLevelCapacity) return problem;
  const LevelSpec& level = scenario.levels.at(static_cast<std::size_t>(path.index));
  const std::int64_t reserved = reserved_slots(level);
  if (reserved > 0 && !is_unlimited(static_cast<int>(value)) && reserved > value)
    return fmt::format("{} reserved slots exceed a capacity of {}", reserved, value);
  return "";
}

bool holds_found_in_care(const LevelSpec& level, int capacity) {
  return !level.initial_state || is_unlimited(capacity) || level.initial_state->in_care <= capacity;
}

std::string starting_value_problem(const SettingPath& path, double value,
                                   const Scenario& scenario) {
  std::string problem = setting_value_problem(path, value, scenario);
  if (!problem.empty() || path.kind != Setting::Kind::kLevelCapacity) return problem;
  // Within its bound: a whole number from 0 to kMaxCapacity, or unlimited.
  const LevelSpec& level = scenario.levels.at(static_cast<std::size_t>(path.index));
  if (!holds_found_in_care(level, static_cast<int>(value)))
    return fmt::format("must be at least levels.{}.initial_state.in_care ({}) (got {:g})",
                       level.name, level.initial_state->in_care, value);
  return "";
}

int least_starting_capacity(const Scenario& scenario, int level) {
  const LevelSpec& spec = scenario.levels.at(static_cast<std::size_t>(level));
  const std::int64_t found = spec.initial_state ? spec.initial_state->in_care : 0;
  const std::int64_t least = std::max(found, reserved_slots(spec));
  return static_cast<int>(std::min<std::int64_t>(least, std::numeric_limits<int>::max()));
}

void set_setting(Scenario& scenario, const SettingPath& path, double value) {
  CONTINUUM_ASSERT(setting_value_problem(path, value).empty());
  const auto index = static_cast<std::size_t>(path.index);
  if (path.kind == Setting::Kind::kLevelCapacity) {
    scenario.levels.at(index).capacity = static_cast<int>(value);
    return;
  }
  ArrivalSpec& stream = scenario.arrivals.at(index);
  CONTINUUM_ASSERT(stream.poisson);
  stream.rate_per_day = value;
  // At rate 0 the stream is off (the engine draws no gap); the exponential keeps its last mean,
  // as it needs a rate above 0 to be a distribution.
  if (value > 0) stream.interarrival = Exponential{1 / value};
}

std::string apply_setting_path(Scenario& scenario, std::string_view text, double value) {
  const ParsedSettingPath parsed = parse_setting_path(text, scenario);
  if (!parsed.path) return parsed.error;
  std::string problem = starting_value_problem(*parsed.path, value, scenario);
  if (problem.empty()) set_setting(scenario, *parsed.path, value);
  return problem;
}

}  // namespace continuum
