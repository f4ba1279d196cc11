// The waitlist ring buffer: FIFO order across growth and wrap-around.
#include <gtest/gtest.h>

#include <deque>

#include "continuum/engine/waitlist.hpp"

namespace continuum {
namespace {

TEST(Waitlist, FifoAcrossGrowthAndWrapAround) {
  Waitlist w;
  std::deque<std::uint32_t> model;
  std::uint32_t next = 0;
  for (int round = 0; round < 50; ++round) {
    for (int i = 0; i < 37; ++i) {
      w.push({next, next * 3});
      model.push_back(next++);
    }
    for (int i = 0; i < 29; ++i) {
      const auto e = w.pop();
      ASSERT_EQ(e.patient, model.front());
      ASSERT_EQ(e.token, model.front() * 3);
      model.pop_front();
    }
    ASSERT_EQ(w.size(), model.size());
  }
  w.clear();
  EXPECT_TRUE(w.empty());
}

}  // namespace
}  // namespace continuum
