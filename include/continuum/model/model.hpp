// The engine's only input: a validated scenario compiled into dense, index-based tables with
// resolved routing, effective capacities and absolute times. Built once by compile(); the
// engine never sees the Scenario, its names (except in error messages) or its staffing rules.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "continuum/model/calendar.hpp"
#include "continuum/model/distribution.hpp"
#include "continuum/model/scenario.hpp"

namespace continuum {

// Dense ids: indices into Model::levels and Model::streams, distinct types so that a level is
// never passed where an arrival stream is meant.
enum class LevelId : std::uint32_t {};
enum class StreamId : std::uint32_t {};
constexpr std::size_t index_of(LevelId id) {
  return static_cast<std::size_t>(id);
}
constexpr std::size_t index_of(StreamId id) {
  return static_cast<std::size_t>(id);
}

// One branch of a routing table: a level index or kExit, and its probability. A table's
// branches are in the scenario's order (the random draws depend on it).
struct Branch {
  int target = kExit;
  double probability = 0;
};
using RoutingTable = std::vector<Branch>;

struct RelapseModel {
  double probability = 0;
  double probability_after_dropout = 0;
  DistributionSpec time_to_relapse = Exponential{1};
  RoutingTable reentry;
};

// A patient class; a model without `classes:` has one, named "all", of priority 0.
struct ClassModel {
  std::string name;
  int priority = 0;
};

// A level's rules for one class, resolved: the level's own keys where its `by_class` gives none,
// and relapse resolved key by key (scenario.hpp, RelapseOverride).
struct LevelClassModel {
  DistributionSpec length_of_stay = Fixed{1};
  double dropout_probability = 0;
  std::optional<DistributionSpec> dropout_time;  // the dropout's stay (with dropout)
  std::optional<DistributionSpec> patience;      // none: waits forever
  RoutingTable next;
  RoutingTable on_abandon;
  std::optional<RelapseModel> relapse;  // none: no relapse after leaving care from here
  int reserved = 0;                     // slots only this class may fill
};

// A level's drug tests and step-up (levels.L.drug_testing), compiled.
struct DrugTestingModel {
  int tests_per_week = 1;
  std::vector<std::vector<double>> positive_by_week;  // per class: by week in treatment
  int after_positives = 1;
  RoutingTable to;  // levels only
  bool hold_slot = false;
};

struct LevelModel {
  std::string name;              // for error messages only
  std::uint32_t stream_key = 0;  // keys the level's random streams (stream_key(name))
  int capacity = 0;              // effective: beds, or fewer when the staff on hand covers less
  std::int64_t max_waiting = 0;  // INT64_MAX: unbounded; 0: no waitlist
  bool hold = false;             // hold_while_waiting: keep the slot until the next level admits
  double dropout_probability = 0;
  DistributionSpec length_of_stay = Fixed{1};
  std::optional<DistributionSpec> dropout_time;  // the dropout's stay (with dropout)
  std::optional<DistributionSpec> patience;      // none: waits forever
  RoutingTable next;                             // after completing
  RoutingTable on_abandon;                       // empty: abandoners are lost to care
  std::optional<InitialState> initial_state;     // the census at time 0
  std::vector<LevelClassModel> by_class;         // one per class of Model::classes
  // Calendar days (model/calendar.hpp): admissions only on intake days (levels.L.intake_days),
  // sessions and drug tests only on service days (levels.L.sessions.days); holidays are neither.
  WeekdayMask intake_days = kEveryDay;
  WeekdayMask service_days = kEveryDay;
  std::optional<DrugTestingModel> drug_testing = std::nullopt;  // none: no tests (zero cost)
  // With classes: keep this level's census per class and day (a staffing rule here has
  // `by_class`, so its daily FTE needs it; see level_needs_daily_class_census).
  bool daily_class_census = false;
};

// A piece of a referral schedule: `rate` per day from `start` until `end` (days since the start
// of the run, warm-up included).
struct RateSegment {
  double start = 0;
  double end = 0;
  double rate = 0;
};

// An external referral stream.
struct StreamModel {
  std::string name;
  std::uint32_t stream_key = 0;  // keys the stream's random numbers (stream_key(name))
  bool poisson = true;           // exponential gaps at rate_per_day, else renewal gaps
  double rate_per_day = 0;       // at the start, before growth and seasonality
  DistributionSpec interarrival = Exponential{1};
  RoutingTable entry;
  double growth_per_year = 0;
  std::array<double, 12> monthly_factors{};  // all 1 when none given
  bool modulated = false;                    // growth or monthly factors: thinning
  std::vector<RateSegment> schedule;         // piecewise-constant rates (else empty)
  double start = 0;                          // time of the first referral at the earliest
  std::vector<double> class_shares;          // one per class (a single 1 without classes)
  std::vector<RoutingTable> entry_by_class;  // one per class (`entry` unless overridden)
};

// A dated change (changes:), its settings applied together at `time` (days since the start of
// the run, warm-up included).
struct ModelSetting {
  Setting::Kind kind;
  std::uint32_t index;  // level (kLevelCapacity) or arrival stream (kArrivalRate)
  double value;         // capacity (whole number) or referrals per day
};
struct ModelChange {
  double time = 0;
  std::vector<ModelSetting> settings;  // capacities and rates (applied as today)
  // When the change sets any other key: every level's and stream's rules as they stand from
  // `time` on (the scenario with this and every earlier change applied), which the engine
  // takes in place of its rules then. Empty when only capacities and rates change.
  bool rules = false;
  std::vector<LevelModel> levels;
  std::vector<StreamModel> streams;
};

// A report window: statistics also counted over [start, end) (days since the start of the run).
struct WindowSpan {
  double start = 0;
  double end = 0;
};

struct Model {
  double warmup_days = 0;
  double horizon_days = 0;  // the statistics window, after warm-up
  std::uint64_t seed = 0;
  // Day-boundary mode (time_step_days: 1, docs/time-modes.md): every event on a whole day, in
  // the phases of one boundary; warm-up and horizon are whole days.
  bool day_step = false;
  Calendar calendar;                // dates, weekdays and holidays of the run's days (calendar:)
  std::vector<ClassModel> classes;  // at least one
  std::vector<LevelModel> levels;
  std::vector<StreamModel> streams;
  std::optional<RelapseModel> relapse;
  std::vector<ModelChange> changes;  // in order of time (stable for equal times)
  std::vector<WindowSpan> windows;   // report_windows, in file order
  // With named exits: the slots counted per level (plain `exit`, then each named exit; see
  // scenario.hpp, exit_slot); 0: the scenario names no exit and none are counted.
  std::size_t exit_slots = 0;

  const LevelModel& level(LevelId id) const { return levels[index_of(id)]; }
  const StreamModel& stream(StreamId id) const { return streams[index_of(id)]; }
};

// Random streams are keyed by the name of their level or arrival stream (FNV-1a), not by
// position, so an overlay that adds or deletes a level leaves every other stream's numbers
// unchanged.
std::uint32_t stream_key(const std::string& name);

// The scenario as the engine runs it.
Model compile(const Scenario& scenario);

}  // namespace continuum
