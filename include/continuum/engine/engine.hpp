// The discrete-event engine: one replication at a time of a compiled Model, in dense
// index-based tables. Reusable: run() resets the state and keeps its buffers. The engine
// reports every step of the patient flow to its StatsRecorder (statistics, daily series, trace).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "continuum/core/patient_rng.hpp"
#include "continuum/engine/event_calendar.hpp"
#include "continuum/engine/patient_pool.hpp"
#include "continuum/engine/simulation_error.hpp"
#include "continuum/engine/waitlist.hpp"
#include "continuum/model/distribution.hpp"
#include "continuum/model/model.hpp"
#include "continuum/stats/compliance.hpp"
#include "continuum/stats/daily_watch.hpp"
#include "continuum/stats/statistics.hpp"
#include "continuum/stats/stats_recorder.hpp"
#include "continuum/stats/trace.hpp"

namespace continuum {

struct EngineOptions {
  bool record_daily = true;  // per-day census and waitlist (memory: days x levels x 8 bytes)
  // Daily series whose first crossing day each replication notes (needs record_daily).
  std::vector<DailyWatch> watches = {};
};

class Engine {
 public:
  explicit Engine(Model model, EngineOptions options = {});
  // Simulates replication `replication` with the model's seed (or `seed` when given).
  ReplicationResult run(std::uint32_t replication, std::optional<std::uint64_t> seed = {});
  // Reports every step of the patient flow to `sink` (nullptr: none, the default).
  void set_trace(TraceSink* sink) { recorder_.set_trace(sink); }

 private:
  friend class EngineTestAccess;  // tests that corrupt the state on purpose (engine checks)

  // What an observe event marks (its subject).
  enum class Observation : std::uint32_t { kWarmupEnd = 0, kDayEnd = 1 };
  static constexpr int kNotHeld = -1;  // refer(): the patient keeps no slot elsewhere
  static constexpr std::uint32_t kNone = PatientPool::kNone;
  // run() prefetches the next event's patient record once the pool holds more records than
  // this (64 bytes each: 64 KB, about an L1 data cache's worth and more); below, the records
  // stay in cache and the second look at the calendar per event would be pure cost (M/M/c).
  static constexpr std::uint32_t kPrefetchFrom = 1024;
  // The subject of the kChange event at time 0 that offers free slots to the initial waitlists.
  static constexpr std::uint32_t kOfferInitialWaitlists = kNone;

