// Trace tests: tiny deterministic scenarios (fixed referral times and stays) whose every count
// and time-average is worked out by hand in the comments.
#include <gtest/gtest.h>

#include "continuum/config/load.hpp"
#include "continuum/engine/engine.hpp"
#include "continuum/output/trace_csv.hpp"
#include "continuum/stats/trace.hpp"
#include "engine_trace.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

// One level "clinic", referrals at t = 1, 2, 3, ... (fixed gaps of 1 day), window [0, 10].
std::string one_level(const std::string& level_body) {
  return "name: trace\nhorizon_days: 10\nwarmup_days: 0\nreplications: 1\nseed: 1\n"
         "arrivals:\n  - name: a\n    interarrival: {distribution: fixed, value: 1}\n"
         "    entry: {clinic: 1}\n"
         "levels:\n  clinic:\n" +
         level_body;
}

ReplicationResult run_text(const std::string& text) {
  return simulate(load_scenario_text(text, "trace.yaml"), 0);
}

TEST(EngineTrace, FifoWaitlistWithOneSlot) {
  // Stays of 1.5 days in one slot: admissions at 1, 2.5, 4, 5.5, 7, 8.5 (waits 0, .5, 1, 1.5,
  // 2, 2.5); the referral at t=10 falls on the horizon and is not processed.
  const auto r = run_text(
      one_level("    capacity: 1\n    length_of_stay: {distribution: fixed, value: 1.5}\n"));
  const LevelResult& c = r.levels[0];
  EXPECT_EQ(r.system.arrivals, 9);
  EXPECT_EQ(c.referrals, 9);
  EXPECT_EQ(c.admissions, 6);
  EXPECT_EQ(c.completions, 5);
  EXPECT_EQ(c.in_care_at_end, 1);
  EXPECT_EQ(c.waiting_at_end, 3);
  EXPECT_DOUBLE_EQ(c.wait_sum, 7.5);
  EXPECT_DOUBLE_EQ(c.census_area, 9.0);     // busy from 1 to 10
  EXPECT_DOUBLE_EQ(c.waitlist_area, 13.5);  // .5 + 1 + 1.5 + 2 + 2.5 + 3 + 2 + 1
  const auto m = level_metrics(r, 0, 1);
  EXPECT_DOUBLE_EQ(m[LevelMetric::kMeanWaitDays], 1.25);
  EXPECT_DOUBLE_EQ(m[LevelMetric::kMeanCensus], 0.9);
  // Daily time-averages: day 2 is [2, 3): in care all day, P2 waits from 2 to 2.5.
  ASSERT_EQ(r.daily_census.size(), 10u);
  EXPECT_FLOAT_EQ(r.daily_census[0], 0.0f);
  EXPECT_FLOAT_EQ(r.daily_census[1], 1.0f);
  EXPECT_FLOAT_EQ(r.daily_waitlist[2], 0.5f);
  EXPECT_FLOAT_EQ(r.daily_waitlist[9], 3.0f);  // P7, P8, P9 wait all of [9, 10)
}

TEST(EngineTrace, QueueTimeCountsEveryoneWhoLeavesTheWaitlist) {
  // Stays of 1.5 days in one slot, patience of 2.2 days: P1..P5 admitted at 1, 2.5, 4, 5.5, 7
  // (waits 0, .5, 1, 1.5, 2); P6 (joined at 6) gives up at 8.2, just before the slot frees at
  // 8.5, where P7 is admitted (wait 1.5); P8 and P9 still wait at the horizon.
  const auto r =
      run_text(one_level("    capacity: 1\n    length_of_stay: {distribution: fixed, value: 1.5}\n"
                         "    waitlist:\n      patience: {distribution: fixed, value: 2.2}\n"));
  const LevelResult& c = r.levels[0];
  EXPECT_EQ(c.admissions, 6);
  EXPECT_EQ(c.abandonments, 1);
  EXPECT_DOUBLE_EQ(c.wait_sum, 6.5);
  EXPECT_DOUBLE_EQ(c.abandon_wait_sum, 2.2);
  EXPECT_NEAR(c.p90_queue_time_days, 2.2, 0.04);
  const auto m = level_metrics(r, 0, 1);
  EXPECT_DOUBLE_EQ(m[LevelMetric::kMeanWaitDays], 6.5 / 6);
  EXPECT_DOUBLE_EQ(m[LevelMetric::kMeanQueueTimeDays], (6.5 + 2.2) / 7);
  // p90: rank 6.3 of 7 falls in the bin of 2.2 (admitted only: rank 5.4 of 6, the bin of 2).
  EXPECT_NEAR(m[LevelMetric::kP90QueueTimeDays], 2.2, 0.04);
  EXPECT_NEAR(m[LevelMetric::kP90WaitDays], 2.0, 0.04);
}

