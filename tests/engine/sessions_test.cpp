// Sessions and attendance (levels.L.sessions): exact discharge times traced by hand, the groups
// of a session, holidays, and the completion share against the Markov chain of (attended,
// consecutive misses).
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "engine_trace.hpp"

namespace continuum {
namespace {

using testing::first_times_of;
using testing::run_traced;
using testing::Traced;

// One level "iop" (Mon/Wed/Fri sessions unless `days` says otherwise) fed by one referral every
// 1.5 days (1.5, 3.0, 4.5, ...); undated runs start on a Monday (run day 0), warm-up 0.
std::string iop(const std::string& sessions, const std::string& extra = "", int horizon_days = 20) {
  return "name: sessions\nhorizon_days: " + std::to_string(horizon_days) +
         "\nreplications: 1\nseed: 7\n" + extra +
         "arrivals:\n  - name: s\n    interarrival: {distribution: fixed, value: 1.5}\n"
         "    entry: {iop: 1}\n"
         "levels:\n  iop:\n    capacity: unlimited\n    sessions: " +
         sessions + "\n";
}

TEST(Sessions, AttendanceOneCompletesOnTheThirdSessionDay) {
  const Traced t =
      run_traced(iop("{days: [Mon, Wed, Fri], hours: 3, group_size_max: 12, attendance: 1, "
                     "complete_after: 3}"));
  const auto admitted = first_times_of(t.trace, TraceEvent::kAdmitted);
  const auto completed = first_times_of(t.trace, TraceEvent::kCompleted);
  // Sessions on run days 0, 2, 4, 7, 9, 11, 14, 16, 18; a patient admitted at 9.0 (a Wednesday,
  // the same instant as a session) attends it: the session runs after the instant's referrals.
  const std::vector<std::pair<double, double>> expected = {{1.5, 7},   {3.0, 9},   {4.5, 11},
                                                           {6.0, 11},  {7.5, 14},  {9.0, 14},
                                                           {10.5, 16}, {12.0, 18}, {13.5, 18}};
  ASSERT_GE(admitted.size(), expected.size());
  for (std::uint32_t id = 0; id < expected.size(); ++id) {
    EXPECT_DOUBLE_EQ(admitted.at(id), expected[id].first) << "patient " << id;
    ASSERT_TRUE(completed.count(id)) << "patient " << id;
    EXPECT_DOUBLE_EQ(completed.at(id), expected[id].second) << "patient " << id;
  }
  EXPECT_EQ(completed.size(), expected.size());  // 15.0 and later complete after day 20
  EXPECT_EQ(t.result.levels[0].completions, 9);
  EXPECT_EQ(t.result.levels[0].dropouts, 0);
  // Every session from day 2 on had someone in care: 2, 4, 7, 9, 11, 14, 16, 18.
  EXPECT_EQ(t.result.levels[0].sessions_held, 8);
  EXPECT_EQ(t.result.levels[0].no_show_discharges, 0);
  EXPECT_EQ(t.result.levels[0].sessions_attended, t.result.levels[0].session_places);
}

TEST(Sessions, AttendanceZeroDischargesOnTheSecondServiceDay) {
  const Traced t =
      run_traced(iop("{days: [Mon, Wed, Fri], hours: 3, group_size_max: 12, attendance: 0, "
                     "discharge_after_missed: 2, complete_after: 3}"));
  const auto dropped = first_times_of(t.trace, TraceEvent::kDroppedOut);
  // Admitted at 1.5: misses days 2 and 4; at 3.0: 4 and 7; at 4.5 and 6.0: 7 and 9; ...
  const std::vector<double> expected = {4, 7, 9, 9, 11, 11, 14, 16, 16, 18};
  ASSERT_EQ(dropped.size(), expected.size());
  for (std::uint32_t id = 0; id < expected.size(); ++id)
    EXPECT_DOUBLE_EQ(dropped.at(id), expected[id]) << "patient " << id;
  EXPECT_EQ(t.result.levels[0].no_show_discharges, 10);
  EXPECT_EQ(t.result.levels[0].dropouts, 10);
  EXPECT_EQ(t.result.levels[0].completions, 0);
  EXPECT_EQ(t.result.levels[0].sessions_attended, 0);
  EXPECT_EQ(t.result.levels[0].sessions_held, 0);  // nobody attended any
}

TEST(Sessions, HolidaysHoldNoSession) {
  // 2027-01-04 is a Monday; Wednesday 2027-01-06 (run day 2) is a holiday.
  const Traced t =
      run_traced(iop("{days: [Mon, Wed, Fri], hours: 3, group_size_max: 12, attendance: 1, "
                     "complete_after: 3}",
                     "calendar: {start_date: 2027-01-04, holidays: [2027-01-06]}\n"));
  const auto completed = first_times_of(t.trace, TraceEvent::kCompleted);
  EXPECT_DOUBLE_EQ(completed.at(0), 9);  // admitted at 1.5: sessions 4, 7, 9 (not 2)
  EXPECT_DOUBLE_EQ(completed.at(1), 9);  // admitted at 3.0: 4, 7, 9
  EXPECT_EQ(t.result.levels[0].sessions_held, 7);
}

TEST(Sessions, LengthOfStayEndsTheStayAndSessionsOnlyRecord) {
  const std::string text =
      "name: s\nhorizon_days: 20\nreplications: 1\nseed: 1\n"
      "arrivals:\n  - name: s\n    interarrival: {distribution: fixed, value: 1.5}\n"
      "    entry: {iop: 1}\n"
      "levels:\n  iop:\n    capacity: unlimited\n"
      "    length_of_stay: {distribution: fixed, value: 5}\n"
      "    sessions: {days: [Mon, Wed, Fri], hours: 3, group_size_max: 12, attendance: 1}\n";
  const Traced t = run_traced(text);
  const auto completed = first_times_of(t.trace, TraceEvent::kCompleted);
  EXPECT_DOUBLE_EQ(completed.at(0), 6.5);
  EXPECT_DOUBLE_EQ(completed.at(1), 8.0);
  // Admitted at 1.5 (stays to 6.5): sessions 2 and 4; at 3.0 (to 8.0): 4 and 7.
  EXPECT_EQ(t.result.levels[0].completions, 9);  // 1.5 ... 13.5 end by day 18.5
  EXPECT_GT(t.result.levels[0].sessions_attended, 0);
}

TEST(Sessions, GroupsAreCeilOfAttendeesOverTheMaximum) {
  for (const auto& [in_care, groups] :
       std::vector<std::pair<int, int>>{{12, 1}, {13, 2}, {25, 3}}) {
    const std::string text =
        "name: g\nhorizon_days: 1\nreplications: 1\nseed: 1\n"
        "arrivals:\n  - name: s\n    rate_per_day: 0.0001\n    start_day: 9999\n"
        "    entry: {iop: 1}\n"
        "levels:\n  iop:\n    capacity: 100\n"
        "    sessions: {days: [Mon], hours: 3, group_size_max: 12, attendance: 1, "
        "complete_after: 1}\n"
        "    initial_state: {in_care: " +
        std::to_string(in_care) + "}\n";
    const Traced t = run_traced(text);
    const LevelResult& l = t.result.levels[0];
    EXPECT_EQ(l.sessions_held, 1) << in_care;
    EXPECT_EQ(l.sessions_attended, in_care);
    EXPECT_EQ(l.session_groups, groups) << in_care;
    EXPECT_EQ(l.completions, in_care);  // all at the session of day 0
    EXPECT_EQ(l.in_care_at_end, 0);
  }
}

// The exact completion probability from (attended a, consecutive misses m): each session
// attended with p moves to (a + 1, 0) and completes at a + 1 = n; a miss moves to (a, m + 1)
// and discharges at m + 1 = k.
double completion_probability(double p, int n, int k) {
  std::vector<std::vector<double>> P(static_cast<std::size_t>(n + 1),
                                     std::vector<double>(static_cast<std::size_t>(k), 0.0));
  for (int a = n - 1; a >= 0; --a)
    for (int m = k - 1; m >= 0; --m) {
      const double attend = a + 1 == n ? 1.0 : P[a + 1][0];
      const double miss = m + 1 == k ? 0.0 : P[a][m + 1];
      P[a][m] = p * attend + (1 - p) * miss;
    }
  return P[0][0];
}

TEST(Sessions, CompletionShareMatchesTheMarkovChain) {
  const double p = 0.8;
  const int n = 10, k = 3;
  const double exact = completion_probability(p, n, k);
  const std::string text =
      "name: markov\nhorizon_days: 1500\nwarmup_days: 100\nreplications: 10\nseed: 11\n"
      "arrivals:\n  - name: s\n    rate_per_day: 5\n    entry: {iop: 1}\n"
      "levels:\n  iop:\n    capacity: unlimited\n"
      "    sessions: {days: [Mon, Tue, Thu], hours: 3, group_size_max: 12, attendance: 0.8, "
      "discharge_after_missed: 3, complete_after: 10}\n";
  const Model model = compile(load_scenario_text(text, "markov.yaml"));
  Engine engine(model, {.record_daily = false});
  std::vector<double> shares, rates;
  for (std::uint32_t r = 0; r < 10; ++r) {
    const ReplicationResult res = engine.run(r);
    const LevelResult& l = res.levels[0];
    shares.push_back(static_cast<double>(l.completions) /
                     static_cast<double>(l.completions + l.dropouts));
    rates.push_back(static_cast<double>(l.sessions_attended) /
                    static_cast<double>(l.session_places));
    EXPECT_EQ(l.no_show_discharges, l.dropouts);
  }
  const Estimate share = estimate(shares), rate = estimate(rates);
  EXPECT_NEAR(exact, 0.922819, 1e-6);  // the chain's value (printed by this test when it fails)
  EXPECT_LE(share.lo, exact);
  EXPECT_GE(share.hi, exact);
  EXPECT_LT(share.hi - share.lo, 0.01);
  EXPECT_LE(rate.lo, p);
  EXPECT_GE(rate.hi, p);
}

}  // namespace
}  // namespace continuum