  // A level's rules as the engine draws them: samplers and choices built from the Model.
  struct LevelRules {
    std::int64_t max_waiting;
    bool hold;
    double dropout_probability;
    Sampler length_of_stay;
    std::optional<Sampler> dropout_time;
    std::optional<Sampler> patience;
    Choice next;
    Choice on_abandon;  // empty: abandoners are lost to care
    double attendance;  // sessions: the probability of attending each one
  };
  // A patient in care at a level with sessions (sessions.cpp): its session counts this visit.
  struct RosterEntry {
    std::uint32_t patient;
    std::uint32_t offered;  // sessions held here since admission (keys the attendance draw)
    std::uint32_t attended;
    std::uint32_t missed_run;  // consecutive misses
  };
  // A level's run state, reset at the start of every replication.
  struct LevelState {
    int capacity_now;  // the model's capacity, then as changes: set it
    int in_care;
    std::int64_t waiting;            // live entries of the queues
    std::uint64_t initial_key_base;  // keys of the initial state's patients (patient_rng.hpp)
    std::array<std::uint64_t, kDrawPurposes> draw_salt;  // PatientRng::salt per purpose here
    Waitlist queue;  // one class: the waitlist; with classes: class 0's
    // With classes (else empty): per class the queue (1..), the census and the live entries.
    std::vector<Waitlist> class_queues;
    std::vector<int> in_care_by_class;
    std::vector<std::int64_t> waiting_by_class;
    bool reserved;  // some class has reserved slots here
    // Admissions here only at times before this (intake_days.cpp): +infinity without
    // intake_days; with them, the end of the open intake day under way (else a day past).
    double intake_until;
    // Levels with sessions (else empty): the patients in care, in no order; swap-removed.
    std::vector<RosterEntry> roster;
    // Interim services (engine/interim.cpp): patients in them, and the patients waiting at home
    // in order of joining (entries stale once their token moves), placed as places free.
    std::int64_t interim_count;
    Waitlist interim_queue;
  };
  // An arrival stream's rules (a referral source).
  struct ReferralSource {
    Sampler gap;  // time between referrals (streams given by `interarrival`)
    Choice entry;
    bool poisson;
    bool modulated;  // growth or monthly factors: thinning against the peak rate
    double growth;
    std::array<double, 12> monthly;
    std::vector<RateSegment> schedule;   // piecewise-constant rates (else empty)
    std::vector<double> class_shares;    // per class
    std::vector<Choice> entry_by_class;  // per class, with classes (else `entry`)
  };
  // A referral source's run state.
  struct SourceState {
    double rate;               // referrals per day now (Poisson; before growth and seasonality)
    std::uint32_t generation;  // bumped when the rate changes: cancels the pending referral
    double next_time;          // day-boundary mode, renewal streams: the next referral's time
    Rng rng;
    std::uint64_t key_base;   // keys of its patients (patient_rng.hpp)
    std::uint64_t referrals;  // referrals so far: the index of the next patient's key
  };
  struct RelapseRules {
    double probability;
    double probability_after_dropout;
    Sampler time_to_relapse;
    Choice reentry;
  };
  // A class's rules at a level (one per level without classes).
  struct ClassRules {
    LevelRules level;
    std::optional<RelapseRules> relapse;
    int reserved;
  };

  // A level's reviews for one payer (authorization.cpp).
  struct AuthorizationRules {
    double initial_days;
    double review_every_days;
    std::vector<double> approval;  // per class
    Choice on_denial;
  };

  // engine.cpp: set-up and the loop.
  void reset(std::uint32_t replication, std::uint64_t seed);
  void schedule_start();
  // The hot path comes in two builds (template parameter `Plain`): the general one (false), and
  // one for a replication that uses none of the optional features (plain(): no classes, payers,
  // sessions, drug testing, interim services, compliance KPIs, intake days, day-boundary mode,
  // report windows, trace or named exits), in which their tests are constants and compile away.
  // Both run the same rules: a plain replication gives the same results in either.
  bool plain() const;
  // The events up to the horizon (continuous time): the loop of run().
  template <bool Plain>
  void run_events(std::uint64_t& events);
  template <bool Plain = false>
  [[gnu::always_inline]] bool is_cancelled(const Event& e) const;  // inlined in run()
  // Runs one event taken from the calendar (unless cancelled) and counts it: the one body of
  // run()'s loop and of drain()'s.
  template <bool Plain = false>
  [[gnu::always_inline]] void run_event(const Event& e, std::uint64_t& events);
  template <bool Plain = false>
  [[gnu::always_inline]] void dispatch(const Event& e);
  void on_observe(Observation kind, double now);
  void on_change(std::uint32_t change, double now);
  void set_rules(const std::vector<LevelModel>& levels);
  void set_source_rules(const std::vector<StreamModel>& streams);
  template <bool Plain = false>
  void accumulate_areas(LevelId level, double now) {
    const LevelState& state = levels_[index_of(level)];
    recorder_.accumulate_areas<Plain>(level, now, state.in_care, state.waiting, state.capacity_now);
  }
  // With classes: every class's areas at `level` up to `now` (engine.cpp).
  void accumulate_class_areas(LevelId level, double now);
  std::uint32_t patient_id(std::uint32_t p) const { return patients_[p].id; }
  // Patient p's draws for `purpose` at `level` on its current visit (patient_rng.hpp): every
  // random number of a patient's care comes from here.
  PatientRng draws(std::uint32_t p, DrawPurpose purpose, LevelId level) const {
    return PatientRng(patients_[p].key,
                      levels_[index_of(level)].draw_salt[static_cast<std::size_t>(purpose)],
                      patients_[p].visit);
  }
  [[noreturn, gnu::cold]] void check_failed(double now, std::uint32_t p, int level,
                                            std::string_view what) const;

