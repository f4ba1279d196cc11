// A scenario as plain data: what the YAML file says, validated, with no YAML types.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "continuum/core/diagnostics.hpp"
#include "continuum/model/calendar.hpp"
#include "continuum/model/distribution.hpp"

namespace continuum {

// A routing target is a level index, or an exit (leaves care): kExit for plain `exit`, and
// kExit - 1 - k for the named exit `exit.<name>` Scenario::exits[k] (docs/scenario-format.md,
// "Named exits").
constexpr int kExit = -1;
constexpr bool is_exit(int target) {
  return target < 0;
}
// The exit's place in the counts of exits: 0 for plain `exit`, 1 + k for Scenario::exits[k].
constexpr int exit_slot(int target) {
  return kExit - target;
}
constexpr int named_exit_target(std::size_t k) {
  return kExit - 1 - static_cast<int>(k);
}

struct Route {
  int target = kExit;
  double probability = 0;
  SourcePos pos;
};

struct DropoutSpec {
  double probability = 0;
  DistributionSpec time = Fixed{0};  // the dropout's stay, drawn instead of the length of stay
};

// levels.L.waitlist.interim: interim services for patients waiting at home
// (docs/scenario-format.md, "Interim services"): `capacity` places, first come first served; while
// in one, the patience clock runs at `abandonment_factor` speed.
struct InterimSpec {
  SourcePos pos;
  std::int64_t capacity = 0;  // kUnlimitedInterim: unlimited
  double abandonment_factor = 1;
};
inline constexpr std::int64_t kUnlimitedInterim = std::numeric_limits<std::int64_t>::max();

struct WaitlistSpec {
  std::optional<DistributionSpec> patience;  // none: waits forever
  std::optional<std::int64_t> max_length;    // none: unbounded; 0: no waitlist at all
  std::vector<Route> on_abandon;             // where abandoners are referred; empty: all lost
  std::optional<InterimSpec> interim;        // the level's only (a class may not set it)
};

// compliance: the thresholds of the compliance KPIs (docs/outputs.md, "compliance"); the defaults
// are those of the SABG block grant (45 CFR 96.131).
struct ComplianceSpec {
  SourcePos pos;
  double admit_within_days = 14;
  double interim_within_hours = 48;
  double admit_within_days_max = 120;
  double capacity_alert_share = 0.9;
};

// A patient class (`classes:`): drawn per referral from its stream's shares and kept through
// every level, waitlist, relapse and re-entry. Scenario::classes is empty when the file has no
// `classes:` (every patient is of one class).
struct ClassSpec {
  std::string name;
  SourcePos pos;
  int priority = 0;  // a waitlist serves the highest priority first, first come first served
                     // within one priority (non-preemptive)
};

// Relapse after leaving care as a level (levels.L.relapse), a class (relapse.by_class.C) or a
// level's class (levels.L.by_class.C.relapse) overrides it: each key given replaces that key
// only. Precedence, key by key: level's by_class > level's relapse > global by_class > global.
struct RelapseOverride {
  SourcePos pos;
  std::optional<double> probability;
  std::optional<double> probability_after_dropout;
  std::optional<DistributionSpec> time_to_relapse;
  std::optional<std::vector<Route>> reentry;
};

// The program as it is today, for forecasts that start from now rather than from empty.
struct InitialState {
  std::int64_t in_care = 0;
  std::int64_t waiting = 0;
  std::vector<double> days_in_care;  // per patient in care (optional; else drawn, see docs)
  std::vector<double> days_waited;   // per waiting patient (optional; else 0)
  // Patients in the community after leaving care here who will relapse (`recently_discharged`):
  // this many, or none (omitted or `equilibrium`) drawn from the relapse process's equilibrium
  // given the census in care (docs/scenario-format.md, "Recently discharged").
  std::optional<std::int64_t> recently_discharged;
};

// A kind of staff (scenario key staff.roles): how many hours an FTE works and what it costs.
struct StaffRole {
  std::string name;
  SourcePos pos;
  double hours_per_fte_week = 40;
  double productive_share = 1;  // share of paid hours spent on the work the rules count
  double cost_per_fte_year = 0;
};

// How one role's required hours per week follow from a level's census n (docs/scenario-format.md,
// "Staff"). Every rule given adds its hours.
struct StaffRule {
  int role = 0;  // index into Scenario::staff_roles
  SourcePos pos;
  // On duty: max(minimum_on_duty, ceil(n / patients_per_staff)) staff for coverage hours a week.
  std::optional<double> patients_per_staff;
  double coverage_hours_per_week = 168;
  int minimum_on_duty = 0;
  double hours_per_patient_week = 0;  // n x hours
  std::optional<double> caseload;     // n / caseload FTE
  double facilitators_per_group = 0;  // ceil(n / group_size_max) groups, every session
  double individual_hours_per_patient_week = 0;
  // levels.L.staffing.ROLE.by_class.C: what differs for patients of class C (each key not
  // given is the rule's own). Empty unless the rule has `by_class`; then one per class.
  struct ClassRatios {
    std::optional<double> patients_per_staff, caseload, hours_per_patient_week,
        individual_hours_per_patient_week;
  };
  std::vector<ClassRatios> by_class;
};

// A program's group schedule (IOP, PHP): what the group rule of StaffRule needs.
struct ScheduleSpec {
  double sessions_per_week = 0;
  double hours_per_session = 0;
  int group_size_max = 1;
};

// A level's sessions (levels.L.sessions, docs/scenario-format.md "Sessions"): on each open
// service day every patient in care attends with probability `attendance` (per class:
// levels.L.by_class.C.sessions.attendance); `complete_after` attended sessions complete the stay
// (then the level has no length_of_stay); `discharge_after_missed` consecutive misses discharge
// the patient as a dropout at once (a no-show discharge).
struct SessionsSpec {
  SourcePos pos;
  WeekdayMask days = 0;
  double hours = 0;
  int group_size_max = 1;
  double attendance = 1;
  std::optional<std::int64_t> discharge_after_missed;
  std::optional<std::int64_t> complete_after;
};

// A level's rules for one class (levels.L.by_class.C): each key given replaces the level's own
// for patients of that class.
struct LevelClassSpec {
  SourcePos pos;
  std::optional<DistributionSpec> length_of_stay;
  std::optional<DropoutSpec> dropout;
  std::optional<std::vector<Route>> next;
  std::optional<WaitlistSpec> waitlist;  // patience, max_length is the level's; on_abandon
  std::optional<RelapseOverride> relapse;
  std::optional<double> attendance;  // sessions.attendance (the level must have sessions)
};

// A payer (`payers:`): drawn per referral like a class (arrivals[].payers), kept through the
// patient's whole path. Scenario::payers is empty when the file has no `payers:`.
struct PayerSpec {
  std::string name;
  SourcePos pos;
};

// levels.L.authorization.<payer> (docs/scenario-format.md, "Payers and authorization"): a review
// at admission + initial_days, then every review_every_days while in care; at each review the
// stay continues with `approval`, else the patient is discharged at once and routed by on_denial.
struct AuthorizationSpec {
  int payer = 0;  // index into Scenario::payers
  SourcePos pos;
  double initial_days = 0;
  double review_every_days = 0;
  double approval = 1;
  std::vector<std::optional<double>> approval_by_class;  // by_class.C.approval (empty w/o classes)
  std::vector<Route> on_denial;
};

// levels.L.drug_testing (docs/scenario-format.md, "Drug testing and step-up").
struct DrugTestingSpec {
  SourcePos pos;
  int tests_per_week = 1;                // on distinct random service days of each week in care
  std::vector<double> positive_by_week;  // by week in treatment (1, 2, ...); the last holds after
  // by_class.C.positive_by_week: replaces positive_by_week for class C (empty: the level's). Empty
  // without classes; else one entry per class.
  std::vector<std::vector<double>> positive_by_week_by_class;
  int after_positives = 1;  // positives in this stay that refer the patient to `to`
  std::vector<Route> to;    // levels only
  bool hold_slot = false;   // keeps its slot here until admitted there
};

struct LevelSpec {
  std::string name;
  SourcePos pos;
  int capacity = 0;
  // What the capacity counts, for every text that names it: "beds" or "slots" (levels.L.unit;
  // default_unit(name) when not given).
  std::string unit = "slots";
  DistributionSpec length_of_stay = Fixed{1};
  std::optional<DropoutSpec> dropout;
  WaitlistSpec waitlist;
  std::vector<Route> next;  // after completing
  bool hold_while_waiting = false;
  std::optional<InitialState> initial_state;
  std::optional<WeekdayMask> intake_days;  // admissions only on these weekdays (not holidays)
  std::optional<SessionsSpec> sessions;    // group sessions and attendance (else none)
  // Staff and cost (all optional).
  std::optional<ScheduleSpec> schedule;
  std::vector<StaffRule> staffing;
  double cost_per_patient_day = 0;  // non-staff cost
  // FTE on hand per role (role index, FTE): admissions stop at the census they cover.
  std::vector<std::pair<int, double>> staff_on_hand;
  // Classes (all empty without `classes:`; else one entry per class, in class order).
  std::vector<int> reserved;                            // slots only that class may fill
  std::vector<std::optional<LevelClassSpec>> by_class;  // per-class rules
  std::optional<RelapseOverride> relapse;               // relapse after leaving care from here
  // Payers (both empty without `payers:` or the key): reviews per payer, in file order, and the
  // revenue per patient-day in care per payer (one per payer, 0 where not given).
  std::vector<AuthorizationSpec> authorization;
  std::vector<double> revenue_per_patient_day;
  std::optional<DrugTestingSpec> drug_testing;  // drug tests and step-up (issue 11)
};

// A level's unit when `unit:` is not given: "beds" when its name (case aside) holds detox,
// withdrawal, residential, inpatient, crisis, hospital or bed (24-hour care), else "slots".
std::string default_unit(std::string_view level_name);

// One piece of a piecewise-constant referral rate (arrivals[].schedule): `rate_per_day` over
// [from_day, to_day), days of the statistics window (negative: the warm-up).
struct RatePiece {
  double from_day = 0;
  double to_day = 0;
  double rate_per_day = 0;
  SourcePos pos;
};

struct ArrivalSpec {
  std::string name;
  SourcePos pos;
  double rate_per_day = 0;  // 1 / mean of interarrival; with a schedule, its mean over the window
  DistributionSpec interarrival = Exponential{1};  // rate_per_day: exponential (Poisson referrals)
  bool poisson = true;                             // given as rate_per_day
  std::vector<Route> entry;
  // Piecewise-constant Poisson rates (`schedule:`), in order, covering warm-up and horizon
  // without gaps or overlaps; empty: rate_per_day or interarrival.
  std::vector<RatePiece> schedule;
  // First referral no earlier than this day of the window (0: the end of warm-up); none: from
  // the start of the run (warm-up included).
  std::optional<double> start_day;
  double growth_per_year = 0;           // Poisson streams: rate x (1 + growth)^(years since day 0)
  std::vector<double> monthly_factors;  // Poisson streams: 12 factors, month 1 starts at day 0
  // Classes (both empty without `classes:`; else one entry per class, in class order).
  std::vector<double> class_shares;                               // sum to 1
  std::vector<std::optional<std::vector<Route>>> entry_by_class;  // replaces `entry` per class
  // Payers (empty without `payers:`; else one share per payer, summing to at most 1: the rest
  // of the referrals are uninsured).
  std::vector<double> payer_shares;
};

// A dated edit applied during the run (changes:): one key of a level, an arrival stream or the
// relapse block (docs/scenario-format.md, "changes", lists every path and who it applies to).
struct Setting {
  enum class Kind {
    kLevelCapacity,        // levels.L.capacity: value
    kArrivalRate,          // arrivals.S.rate_per_day: value
    kLengthOfStay,         // levels.L[.by_class.C].length_of_stay: law
    kDropout,              // levels.L[.by_class.C].dropout: probability (value) and time (law)
    kDropoutProbability,   // levels.L[.by_class.C].dropout.probability: value
    kDropoutTime,          // levels.L[.by_class.C].dropout.time: law
    kPatience,             // levels.L[.by_class.C].waitlist.patience: law
    kOnAbandon,            // levels.L[.by_class.C].waitlist.on_abandon: routes
    kMaxLength,            // levels.L.waitlist.max_length: value (whole)
    kNext,                 // levels.L[.by_class.C].next: routes
    kHold,                 // levels.L.hold_while_waiting: value (0 or 1)
    kRelapseProbability,   // [levels.L[.by_class.C].]relapse[.by_class.C].probability: value
    kRelapseAfterDropout,  // ... .probability_after_dropout: value
    kTimeToRelapse,        // ... .time_to_relapse: law
    kReentry,              // ... .reentry: routes
    kEntry,                // arrivals.S.entry, arrivals.S.entry_by_class.C: routes
    kInterarrival,         // arrivals.S.interarrival: law
    kClassShares,          // arrivals.S.classes: shares (one per class)
  };
  Kind kind;
  int index;     // level or arrival stream (-1: the relapse block)
  double value;  // capacity (whole number), referrals per day, a probability, a length, 0/1
  SourcePos pos;
  int cls = -1;  // by_class.C: the class; -1: the level's, stream's or block's own key
  std::optional<DistributionSpec> law = {};
  std::vector<Route> routes = {};
  std::vector<double> shares = {};  // arrivals.S.classes: per class
  std::string where = {};           // "changes[0].set.PATH", for messages
  // Whether only numbers change (capacity, rate): the engine's rules stay as compiled.
  bool numeric() const { return kind == Kind::kLevelCapacity || kind == Kind::kArrivalRate; }
  // Whether it changes where patients go (the network checks each phase's routing).
  bool routing() const {
    return kind == Kind::kOnAbandon || kind == Kind::kNext || kind == Kind::kReentry ||
           kind == Kind::kEntry || kind == Kind::kRelapseProbability ||
           kind == Kind::kRelapseAfterDropout || kind == Kind::kClassShares ||
           kind == Kind::kHold || kind == Kind::kDropout || kind == Kind::kDropoutProbability;
  }
};
struct ChangeSpec {
  double day = 0;  // day of the statistics window (0 = end of warm-up)
  SourcePos pos;
  std::vector<Setting> settings;
};

// A report window (report_windows:): statistics also counted over [from_day, to_day) of the
// statistics window (docs/outputs.md, "windows").
struct ReportWindow {
  std::string name;
  SourcePos pos;
  double from_day = 0;
  double to_day = 0;
};

struct RelapseSpec {
  SourcePos pos;
  double probability = 0;
  std::optional<double> probability_after_dropout;
  DistributionSpec time_to_relapse = Exponential{1};
  std::vector<Route> reentry;
  std::vector<std::optional<RelapseOverride>> by_class;  // per class (empty without classes)
};

struct Scenario {
  std::string source_path;  // the file it was loaded from, for messages
  std::string name;
  std::string description;
  double horizon_days = 0;
  double warmup_days = 0;
  int replications = 1;
  std::uint64_t seed = 0;
  std::string currency = "USD";  // ISO 4217 code money is shown in (display only)
  // time_step_days: 0 (absent) is continuous time; 1 is day-boundary mode (docs/time-modes.md).
  int time_step_days = 0;
  std::optional<CalendarSpec> calendar;  // calendar: (none: undated, window day 0 a Monday)
  std::vector<ArrivalSpec> arrivals;
  std::vector<LevelSpec> levels;
  std::optional<RelapseSpec> relapse;
  std::vector<ChangeSpec> changes;           // in order of day (stable for equal days)
  std::vector<StaffRole> staff_roles;        // staff.roles, in file order
  std::vector<ClassSpec> classes;            // classes:, in file order (empty: one class)
  std::vector<PayerSpec> payers;             // payers:, in file order (empty: none)
  std::vector<ReportWindow> report_windows;  // report_windows:, in file order
  // The named exits (`exit.<name>` in a routing map), as written ("exit.completed"), in order of
  // first mention; empty when the file names none (then no exit counts are kept).
  std::vector<std::string> exits;
  // compliance: (absent: none asked for; the KPIs are still kept, with the defaults, when a
  // level has interim services).
  std::optional<ComplianceSpec> compliance;

  // Index of the class with this name, or -1.
  int class_index(std::string_view class_name) const;
  // Index of the level with this name, or -1.
  int level_index(std::string_view level_name) const;
  // The level's name, "exit" for kExit, or the named exit's "exit.<name>".
  std::string_view target_name(int target) const;
};

}  // namespace continuum
