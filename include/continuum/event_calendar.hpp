// The event calendar: a 4-ary min-heap of small plain events ordered by (time, priority, sequence).
#pragma once

#include <cstdint>
#include <vector>

#include "continuum/diagnostics.hpp"

namespace continuum {

// Same-instant order: events at equal times run in this order, then in the order they were
// scheduled. The rule users rely on: a slot freed at time t (kDischarge) is offered to the
// waitlist before a patient whose patience runs out at t abandons, and before a new referral
// at t is placed.
enum class EventType : std::uint8_t {
  kObserve = 0,    // statistics bookkeeping (end of warm-up, day boundaries); changes no state
  kDischarge = 1,  // a stay ends (completion or dropout)
  kAbandon = 2,    // a waiting patient's patience runs out
  kArrival = 3,    // an external referral
  kRelapse = 4,    // a patient who left care relapses and is referred again
};

struct Event {
  double time;
  std::uint64_t order;    // (type << 56) | sequence number: the tie-break after time
  std::uint32_t subject;  // patient id, arrival stream or observation kind
  std::uint32_t token;  // lazy cancellation: the event is stale when it differs from the patient's

  EventType type() const { return static_cast<EventType>(order >> 56); }
  bool before(const Event& other) const {
    return time < other.time || (time == other.time && order < other.order);
  }
};
static_assert(sizeof(Event) == 24);

class EventCalendar {
 public:
  void reserve(std::size_t n) { heap_.reserve(n); }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  const Event& top() const { return heap_.front(); }
  void clear() {
    heap_.clear();
    sequence_ = 0;
  }

  void push(double time, EventType type, std::uint32_t subject, std::uint32_t token = 0) {
    CONTINUUM_ASSERT(sequence_ < (std::uint64_t{1} << 56));
    Event e{time, (std::uint64_t{static_cast<std::uint8_t>(type)} << 56) | sequence_++, subject,
            token};
    std::size_t i = heap_.size();
    heap_.push_back(e);
    while (i > 0) {  // sift up
      std::size_t parent = (i - 1) / kArity;
      if (!e.before(heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
  }

  Event pop() {
    Event out = heap_.front();
    Event last = heap_.back();
    heap_.pop_back();
    const std::size_t n = heap_.size();
    if (n > 0) {
      std::size_t i = 0;
      for (;;) {  // sift down
        std::size_t first = i * kArity + 1;
        if (first >= n) break;
        std::size_t best = first;
        std::size_t end = first + kArity < n ? first + kArity : n;
        for (std::size_t c = first + 1; c < end; ++c)
          if (heap_[c].before(heap_[best])) best = c;
        if (!heap_[best].before(last)) break;
        heap_[i] = heap_[best];
        i = best;
      }
      heap_[i] = last;
    }
    return out;
  }

 private:
  static constexpr std::size_t kArity = 4;
  std::vector<Event> heap_;
  std::uint64_t sequence_ = 0;
};

}  // namespace continuum
