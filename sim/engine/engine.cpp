// The event loop and the patient flow rules (referral, admission, discharge, hold, abandonment,
// relapse). Every rule about same-instant order lives in EventType (event_calendar.hpp).
#include "continuum/engine/engine.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "continuum/engine/initial_state.hpp"

#include "continuum/network/network.hpp"
#include "continuum/stats/staffing.hpp"

namespace continuum {

void Waitlist::grow() {
  std::vector<Entry> bigger(buffer_.empty() ? 16 : buffer_.size() * 2);
  for (std::size_t i = 0; i < size_; ++i)
    bigger[i] = buffer_[(head_ + i) & (buffer_.size() - 1)];
  buffer_.swap(bigger);
  head_ = 0;
}

namespace {
Choice make_choice(const std::vector<Route>& routes) {
  std::vector<int> targets;
  std::vector<double> probabilities;
  for (const Route& r : routes) {
    targets.push_back(r.target);
    probabilities.push_back(r.probability);
  }
  return Choice(targets, probabilities);
}

// Random streams are keyed by the name of their level or arrival stream, not by position, so
// an overlay that adds or deletes a level leaves every other stream's numbers unchanged.
std::uint32_t stream_key(const std::string& name) {
  std::uint32_t h = 2166136261u;  // FNV-1a
  for (unsigned char c : name)
    h = (h ^ c) * 16777619u;
  return h;
}

constexpr double kDaysPerMonth = 365.0 / 12.0;
}  // namespace

Engine::Engine(const Scenario& scenario, EngineOptions options)
    : scenario_(scenario), options_(options) {
  // Routing comes from the network graph, the one description of routing (network.hpp).
  const RoutingTables routes = routing_tables(Network(scenario));
  for (const LevelSpec& spec : scenario.levels) {
    // Beds, or fewer when the staff on hand cannot cover them (staffing.hpp).
    Level level{effective_capacity(scenario, levels_.size()).capacity,
                spec.waitlist.max_length.value_or(std::numeric_limits<std::int64_t>::max()),
                spec.hold_while_waiting,
                spec.dropout ? spec.dropout->probability : 0.0,
                Sampler(spec.length_of_stay),
                std::nullopt,
                std::nullopt,
                make_choice(routes.next[levels_.size()]),
                {},
                {},
                {},
                {},
                0,
                0,
                0,
                0,
                0,
                0,
                {}};
    if (spec.dropout) level.dropout_time.emplace(spec.dropout->time);
    if (spec.waitlist.patience) level.patience.emplace(*spec.waitlist.patience);
    if (!routes.on_abandon[levels_.size()].empty())
      level.on_abandon = make_choice(routes.on_abandon[levels_.size()]);
    levels_.push_back(std::move(level));
  }
  for (const ArrivalSpec& spec : scenario.arrivals) {
    Stream stream{spec.rate_per_day,
                  Sampler(spec.interarrival),
                  make_choice(routes.entry[streams_.size()]),
                  {},
                  spec.poisson,
                  spec.growth_per_year != 0 || !spec.monthly_factors.empty(),
                  spec.growth_per_year,
                  {},
                  0,
                  spec.start_day > 0 ? scenario.warmup_days + spec.start_day : 0.0,
                  0};
    for (int m = 0; m < 12; ++m)
      stream.monthly[m] = spec.monthly_factors.empty() ? 1.0 : spec.monthly_factors[m];
    streams_.push_back(std::move(stream));
  }
  if (scenario.relapse) {
    has_relapse_ = true;
    relapse_probability_ = scenario.relapse->probability;
    relapse_probability_after_dropout_ =
        scenario.relapse->probability_after_dropout.value_or(scenario.relapse->probability);
    relapse_time_.emplace(scenario.relapse->time_to_relapse);
    reentry_ = make_choice(routes.reentry);
  }
  freed_levels_.reserve(64);
}

void Engine::reset(std::uint32_t replication, std::uint64_t seed) {
  calendar_.clear();
  // Arrival streams and the day clock have one event pending at a time: kept beside the heap.
  calendar_.set_sources(streams_.size() + 1);
  patients_.clear();
  free_head_ = kNone;
  next_id_ = 0;
  freed_levels_.clear();
  for (std::size_t i = 0; i < levels_.size(); ++i) {
    Level& lv = levels_[i];
    const std::uint32_t index = stream_key(scenario_.levels[i].name);
    lv.capacity_now = lv.capacity;
    lv.los_rng = Rng::stream(seed, replication, StreamPurpose::kLengthOfStay, index);
    lv.route_rng = Rng::stream(seed, replication, StreamPurpose::kRouting, index);
    lv.patience_rng = Rng::stream(seed, replication, StreamPurpose::kPatience, index);
    lv.in_care = 0;
    lv.waiting = 0;
    lv.last_change = 0;
    lv.census_area_at_day_start = lv.waitlist_area_at_day_start = 0;
    lv.queue.clear();
  }
  for (std::size_t i = 0; i < streams_.size(); ++i) {
    Stream& s = streams_[i];
    s.rng = Rng::stream(seed, replication, StreamPurpose::kArrivals,
                        stream_key(scenario_.arrivals[i].name));
    s.rate = scenario_.arrivals[i].rate_per_day;
    s.generation = 0;
  }
  relapse_rng_ = Rng::stream(seed, replication, StreamPurpose::kRelapse, 0);

  warmup_end_ = scenario_.warmup_days;
  horizon_end_ = scenario_.warmup_days + scenario_.horizon_days;
  day_ = 0;
  days_ = options_.record_daily ? static_cast<std::size_t>(std::ceil(scenario_.horizon_days - 1e-9))
                                : 0;

  result_ = ReplicationResult{};
  result_.window_days = scenario_.horizon_days;
  result_.levels.assign(levels_.size(), LevelCounters{});
  result_.daily_census.assign(days_ * levels_.size(), 0.0f);
  result_.daily_waitlist.assign(days_ * levels_.size(), 0.0f);
}

std::uint32_t Engine::allocate_patient(double now) {
  std::uint32_t p;
  if (free_head_ != kNone) {
    p = free_head_;
    free_head_ = patients_[p].next_free;
  } else {
    p = static_cast<std::uint32_t>(patients_.size());
    patients_.push_back(Patient{});
  }
  Patient& patient = patients_[p];
  patient.arrival_time = now;
  patient.referral_time = now;
  patient.admission_time = now;
  patient.level = -1;
  patient.held_at = -1;
  patient.next_free = kNone;
  patient.id = next_id_++;
  patient.state = State::kCommunity;
  patient.admitted_ever = false;
  patient.dropout = false;
  // token keeps counting across reuse, so stale events and waitlist entries stay stale
  return p;
}

void Engine::release_patient(std::uint32_t p) {
  Patient& patient = patients_[p];
  patient.state = State::kFree;
  ++patient.token;
  patient.next_free = free_head_;
  free_head_ = p;
}

void Engine::touch(std::size_t level, double now) {
  Level& lv = levels_[level];
  LevelCounters& c = result_.levels[level];
  const double dt = now - lv.last_change;
  c.census_area += dt * lv.in_care;
  c.waitlist_area += dt * static_cast<double>(lv.waiting);
  c.capacity_area += dt * lv.capacity_now;
  lv.last_change = now;
}

void Engine::refer(std::uint32_t p, int level, double now, int held_at) {
  Level& lv = levels_[level];
  LevelCounters& c = result_.levels[level];
  Patient& patient = patients_[p];
  ++c.referrals;
  patient.level = level;
  patient.referral_time = now;
  patient.held_at = held_at;
  if (lv.in_care < lv.capacity_now && lv.waiting == 0) {
    admit(p, level, now);
    return;
  }
  if (lv.waiting >= lv.max_waiting) {
    trace(now, TraceEvent::kTurnedAway, p, level);
    ++c.turned_away;
    ++result_.system.lost_to_care;
    if (held_at >= 0) release_slot(p, held_at, now);
    release_patient(p);
    return;
  }
  touch(static_cast<std::size_t>(level), now);
  ++lv.waiting;
  lv.queue.push({p, patient.token});
  if (held_at >= 0)
    trace(now, TraceEvent::kHeld, p, level, held_at);
  else
    trace(now, TraceEvent::kWaitlisted, p, level, -1, static_cast<double>(lv.waiting));
  if (held_at >= 0) {
    patient.state = State::kHeld;  // keeps its slot and its place in care: no abandonment
  } else {
    patient.state = State::kWaiting;
    if (lv.patience)
      calendar_.push(now + (*lv.patience)(lv.patience_rng), EventType::kAbandon, p, patient.token);
  }
}

void Engine::admit(std::uint32_t p, int level, double now) {
  Level& lv = levels_[level];
  LevelCounters& c = result_.levels[level];
  Patient& patient = patients_[p];
  if (patient.held_at >= 0) release_slot(p, patient.held_at, now);
  touch(static_cast<std::size_t>(level), now);
  ++lv.in_care;
  ++c.admissions;
  const double wait = now - patient.referral_time;
  trace(now, TraceEvent::kAdmitted, p, level, -1, wait);
  c.wait_sum += wait;
  c.waits.add(wait);
  if (!patient.admitted_ever) {
    patient.admitted_ever = true;
    ++result_.system.first_admissions;
    result_.system.first_admission_days_sum += now - patient.arrival_time;
  }
  patient.state = State::kInCare;
  patient.level = level;
  patient.held_at = -1;
  patient.admission_time = now;
  ++patient.token;
  // The exit reason first, then a stay from that reason's distribution.
  const bool dropout =
      lv.dropout_probability > 0 && lv.los_rng.uniform01() < lv.dropout_probability;
  patient.dropout = dropout;
  const double stay = dropout ? (*lv.dropout_time)(lv.los_rng) : lv.length_of_stay(lv.los_rng);
  calendar_.push(now + stay, EventType::kDischarge, p, patient.token);
}

void Engine::release_slot(std::uint32_t p, int level, double now) {
  Level& lv = levels_[level];
  LevelCounters& c = result_.levels[level];
  touch(static_cast<std::size_t>(level), now);
  --lv.in_care;
  c.slot_days_sum += now - patients_[p].admission_time;
  ++c.slot_releases;
  freed_levels_.push_back(level);
}

void Engine::drain(double now) {
  while (!freed_levels_.empty()) {
    const int level = freed_levels_.back();
    freed_levels_.pop_back();
    Level& lv = levels_[level];
    while (lv.in_care < lv.capacity_now && lv.waiting > 0) {
      Waitlist::Entry e = lv.queue.pop();
      if (patients_[e.patient].token != e.token) continue;  // abandoned: stale entry
      touch(static_cast<std::size_t>(level), now);
      --lv.waiting;
      admit(e.patient, level, now);  // a held patient's old slot joins the worklist
    }
  }
}

void Engine::leave_care(std::uint32_t p, double now, bool dropout) {
  if (has_relapse_) {
    const double probability = dropout ? relapse_probability_after_dropout_ : relapse_probability_;
    if (probability > 0 && relapse_rng_.uniform01() < probability) {
      patients_[p].state = State::kCommunity;
      const double when = now + (*relapse_time_)(relapse_rng_);
      trace(now, TraceEvent::kRelapseDue, p, -1, -1, when - warmup_end_);
      calendar_.push(when, EventType::kRelapse, p);
      return;
    }
  }
  release_patient(p);
}

double Engine::rate_at(const Stream& s, double t) const {
  const double since = t - warmup_end_;  // day 0 of the window is 1 January
  double year_day = std::fmod(since, 365.0);
  if (year_day < 0) year_day += 365.0;
  const int month = std::min(11, static_cast<int>(year_day / kDaysPerMonth));
  return s.rate * std::pow(1 + s.growth, since / 365.0) * s.monthly[month];
}

// Schedules stream's next referral after `now`: renewal gaps, Poisson gaps at the current
// rate, or, with growth or seasonality, thinning of a Poisson process at the peak rate.
void Engine::schedule_arrival(std::uint32_t stream, double now) {
  Stream& s = streams_[stream];
  double t = now;
  if (!s.poisson) {
    t += s.gap(s.rng);
  } else if (s.rate <= 0) {
    return;  // off until a change sets a rate
  } else if (!s.modulated) {
    t += unit_exponential_(s.rng) / s.rate;
  } else {
    for (;;) {
      t += unit_exponential_(s.rng) / s.rate_max;
      if (t >= horizon_end_ || s.rng.uniform01() * s.rate_max < rate_at(s, t)) break;
    }
  }
  calendar_.set_source(stream, t, EventType::kArrival, stream, s.generation);
}

void Engine::on_arrival(std::uint32_t stream, double now) {
  Stream& s = streams_[stream];
  ++result_.system.arrivals;
  const std::uint32_t p = allocate_patient(now);
  const int entry = s.entry(s.rng);
  trace(now, TraceEvent::kArrival, p, entry, static_cast<int>(stream));
  refer(p, entry, now, -1);
  drain(now);
  schedule_arrival(stream, now);
}

void Engine::on_change(std::uint32_t change, double now) {
  for (const Setting& setting : scenario_.changes[change].settings) {
    const auto index = static_cast<std::size_t>(setting.index);
    if (setting.kind == Setting::Kind::kLevelCapacity) {
      // A cut never evicts: it takes effect as patients leave. A rise admits from the waitlist.
      touch(index, now);
      trace(now, TraceEvent::kCapacity, kNone, setting.index, -1, setting.value);
      levels_[index].capacity_now = static_cast<int>(setting.value);
      freed_levels_.push_back(setting.index);
    } else {
      Stream& s = streams_[index];
      trace(now, TraceEvent::kRate, kNone, -1, setting.index, setting.value);
      s.rate = setting.value;
      s.rate_max = s.rate *
                   std::max(std::pow(1 + s.growth, -warmup_end_ / 365.0),
                            std::pow(1 + s.growth, scenario_.horizon_days / 365.0)) *
                   *std::max_element(s.monthly, s.monthly + 12);
      ++s.generation;  // the referral already scheduled at the old rate is void
      // A stream not yet started keeps its start day: the first gap runs from there.
      schedule_arrival(static_cast<std::uint32_t>(index), std::max(now, s.start));
    }
  }
  drain(now);
}

void Engine::on_discharge(std::uint32_t p, double now) {
  Patient& patient = patients_[p];
  const int level = patient.level;
  Level& lv = levels_[level];
  LevelCounters& c = result_.levels[level];
  if (patient.dropout) {
    trace(now, TraceEvent::kDroppedOut, p, level);
    ++c.dropouts;
    release_slot(p, level, now);
    leave_care(p, now, true);
  } else {
    ++c.completions;
    const int next = lv.next(lv.route_rng);
    trace(now, TraceEvent::kCompleted, p, level, next);
    if (next == kExit) {
      release_slot(p, level, now);
      leave_care(p, now, false);
    } else if (lv.hold) {
      refer(p, next, now, level);  // keeps this slot until the next level admits
    } else {
      release_slot(p, level, now);  // freed first: the waitlist here is served before p's referral
      refer(p, next, now, -1);
    }
  }
  drain(now);
}

void Engine::on_abandon(std::uint32_t p, std::uint32_t token, double now) {
  Patient& patient = patients_[p];
  const auto level = static_cast<std::size_t>(patient.level);
  Level& lv = levels_[level];
  touch(level, now);
  --lv.waiting;
  ++result_.levels[level].abandonments;
  (void)token;
  ++patient.token;  // the waitlist entry is now stale
  const int target = lv.on_abandon.empty() ? kExit : lv.on_abandon(lv.patience_rng);
  trace(now, TraceEvent::kAbandoned, p, static_cast<int>(level), target);
  if (target == kExit) {
    ++result_.system.lost_to_care;
    release_patient(p);
  } else {
    refer(p, target, now, -1);  // e.g. a bridge into outpatient care while waiting for detox
    drain(now);
  }
}

void Engine::on_relapse(std::uint32_t p, double now) {
  ++result_.system.relapses;
  const int target = reentry_(relapse_rng_);
  trace(now, TraceEvent::kRelapse, p, target);
  refer(p, target, now, -1);
  drain(now);
}

void Engine::on_observe(std::uint32_t kind, double now) {
  for (std::size_t l = 0; l < levels_.size(); ++l)
    touch(l, now);
  if (kind == kObserveWarmupEnd) {
    trace(now, TraceEvent::kWarmupEnd, kNone, -1);
    // Statistics start here: counters and areas restart from zero.
    for (LevelCounters& c : result_.levels)
      c = LevelCounters{};
    result_.system = SystemCounters{};
    result_.events = 0;
    for (Level& lv : levels_)
      lv.census_area_at_day_start = lv.waitlist_area_at_day_start = 0;
  } else {
    const std::size_t n = levels_.size();
    const double length = now - (warmup_end_ + static_cast<double>(day_));
    for (std::size_t l = 0; l < n; ++l) {
      Level& lv = levels_[l];
      const LevelCounters& c = result_.levels[l];
      result_.daily_census[day_ * n + l] =
          static_cast<float>((c.census_area - lv.census_area_at_day_start) / length);
      result_.daily_waitlist[day_ * n + l] =
          static_cast<float>((c.waitlist_area - lv.waitlist_area_at_day_start) / length);
      lv.census_area_at_day_start = c.census_area;
      lv.waitlist_area_at_day_start = c.waitlist_area;
    }
    ++day_;
  }
  if (day_ < days_)
    calendar_.set_source(streams_.size(),
                         std::min(warmup_end_ + static_cast<double>(day_ + 1), horizon_end_),
                         EventType::kObserve, kObserveDay);
}

ReplicationResult Engine::run(std::uint32_t replication, std::optional<std::uint64_t> seed) {
  reset(replication, seed.value_or(scenario_.seed));
  calendar_.set_source(streams_.size(), warmup_end_, EventType::kObserve, kObserveWarmupEnd);
  place_initial_state();
  for (std::uint32_t s = 0; s < streams_.size(); ++s) {
    Stream& stream = streams_[s];
    stream.rate_max = stream.rate *
                      std::max(std::pow(1 + stream.growth, -warmup_end_ / 365.0),
                               std::pow(1 + stream.growth, scenario_.horizon_days / 365.0)) *
                      *std::max_element(stream.monthly, stream.monthly + 12);
    schedule_arrival(s, stream.start);
  }
  for (std::uint32_t c = 0; c < scenario_.changes.size(); ++c)
    calendar_.push(warmup_end_ + scenario_.changes[c].day, EventType::kChange, c);

  std::uint64_t events = 0;
  // The last day boundary sits exactly at the horizon: run it, then stop.
  while (!calendar_.empty()) {
    const Event e = calendar_.top();
    if (e.time > horizon_end_ || (e.time == horizon_end_ && e.type() != EventType::kObserve)) break;
    calendar_.pop();
    switch (e.type()) {
      case EventType::kObserve:
        on_observe(e.subject, e.time);
        if (e.subject == kObserveWarmupEnd) events = 0;
        continue;
      case EventType::kChange:
        on_change(e.subject, e.time);
        continue;
      case EventType::kArrival:
        if (e.token != streams_[e.subject].generation) continue;  // rate changed: void
        on_arrival(e.subject, e.time);
        break;
      case EventType::kDischarge:
        on_discharge(e.subject, e.time);
        break;
      case EventType::kAbandon:
        if (patients_[e.subject].token != e.token) continue;  // admitted meanwhile: cancelled
        on_abandon(e.subject, e.token, e.time);
        break;
      case EventType::kRelapse:
        on_relapse(e.subject, e.time);
        break;
    }
    ++events;
  }
  for (std::size_t l = 0; l < levels_.size(); ++l) {
    touch(l, horizon_end_);
    result_.levels[l].in_care_at_end = levels_[l].in_care;
    result_.levels[l].waiting_at_end = levels_[l].waiting;
  }
  result_.events = events;
  return std::move(result_);
}

void Engine::place_initial_state() {
  for (std::size_t l = 0; l < levels_.size(); ++l) {
    const LevelSpec& spec = scenario_.levels[l];
    if (!spec.initial_state) continue;
    const InitialState& init = *spec.initial_state;
    Level& lv = levels_[l];
    // Patients in care: a dropout with the share of dropouts among patients found in care
    // (weighted by how long each kind stays), then the stay in progress.
    double dropout_share = 0;
    if (spec.dropout && spec.dropout->probability > 0) {
      const double d = spec.dropout->probability;
      const double drop_days = d * mean_of(spec.dropout->time);
      dropout_share = drop_days / (drop_days + (1 - d) * mean_of(spec.length_of_stay));
    }
    for (std::int64_t k = 0; k < init.in_care; ++k) {
      const std::uint32_t p = allocate_patient(0);
      Patient& patient = patients_[p];
      const bool dropout = dropout_share > 0 && lv.los_rng.uniform01() < dropout_share;
      const DistributionSpec& dist = dropout ? spec.dropout->time : spec.length_of_stay;
      Sampler& sampler = dropout ? *lv.dropout_time : lv.length_of_stay;
      StayInProgress stay;
      if (init.days_in_care.empty()) {
        stay = stay_in_progress(dist, lv.los_rng);
      } else {
        stay.elapsed = init.days_in_care[static_cast<std::size_t>(k)];
        stay.remaining = remaining_after(dist, sampler, stay.elapsed, lv.los_rng);
      }
      patient.state = State::kInCare;
      patient.level = static_cast<std::int32_t>(l);
      patient.admitted_ever = true;
      patient.dropout = dropout;
      patient.arrival_time = patient.referral_time = patient.admission_time = -stay.elapsed;
      ++lv.in_care;
      trace(0, TraceEvent::kAdmitted, p, static_cast<int>(l), -1, stay.elapsed);
      calendar_.push(stay.remaining, EventType::kDischarge, p, patient.token);
    }
    // Waiting patients, longest wait first; patience runs from the original referral.
    std::vector<double> waited = init.days_waited;
    waited.resize(static_cast<std::size_t>(init.waiting), 0.0);
    std::stable_sort(waited.begin(), waited.end(), std::greater<>());
    for (double days : waited) {
      const std::uint32_t p = allocate_patient(-days);
      Patient& patient = patients_[p];
      patient.level = static_cast<std::int32_t>(l);
      patient.state = State::kWaiting;
      ++lv.waiting;
      lv.queue.push({p, patient.token});
      trace(0, TraceEvent::kWaitlisted, p, static_cast<int>(l), -1, static_cast<double>(lv.waiting));
      if (lv.patience)
        calendar_.push(
            remaining_after(*spec.waitlist.patience, *lv.patience, days, lv.patience_rng),
            EventType::kAbandon, p, patient.token);
    }
  }
}

ReplicationResult simulate(const Scenario& scenario, std::uint32_t replication,
                           EngineOptions options) {
  Engine engine(scenario, options);
  return engine.run(replication);
}

}  // namespace continuum