TEST(EngineTrace, SlotFreedAtTheSameInstantGoesBeforeTheNewReferral) {
  // Stays of exactly 1 day: each discharge at t frees the slot before the referral at t.
  const auto r =
      run_text(one_level("    capacity: 1\n    length_of_stay: {distribution: fixed, value: 1}\n"));
  EXPECT_EQ(r.levels[0].admissions, 9);
  EXPECT_DOUBLE_EQ(r.levels[0].wait_sum, 0.0);
  EXPECT_DOUBLE_EQ(r.levels[0].waitlist_area, 0.0);
}

TEST(EngineTrace, PatienceExpires) {
  // P1 holds the slot past the horizon; P2..P7 abandon 2.5 days after referral (4.5 .. 9.5);
  // P8 and P9 are still waiting at the end.
  const auto r =
      run_text(one_level("    capacity: 1\n    length_of_stay: {distribution: fixed, value: 10}\n"
                         "    waitlist: {patience: {distribution: fixed, value: 2.5}}\n"));
  const LevelResult& c = r.levels[0];
  EXPECT_EQ(c.admissions, 1);
  EXPECT_EQ(c.abandonments, 6);
  EXPECT_EQ(c.waiting_at_end, 2);
  EXPECT_EQ(r.system.lost_to_care, 6);
  EXPECT_DOUBLE_EQ(c.waitlist_area, 6 * 2.5 + 2 + 1);
  // Of the 7 referrals that ended (1 admitted, 6 abandoned; 2 still waiting), 6 abandoned.
  EXPECT_DOUBLE_EQ(level_metrics(r, 0, 1)[LevelMetric::kAbandonmentFraction], 6.0 / 7.0);
}

// Referrals falling from 10 a day in warm-up to 0.5 in the window: the window's abandoners were
// mostly referred before it. Of the referrals ending in the window every one abandons (the one
// slot is taken for 1,000 days): the share is exactly 1, not abandonments / referrals (about 11).
TEST(EngineTrace, AbandonedShareStaysAShareWhenReferralsFall) {
  const auto r = run_text(
      "name: falling\nhorizon_days: 10\nwarmup_days: 30\nreplications: 1\nseed: 4\n"
      "arrivals:\n  - name: a\n    rate_per_day: 10\n    entry: {clinic: 1}\n"
      "levels:\n  clinic:\n    capacity: 1\n"
      "    length_of_stay: {distribution: fixed, value: 1000}\n"
      "    waitlist: {patience: {distribution: fixed, value: 5}}\n"
      "changes:\n  - {day: 0, set: {arrivals.a.rate_per_day: 0.5}}\n");
  const LevelResult& c = r.levels[0];
  EXPECT_EQ(c.admissions, 0);
  EXPECT_GT(c.abandonments, 3 * c.referrals);
  EXPECT_DOUBLE_EQ(level_metrics(r, 0, 10)[LevelMetric::kAbandonmentFraction], 1.0);
}

TEST(EngineTrace, FullWaitlistTurnsReferralsAway) {
  const auto r =
      run_text(one_level("    capacity: 1\n    length_of_stay: {distribution: fixed, value: 10}\n"
                         "    waitlist: {max_length: 1}\n"));
  EXPECT_EQ(r.levels[0].admissions, 1);
  EXPECT_EQ(r.levels[0].turned_away, 7);
  EXPECT_EQ(r.levels[0].waiting_at_end, 1);
  EXPECT_DOUBLE_EQ(level_metrics(r, 0, 1)[LevelMetric::kTurnedAwayFraction], 7.0 / 9.0);
}

