// The event calendar: small plain events ordered by (time, priority, sequence), in a 4-ary
// min-heap for the current day and a ring of day buckets for later days.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>
#include <vector>

#include "continuum/core/diagnostics.hpp"

namespace continuum {

// Same-instant order: events at equal times run in this order, then in the order they were
// scheduled. The rule users rely on: a slot freed at time t (kDischarge) is offered to the
// waitlist before a patient whose patience runs out at t abandons, and before a new referral
// at t is placed.
enum class EventType : std::uint8_t {
  kObserve = 0,    // statistics bookkeeping (end of warm-up, day boundaries); changes no state
  kChange = 1,     // a dated edit (changes:): capacity or referral rate
  kDischarge = 2,  // a stay ends (completion or dropout)
  kReview = 3,     // an authorization review that denies: the stay ends early (authorization.cpp)
  kAbandon = 4,    // a waiting patient's patience runs out
  kArrival = 5,    // an external referral
  kRelapse = 6,    // a patient who left care relapses and is referred again
  // Calendar days (issue 11; calendar: and the levels' day rules), at the start of a whole day,
  // one event per level and day, after every event above at that instant:
  kIntake = 7,    // an intake day starts: free slots go to the waitlist (levels.L.intake_days)
  kSession = 8,   // a level's sessions of the day (levels.L.sessions)
  kDrugTest = 9,  // a level's drug tests of the day (levels.L.drug_testing)
};

// The event's name in error messages (SimulationError).
constexpr const char* event_name(EventType type) {
  switch (type) {
    case EventType::kObserve:
      return "observe";
    case EventType::kChange:
      return "change";
    case EventType::kDischarge:
      return "discharge";
    case EventType::kReview:
      return "review";
    case EventType::kAbandon:
      return "abandon";
    case EventType::kArrival:
      return "arrival";
    case EventType::kRelapse:
      return "relapse";
    case EventType::kIntake:
      return "intake";
    case EventType::kSession:
      return "session";
    case EventType::kDrugTest:
      return "drug test";
  }
  return "?";
}

struct Event {
  double time;
  std::uint64_t order;    // (type << 56) | sequence number: the tie-break after time
  std::uint32_t subject;  // patient index, arrival stream, observation kind or change index
  // Lazy cancellation: a patient's event is stale when it differs from the patient's token, an
  // arrival when it differs from its stream's generation.
  std::uint32_t token;

