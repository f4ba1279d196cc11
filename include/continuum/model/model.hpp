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
  double attendance = 1;                // sessions: the probability of attending each one
};

// A level's sessions (levels.L.sessions): held on LevelModel::service_days, not on holidays.
struct SessionsModel {
  double hours = 0;
  int group_size_max = 1;
  std::int64_t discharge_after_missed = 0;  // 0: misses never discharge
  std::int64_t complete_after = 0;          // 0: the drawn length of stay ends the stay
};

// A level's reviews for one payer (scenario.hpp, AuthorizationSpec), resolved per class.
struct AuthorizationModel {
  double initial_days = 0;
  double review_every_days = 0;
  std::vector<double> approval;  // per class of Model::classes
  RoutingTable on_denial;
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
  bool intake_rule = false;  // intake_days given: admissions wait for open intake days
  std::optional<SessionsModel> sessions = std::nullopt;  // none: the level holds no sessions
  // Interim services while waiting at home (none: no interim services here).
  struct Interim {
    std::int64_t capacity = 0;  // kUnlimitedInterim: unlimited
    double abandonment_factor = 1;
  };
  std::optional<Interim> interim;
  std::optional<DrugTestingModel> drug_testing = std::nullopt;  // none: no tests (zero cost)
  // With classes: keep this level's census per class and day (a staffing rule here has
  // `by_class`, so its daily FTE needs it; see level_needs_daily_class_census).
  bool daily_class_census = false;
  // With payers (else empty): per payer, its reviews here (none: never reviewed).
  std::vector<std::optional<AuthorizationModel>> authorization;
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
  std::vector<double> payer_shares;          // with payers: one per payer (the rest uninsured)
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
  std::size_t payers = 0;  // payers: (0: none; then nobody has a payer or is reviewed)
  // The compliance KPIs' thresholds (days): kept when the scenario has `compliance:` or a level
  // has interim services (then with the defaults); none: not kept.
  struct Compliance {
    double admit_within_days = 14;
    double interim_within_days = 2;
    double admit_within_days_max = 120;
    double capacity_alert_share = 0.9;
  };
  std::optional<Compliance> compliance;

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
