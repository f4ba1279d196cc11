// The discrete-event engine: patients, levels and waitlists in dense index-based tables, one
// replication at a time. Reusable: run() resets state and keeps its buffers.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include <boost/random/exponential_distribution.hpp>

#include "continuum/model/distribution.hpp"
#include "continuum/engine/event_calendar.hpp"
#include "continuum/model/scenario.hpp"
#include "continuum/stats/statistics.hpp"
#include "continuum/stats/trace.hpp"

namespace continuum {

struct EngineOptions {
  bool record_daily = true;  // per-day census and waitlist (memory: days x levels x 8 bytes)
};

// A FIFO of (patient, token) in a growable ring buffer. Entries whose token no longer matches
// the patient's are stale (the patient abandoned) and are skipped when they reach the front.
class Waitlist {
 public:
  struct Entry {
    std::uint32_t patient;
    std::uint32_t token;
  };
  void clear() { head_ = size_ = 0; }
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }  // including stale entries
  void push(Entry e) {
    if (size_ == buffer_.size()) grow();
    buffer_[(head_ + size_) & (buffer_.size() - 1)] = e;
    ++size_;
  }
  Entry pop() {
    Entry e = buffer_[head_];
    head_ = (head_ + 1) & (buffer_.size() - 1);
    --size_;
    return e;
  }

 private:
  void grow();
  std::vector<Entry> buffer_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

class Engine {
 public:
  explicit Engine(const Scenario& scenario, EngineOptions options = {});
  // Simulates replication `replication` with the scenario's seed (or `seed` when given).
  ReplicationResult run(std::uint32_t replication, std::optional<std::uint64_t> seed = {});
  // Reports every step of the patient flow to `sink` (nullptr: none, the default).
  void set_trace(TraceSink* sink) { trace_ = sink; }

 private:
  enum class State : std::uint8_t { kFree, kWaiting, kHeld, kInCare, kCommunity };
  struct Patient {
    double arrival_time;    // first external referral
    double referral_time;   // referral to the level waited for (start of the wait)
    double admission_time;  // admission to the level in care at
    std::int32_t level;     // level in care at, or waited for
    std::int32_t held_at;   // the level whose slot a held patient keeps, else -1
    std::uint32_t token;    // bumped on admission and abandonment: cancels stale events/entries
    std::uint32_t next_free;
    std::uint32_t id;  // per replication, in order of first referral (traces)
    State state;
    bool admitted_ever;
    bool dropout;
  };
  struct Level {
    int capacity;
    std::int64_t max_waiting;
    bool hold;
    double dropout_probability;
    Sampler length_of_stay;
    std::optional<Sampler> dropout_time;
    std::optional<Sampler> patience;
    Choice next;
    Choice on_abandon;  // empty: abandoners are lost to care
    Rng los_rng, route_rng, patience_rng;
    // state
    int capacity_now = 0;  // changes during the run (changes:)
    int in_care = 0;
    std::int64_t waiting = 0;
    double last_change = 0;
    double census_area_at_day_start = 0;
    double waitlist_area_at_day_start = 0;
    Waitlist queue;
  };
  struct Stream {
    double rate;  // referrals per day now (Poisson streams; before growth and seasonality)
    Sampler gap;  // time between referrals (streams given by `interarrival`)
    Choice entry;
    Rng rng;
    bool poisson;
    bool modulated;  // growth or monthly factors: thinning against rate_max
    double growth;
    double monthly[12];
    double rate_max;
    double start;              // time of the first referral at the earliest
    std::uint32_t generation;  // bumped when the rate changes: cancels the pending referral
  };
  static constexpr std::uint32_t kObserveWarmupEnd = 0;
  static constexpr std::uint32_t kObserveDay = 1;
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

  void reset(std::uint32_t replication, std::uint64_t seed);
  std::uint32_t allocate_patient(double now);
  void release_patient(std::uint32_t p);
  void touch(std::size_t level, double now);  // accumulate areas up to now
  void refer(std::uint32_t p, int level, double now, int held_at);
  void admit(std::uint32_t p, int level, double now);
  void release_slot(std::uint32_t p, int level, double now);
  void drain(double now);  // offer freed slots to their waitlists, cascading through holds
  void leave_care(std::uint32_t p, double now, bool dropout);

  void on_arrival(std::uint32_t stream, double now);
  void on_discharge(std::uint32_t p, double now);
  void on_abandon(std::uint32_t p, std::uint32_t token, double now);
  void on_relapse(std::uint32_t p, double now);
  void on_observe(std::uint32_t kind, double now);
  void on_change(std::uint32_t change, double now);
  void schedule_arrival(std::uint32_t stream, double now);
  double rate_at(const Stream& s, double t) const;
  void place_initial_state();
  void trace(double now, TraceEvent event, std::uint32_t p, int level, int other = -1,
             double value = 0) {
    if (trace_) [[unlikely]]
      trace_->record({now - warmup_end_, event, p == kNone ? kNoPatient : patients_[p].id, level,
                      other, value});
  }

  const Scenario& scenario_;
  EngineOptions options_;
  std::vector<Level> levels_;
  std::vector<Stream> streams_;
  bool has_relapse_ = false;
  double relapse_probability_ = 0, relapse_probability_after_dropout_ = 0;
  std::optional<Sampler> relapse_time_;
  Choice reentry_;
  Rng relapse_rng_;
  boost::random::exponential_distribution<double> unit_exponential_;

  EventCalendar calendar_;
  std::vector<Patient> patients_;
  std::uint32_t free_head_ = kNone;
  std::vector<int> freed_levels_;  // worklist for drain()
  double warmup_end_ = 0, horizon_end_ = 0;
  std::size_t day_ = 0, days_ = 0;
  ReplicationResult result_;
  TraceSink* trace_ = nullptr;
  std::uint32_t next_id_ = 0;
};

// One replication, from scratch (convenience for tests).
ReplicationResult simulate(const Scenario& scenario, std::uint32_t replication,
                           EngineOptions options = {});

}  // namespace continuum