TEST(EngineTrace, HoldWhileWaitingKeepsTheSlot) {
  // A (1 slot, stay 1) -> B (1 slot, stay 5), completers of A hold their slot until B admits.
  // t=2: P1 moves to B (until 7), P2 enters A. t=3: P2 completes A, B is full: P2 holds A.
  // t=7: P1 leaves B, P2 enters B (waited 4), A is freed and P3 enters A (waited 4).
  // t=8: P3 completes A and holds it again.
  const std::string text =
      "name: hold\nhorizon_days: 10\nwarmup_days: 0\nreplications: 1\nseed: 1\n"
      "arrivals:\n  - name: a\n    interarrival: {distribution: fixed, value: 1}\n"
      "    entry: {a: 1}\n"
      "levels:\n"
      "  a:\n    capacity: 1\n    length_of_stay: {distribution: fixed, value: 1}\n"
      "    next: {b: 1}\n    hold_while_waiting: true\n"
      "  b:\n    capacity: 1\n    length_of_stay: {distribution: fixed, value: 5}\n";
  const auto r = run_text(text);
  const LevelResult &a = r.levels[0], &b = r.levels[1];
  EXPECT_EQ(a.admissions, 3);
  EXPECT_EQ(a.completions, 3);
  EXPECT_EQ(b.admissions, 2);
  EXPECT_DOUBLE_EQ(a.census_area, 9.0);
  EXPECT_DOUBLE_EQ(b.census_area, 8.0);
  EXPECT_DOUBLE_EQ(b.waitlist_area, 4.0 + 2.0);  // P2 from 3 to 7, P3 from 8 to 10
  EXPECT_DOUBLE_EQ(a.waitlist_area, 4 + 6 + 5 + 4 + 3 + 2 + 1);
  EXPECT_EQ(a.slot_releases, 2);  // P1 after 1 day, P2 after 5 (1 in care + 4 holding)
  EXPECT_DOUBLE_EQ(a.slot_days_sum, 6.0);
  EXPECT_DOUBLE_EQ(b.wait_sum, 4.0);
  EXPECT_EQ(b.waiting_at_end, 1);
  EXPECT_EQ(a.waiting_at_end, 6);  // P4..P9
}

TEST(EngineTrace, DropoutRelapseAndReentry) {
  // Referrals at 4 and 8; every admission drops out after 0.5 days and relapses 2 days later,
  // back into the same level. P1: admitted 4, 6.5, 9; P2: admitted 8 (relapse at 10.5 is late).
  const std::string text =
      "name: relapse\nhorizon_days: 10\nwarmup_days: 0\nreplications: 1\nseed: 1\n"
      "arrivals:\n  - name: a\n    interarrival: {distribution: fixed, value: 4}\n"
      "    entry: {iop: 1}\n"
      "levels:\n  iop:\n    capacity: unlimited\n"
      "    length_of_stay: {distribution: fixed, value: 1}\n"
      "    dropout: {probability: 1, time: {distribution: fixed, value: 0.5}}\n"
      "relapse:\n  probability: 0\n  probability_after_dropout: 1\n"
      "  time_to_relapse: {distribution: fixed, value: 2}\n  reentry: {iop: 1}\n";
  const auto r = run_text(text);
  EXPECT_EQ(r.system.arrivals, 2);
  EXPECT_EQ(r.levels[0].admissions, 4);
  EXPECT_EQ(r.levels[0].dropouts, 4);
  EXPECT_EQ(r.levels[0].completions, 0);
  EXPECT_EQ(r.system.relapses, 2);
  EXPECT_EQ(r.system.first_admissions, 2);
  EXPECT_DOUBLE_EQ(r.levels[0].census_area, 4 * 0.5);
}

