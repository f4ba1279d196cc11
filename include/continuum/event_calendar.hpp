// The event calendar: a 4-ary min-heap of small plain events ordered by (time, priority, sequence).
#pragma once

#include <bit>
#include <cstdint>
#include <limits>
#include <vector>

#include "continuum/diagnostics.hpp"

namespace continuum {

// Same-instant order: events at equal times run in this order, then in the order they were
// scheduled. The rule users rely on: a slot freed at time t (kDischarge) is offered to the
// waitlist before a patient whose patience runs out at t abandons, and before a new referral
// at t is placed.
enum class EventType : std::uint8_t {
  kObserve = 0,    // statistics bookkeeping (end of warm-up, day boundaries); changes no state
  kChange = 1,     // a dated edit (changes:): capacity or referral rate
  kDischarge = 2,  // a stay ends (completion or dropout)
  kAbandon = 3,    // a waiting patient's patience runs out
  kArrival = 4,    // an external referral
  kRelapse = 5,    // a patient who left care relapses and is referred again
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

// Keys are unique (the sequence number), so the pop order is fully determined by the keys and
// does not depend on how the heap arranges them.
class EventCalendar {
 public:
  EventCalendar() { slots_.assign(kArity, kSentinel); }
  void reserve(std::size_t n) { slots_.reserve(n + kArity); }
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  const Event& top() const { return slots_.front(); }
  void clear() {
    slots_.assign(kArity, kSentinel);
    size_ = 0;
    sequence_ = 0;
  }

  void push(double time, EventType type, std::uint32_t subject, std::uint32_t token = 0) {
    CONTINUUM_ASSERT(sequence_ < (std::uint64_t{1} << 56));
    CONTINUUM_ASSERT(time >= 0);  // the heap compares times as bit patterns (NaN fails too)
    // + 0.0 turns -0.0 into +0.0, whose bit pattern sorts first.
    const Event e{time + 0.0, (std::uint64_t{static_cast<std::uint8_t>(type)} << 56) | sequence_++,
                  subject, token};
    // Keep kArity sentinels past the last event: every child group is then complete.
    if (size_ + kArity >= slots_.size()) slots_.resize(slots_.size() * 2, kSentinel);
    Event* h = slots_.data();
    std::size_t i = size_++;
    while (i > 0) {  // sift up
      const std::size_t parent = (i - 1) / kArity;
      if (!less(e, h[parent])) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = e;
  }

  // Removes and returns the earliest event. Bottom-up: the hole left at the root sinks along the
  // smallest children to a leaf without comparing against the moved last event (whose place is
  // almost always near the bottom), then the last event rises from there.
  Event pop() {
    Event* h = slots_.data();
    const Event out = h[0];
    const std::size_t n = --size_;
    const Event last = h[n];
    h[n] = kSentinel;
    std::size_t i = 0;
    for (;;) {
      const std::size_t first = i * kArity + 1;
      if (first >= n) break;
      // The smallest of the four children, selected with arithmetic rather than branches: a
      // mispredicted branch per level was the engine's largest cost (sentinels complete a
      // partial group).
      const std::size_t a = first + less(h[first + 1], h[first]);
      const std::size_t b = first + 2 + less(h[first + 3], h[first + 2]);
      const std::size_t best = a + ((b - a) & (std::size_t{0} - less(h[b], h[a])));
      h[i] = h[best];
      i = best;
    }
    while (i > 0) {  // sift the last event up from the leaf
      const std::size_t parent = (i - 1) / kArity;
      if (!less(last, h[parent])) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = n > 0 ? last : kSentinel;
    return out;
  }

 private:
  static constexpr std::size_t kArity = 4;
  // Event::before() as one 128-bit compare of (time's bit pattern, order): bit patterns of
  // times >= 0 order like the times, and the compare is two instructions without a branch.
  __extension__ using Key = unsigned __int128;
  static Key key(const Event& e) {
    return (Key{std::bit_cast<std::uint64_t>(e.time)} << 64) | e.order;
  }
  static bool less(const Event& x, const Event& y) { return key(x) < key(y); }
  // Later than every event: infinite time and the largest order (real orders stay below 2^59).
  static constexpr Event kSentinel{std::numeric_limits<double>::infinity(),
                                   std::numeric_limits<std::uint64_t>::max(), 0, 0};
  std::vector<Event> slots_;  // heap of size_ events, then at least kArity sentinels
  std::size_t size_ = 0;
  std::uint64_t sequence_ = 0;
};

}  // namespace continuum