  EventType type() const { return static_cast<EventType>(order >> 56); }
  bool before(const Event& other) const {
    return time < other.time || (time == other.time && order < other.order);
  }
};
static_assert(sizeof(Event) == 24);

// Keys are unique (the sequence number), so the pop order is fully determined by the keys and
// does not depend on how the events are arranged inside the calendar.
//
// Two tiers (a ladder of day buckets): events due before the near boundary (a whole day) are in
// a small 4-ary heap; later ones are appended unsorted to the bucket of their day in a ring of
// kRingDays day buckets, and events beyond the ring wait in an overflow heap. When the near
// heap runs dry, the next non-empty bucket becomes the near heap (heapified) and the boundary
// moves past its day. A large system (the state-sized one: tens of thousands of pending stays)
// then sifts through a day's events (hundreds, in L1 cache) instead of the whole calendar
// (a megabyte, missing cache at every level). A drained bucket keeps a small capacity only
// (a large one is freed, so memory follows the events pending, not the busiest day each bucket
// ever held): a big day's bucket grows again in a few allocations, not one per event. A small
// system (M/M/c: a few dozen events pending) skips the ring: with at most kSmallEnter events
// pending when a bucket is loaded, all of them go to the heap, which then takes every push
// (no bucket to load each day) until it holds kSmallLeave; the ring then takes back the events
// after the earliest one's day. Any correct priority queue pops the same sequence.
//
// Sources that never have more than one event pending (an arrival stream, the day clock) may
// keep it beside the heap with set_source(): a new event from the source replaces the pending
// one, and top()/pop() compare the earliest of them with the heap's top. Their order is the
// same as if they had been pushed (the same sequence numbers), but they cost no heap work.
class EventCalendar {
 public:
  EventCalendar() {
    heap_.assign(kArity, kSentinel);
    ring_.resize(kRingDays);
    sources_.assign(1, kSentinel);
  }
  void reserve(std::size_t n) { heap_.reserve(n + kArity); }
  // Sources 0 .. n-1, with nothing pending. There is always at least one slot (a sentinel
  // when unused), so that top() and pop() need not ask whether there are sources.
  void set_sources(std::size_t n) {
    sources_.assign(std::max<std::size_t>(n, 1), kSentinel);
    first_source_ = 0;
    pending_sources_ = 0;
  }
  bool empty() const { return size() == 0; }
  std::size_t size() const { return size_ + ring_count_ + overflow_.size() + pending_sources_; }
  // Not const: the first look after the near heap ran dry loads the next day's bucket.
  // Empty, it returns the sentinel: an infinite time and an order after every event's (its
  // type() is no EventType), so a loop that stops at a finite horizon needs no empty() test.
  const Event& top() {
    if (size_ == 0) refill();
    return less(sources_[first_source_], heap_[0]) ? sources_[first_source_] : heap_[0];
  }
  void clear() {
    heap_.assign(kArity, kSentinel);
    size_ = 0;
    if (ring_count_ > 0)
      for (std::vector<Event>& bucket : ring_)
        bucket.clear();
    ring_count_ = 0;
    overflow_.clear();
    day_ = 0;
    near_bits_ = 0;
    ring_end_ = kRingDays;
    small_ = false;
    sequence_ = 0;
    set_sources(sources_.size());
  }

  // Inlined at every call site: the flow rules call it on the hot path (each admission).
  [[gnu::always_inline]] void push(double time, EventType type, std::uint32_t subject,
                                   std::uint32_t token = 0) {
    const Event e = make(time, type, subject, token);
    if (std::bit_cast<std::uint64_t>(e.time) < near_bits_) {
      // A full heap grows; a small calendar outgrowing its one heap goes back to the ring first
      // (leave_small()), and the event then goes where the ring's boundaries send it.
      if (size_ + kArity >= heap_.size() && grow()) [[unlikely]]
        return place(e);
      push_heap(e);
    } else {
      push_later(e);
    }
  }

  // Schedules the one pending event of `source`, replacing any it had.
  void set_source(std::size_t source, double time, EventType type, std::uint32_t subject,
                  std::uint32_t token = 0) {
    if (sources_[source].order == kSentinel.order) ++pending_sources_;
    sources_[source] = make(time, type, subject, token);
    // Another source's event is the earliest: only the new one can take its place (an
    // arrival rescheduling itself right after its pop costs one comparison, not a scan).
    if (source == first_source_)
      find_first_source();
    else if (less(sources_[source], sources_[first_source_]))
      first_source_ = source;
  }

  // Events the calendar has room for (its heap, buckets and overflow): what it holds in memory,
  // 24 bytes each (tests: it follows the events pending, not the days run).
  std::size_t capacity() const {
    std::size_t n = heap_.capacity() + overflow_.capacity() + sources_.capacity();
    for (const std::vector<Event>& bucket : ring_)
      n += bucket.capacity();
    return n;
  }

  // Whether every pending event is in the one heap (small mode, below); for tests.
  bool in_small_mode() const { return small_; }