TEST(EngineTrace, WarmupDiscardsEarlierStatistics) {
  // Same as the FIFO trace, but statistics start at t = 5: admissions at 5.5, 7, 8.5 count.
  std::string text =
      one_level("    capacity: 1\n    length_of_stay: {distribution: fixed, value: 1.5}\n");
  text.replace(text.find("horizon_days: 10\nwarmup_days: 0"), 31,
               "horizon_days: 5\nwarmup_days: 5");
  const auto r = run_text(text);
  EXPECT_EQ(r.levels[0].admissions, 3);
  // The end of warm-up is observed before anything else at t = 5, so the referral at 5 counts.
  EXPECT_EQ(r.levels[0].referrals, 5);
  EXPECT_DOUBLE_EQ(r.levels[0].wait_sum, 1.5 + 2 + 2.5);
  EXPECT_DOUBLE_EQ(r.levels[0].census_area, 5.0);
}

TEST(EngineTrace, ConservationOnARandomScenario) {
  // Every referral in a run from empty is admitted, abandoned, turned away or still waiting.
  Scenario s = load_scenario(testing::source_path("scenarios/baseline.yaml"));
  s.warmup_days = 0;
  s.horizon_days = 400;
  const auto r = simulate(s, 3);
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    const LevelResult& c = r.levels[l];
    EXPECT_EQ(c.referrals, c.admissions + c.abandonments + c.turned_away + c.waiting_at_end)
        << s.levels[l].name;
    EXPECT_EQ(c.admissions, c.completions + c.dropouts + c.in_care_at_end) << s.levels[l].name;
  }
}

}  // namespace
}  // namespace continuum

namespace continuum {
namespace {

std::string trace_of(const std::string& text) {
  const Scenario s = load_scenario_text(text, "trace.yaml");
  return trace_csv_rows(s, 0, testing::run_traced(s).trace);
}

TEST(EngineTrace, EventLogOfOneSlotWithSameInstantDischarges) {
  // Stays of exactly 2 days, one slot, referrals at 1, 2, 3, ...: P0 in [1, 3), P1 waits from 2
  // and is admitted at 3 when P0's slot frees, before P2's referral at 3 joins the waitlist.
  const std::string trace = trace_of(
      "name: trace\nhorizon_days: 5\nwarmup_days: 0\nreplications: 1\nseed: 1\n"
      "arrivals:\n  - name: a\n    interarrival: {distribution: fixed, value: 1}\n"
      "    entry: {clinic: 1}\n"
      "levels:\n  clinic:\n    capacity: 1\n"
      "    length_of_stay: {distribution: fixed, value: 2}\n    next: {exit: 1}\n");
  EXPECT_EQ(trace,
            "0,0,warmup_end,,,,\n"
            "0,1,arrival,0,clinic,a,\n"
            "0,1,admitted,0,clinic,,0\n"
            "0,2,arrival,1,clinic,a,\n"
            "0,2,waitlisted,1,clinic,,1\n"
            "0,3,completed,0,clinic,exit,\n"
            "0,3,admitted,1,clinic,,1\n"
            "0,3,arrival,2,clinic,a,\n"
            "0,3,waitlisted,2,clinic,,1\n"
            "0,4,arrival,3,clinic,a,\n"
            "0,4,waitlisted,3,clinic,,2\n");
}

}  // namespace
}  // namespace continuum