  // conservation.cpp: at the horizon, every patient referred is accounted for.
  void check_conservation(double now);

  // classes.cpp: classes, priority waitlists and reserved slots (models with classes only).
  std::size_t class_count() const { return class_count_; }
  template <bool Plain = false>
  ClassRules& class_rules(LevelId level, std::uint8_t cls) {
    if constexpr (Plain) return rules_[index_of(level)];  // one class
    return rules_[index_of(level) * class_count() + cls];
  }
  template <bool Plain = false>
  LevelRules& rules_for(LevelId level, std::uint8_t cls) {
    return class_rules<Plain>(level, cls).level;
  }
  std::uint8_t draw_class(const std::vector<double>& shares, Rng& rng) const;
  // Whether a patient of `cls` may take a free slot at `level` (reserved slots of other classes
  // not yet filled are not free to it).
  bool can_admit(LevelId level, std::uint8_t cls) const;
  // Whether someone waiting at `level` could take a free slot now.
  bool eligible_waiting(LevelId level) const;
  void enqueue(LevelId level, std::uint32_t p, double now);
  // The next patient a free slot at `level` goes to: the highest priority, then the earliest
  // referral, then the lowest class, among the classes that may take it; kNone when nobody.
  std::uint32_t next_from_waitlist(LevelId level, double now);
  // With classes: class `cls`'s census or waitlist at `level` changes by `delta` at `now` (its
  // areas are integrated up to `now` first).
  template <bool Plain = false>
  void count_in_care(LevelId level, std::uint8_t cls, int delta, double now) {
    if (Plain || !classes_) return;
    LevelState& state = levels_[index_of(level)];
    recorder_.accumulate_class_areas(level, cls, now, state.in_care_by_class[cls],
                                     state.waiting_by_class[cls]);
    state.in_care_by_class[cls] += delta;
  }
  template <bool Plain = false>
  void count_waiting(LevelId level, std::uint8_t cls, int delta, double now) {
    if (Plain || !classes_) return;
    LevelState& state = levels_[index_of(level)];
    recorder_.accumulate_class_areas(level, cls, now, state.in_care_by_class[cls],
                                     state.waiting_by_class[cls]);
    state.waiting_by_class[cls] += delta;
  }

  // flow.cpp: the patient flow rules.
  template <bool Plain = false>
  void refer(std::uint32_t p, LevelId level, double now, int held_at);
  // refer() without the day-boundary hook; `may_admit`: admitted at once when a slot is free
  // and nobody waits (continuous time), else always waitlisted (a day's new joiner).
  template <bool Plain = false>
  [[gnu::always_inline]] void place(std::uint32_t p, LevelId level, double now, int held_at,
                                    bool may_admit);
  template <bool Plain = false>
  void admit(std::uint32_t p, LevelId level, double now);
  template <bool Plain = false>
  void release_slot(std::uint32_t p, LevelId level, double now);
  // To the waitlists, cascading through holds. Inline: most events (an arrival, a discharge
  // with nobody waiting... ) end with the worklist empty, and that costs a test, not a call.
  template <bool Plain = false>
  void offer_freed_slots(double now) {
    if (!freed_levels_.empty()) serve_freed_slots<Plain>(now);
  }
  template <bool Plain = false>
  void serve_freed_slots(double now);  // flow.cpp: offer_freed_slots() with a non-empty worklist
  template <bool Plain = false>
  void leave_care(std::uint32_t p, double now, bool dropout);
  template <bool Plain = false>
  void on_discharge(std::uint32_t p, double now);
  template <bool Plain = false>
  void on_abandon(std::uint32_t p, double now);
  template <bool Plain = false>
  void on_relapse(std::uint32_t p, double now);
  // The end of a stay in care (completion with routing, or dropout), without offering the slot.
  template <bool Plain = false>
  void end_stay(std::uint32_t p, double now, bool dropout);
  // Patient p stops counting in its level's waitlist at `now` (an abandonment, or a held
  // step-up giving up): the areas up to now, then the counts. Its entry goes stale by token.
  template <bool Plain = false>
  void leave_waitlist(std::uint32_t p, double now) {
    const auto level = LevelId(static_cast<std::uint32_t>(patients_[p].level));
    LevelState& state = levels_[index_of(level)];
    accumulate_areas<Plain>(level, now);
    --state.waiting;
    count_waiting<Plain>(level, patients_[p].cls, -1, now);
    CONTINUUM_ENGINE_CHECK(state.waiting >= 0, now, p, patients_[p].level,
                           "waitlist count went negative");
  }

