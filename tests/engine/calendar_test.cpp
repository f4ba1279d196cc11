// The event calendar: order by time, then same-instant priority, then scheduling order.
#include <gtest/gtest.h>

#include <algorithm>
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

}  // namespace
}  // namespace continuum
