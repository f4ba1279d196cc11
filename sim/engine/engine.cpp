// The event loop: set-up from the Model, the run, and the bookkeeping events (observations,
// changes). The flow rules are in flow.cpp, referral sources in arrivals.cpp. Every rule about
// same-instant order lives in EventType (event_calendar.hpp).
#include "continuum/engine/engine.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "choice_of.hpp"
#include "stream_rate.hpp"

namespace continuum {

namespace {

std::optional<Sampler> sampler_of(const std::optional<DistributionSpec>& spec) {
  if (!spec) return std::nullopt;
  return Sampler(*spec);
}

// What ReplicationResult::events counts: the flow's events (arrivals, discharges, abandonments,
// relapses), not the bookkeeping ones (observations, changes, intake days); cancelled events never
// count.
constexpr bool counts_as_event(EventType type) {
  return type != EventType::kObserve && type != EventType::kChange && type != EventType::kIntake;
}

// A stream's rate in force at time t (model time; before any dated change).
double rate_in_force(const StreamModel& stream, double t, double warmup_days) {
  if (!stream.poisson) return 1 / mean_of(stream.interarrival);
  if (!stream.schedule.empty()) {
    for (const RateSegment& piece : stream.schedule)
      if (piece.start <= t && t < piece.end) return piece.rate;
    return 0;
  }
  if (stream.modulated)
    return modulated_rate(stream.rate_per_day, stream.growth_per_year, stream.monthly_factors,
                          t - warmup_days);
  return stream.rate_per_day;
}

// A stream's rate when it first refers: from its start on, a schedule's first piece of positive
// rate.
double first_rate(const StreamModel& stream, double warmup_days) {
  const double t = std::max(0.0, stream.start);
  if (!stream.poisson || stream.schedule.empty()) return rate_in_force(stream, t, warmup_days);
  for (const RateSegment& piece : stream.schedule)
    if (piece.end > t && piece.rate > 0) return piece.rate;
  return 0;
}

}  // namespace

std::vector<double> initial_stream_weights(const Model& model) {
  std::vector<double> weights;
  double total = 0;
  for (const StreamModel& stream : model.streams) {
    weights.push_back(stream.start > 0 ? 0.0 : rate_in_force(stream, 0, model.warmup_days));
    total += weights.back();
  }
  if (total > 0) return weights;
  weights.clear();
  for (const StreamModel& stream : model.streams)
    weights.push_back(first_rate(stream, model.warmup_days));
  return weights;
}

Engine::Engine(Model model, EngineOptions options) : model_(std::move(model)), options_(options) {
  // Patient records keep level indices in 16 bits. A scenario cannot reach this (the loader's
  // 500,000-node limit allows some 25,000 levels at most); a Model built by hand can.
  if (model_.levels.size() > kMaxLevels)
    throw std::length_error("a model of " + std::to_string(model_.levels.size()) +
                            " levels: the engine runs at most " + std::to_string(kMaxLevels));
  if (options_.record_daily) recorder_.set_watches(options_.watches);
  class_count_ = std::max<std::size_t>(1, model_.classes.size());
  classes_ = class_count_ > 1;
  for (LevelModel& level : model_.levels) {
    if (level.by_class.empty())  // a Model built by hand, not by compile(): the level's own rules
      level.by_class.push_back({.length_of_stay = level.length_of_stay,
                                .dropout_probability = level.dropout_probability,
                                .dropout_time = level.dropout_time,
                                .patience = level.patience,
                                .next = level.next,
                                .on_abandon = level.on_abandon,
                                .relapse = model_.relapse,
                                .reserved = 0});
    CONTINUUM_ASSERT(level.by_class.size() == class_count_);
  }
  set_rules(model_.levels);
  levels_.resize(model_.levels.size());
  for (const StreamModel& stream : model_.streams)
    sources_.push_back(ReferralSource{
        .gap = Sampler(stream.interarrival),
        .entry = choice_of(stream.entry),
        .poisson = stream.poisson,
        .modulated = stream.modulated,
        .growth = stream.growth_per_year,
        .monthly = stream.monthly_factors,
        .schedule = stream.schedule,
        .class_shares = stream.class_shares,
        .entry_by_class = {},
    });
  set_source_rules(model_.streams);
  rules_changed_ = std::any_of(model_.changes.begin(), model_.changes.end(),
                               [](const ModelChange& c) { return c.rules; });
  recorder_.count_exits(model_.exit_slots);
  set_authorization_rules();  // authorization.cpp (nothing without payers)
  set_drug_testing();
  if (classes_) {
    // The initial state's patients: the referral mix of the streams at their rates in force at
    // time 0 (initial_stream_weights).
    initial_class_shares_.assign(class_count(), 0.0);
    const std::vector<double> weights = initial_stream_weights(model_);
    double total = 0;
    for (std::size_t s = 0; s < model_.streams.size(); ++s) {
      for (std::size_t c = 0; c < class_count(); ++c)
        initial_class_shares_[c] += weights[s] * model_.streams[s].class_shares[c];
      total += weights[s];
    }
    for (double& share : initial_class_shares_)
      share = total > 0 ? share / total : 1.0 / static_cast<double>(class_count());
    for (std::size_t l = 0; l < model_.levels.size(); ++l)
      if (model_.levels[l].daily_class_census)
        daily_class_levels_.push_back(static_cast<std::uint32_t>(l));
  }
  source_states_.resize(model_.streams.size());
  freed_levels_.reserve(64);
  day_step_ = model_.day_step;
  recorder_.set_whole_days(day_step_);  // waits are whole days: so are their p90s
  compliance_recorder_.set_whole_days(day_step_);
  if (day_step_) joiners_.reserve(256);
  for (std::size_t l = 0; l < model_.levels.size(); ++l)
    if (model_.levels[l].intake_rule) intake_levels_.push_back(static_cast<std::uint32_t>(l));
  for (const LevelModel& level : model_.levels)
    sessions_ = sessions_ || level.sessions.has_value();
  // Day-boundary mode refuses sessions (check_sessions): no phase of a boundary runs them.
  CONTINUUM_ASSERT(!(sessions_ && day_step_));
  if (sessions_) session_exits_.reserve(64);
  std::vector<bool> interim_levels;
  for (const LevelModel& level : model_.levels)
    interim_levels.push_back(level.interim.has_value());
  interim_ = std::find(interim_levels.begin(), interim_levels.end(), true) != interim_levels.end();
  compliance_ = model_.compliance.has_value();
  compliance_recorder_.configure(model_.compliance, std::move(interim_levels), class_count_);
}

// Every level's rules (per class) from `levels`: at the start, and at a change of rules.
void Engine::set_rules(const std::vector<LevelModel>& levels) {
  rules_.clear();
  for (const LevelModel& level : levels) {
    CONTINUUM_ASSERT(level.by_class.size() == class_count_);
    for (const LevelClassModel& c : level.by_class) {
      std::optional<RelapseRules> relapse;
      if (c.relapse)
        relapse = RelapseRules{
            .probability = c.relapse->probability,
            .probability_after_dropout = c.relapse->probability_after_dropout,
            .time_to_relapse = Sampler(c.relapse->time_to_relapse),
            .reentry = choice_of(c.relapse->reentry),
        };
      rules_.push_back(ClassRules{
          .level =
              LevelRules{
                  .max_waiting = level.max_waiting,
                  .hold = level.hold,
                  .dropout_probability = c.dropout_probability,
                  .length_of_stay = Sampler(c.length_of_stay),
                  .dropout_time = sampler_of(c.dropout_time),
                  .patience = sampler_of(c.patience),
                  .next = choice_of(c.next),
                  .on_abandon = c.on_abandon.empty() ? Choice() : choice_of(c.on_abandon),
                  .attendance = c.attendance,
              },
          .relapse = std::move(relapse),
          .reserved = c.reserved,
      });
    }
  }
}

// The streams' gaps (renewal streams), entries and class mix from `streams`.
void Engine::set_source_rules(const std::vector<StreamModel>& streams) {
  for (std::size_t s = 0; s < sources_.size(); ++s) {
    ReferralSource& source = sources_[s];
    const StreamModel& stream = streams[s];
    source.gap = Sampler(stream.interarrival);
    source.entry = choice_of(stream.entry);
    source.class_shares = stream.class_shares;
    source.entry_by_class.clear();
    if (classes_)
      for (const RoutingTable& entry : stream.entry_by_class)
        source.entry_by_class.push_back(choice_of(entry));
  }
}

void Engine::reset(std::uint32_t replication, std::uint64_t seed) {
  if (rules_changed_) {  // the previous replication's changes: back to the rules at the start
    set_rules(model_.levels);
    set_source_rules(model_.streams);
  }
  calendar_.clear();
  // Referral sources and the day clock have one event pending at a time: kept beside the heap.
  calendar_.set_sources(sources_.size() + 1);
  patients_.clear();
  freed_levels_.clear();
  joiners_.clear();
  for (std::size_t l = 0; l < levels_.size(); ++l) {
    const LevelModel& level = model_.levels[l];
    LevelState& state = levels_[l];
    state.capacity_now = level.capacity;
    state.in_care = 0;
    state.waiting = 0;
    state.initial_key_base =
        PatientRng::key_base(seed, replication, PatientOrigin::kInitial, level.stream_key);
    for (std::size_t k = 0; k < kDrawPurposes; ++k)
      state.draw_salt[k] = PatientRng::salt(DrawPurpose(k), level.stream_key);
    state.queue.clear();
    state.roster.clear();
    state.reserved = false;
    state.intake_until =
        level.intake_rule ? -1.0 : std::numeric_limits<double>::infinity();  // intake_days.cpp
    state.interim_count = 0;
    state.interim_queue.clear();
    if (classes_) {
      state.class_queues.resize(class_count());
      for (Waitlist& q : state.class_queues)
        q.clear();
      state.in_care_by_class.assign(class_count(), 0);
      state.waiting_by_class.assign(class_count(), 0);
      for (std::size_t c = 0; c < class_count(); ++c)
        state.reserved |= level.by_class[c].reserved > 0;
    }
  }
  for (std::size_t s = 0; s < sources_.size(); ++s) {
    SourceState& state = source_states_[s];
    state.rng =
        Rng::stream(seed, replication, StreamPurpose::kArrivals, model_.streams[s].stream_key);
    state.key_base = PatientRng::key_base(seed, replication, PatientOrigin::kArrival,
                                          model_.streams[s].stream_key);
    state.referrals = 0;
    state.rate = model_.streams[s].rate_per_day;
    state.generation = 0;
  }
  class_rngs_.clear();
  if (classes_) {
    for (const StreamModel& stream : model_.streams)
      class_rngs_.push_back(
          Rng::stream(seed, replication, StreamPurpose::kClass, stream.stream_key));
    for (const LevelModel& level : model_.levels)
      class_rngs_.push_back(
          Rng::stream(seed, replication, StreamPurpose::kClass, level.stream_key));
  }

  seed_ = seed;
  replication_ = replication;
  warmup_end_ = model_.warmup_days;
  horizon_end_ = model_.warmup_days + model_.horizon_days;
  day_ = 0;
  days_ =
      options_.record_daily ? static_cast<std::size_t>(std::ceil(model_.horizon_days - 1e-9)) : 0;
  recorder_.start(levels_.size(), days_, warmup_end_, model_.horizon_days, class_count(),
                  daily_class_levels_, model_.windows);
  compliance_recorder_.start(warmup_end_, horizon_end_);
  current_event_ = "start";
}

// The first events: the end of warm-up, the initial census, each source's first referral, the
// dated changes.
void Engine::schedule_start() {
  calendar_.set_source(sources_.size(), warmup_end_, EventType::kObserve,
                       static_cast<std::uint32_t>(Observation::kWarmupEnd));
  place_initial_state();
  for (std::size_t s = 0; s < sources_.size(); ++s)
    schedule_arrival(StreamId(s), model_.streams[s].start);
  for (std::uint32_t c = 0; c < model_.changes.size(); ++c)
    calendar_.push(model_.changes[c].time, EventType::kChange, c);
  if (!intake_levels_.empty()) schedule_intakes();
  if (sessions_) schedule_sessions();
}

ReplicationResult Engine::run(std::uint32_t replication, std::optional<std::uint64_t> seed) {
  reset(replication, seed.value_or(model_.seed));
  schedule_start();
  std::int64_t initial = 0;  // the initial state's patients enter the balance as referred
  for (const LevelModel& level : model_.levels)
    if (level.initial_state) initial += level.initial_state->in_care + level.initial_state->waiting;
  recorder_.on_initial_state(initial);
  std::uint64_t events = 0;
  if (day_step_) {
    events = run_days();  // day_step.cpp
    calendar_.clear();    // what is left falls after the horizon
  }
  if (plain())
    run_events<true>(events);
  else
    run_events<false>(events);
  for (std::size_t l = 0; l < levels_.size(); ++l) {
    accumulate_areas(LevelId(l), horizon_end_);
    if (classes_) accumulate_class_areas(LevelId(l), horizon_end_);
    recorder_.on_end(LevelId(l), levels_[l].in_care, levels_[l].waiting,
                     levels_[l].in_care_by_class.data(), levels_[l].waiting_by_class.data());
  }
  if (payers_) payers_at_horizon();
  check_conservation(horizon_end_);
  if (interim_) interim_areas(horizon_end_);
  ReplicationResult result = recorder_.finish(events);
  if (interim_ || compliance_) compliance_recorder_.finish(result.interim, result.compliance);
  return result;
}

bool Engine::plain() const {
  return !classes_ && !payers_ && !sessions_ && !drug_testing_ && !interim_ && !compliance_ &&
         !day_step_ && intake_levels_.empty() && recorder_.plain();
}

// The last day boundary sits exactly at the horizon: run it, then stop. An empty calendar's
// top() is its sentinel (infinite time, type past every EventType), which stops the loop too
// (EventCalendar::kSentinel): no separate test for emptiness per event.
template <bool Plain>
void Engine::run_events(std::uint64_t& counted) {
  std::uint64_t events = counted;  // a register, not a store through a reference per event
  for (;;) {
    const Event& top = calendar_.top();
    const Event e = top;
    if (e.time > horizon_end_ || (e.time == horizon_end_ && e.type() != EventType::kObserve)) break;
    calendar_.pop_top(top);
    // The next event's patient record (one of tens of thousands on a large system, a random
    // one) is fetched while this event runs: a hint only (an arrival's subject is a stream).
    // A small population's records stay in cache: no second look at the calendar for them.
    if (patients_.size() > kPrefetchFrom) {
      // A record is one cache line (patient_pool.hpp). One event ahead does not hide a miss to
      // memory (an event runs in less time than the miss takes), so the record of the event
      // likely after it is fetched too.
      const auto fetch = [this](std::uint32_t patient) {
        if (patient < patients_.size()) __builtin_prefetch(&patients_[patient]);
      };
      fetch(calendar_.top().subject);
      fetch(calendar_.likely_after_top_subject());
    }
    run_event<Plain>(e, events);
  }
  counted = events;
}

// Day-boundary mode (day_step.cpp): runs the pending events of times <= t and of types <= `last`
// (one or more phases of boundary t), counting events as run() does.
void Engine::drain(double t, EventType last, std::uint64_t& events) {
  while (!calendar_.empty()) {
    const Event& top = calendar_.top();
    const Event e = top;
    if (e.time > t || e.type() > last) return;
    calendar_.pop_top(top);
    run_event(e, events);
  }
}

// Lazy cancellation: a referral scheduled before its source's rate changed, an abandonment of
// a patient admitted (or abandoned) since.
template <bool Plain>
inline bool Engine::is_cancelled(const Event& e) const {
  switch (e.type()) {
    case EventType::kArrival:
      return e.token != source_states_[e.subject].generation;
    case EventType::kAbandon: {
      // In interim service, only the abandonment rescheduled at placement stands.
      const Patient& patient = patients_[e.subject];
      return e.token != patient.token ||
             (!Plain && (patient.interim & kInInterim) != 0 && e.time != abandon_at_[e.subject]);
    }
    case EventType::kReview:
    case EventType::kDrugTest:
      return e.token != patients_[e.subject].token;
    // A stay ended by its sessions (sessions.cpp) or cut short by a step-up (drug_testing.cpp).
    case EventType::kDischarge:
      return !Plain && (sessions_ || drug_testing_) && e.token != patients_[e.subject].token;
    default:
      return false;
  }
}

template <bool Plain>
inline void Engine::dispatch(const Event& e) {
  if constexpr (kEngineChecks) current_event_ = event_name(e.type());
  switch (e.type()) {
    case EventType::kObserve:
      return on_observe(Observation(e.subject), e.time);
    case EventType::kChange:
      return on_change(e.subject, e.time);
    case EventType::kDischarge:
      return on_discharge<Plain>(e.subject, e.time);
    case EventType::kReview:
      return on_review(e.subject, e.time);
    case EventType::kAbandon:
      return on_abandon<Plain>(e.subject, e.time);
    case EventType::kArrival:
      return on_arrival<Plain>(StreamId(e.subject), e.time);
    case EventType::kRelapse:
      return on_relapse<Plain>(e.subject, e.time);
    case EventType::kIntake:
      return on_intake(e.subject, e.time);
    case EventType::kSession:
      return on_session(LevelId(e.subject), e.time);
    case EventType::kDrugTest:
      return on_drug_test(e.subject, e.time);
  }
}

template <bool Plain>
inline void Engine::run_event(const Event& e, std::uint64_t& events) {
  if (is_cancelled<Plain>(e)) return;
  dispatch<Plain>(e);
  if (e.type() == EventType::kObserve && Observation(e.subject) == Observation::kWarmupEnd)
    events = 0;  // statistics start
  else if (counts_as_event(e.type()))
    ++events;
}

void Engine::accumulate_class_areas(LevelId level, double now) {
  const LevelState& state = levels_[index_of(level)];
  for (std::size_t c = 0; c < class_count(); ++c)
    recorder_.accumulate_class_areas(level, static_cast<std::uint8_t>(c), now,
                                     state.in_care_by_class[c], state.waiting_by_class[c]);
}

void Engine::on_observe(Observation kind, double now) {
  for (std::size_t l = 0; l < levels_.size(); ++l)
    accumulate_areas(LevelId(l), now);
  if (classes_) {
    if (kind == Observation::kWarmupEnd)
      for (std::size_t l = 0; l < levels_.size(); ++l)
        accumulate_class_areas(LevelId(l), now);
    else
      for (const std::uint32_t l : daily_class_levels_)
        accumulate_class_areas(LevelId(l), now);
  }
  if (kind == Observation::kWarmupEnd) {
    recorder_.on_warmup_end(now);
  } else {
    recorder_.on_day_end(day_, now);
    if (compliance_) [[unlikely]]
      compliance_day_end();
    ++day_;
  }
  if (day_ < days_)
    calendar_.set_source(sources_.size(),
                         std::min(warmup_end_ + static_cast<double>(day_ + 1), horizon_end_),
                         EventType::kObserve, static_cast<std::uint32_t>(Observation::kDayEnd));
}

void Engine::on_change(std::uint32_t change, double now) {
  if (change == kOfferInitialWaitlists) return offer_initial_waitlists(now);
  for (const ModelSetting& setting : model_.changes[change].settings) {
    if (setting.kind == Setting::Kind::kLevelCapacity) {
      // A cut never evicts: it takes effect as patients leave. A rise admits from the waitlist.
      const auto level = LevelId(setting.index);
      accumulate_areas(level, now);
      recorder_.on_capacity_changed(now, level, setting.value);
      levels_[index_of(level)].capacity_now = static_cast<int>(setting.value);
      freed_levels_.push_back(level);
    } else {
      const auto stream = StreamId(setting.index);
      recorder_.on_rate_changed(now, stream, setting.value);
      set_rate(stream, setting.value);
      // A stream not yet started keeps its start day: the first gap runs from there.
      schedule_arrival(stream, std::max(now, model_.stream(stream).start));
    }
  }
  // Any other key: the rules as they stand from now on. Draws already made keep their law
  // (a stay under way, a patience already drawn, a pending renewal referral).
  if (const ModelChange& c = model_.changes[change]; c.rules) {
    set_rules(c.levels);
    set_source_rules(c.streams);
  }
  offer_freed_slots(now);
}

void Engine::check_failed(double now, std::uint32_t p, int level, std::string_view what) const {
  throw SimulationError(
      now - warmup_end_, p == kNone ? kNoPatient : patients_[p].id,
      level >= 0 ? std::string_view(model_.levels[static_cast<std::size_t>(level)].name) : "",
      current_event_, what);
}

ReplicationResult simulate(const Model& model, std::uint32_t replication, EngineOptions options) {
  Engine engine(model, options);
  return engine.run(replication);
}

ReplicationResult simulate(const Scenario& scenario, std::uint32_t replication,
                           EngineOptions options) {
  return simulate(compile(scenario), replication, options);
}

}  // namespace continuum
