// The event loop and the patient flow rules (referral, admission, discharge, hold, abandonment,
// relapse). Every rule about same-instant order lives in EventType (event_calendar.hpp).
#include "continuum/engine.hpp"

#include <cmath>

#include "continuum/network.hpp"

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
}  // namespace

Engine::Engine(const Scenario& scenario, EngineOptions options)
    : scenario_(scenario), options_(options) {
  // Routing comes from the network graph, the one description of routing (network.hpp).
  const RoutingTables routes = routing_tables(Network(scenario));
  for (const LevelSpec& spec : scenario.levels) {
    Level level{spec.capacity,
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
                0,
                0,
                0,
                0,
                0,
                {}};
    if (spec.dropout) level.dropout_time.emplace(spec.dropout->time);
    if (spec.waitlist.patience) level.patience.emplace(*spec.waitlist.patience);
    levels_.push_back(std::move(level));
  }
  for (const ArrivalSpec& spec : scenario.arrivals)
    streams_.push_back({spec.rate_per_day, Sampler(spec.interarrival),
                        make_choice(routes.entry[streams_.size()]), {}});
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
  patients_.clear();
  free_head_ = kNone;
  freed_levels_.clear();
  for (std::size_t i = 0; i < levels_.size(); ++i) {
    Level& lv = levels_[i];
    const auto index = static_cast<std::uint32_t>(i);
    lv.los_rng = Rng::stream(seed, replication, StreamPurpose::kLengthOfStay, index);
    lv.route_rng = Rng::stream(seed, replication, StreamPurpose::kRouting, index);
    lv.patience_rng = Rng::stream(seed, replication, StreamPurpose::kPatience, index);
    lv.in_care = 0;
    lv.waiting = 0;
    lv.last_change = 0;
    lv.census_area_at_day_start = lv.waitlist_area_at_day_start = 0;
    lv.queue.clear();
  }
  for (std::size_t i = 0; i < streams_.size(); ++i)
    streams_[i].rng =
        Rng::stream(seed, replication, StreamPurpose::kArrivals, static_cast<std::uint32_t>(i));
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
  if (lv.in_care < lv.capacity && lv.waiting == 0) {
    admit(p, level, now);
    return;
  }
  if (lv.waiting >= lv.max_waiting) {
    ++c.turned_away;
    ++result_.system.lost_to_care;
    if (held_at >= 0) release_slot(p, held_at, now);
    release_patient(p);
    return;
  }
  touch(static_cast<std::size_t>(level), now);
  ++lv.waiting;
  lv.queue.push({p, patient.token});
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
    while (lv.in_care < lv.capacity && lv.waiting > 0) {
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
      calendar_.push(now + (*relapse_time_)(relapse_rng_), EventType::kRelapse, p);
      return;
    }
  }
  release_patient(p);
}

void Engine::on_arrival(std::uint32_t stream, double now) {
  Stream& s = streams_[stream];
  ++result_.system.arrivals;
  const std::uint32_t p = allocate_patient(now);
  refer(p, s.entry(s.rng), now, -1);
  drain(now);
  calendar_.push(now + s.gap(s.rng), EventType::kArrival, stream);
}

void Engine::on_discharge(std::uint32_t p, double now) {
  Patient& patient = patients_[p];
  const int level = patient.level;
  Level& lv = levels_[level];
  LevelCounters& c = result_.levels[level];
  if (patient.dropout) {
    ++c.dropouts;
    release_slot(p, level, now);
    leave_care(p, now, true);
  } else {
    ++c.completions;
    const int next = lv.next(lv.route_rng);
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
  touch(level, now);
  --levels_[level].waiting;
  ++result_.levels[level].abandonments;
  ++result_.system.lost_to_care;
  (void)token;
  release_patient(p);  // bumps the token: the waitlist entry is now stale
}

void Engine::on_relapse(std::uint32_t p, double now) {
  ++result_.system.relapses;
  refer(p, reentry_(relapse_rng_), now, -1);
  drain(now);
}

void Engine::on_observe(std::uint32_t kind, double now) {
  for (std::size_t l = 0; l < levels_.size(); ++l)
    touch(l, now);
  if (kind == kObserveWarmupEnd) {
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
    calendar_.push(std::min(warmup_end_ + static_cast<double>(day_ + 1), horizon_end_),
                   EventType::kObserve, kObserveDay);
}

ReplicationResult Engine::run(std::uint32_t replication, std::optional<std::uint64_t> seed) {
  reset(replication, seed.value_or(scenario_.seed));
  calendar_.push(warmup_end_, EventType::kObserve, kObserveWarmupEnd);
  for (std::uint32_t s = 0; s < streams_.size(); ++s)
    calendar_.push(streams_[s].gap(streams_[s].rng), EventType::kArrival, s);

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
      case EventType::kArrival:
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

ReplicationResult simulate(const Scenario& scenario, std::uint32_t replication,
                           EngineOptions options) {
  Engine engine(scenario, options);
  return engine.run(replication);
}

}  // namespace continuum