  // sessions.cpp: group sessions and attendance (levels.L.sessions).
  void schedule_sessions();  // each level's first session
  void on_session(LevelId level, double now);
  void join_roster(std::uint32_t p, LevelId level);
  void leave_roster(std::uint32_t p, LevelId level);
  // Whether the level ends stays after `complete_after` attended sessions (no drawn stay).
  bool completes_by_sessions(LevelId level) const {
    const std::optional<SessionsModel>& s = model_.level(level).sessions;
    return s && s->complete_after > 0;
  }

  // authorization.cpp: payers and authorization reviews (models with payers only).
  void set_authorization_rules();
  // Patient p's payer from `shares` (the rest of 1: uninsured), drawn from its own key and the
  // origin's stream key (an arrival stream's, or the initial state's level's).
  void draw_payer(std::uint32_t p, const std::vector<double>& shares, std::uint32_t origin_key);
  const AuthorizationRules* authorization(LevelId level, std::uint8_t payer) const {
    if (payer == kNoPayer) return nullptr;
    const std::optional<AuthorizationRules>& a = auth_[index_of(level) * model_.payers + payer];
    return a ? &*a : nullptr;
  }
  // The k-th review (0, 1, ...) of a stay begun at `admitted` (whole days in day-boundary mode).
  double review_time(const AuthorizationRules& a, double admitted, std::uint64_t k) const;
  // At the start of a stay at `level` (admitted at `admitted`, now `now`) that ends at `end`:
  // draws the reviews before `end`; true when one denies (its kReview event is then scheduled
  // instead of the discharge).
  // planned: `end` is the drawn end of the stay (denied days count up to it); false for a stay
  // its sessions end (complete_after), which has none.
  bool schedule_reviews(std::uint32_t p, LevelId level, double admitted, double now, double end,
                        bool planned = true);
  // The reviews patient p had at `level` before `end` inside the window, to the recorder.
  void count_reviews(std::uint32_t p, LevelId level, double end);
  void on_review(std::uint32_t p, double now);
  // Patient-days in care inside the window, per payer, of a stay ending at `now` at `level`.
  void count_payer_days(std::uint32_t p, LevelId level, double now);
  // At the horizon: the reviews and patient-days of the stays still under way.
  void payers_at_horizon();

  // Per patient record (grown on demand, written before read): a patient waiting at home at a
  // level with interim services, when it abandons (infinity: never; interim.cpp); a patient in
  // care at a level with sessions, its place in the roster (sessions.cpp). Kept beside the
  // records, which stay one cache line (patient_pool.hpp).
  double& abandon_at(std::uint32_t p) {
    if (abandon_at_.size() <= p) abandon_at_.resize(patients_.size());
    return abandon_at_[p];
  }
  std::uint32_t& roster_pos(std::uint32_t p) {
    if (roster_pos_.size() <= p) roster_pos_.resize(patients_.size());
    return roster_pos_[p];
  }
  std::vector<double> abandon_at_;
  std::vector<std::uint32_t> roster_pos_;