// Hand-traced event logs that pin the flow rules each planted fault of issue 15 broke: the
// suite ran green with every one of them until these were added.
namespace continuum {
namespace {

// One stream "s" referring to level "a" at t = 1, 2, 3, ... (fixed gaps of 1 day), no warm-up.
std::string stream_into_a(int horizon_days, const std::string& levels) {
  return "name: trace\nhorizon_days: " + std::to_string(horizon_days) +
         "\nwarmup_days: 0\nreplications: 1\nseed: 1\n"
         "arrivals:\n  - name: s\n    interarrival: {distribution: fixed, value: 1}\n"
         "    entry: {a: 1}\n"
         "levels:\n" +
         levels;
}

TEST(EngineTrace, HeldSlotIsReleasedWhenTheNextWaitlistTurnsThePatientAway) {
  // a (1 slot, stay 1, holds) -> b (1 slot, stay 10, no waitlist). t=2: P0 moves to b (until
  // 12), freeing a for P1. t=3: P1 completes a; b is full and takes no waiters: P1 is turned
  // away and a's slot is freed at once, so P2 is admitted to a at 3 (not waitlisted behind a
  // slot nobody holds any more). The same at t=4.
  const std::string text =
      stream_into_a(5,
                    "  a:\n    capacity: 1\n    length_of_stay: {distribution: fixed, value: 1}\n"
                    "    next: {b: 1}\n    hold_while_waiting: true\n"
                    "  b:\n    capacity: 1\n    length_of_stay: {distribution: fixed, value: 10}\n"
                    "    waitlist: {max_length: 0}\n");
  EXPECT_EQ(trace_of(text),
            "0,0,warmup_end,,,,\n"
            "0,1,arrival,0,a,s,\n"
            "0,1,admitted,0,a,,0\n"
            "0,2,completed,0,a,b,\n"
            "0,2,admitted,0,b,,0\n"
            "0,2,arrival,1,a,s,\n"
            "0,2,admitted,1,a,,0\n"
            "0,3,completed,1,a,b,\n"
            "0,3,turned_away,1,b,,\n"
            "0,3,arrival,2,a,s,\n"
            "0,3,admitted,2,a,,0\n"
            "0,4,completed,2,a,b,\n"
            "0,4,turned_away,2,b,,\n"
            "0,4,arrival,3,a,s,\n"
            "0,4,admitted,3,a,,0\n");
  const auto r = run_text(text);
  const LevelResult &a = r.levels[0], &b = r.levels[1];
  EXPECT_EQ(a.admissions, 4);
  EXPECT_EQ(a.slot_releases, 3);  // at 2 (P0 admitted to b), 3 and 4 (turned away)
  EXPECT_DOUBLE_EQ(a.slot_days_sum, 3.0);
  EXPECT_DOUBLE_EQ(a.waitlist_area, 0.0);
  EXPECT_EQ(b.turned_away, 2);
  EXPECT_EQ(r.system.lost_to_care, 2);
}

TEST(EngineTrace, CompleterReferredBackJoinsTheEndOfTheWaitlist) {
  // One slot, stays of 2, every completer referred back to the same level. t=3: P0's slot is
  // freed and P0 is referred again, but P1 has waited since 2: P0 joins the end and P1 takes
  // the slot. t=5: P1 completes and queues behind P2 and P3; P0 (waiting since 3) is admitted.
  const std::string text =
      stream_into_a(6,
                    "  a:\n    capacity: 1\n    length_of_stay: {distribution: fixed, value: 2}\n"
                    "    next: {a: 1}\n");
  EXPECT_EQ(trace_of(text),
            "0,0,warmup_end,,,,\n"
            "0,1,arrival,0,a,s,\n"
            "0,1,admitted,0,a,,0\n"
            "0,2,arrival,1,a,s,\n"
            "0,2,waitlisted,1,a,,1\n"
            "0,3,completed,0,a,a,\n"
            "0,3,waitlisted,0,a,,2\n"
            "0,3,admitted,1,a,,1\n"
            "0,3,arrival,2,a,s,\n"
            "0,3,waitlisted,2,a,,2\n"
            "0,4,arrival,3,a,s,\n"
            "0,4,waitlisted,3,a,,3\n"
            "0,5,completed,1,a,a,\n"
            "0,5,waitlisted,1,a,,4\n"
            "0,5,admitted,0,a,,2\n"
            "0,5,arrival,4,a,s,\n"
            "0,5,waitlisted,4,a,,4\n");
  const auto r = run_text(text);
  EXPECT_EQ(r.levels[0].admissions, 3);
  EXPECT_DOUBLE_EQ(r.levels[0].wait_sum, 0 + 1 + 2);
}

TEST(EngineTrace, DischargeThenAbandonmentThenArrivalAtOneInstant) {
  // One slot, stays of 3, patience 2. t=4 holds P0's discharge, P1's abandonment (waiting since
  // 2) and P3's referral: the discharge goes first and P1 is admitted, not lost; P3 then joins
  // behind P2. t=5 holds P2's abandonment (waiting since 3) and P4's referral: P2 leaves first,
  // so P4 is second in line, not third.
  const std::string trace =
      trace_of(stream_into_a(6,
                             "  a:\n    capacity: 1\n    length_of_stay: {distribution: fixed, "
                             "value: 3}\n    waitlist: {patience: {distribution: fixed, value: "
                             "2}}\n"));
  EXPECT_EQ(trace,
            "0,0,warmup_end,,,,\n"
            "0,1,arrival,0,a,s,\n"
            "0,1,admitted,0,a,,0\n"
            "0,2,arrival,1,a,s,\n"
            "0,2,waitlisted,1,a,,1\n"
            "0,3,arrival,2,a,s,\n"
            "0,3,waitlisted,2,a,,2\n"
            "0,4,completed,0,a,exit,\n"
            "0,4,admitted,1,a,,2\n"
            "0,4,arrival,3,a,s,\n"
            "0,4,waitlisted,3,a,,2\n"
            "0,5,abandoned,2,a,lost,\n"
            "0,5,arrival,4,a,s,\n"
            "0,5,waitlisted,4,a,,2\n");
}

TEST(EngineTrace, PatienceRunsFromTheReferralToTheLevel) {
  // a (unlimited, stay 1.5) -> b (1 slot, stay 10, patience 2.25). P0 takes b's slot at 2.5;
  // P1, P2, P3 reach b's waitlist at 3.5, 4.5, 5.5 and P1, P2 abandon 2.25 days after that
  // (5.75, 6.75), not 2.25 days after their first referral; P3 (due at 7.75) and P4 are still
  // waiting at the horizon (7).
  const std::string text = stream_into_a(
      7,
      "  a:\n    capacity: unlimited\n    length_of_stay: {distribution: fixed, value: 1.5}\n"
      "    next: {b: 1}\n"
      "  b:\n    capacity: 1\n    length_of_stay: {distribution: fixed, value: 10}\n"
      "    waitlist: {patience: {distribution: fixed, value: 2.25}}\n");
  EXPECT_EQ(trace_of(text),
            "0,0,warmup_end,,,,\n"
            "0,1,arrival,0,a,s,\n"
            "0,1,admitted,0,a,,0\n"
            "0,2,arrival,1,a,s,\n"
            "0,2,admitted,1,a,,0\n"
            "0,2.5,completed,0,a,b,\n"
            "0,2.5,admitted,0,b,,0\n"
            "0,3,arrival,2,a,s,\n"
            "0,3,admitted,2,a,,0\n"
            "0,3.5,completed,1,a,b,\n"
            "0,3.5,waitlisted,1,b,,1\n"
            "0,4,arrival,3,a,s,\n"
            "0,4,admitted,3,a,,0\n"
            "0,4.5,completed,2,a,b,\n"
            "0,4.5,waitlisted,2,b,,2\n"
            "0,5,arrival,4,a,s,\n"
            "0,5,admitted,4,a,,0\n"
            "0,5.5,completed,3,a,b,\n"
            "0,5.5,waitlisted,3,b,,3\n"
            "0,5.75,abandoned,1,b,lost,\n"
            "0,6,arrival,5,a,s,\n"
            "0,6,admitted,5,a,,0\n"
            "0,6.5,completed,4,a,b,\n"
            "0,6.5,waitlisted,4,b,,3\n"
            "0,6.75,abandoned,2,b,lost,\n");
  const auto r = run_text(text);
  const LevelResult& b = r.levels[1];
  EXPECT_EQ(b.abandonments, 2);
  EXPECT_EQ(b.waiting_at_end, 2);
  EXPECT_EQ(r.system.lost_to_care, 2);
  EXPECT_DOUBLE_EQ(b.waitlist_area, 2.25 + 2.25 + 1.5 + 0.5);  // P1, P2 in full; P3, P4 to 7
}

}  // namespace
}  // namespace continuum