  // Removes and returns the earliest event.
  Event pop() {
    if (size_ == 0) refill();
    if (less(sources_[first_source_], heap_[0])) {
      const Event out = sources_[first_source_];
      sources_[first_source_] = kSentinel;
      --pending_sources_;
      find_first_source();
      return out;
    }
    return pop_heap();
  }
  // Removes the event `top` that top() has just returned (nothing pushed or popped since):
  // pop() without comparing the sources' earliest with the heap's top a second time.
  // The subject of the event likely due after the top one: the earlier child of the heap's
  // root (a sentinel's 0 when it holds fewer than two; a source's or the next day's event may
  // come first). A hint for prefetching only: no order depends on it.
  std::uint32_t likely_after_top_subject() const {
    if (heap_.size() <= kArity) return 0;  // before the first push: no children to compare
    return heap_[smallest_child(heap_.data(), 1)].subject;
  }
  void pop_top(const Event& top) {
    if (&top != heap_.data()) {
      CONTINUUM_ASSERT(&top == &sources_[first_source_]);
      sources_[first_source_] = kSentinel;
      --pending_sources_;
      find_first_source();
      return;
    }
    pop_heap();
  }

 private:
  static constexpr std::size_t kArity = 4;
  // Days the ring of buckets covers (a power of two): longer than nearly every stay, gap and
  // time to relapse, so that the overflow heap stays small.
  static constexpr std::uint64_t kRingDays = 1024;
  // Times from here on never enter the ring (their day would not fit the arithmetic); should
  // the calendar come down to them, everything goes to the heap from then on (until clear()).
  static constexpr double kLastDay = 0x1p48;
  // The most events a drained bucket keeps room for (3 KB: at most 3 MiB over the ring).
  static constexpr std::size_t kKeptBucketEvents = 128;
  // A calendar with at most kSmallEnter events pending after a day's bucket is loaded keeps
  // them all in its heap (enter_small()) until the heap reaches kSmallLeave (a power of two:
  // the heap's size when it doubles); the gap between the two keeps it from switching back and
  // forth.
  static constexpr std::size_t kSmallEnter = 48;
  static constexpr std::size_t kSmallLeave = 256;
  static_assert(kSmallEnter + kArity < kSmallLeave && std::has_single_bit(kSmallLeave));

  Event make(double time, EventType type, std::uint32_t subject, std::uint32_t token) {
    // The sequence's 56 bits (7.2e16 events) are checked in refill() (once a day; a small
    // calendar's only when its heap runs dry): no run schedules that many events in one day,
    // nor between two empty calendars (3.6e16 events: ten years at 1e8 events a second).
    CONTINUUM_ASSERT(time >= 0);  // the heap compares times as bit patterns (NaN fails too)
    // + 0.0 turns -0.0 into +0.0, whose bit pattern sorts first.
    return Event{time + 0.0, (std::uint64_t{static_cast<std::uint8_t>(type)} << 56) | sequence_++,
                 subject, token};
  }

  // By pointers: no division of the vector's byte size by the event's 24 bytes per call (the
  // scan runs at every arrival).
  void find_first_source() {
    const Event* const begin = sources_.data();
    const Event* const end = begin + sources_.size();
    const Event* first = begin;
    for (const Event* it = begin + 1; it < end; ++it)
      if (less(*it, *first)) first = it;
    first_source_ = static_cast<std::size_t>(first - begin);
  }

  // Where the current boundaries send an event (push() after leave_small() moved them).
  [[gnu::noinline]] void place(const Event& e) {
    if (std::bit_cast<std::uint64_t>(e.time) < near_bits_)
      push_heap(e);
    else
      push_later(e);
  }

  // An event at or after the near boundary: its day's bucket, or the overflow.
  void push_later(const Event& e) {
    if (e.time < ring_end_) {  // its day's bucket; times >= 0 truncate to their day
      ring_[static_cast<std::uint64_t>(e.time) & (kRingDays - 1)].push_back(e);
      ++ring_count_;
    } else {
      push_overflow(e);
    }
  }

  // The heap is full: a small calendar of that size leaves its one heap (true: the boundaries
  // moved, the caller must place the event anew); else the heap doubles.
  [[gnu::noinline]] bool grow() {
    if (small_ && heap_.size() >= kSmallLeave && leave_small()) return true;
    heap_.resize(heap_.size() * 2, kSentinel);
    return false;
  }