  // interim.cpp: interim services and the compliance KPIs' hooks (models with them only).
  // A patient who just joined `level`'s waitlist at home (abandon_at set).
  void join_interim(std::uint32_t p, LevelId level, double now);
  void fill_interim(LevelId level, double now);  // places free -> the earliest joiners
  void leave_interim(std::uint32_t p, LevelId level, double now);  // admitted or abandoned
  void interim_areas(double now);  // every level's interim census integrated up to `now`
  void compliance_day_end();

  // drug_testing.cpp: drug tests and step-up (levels.L.drug_testing; docs/scenario-format.md).
  // Nothing of it runs in a model without drug testing (drug_testing_ is false).
  struct DrugTestRules {
    int tests_per_week;
    std::vector<std::vector<double>> positive_by_week;  // per class
    int after_positives;
    Choice to;
    bool hold_slot;
    WeekdayMask days;  // the level's service days
  };
  // A patient's tests at the level it was last admitted to with testing (by patient index).
  struct DrugTestState {
    double admitted;          // week 1 starts here
    double planned_end;       // the stay's planned discharge: resumed after a failed held step-up
    double next_test;         // the pending test's time (infinity: none)
    std::uint32_t visit;      // the visit the test draws are keyed to (the admission's)
    std::uint32_t week;       // week in treatment of the pending tests (1, 2, ...)
    std::int32_t level;       // the testing level
    std::uint16_t positives;  // in this stay
    std::uint8_t pending;     // this week's test days still to come (bit i: day i of the week)
    std::uint8_t done;        // tests done this week (keys the next result's draw)
    bool held;                // the step-up pending keeps its slot here
  };
  void set_drug_testing();
  // Admission of p at `level` (admit(), initial state): a step-up completed, tests started.
  void drug_on_admit(std::uint32_t p, LevelId level, double now, double planned_end);
  void start_tests(std::uint32_t p, LevelId level, double admitted, double now, double planned_end);
  // The next test day at or after `now` (weeks from st.week on), into st.next_test.
  void plan_next_test(std::uint32_t p, double now);
  void push_next_test(std::uint32_t p);
  void on_drug_test(std::uint32_t p, double now);
  void step_up(std::uint32_t p, LevelId level, double now);
  // A held step-up back in care here (gave up waiting, or turned away there).
  void resume_stay(std::uint32_t p, double now);
  // on_abandon() / place() of a step-up patient: true when handled (held: stays here).
  bool step_up_abandoned(std::uint32_t p, double now);
  bool step_up_turned_away(std::uint32_t p, double now);
  std::vector<std::int32_t> drug_rule_of_;  // per level: index into drug_rules_, or -1
  std::vector<DrugTestRules> drug_rules_;
  std::vector<DrugTestState> drug_state_;  // per patient index, grown on demand
  bool drug_testing_ = false;              // some level tests

  // arrivals.cpp: referral sources.
  template <bool Plain = false>
  void on_arrival(StreamId stream, double now);
  template <bool Plain = false>
  void refer_new(StreamId stream, double now);  // one external referral from `stream`
  // Day-boundary mode: the referrals of day [t, t + 1) from `stream`, at boundary t.
  void day_referrals(StreamId stream, double t, std::uint64_t& events);
  template <bool Plain = false>
  void schedule_arrival(StreamId stream, double now);
  double rate_at(const ReferralSource& source, double rate, double t) const;
  void set_rate(StreamId stream, double rate);

  // initial_state.cpp: the census at time 0.
  void place_initial_state();
  void place_in_care(LevelId level, const InitialState& init);
  void place_waiting(LevelId level, const InitialState& init);
  // recently_discharged.cpp: the initial state's patients awaiting relapse.
  void place_recently_discharged(LevelId level, const InitialState& init);
  void offer_initial_waitlists(double now);

