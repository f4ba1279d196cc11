// The event calendar: order by time, then same-instant priority, then scheduling order.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <random>
#include <vector>

#include "continuum/engine/event_calendar.hpp"

namespace continuum {
namespace {

TEST(EventCalendar, SameInstantOrderIsTypeThenSchedulingOrder) {
  EventCalendar cal;
  cal.push(5.0, EventType::kArrival, 1);
  cal.push(5.0, EventType::kRelapse, 2);
  cal.push(5.0, EventType::kDischarge, 3);
  cal.push(5.0, EventType::kArrival, 4);
  cal.push(5.0, EventType::kAbandon, 5);
  cal.push(4.0, EventType::kRelapse, 6);
  cal.push(5.0, EventType::kObserve, 7);
  std::vector<std::uint32_t> order;
  while (!cal.empty())
    order.push_back(cal.pop().subject);
  EXPECT_EQ(order, (std::vector<std::uint32_t>{6, 7, 3, 5, 1, 4, 2}));
}

// Engine::run() stops on the horizon test alone: an empty calendar's top() must be later than
// any finite horizon and not an observation (the one type run at the horizon itself), whatever
// tiers held events before, and with sources set up but none pending.
TEST(EventCalendar, EmptyTopIsLaterThanEveryEvent) {
  auto expect_sentinel = [](EventCalendar& cal, const char* when) {
    ASSERT_TRUE(cal.empty()) << when;
    const Event& top = cal.top();
    EXPECT_TRUE(std::isinf(top.time) && top.time > 0) << when;
    EXPECT_NE(top.type(), EventType::kObserve) << when;
    EXPECT_GT(static_cast<int>(top.type()), static_cast<int>(EventType::kDrugTest)) << when;
  };
  EventCalendar cal;
  expect_sentinel(cal, "new");
  cal.set_sources(2);
  expect_sentinel(cal, "sources, none pending");
  // Events in the near heap, the ring (day buckets) and the overflow, and from a source.
  cal.push(0.5, EventType::kDischarge, 1);
  cal.push(3.25, EventType::kAbandon, 2);
  cal.push(2000.0, EventType::kRelapse, 3);
  cal.set_source(1, 7.0, EventType::kArrival, 4);
  std::vector<std::uint32_t> order;
  for (;;) {  // Engine::run()'s loop: no empty() test
    const Event& top = cal.top();
    if (top.time > 1e6) break;
    order.push_back(top.subject);
    cal.pop_top(top);
  }
  EXPECT_EQ(order, (std::vector<std::uint32_t>{1, 2, 4, 3}));
  expect_sentinel(cal, "drained");
  cal.push(5.0, EventType::kObserve, 9);
  EXPECT_EQ(cal.pop().subject, 9u);
  expect_sentinel(cal, "drained again");
  cal.clear();
  expect_sentinel(cal, "cleared");
}

TEST(EventCalendar, PopsInNonDecreasingOrderUnderRandomLoad) {
  EventCalendar cal;
  std::mt19937_64 gen(3);
  std::uniform_real_distribution<double> u(0, 100);
  double now = 0;
  std::size_t live = 0;
  std::vector<Event> popped;
  for (int step = 0; step < 200000; ++step) {
    if (live == 0 || gen() % 3 != 0) {
      cal.push(now + u(gen), static_cast<EventType>(gen() % 6), static_cast<std::uint32_t>(step));
      ++live;
    } else {
      Event e = cal.pop();
      --live;
      ASSERT_GE(e.time, now);
      if (!popped.empty() && popped.back().time == e.time) {
        ASSERT_TRUE(popped.back().before(e));
      }
      now = e.time;
      popped.push_back(e);
    }
  }
  EXPECT_EQ(cal.size(), live);
}

TEST(EventCalendar, ClearRestartsTheSequence) {
  EventCalendar cal;
  cal.push(1.0, EventType::kArrival, 1);
  cal.clear();
  EXPECT_TRUE(cal.empty());
  cal.push(2.0, EventType::kArrival, 9);
  EXPECT_EQ(cal.top().order & 0xffffffffffffffULL, 0u);
  EXPECT_EQ(cal.pop().subject, 9u);
}

// The reference: std::priority_queue over the same keys (time, order). Keys are unique, so
// every correct priority queue pops one and the same sequence.
struct Reference {
  struct Later {
    bool operator()(const Event& x, const Event& y) const { return y.before(x); }
  };
  std::priority_queue<Event, std::vector<Event>, Later> queue;
  std::uint64_t sequence = 0;
  void push(double time, EventType type, std::uint32_t subject) {
    queue.push(Event{time + 0.0,
                     (std::uint64_t{static_cast<std::uint8_t>(type)} << 56) | sequence++, subject,
                     0});
  }
};

void expect_same(const Event& got, const Event& want) {
  ASSERT_EQ(got.time, want.time);
  ASSERT_EQ(got.order, want.order);
  ASSERT_EQ(got.subject, want.subject);
}

// Pops the calendar and the reference once, expecting the same event; its time.
double pop_both(EventCalendar& cal, Reference& ref) {
  expect_same(cal.pop(), ref.queue.top());
  const double time = ref.queue.top().time;
  ref.queue.pop();
  return time;
}

// Pops both to the end.
void drain_both(EventCalendar& cal, Reference& ref) {
  while (!ref.queue.empty())
    pop_both(cal, ref);
  EXPECT_TRUE(cal.empty());
}

// A time `now + gap` drawn from a mix that hits every tier: the same instant, whole days
// (bucket boundaries), the current day, the ring's span, past the ring, far past it.
double draw_time(std::mt19937_64& gen, double now) {
  std::uniform_real_distribution<double> u(0, 1);
  switch (gen() % 10) {
    case 0:
      return now;  // ties at the current instant
    case 1:
      return std::floor(now) + static_cast<double>(gen() % 4);  // whole days, incl. today's start
    case 2:
      return std::ceil(now);  // exactly the next boundary
    case 3:
      return now + u(gen) * 0.5;  // within about the current day
    case 4:
      return std::floor(now + u(gen) * 3000);  // a whole day in or past the ring
    case 5:
      return now + u(gen) * 5000;  // past the 1,024-day ring, often
    case 6:
      return now + 1e6 * u(gen);  // far past it
    default:
      return now + u(gen) * 200;
  }
}

// Many pushes and pops (hold-like, with bursts of pops that drain the near heap and bursts of
// pushes), compared event for event with the reference; a clear() now and then.
TEST(EventCalendar, PopsTheReferenceSequenceUnderRandomLoad) {
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    EventCalendar cal;
    Reference ref;
    std::mt19937_64 gen(seed);
    double now = 0;
    for (int step = 0; step < 60000; ++step) {
      const std::uint64_t r = gen() % 100;
      if (step % 20000 == 19999) {  // clear() with events in every tier
        ASSERT_GT(cal.size(), 100u);
        cal.clear();
        ref = Reference{};
        now = 0;
      } else if (step % 5000 == 4000) {  // a burst of pops, often draining a day or more
        for (std::uint64_t k = gen() % 3000; k > 0 && !ref.queue.empty(); --k) {
          ASSERT_FALSE(cal.empty());
          expect_same(cal.top(), ref.queue.top());
          const Event e = cal.pop();
          expect_same(e, ref.queue.top());
          ref.queue.pop();
          now = e.time;
        }
      } else if (r < 65 || ref.queue.empty()) {
        const double t = draw_time(gen, now);
        const auto type = static_cast<EventType>(gen() % 10);
        const auto subject = static_cast<std::uint32_t>(step);
        cal.push(t, type, subject);
        ref.push(t, type, subject);
      } else {
        now = pop_both(cal, ref);
      }
      ASSERT_EQ(cal.size(), ref.queue.size());
    }
    drain_both(cal, ref);
  }
}

// A calendar that comes down to a few pending events keeps them all in one heap (small mode)
// and goes back to the ring when that heap fills (256 events): the pending count swings
// between a handful and several hundred, with pushes before the heap's earliest event (the
// boundary leave_small() sets is that event's next day), on the next boundary and past the
// ring. Near 2^48 days the ring cannot take the times and the heap just grows.
TEST(EventCalendar, SmallCalendarsGoBackToTheRingInOrder) {
  for (const double base : {0.0, 0x1p48 - 1500.0, 0x1p48 - 1024.5}) {
    for (std::uint64_t seed = 1; seed <= 6; ++seed) {
      EventCalendar cal;
      Reference ref;
      std::mt19937_64 gen(seed);
      double now = base;
      for (int swing = 0; swing < 40; ++swing) {
        while (ref.queue.size() > 10 + gen() % 30)  // down to a few: small mode
          now = pop_both(cal, ref);
        const std::size_t high = 200 + gen() % 500;  // up past the 256 of one heap, or not
        while (ref.queue.size() < high) {
          double t = draw_time(gen, now);
          if (gen() % 8 == 0 && !ref.queue.empty())  // between now and the earliest pending
            t = now + (ref.queue.top().time - now) * 0.5;
          const auto type = static_cast<EventType>(gen() % 10);
          const auto subject = static_cast<std::uint32_t>(ref.sequence);
          cal.push(t, type, subject);
          ref.push(t, type, subject);
          if (gen() % 4 == 0) now = pop_both(cal, ref);
        }
        ASSERT_EQ(cal.size(), ref.queue.size());
      }
      drain_both(cal, ref);
    }
  }
}

// When small mode starts and ends: after a busy day (10,000 events) drained down to 30 pending,
// loading the next bucket puts the calendar in small mode; 10,000 pushes over 1,000 days then
// take it back to the ring (at 256 in the heap, not at the busy day's 10,000). Within 1,024
// days of 2^48 the ring cannot take the times: it stays in small mode. Pop order as the
// reference's throughout.
TEST(EventCalendar, SmallModeStartsWithFewEventsAndEndsAt256) {
  for (const double base : {0.0, 0x1p48 - 600.0}) {
    EventCalendar cal;
    Reference ref;
    std::mt19937_64 gen(11);
    std::uniform_real_distribution<double> u(0, 1);
    auto push = [&](double t) {
      cal.push(t, EventType::kDischarge, static_cast<std::uint32_t>(ref.sequence));
      ref.push(t, EventType::kDischarge, static_cast<std::uint32_t>(ref.sequence));
    };
    for (int i = 0; i < 10000; ++i)  // the busy day
      push(base + 5 + 0.99 * u(gen));
    for (int i = 0; i < 30; ++i)
      push(base + 10 + i);
    EXPECT_FALSE(cal.in_small_mode());
    for (int i = 0; i < 10000; ++i)
      pop_both(cal, ref);
    cal.top();  // loads day 10's bucket: 30 pending
    EXPECT_TRUE(cal.in_small_mode());
    for (int i = 0; i < 10000; ++i)
      push(base + 50 + 1000 * u(gen));
    EXPECT_EQ(cal.in_small_mode(), base != 0.0);
    drain_both(cal, ref);
  }
}

// Sources beside the heap interleave with heap events of every tier as if they were pushed.
TEST(EventCalendar, SourcesInterleaveWithEveryTier) {
  EventCalendar cal;
  Reference ref;
  std::mt19937_64 gen(11);
  cal.set_sources(3);
  // The reference keeps each source's pending event by its order; a replaced one is skipped.
  std::vector<std::uint64_t> pending(3, ~std::uint64_t{0});
  bool through_top = false;
  auto pop_both = [&] {
    for (;;) {  // skip the reference's replaced source events
      const Event& top = ref.queue.top();
      const bool replaced = top.subject >= 1000000 && pending[top.subject - 1000000] != top.order;
      if (!replaced) break;
      ref.queue.pop();
    }
    const Event want = ref.queue.top();
    ref.queue.pop();
    if (want.subject >= 1000000) pending[want.subject - 1000000] = ~std::uint64_t{0};
    // Every other event through top() and pop_top(top), as the engine's loop pops.
    Event got{};
    if (through_top) {
      const Event& top = cal.top();
      got = top;
      cal.pop_top(top);
    } else {
      got = cal.pop();
    }
    through_top = !through_top;
    expect_same(got, want);
    return got.time;
  };
  double now = 0;
  std::size_t live = 0;
  for (int step = 0; step < 100000; ++step) {
    const std::uint64_t r = gen() % 10;
    if (r < 2) {  // a source schedules (or reschedules) its one event
      const std::uint32_t s = static_cast<std::uint32_t>(gen() % 3);
      const double t = draw_time(gen, now);
      if (pending[s] == ~std::uint64_t{0}) ++live;
      pending[s] = ref.sequence | (std::uint64_t{5} << 56);
      cal.set_source(s, t, EventType::kArrival, 1000000 + s);
      ref.push(t, EventType::kArrival, 1000000 + s);
    } else if (r < 6 || live == 0) {
      const double t = draw_time(gen, now);
      cal.push(t, EventType::kDischarge, static_cast<std::uint32_t>(step));
      ref.push(t, EventType::kDischarge, static_cast<std::uint32_t>(step));
      ++live;
    } else {
      now = pop_both();
      --live;
    }
    ASSERT_EQ(cal.size(), live);
  }
  while (live > 0) {
    pop_both();
    --live;
  }
  EXPECT_TRUE(cal.empty());
}

// Whole-day times go to their own day: an event at exactly day d comes after every event of
// day d - 1 and before everything later in day d; time 0 and -0 are the first day.
TEST(EventCalendar, BucketBoundariesAndTimeZero) {
  EventCalendar cal;
  cal.push(2.0, EventType::kArrival, 1);
  cal.push(std::nextafter(2.0, 0.0), EventType::kArrival, 2);
  cal.push(1.0, EventType::kArrival, 3);
  cal.push(2.0, EventType::kDischarge, 4);
  cal.push(-0.0, EventType::kArrival, 5);
  cal.push(0.0, EventType::kObserve, 6);
  cal.push(std::nextafter(2.0, 3.0), EventType::kObserve, 7);
  cal.push(1024.0, EventType::kArrival, 8);  // the ring's first day past the start
  cal.push(1023.5, EventType::kArrival, 9);
  cal.push(0.5, EventType::kArrival, 10);
  std::vector<std::uint32_t> order;
  while (!cal.empty())
    order.push_back(cal.pop().subject);
  EXPECT_EQ(order, (std::vector<std::uint32_t>{6, 5, 10, 3, 2, 4, 1, 7, 9, 8}));
}

// Times far beyond the ring (and beyond 2^48 days, where the ring gives way to one heap) pop
// in order, before and after nearer events pushed later.
TEST(EventCalendar, HugeTimes) {
  EventCalendar cal;
  cal.push(1e300, EventType::kArrival, 1);
  cal.push(std::numeric_limits<double>::infinity(), EventType::kArrival, 2);
  cal.push(5e6, EventType::kArrival, 3);
  cal.push(0x1p50, EventType::kArrival, 4);
  cal.push(3.0, EventType::kArrival, 5);
  EXPECT_EQ(cal.pop().subject, 5u);
  EXPECT_EQ(cal.pop().subject, 3u);  // the ring jumps to day 5,000,000
  cal.push(5e6 + 2000, EventType::kArrival, 6);
  cal.push(5e6 + 0.5, EventType::kArrival, 7);
  EXPECT_EQ(cal.pop().subject, 7u);
  EXPECT_EQ(cal.pop().subject, 6u);
  EXPECT_EQ(cal.pop().subject, 4u);  // only huge times left: one heap from here on
  cal.push(0x1p49, EventType::kArrival, 8);
  cal.push(1e7, EventType::kArrival, 9);
  EXPECT_EQ(cal.pop().subject, 9u);
  EXPECT_EQ(cal.pop().subject, 8u);
  EXPECT_EQ(cal.pop().subject, 1u);
  EXPECT_EQ(cal.size(), 1u);
  EXPECT_EQ(cal.pop().subject, 2u);
  EXPECT_TRUE(cal.empty());
  cal.clear();  // back to the ring
  cal.push(7.5, EventType::kArrival, 10);
  cal.push(1.5, EventType::kArrival, 11);
  EXPECT_EQ(cal.pop().subject, 11u);
  EXPECT_EQ(cal.pop().subject, 10u);
}

// Pushes earlier than the near boundary (the engine never makes them, but the calendar allows
// them) and into the current day while its heap is being popped.
TEST(EventCalendar, PushesIntoTheCurrentDayAndBefore) {
  EventCalendar cal;
  cal.push(10.2, EventType::kArrival, 1);
  cal.push(10.7, EventType::kArrival, 2);
  EXPECT_EQ(cal.pop().subject, 1u);  // the near heap is day 10; the boundary is 11
  cal.push(10.5, EventType::kArrival, 3);
  cal.push(4.0, EventType::kArrival, 4);
  cal.push(11.0, EventType::kArrival, 5);
  cal.push(10.7, EventType::kObserve, 6);
  std::vector<std::uint32_t> order;
  while (!cal.empty())
    order.push_back(cal.pop().subject);
  EXPECT_EQ(order, (std::vector<std::uint32_t>{4, 3, 6, 2, 5}));
}

// A steady load (2,000 events a day, each pushed the day before its own into its day's bucket)
// holds the same memory after 3,000 days as after 100: a drained bucket frees a large buffer.
// Kept, every bucket of the ring held its busiest day's buffer: 1,024 x 2,048 events (48 MiB)
// once the ring had turned (the M/M/inf run of docs/reliability.md grew by 200 KB a day).
TEST(EventCalendar, MemoryFollowsThePendingEventsNotTheDaysRun) {
  constexpr int kPerDay = 2000;
  EventCalendar cal;
  std::size_t after_100 = 0;
  for (int d = 0; d < 3000; ++d) {
    for (int k = 0; k < kPerDay; ++k)
      cal.push(d + 1 + k / (kPerDay + 1.0), EventType::kDischarge, static_cast<std::uint32_t>(k));
    while (cal.top().time < d + 1)
      cal.pop();
    ASSERT_EQ(cal.size(), static_cast<std::size_t>(kPerDay)) << "day " << d;
    if (d == 99) after_100 = cal.capacity();
  }
  // The near heap alone (2,000 events and 4 sentinels, rounded up to 2,048) and the one source
  // slot every calendar has: the bucket just drained into the heap gave its buffer back.
  EXPECT_EQ(after_100, 2048u + 1u);
  EXPECT_EQ(cal.capacity(), after_100);
}

}  // namespace
}  // namespace continuum
