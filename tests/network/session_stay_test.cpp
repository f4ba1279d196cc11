// The rough-cut stay of a level with sessions (network/capacity_analysis.hpp): the expected
// number of sessions to leave against a Markov chain solved state by state.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "continuum/network/capacity_analysis.hpp"

namespace continuum {
namespace {

// E(a, m) = 1 + p E(a + 1, 0) + (1 - p) E(a, m + 1); E(n, .) = E(., k) = 0.
double chain(double p, int n, int k) {
  std::vector<double> next_row(static_cast<std::size_t>(k) + 1, 0.0), row = next_row;
  for (int a = n - 1; a >= 0; --a) {
    row[static_cast<std::size_t>(k)] = 0;
    for (int m = k - 1; m >= 0; --m)
      row[static_cast<std::size_t>(m)] =
          1 + p * next_row[0] + (1 - p) * row[static_cast<std::size_t>(m) + 1];
    next_row = row;
  }
  return next_row[0];
}

TEST(SessionStay, ExpectedSessionsMatchTheMarkovChain) {
  for (double p : {0.3, 0.6, 0.85, 0.99})
    for (int n : {1, 5, 24})
      for (int k : {1, 2, 3, 6})
        EXPECT_NEAR(expected_sessions_to_leave(p, n, k), chain(p, n, k), 1e-9 * chain(p, n, k))
            << "p " << p << " n " << n << " k " << k;
}

TEST(SessionStay, WithoutTheMissRuleItIsNOverP) {
  EXPECT_DOUBLE_EQ(expected_sessions_to_leave(0.8, 24, std::nullopt), 30.0);
  EXPECT_EQ(expected_sessions_to_leave(0.0, 24, std::nullopt),
            std::numeric_limits<double>::infinity());
  EXPECT_DOUBLE_EQ(expected_sessions_to_leave(0.0, 24, 3), 3.0);  // never attends: k sessions
  EXPECT_DOUBLE_EQ(expected_sessions_to_leave(1.0, 24, 3), 24.0);
}

TEST(SessionStay, ALevelsStayIsItsSessionsTimesTheGap) {
  LevelSpec level;
  level.sessions = SessionsSpec{.pos = {},
                                .days = 0b0001011,  // Mon, Tue, Thu
                                .hours = 3,
                                .group_size_max = 12,
                                .attendance = 0.8,
                                .discharge_after_missed = std::nullopt,
                                .complete_after = 24};
  // 30 sessions, the first half a gap after admission: 29.5 gaps of 7/3 days.
  EXPECT_DOUBLE_EQ(mean_stay_days(level), 29.5 * 7.0 / 3.0);
}

}  // namespace
}  // namespace continuum