  // intake_days.cpp: levels with intake_days admit only on open intake days.
  bool intake_open(LevelId level, double now) const {
    return now < levels_[index_of(level)].intake_until;
  }
  void schedule_intakes();                          // at the start: each level's first intake day
  void on_intake(std::uint32_t level, double now);  // an intake day starts at `level`
  void open_intake_days(double t);                  // day-boundary mode: boundary t's intake days

  // day_step.cpp: day-boundary mode (time_step_days: 1, docs/time-modes.md). The phases of
  // each boundary, in order; returns the events counted as run() does.
  std::uint64_t run_days();
  // Runs the pending events of times <= t and types <= `last` (engine.cpp).
  void drain(double t, EventType last, std::uint64_t& events);
  void admit_earlier_joiners(double now);
  void place_new_joiners(double now);
  // Whole days (docs/time-modes.md, "Rounding"): stays, dropout stays and times to relapse
  // max(1, round(x)); patience max(1, ceil(x)).
  static double whole_days(double x) { return std::max(1.0, std::round(x)); }
  static double patience_days(double x) { return std::max(1.0, std::ceil(x)); }
  // A patient referred on the day being run, placed after the abandonments of the boundary.
  struct Joiner {
    std::uint32_t patient;
    LevelId level;
    int held_at;
  };

  Model model_;
  EngineOptions options_;
  std::vector<ClassRules> rules_;  // [level * classes + class]
  std::vector<LevelState> levels_;
  std::vector<ReferralSource> sources_;
  std::vector<SourceState> source_states_;
  bool day_step_ = false;        // day-boundary mode (model_.day_step)
  std::vector<Joiner> joiners_;  // day-boundary mode: the new joiners of the boundary being run
  bool rules_changed_ = false;   // some change sets rules (restored at each reset)
  bool classes_ = false;         // the model has more than one class
  std::size_t class_count_ = 1;  // model_.classes.size()
  std::vector<Rng> class_rngs_;  // with classes: per stream, then per level (initial state)
  std::vector<double> initial_class_shares_;       // the referral mix, for the initial state
  std::vector<std::uint32_t> daily_class_levels_;  // levels whose census per class and day is kept
  // Payers (authorization.cpp): whether the model has any, the reviews per level and payer
  // ([level * payers + payer]), the initial state's payer mix, and per patient record the end of
  // the stay drawn when a denial cuts it (denied days).
  bool payers_ = false;
  std::vector<std::optional<AuthorizationRules>> auth_;
  std::vector<double> initial_payer_shares_;
  std::vector<double> planned_end_;

  EventCalendar calendar_;
  PatientPool patients_;
  std::vector<std::uint32_t> intake_levels_;  // levels with intake_days (model order)
  std::vector<LevelId> freed_levels_;  // worklist of offer_freed_slots(), served last in first
  bool sessions_ = false;  // some level holds sessions (discharges may then be cancelled)
  // A session's patients who leave (completed or missed too many), handled after the draws.
  struct SessionExit {
    std::uint32_t patient;
    bool completed;
  };
  std::vector<SessionExit> session_exits_;
  double warmup_end_ = 0, horizon_end_ = 0;
  std::uint64_t seed_ = 0;  // of the replication running (streams drawn at set-up)
  std::uint32_t replication_ = 0;
  std::size_t day_ = 0, days_ = 0;
  StatsRecorder recorder_;
  ComplianceRecorder compliance_recorder_;
  bool interim_ = false;                      // some level has interim services
  bool compliance_ = false;                   // the compliance KPIs are kept
  std::string_view current_event_ = "start";  // for SimulationError (set with engine checks)
};

// One replication, from scratch (convenience for tests).
ReplicationResult simulate(const Model& model, std::uint32_t replication,
                           EngineOptions options = {});
ReplicationResult simulate(const Scenario& scenario, std::uint32_t replication,
                           EngineOptions options = {});

}  // namespace continuum
