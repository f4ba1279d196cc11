// Settings by path (`levels.<level>.capacity`, `arrivals.<stream>.rate_per_day`): one parser
// and one table of limits for `changes:`, `continuum sweep --set` and `continuum size`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "continuum/core/name_index.hpp"
#include "continuum/core/units.hpp"
#include "continuum/model/bounds.hpp"
#include "continuum/model/scenario.hpp"

namespace continuum {

// A field that can be set by path: SECTION.<NAME>.FIELD, with its limits.
struct SettingField {
  Setting::Kind kind;
  std::string_view section;  // "levels" or "arrivals"
  std::string_view name;     // what the middle part names, for messages: "level", "stream"
  std::string_view field;    // "capacity" or "rate_per_day"
  Bound bound;
};

// The row of the table of settable fields for `kind`.
const SettingField& setting_field(Setting::Kind kind);

// A parsed path: which field of which level or arrival stream.
struct SettingPath {
  Setting::Kind kind;
  int index;  // into Scenario::levels or Scenario::arrivals
};

// The path, or why it names nothing settable. Messages carry no prefix (callers add where the
// path was written: "--set PATH: " or "changes[0].set.PATH: "), e.g. "no level 'x'".
struct ParsedSettingPath {
  std::optional<SettingPath> path;
  std::string error;
};

// The level and stream names of a scenario, indexed once for many paths (a file's `changes:`):
// each look-up is O(log n). `suggest`: whether an unknown name's message looks for the closest
// one (a search over every name; the loader turns it off once it stops keeping messages).
struct ScenarioNames {
  explicit ScenarioNames(const Scenario& scenario);
  NameIndex levels, streams;
  bool suggest = true;
};

// Parses `text` against the scenario's level and stream names. A stream given by
// `interarrival` has no rate to set (an error).
ParsedSettingPath parse_setting_path(std::string_view text, const Scenario& scenario);
ParsedSettingPath parse_setting_path(std::string_view text, const Scenario& scenario,
                                     const ScenarioNames& names);

// Why `value` is outside the limits of the path's field ("must be at least 0 (got -1)"), or "".
std::string setting_value_problem(const SettingPath& path, double value);
// The same, plus what the scenario rules out: a capacity below the level's reserved slots
// ("12 reserved slots exceed a capacity of 10").
std::string setting_value_problem(const SettingPath& path, double value, const Scenario& scenario);
// The rule of the patients found in care: a level's own capacity (its capacity as the run
// starts, before any dated change) holds its initial_state.in_care (an unlimited one holds any
// number; without an initial state, nothing to hold). One rule for the loader (the file's
// capacity), `sweep --set` (every grid point's) and `size` (every candidate's). A dated change
// may still cut the capacity below the census (the patients in care stay).
bool holds_found_in_care(const LevelSpec& level, int capacity);
// Why `value` cannot be the path's field from the start of the run (a sweep point's value, a
// sized candidate's capacity): setting_value_problem(path, value, scenario)'s reasons, and a
// capacity below the patients found in care ("must be at least
// levels.res.initial_state.in_care (8) (got 4)"), or "".
std::string starting_value_problem(const SettingPath& path, double value, const Scenario& scenario);
// The smallest capacity starting_value_problem() takes at the level `level`: the patients
// found in care, or the slots reserved for classes if more (0 when neither).
int least_starting_capacity(const Scenario& scenario, int level);
// The same for `value` written in its key's own unit of `rate_days` days (rate_per_week: 7,
// rate_per_year: kDaysPerYear, per day: 1): the limits, and a rate's mean gap, stated in that
// unit, as written (the file's dated changes and `sweep --set` alike).
std::string setting_value_problem_in_unit(const SettingPath& path, double value, double rate_days,
                                          const Scenario& scenario);

// Why a Poisson rate (per day) has no usable mean gap: a rate above 0 so small (a subnormal such
// as 1e-320) that 1 / rate overflows to infinity ("must be large enough for its mean gap 1/rate
// to be finite (got 1e-320)"), or "". `shown`: the value as written, in its key's own unit
// (rate_per_week, rate_per_year).
std::string rate_gap_problem(double rate_per_day, double shown);

// Sets the field. `value` must be within its limits (setting_value_problem is "").
void set_setting(Scenario& scenario, const SettingPath& path, double value);

// Parses `text`, checks `value` (starting_value_problem: the setting holds from the start of the
// run) and sets it: the problem (without prefix), or "" when set.
std::string apply_setting_path(Scenario& scenario, std::string_view text, double value);

// --- Dated changes (`changes:`): any key of a level, an arrival stream or the relapse block ---

// What a change's path names: the key (`kind`), whose (level or stream `index`, -1 for the
// relapse block) and, for a by_class key, which class (`cls`, else -1).
struct ChangePath {
  Setting::Kind kind;
  int index = -1;
  int cls = -1;
  // A rate's unit in days: 1 for rate_per_day, 7 for rate_per_week, kDaysPerYear for
  // rate_per_year (the value divided by it is the rate per day).
  double rate_days = 1;
};

// The keys of a referral rate and their length in days: rate_per_day (1), rate_per_week (7),
// rate_per_year (kDaysPerYear, core/units.hpp). Exactly one is given where a rate is.
struct RateKey {
  std::string_view key;
  double days;
};
inline constexpr RateKey kRateKeys[] = {
    {"rate_per_day", 1}, {"rate_per_week", 7}, {"rate_per_year", kDaysPerYear}};
struct ParsedChangePath {
  std::optional<ChangePath> path;
  std::string error;
};
// Parses a path of `changes:` (docs/scenario-format.md, "changes"): levels.L.KEY,
// levels.L.by_class.C.KEY, arrivals.S.KEY, arrivals.S.entry_by_class.C, relapse.KEY and
// relapse.by_class.C.KEY. Messages carry no prefix, as parse_setting_path's.
ParsedChangePath parse_change_path(std::string_view text, const Scenario& scenario,
                                   const ScenarioNames& names);
// The keys a change may set, for messages: "levels.<level>.capacity, ...".
std::string changeable_paths();

// Why `setting` cannot apply to `scenario` as it stands when the change takes effect (earlier
// changes applied), e.g. "level 'x' has no dropout; ...", or "".
std::string change_problem(const Scenario& scenario, const Setting& setting);
// Applies one setting of a change (change_problem() is "").
void apply_setting(Scenario& scenario, const Setting& setting);
// The scenario as it stands once changes[0..count) have been applied (in day order), and
// without changes.
Scenario scenario_after_changes(const Scenario& scenario, std::size_t count);

}  // namespace continuum