  [[gnu::always_inline]] void push_heap(const Event& e) {
    // Keep kArity sentinels past the last event: every child group is then complete.
    if (size_ + kArity >= heap_.size()) heap_.resize(heap_.size() * 2, kSentinel);
    Event* h = heap_.data();
    std::size_t i = size_++;
    while (i > 0) {  // sift up
      const std::size_t parent = (i - 1) / kArity;
      if (!less(e, h[parent])) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = e;
  }

  // The overflow is a binary min-heap (std::push_heap with the reversed order).
  static bool later(const Event& x, const Event& y) { return less(y, x); }
  [[gnu::noinline]] void push_overflow(const Event& e) {
    overflow_.push_back(e);
    std::push_heap(overflow_.begin(), overflow_.end(), later);
  }

  // The near heap is empty: make the earliest pending bucket the near heap. Nothing to do when
  // the ring and the overflow are empty too (the heap's top is then the sentinel).
  [[gnu::noinline]] void refill() {
    CONTINUUM_ASSERT(sequence_ < (std::uint64_t{1} << 55));
    if (ring_count_ == 0) {
      if (overflow_.empty()) return;
      const double first = overflow_.front().time;
      if (!(first < kLastDay)) {  // only far-off times left: one heap for everything
        for (const Event& e : overflow_)
          push_heap(e);
        overflow_.clear();
        near_bits_ = std::numeric_limits<std::uint64_t>::max();
        return;
      }
      // The ring is empty: it may jump to the overflow's first day.
      day_ = static_cast<std::uint64_t>(first);
      ring_end_ = static_cast<double>(day_ + kRingDays);
      take_overflow();
    }
    while (ring_[day_ & (kRingDays - 1)].empty())
      ++day_;
    std::vector<Event>& bucket = ring_[day_ & (kRingDays - 1)];
    const std::size_t n = bucket.size();
    if (n + kArity > heap_.size()) heap_.resize(std::bit_ceil(n + kArity), kSentinel);
    std::copy(bucket.begin(), bucket.end(), heap_.begin());
    size_ = n;
    ring_count_ -= n;
    drained(bucket);
    heapify();
    ++day_;
    near_bits_ = std::bit_cast<std::uint64_t>(static_cast<double>(day_));
    ring_end_ = static_cast<double>(day_ + kRingDays);
    take_overflow();
    if (size_ + ring_count_ + overflow_.size() <= kSmallEnter) enter_small();
  }

  // A drained bucket gives back a large buffer: kept, every bucket of the ring would hold the
  // capacity of the busiest day it ever had, memory growing with the days run (up to kRingDays
  // of them) rather than with the events pending (10,000 discharges a day: 200 KB a day, 200 MB
  // over the ring). A small one is kept: no allocation per day for small systems.
  static void drained(std::vector<Event>& bucket) {
    if (bucket.capacity() > kKeptBucketEvents)
      std::vector<Event>().swap(bucket);
    else
      bucket.clear();
  }

  // Few events pending (a small system: M/M/c): all of them in the one heap, as a plain heap
  // keeps them; no bucket is loaded once a day (refill() was 2.7% of M/M/10). Every time is
  // then before the near boundary (near_bits_ is the largest pattern) until leave_small().
  void enter_small() {
    for (std::uint64_t d = day_; ring_count_ > 0; ++d) {
      std::vector<Event>& bucket = ring_[d & (kRingDays - 1)];
      for (const Event& e : bucket)
        push_heap(e);
      ring_count_ -= bucket.size();
      drained(bucket);
    }
    for (const Event& e : overflow_)
      push_heap(e);
    overflow_.clear();
    near_bits_ = std::numeric_limits<std::uint64_t>::max();
    small_ = true;
    // The heap's length after a busy day may be thousands: cut to kSmallLeave (only sentinels
    // past the events are dropped, the capacity is kept), so that grow() is reached, and small
    // mode left, at kSmallLeave events rather than at the busiest day's count.
    if (heap_.size() > kSmallLeave) heap_.resize(kSmallLeave);
  }

  // The heap of a small calendar reached kSmallLeave events: back to the ring, its near
  // boundary the day after the earliest event's day. False (staying one heap) where the ring
  // cannot reach (times from kLastDay on).
  bool leave_small() {
    const double first = heap_[0].time;  // the earliest event (the heap's root)
    if (!(first + 1 + kRingDays < kLastDay)) return false;
    small_ = false;
    day_ = static_cast<std::uint64_t>(first) + 1;
    near_bits_ = std::bit_cast<std::uint64_t>(static_cast<double>(day_));
    ring_end_ = static_cast<double>(day_ + kRingDays);
    Event* h = heap_.data();
    std::size_t kept = 0;
    for (std::size_t i = 0; i < size_; ++i) {
      if (std::bit_cast<std::uint64_t>(h[i].time) < near_bits_)
        h[kept++] = h[i];
      else
        push_later(h[i]);
    }
    std::fill(h + kept, h + size_, kSentinel);
    size_ = kept;
    heapify();
    return true;
  }

  // Moves the overflow's events that now fall inside the ring into their buckets.
  void take_overflow() {
    while (!overflow_.empty() && overflow_.front().time < ring_end_) {
      std::pop_heap(overflow_.begin(), overflow_.end(), later);
      const Event& e = overflow_.back();
      ring_[static_cast<std::uint64_t>(e.time) & (kRingDays - 1)].push_back(e);
      ++ring_count_;
      overflow_.pop_back();
    }
  }

  // Floyd's heap construction on heap_[0, size_) (sentinels follow).
  void heapify() {
    Event* h = heap_.data();
    const std::size_t n = size_;
    if (n < 2) return;
    for (std::size_t start = (n - 2) / kArity + 1; start-- > 0;) {
      const Event e = h[start];
      std::size_t i = start;
      for (;;) {
        const std::size_t first = i * kArity + 1;
        if (first >= n) break;
        const std::size_t best = smallest_child(h, first);
        if (!less(h[best], e)) break;
        h[i] = h[best];
        i = best;
      }
      h[i] = e;
    }
  }

  // The smallest of the four children from `first`, selected with arithmetic rather than
  // branches: a mispredicted branch per level was the engine's largest cost (sentinels
  // complete a partial group).
  [[gnu::always_inline]] static std::size_t smallest_child(const Event* h, std::size_t first) {
    const std::size_t a = first + less(h[first + 1], h[first]);
    const std::size_t b = first + 2 + less(h[first + 3], h[first + 2]);
    return a + ((b - a) & (std::size_t{0} - less(h[b], h[a])));
  }

  // Bottom-up: the hole left at the root sinks along the smallest children to a leaf without
  // comparing against the moved last event (whose place is almost always near the bottom),
  // then the last event rises from there.
  Event pop_heap() {
    Event* h = heap_.data();
    const Event out = h[0];
    const std::size_t n = --size_;
    const Event last = h[n];
    h[n] = kSentinel;
    std::size_t i = 0;
    for (;;) {
      const std::size_t first = i * kArity + 1;
      if (first >= n) break;
      const std::size_t best = smallest_child(h, first);
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
  std::vector<Event> heap_;  // size_ events due before the near boundary, then >= kArity sentinels
  std::size_t size_ = 0;
  // The ring: bucket d % kRingDays holds the events of day d (times in [d, d + 1)) for days
  // day_ <= d < day_ + kRingDays; the heap holds the events before day_ (near_bits_ is the bit
  // pattern of day_ as a time), the overflow those from ring_end_ = day_ + kRingDays on.
  std::vector<std::vector<Event>> ring_;
  std::size_t ring_count_ = 0;
  std::vector<Event> overflow_;
  std::uint64_t day_ = 0;
  std::uint64_t near_bits_ = 0;
  double ring_end_ = kRingDays;
  bool small_ = false;          // every event in the heap (enter_small()), ring and overflow empty
  std::vector<Event> sources_;  // per source: its pending event, or kSentinel
  std::size_t first_source_ = 0;
  std::size_t pending_sources_ = 0;
  std::uint64_t sequence_ = 0;
};

}  // namespace continuum
