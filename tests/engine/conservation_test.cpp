// The patient balance at the end of every run: exact counts on a hand-traced scenario, and a
// corrupted level count caught by the end-of-run check (in every build, not only with the
// engine checks compiled in).
#include <gtest/gtest.h>

#include "continuum/engine/engine.hpp"
#include "continuum/engine/simulation_error.hpp"
#include "continuum/stats/trace.hpp"
#include "engine_test_access.hpp"
#include "test_support.hpp"

namespace continuum {

namespace {

// Referrals every day from day 1, 2 slots, stays of 3 days, a waitlist of at most 1, horizon 10:
//   t=1 A admitted, t=2 B admitted, t=3 C waits; t=4 A leaves, C admitted, D waits;
//   t=5 B leaves, D admitted, E waits; t=6 F turned away; t=7 C leaves, E admitted, G waits;
//   t=8 D leaves, G admitted, H waits; t=9 I turned away. At t=10 (the horizon) nothing runs.
// Referred 9 = in care 2 (E, G) + waiting 1 (H) + left 6 (A, B, C, D discharged; F, I turned
// away).
TEST(Conservation, ExactCountsOfATracedRun) {
  const Scenario s = load_scenario_text(
      "name: tiny\nhorizon_days: 10\nwarmup_days: 0\nreplications: 1\nseed: 1\n"
      "arrivals:\n  - name: a\n    interarrival: {distribution: fixed, value: 1}\n"
      "    entry: {iop: 1}\n"
      "levels:\n  iop:\n    capacity: 2\n    waitlist: {max_length: 1}\n"
      "    length_of_stay: {distribution: fixed, value: 3}\n    next: {exit: 1}\n",
      "tiny.yaml");
  const PatientBalance b = simulate(s, 0).balance;
  EXPECT_EQ(b.referred, 9);
  EXPECT_EQ(b.in_care, 2);
  EXPECT_EQ(b.waiting, 1);
  EXPECT_EQ(b.held, 0);
  EXPECT_EQ(b.community, 0);
  EXPECT_EQ(b.left, 6);
  EXPECT_TRUE(b.balanced());
}

TEST(Conservation, CorruptedCountNamesTimeCountsAndLevel) {
  // Patients 0 and 1 are referred at t = 10 and 20 and stay past the horizon (t = 30).
  EXPECT_EQ(corrupted_run_error(broken_scenario(5, 100), 3),
            "t=30 level 'iop' event end: patients not accounted for: referred 2; in care 2, "
            "waiting 0, held 0, in the community 0, left 0 (2 alive); the level counts 4 in "
            "care and 0 waiting, its patients 2 and 0");
}

}  // namespace
}  // namespace continuum
