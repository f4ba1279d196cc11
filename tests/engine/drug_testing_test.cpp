// Drug testing and step-up (levels.L.drug_testing): the weekly tests, positives by week in
// treatment, and the step-up referral with and without hold_slot, against hand-worked traces
// and exact balances.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "engine_trace.hpp"

namespace continuum {
namespace {

using testing::run_traced;
using testing::times_of;
using testing::Traced;

constexpr std::size_t kIop = 0, kRes = 1;

// Referrals every 2.5 days (2.5, 5, 7.5, ...); iop of `iop_capacity` with fixed 30-day stays
// tests every day (7 a week, every day a service day), every test positive, and refers to res
// (capacity 1, fixed 4-day stays) after two positives.
std::string deterministic(bool hold_slot, int iop_capacity) {
  return "name: drug\nhorizon_days: 20\nwarmup_days: 0\nreplications: 1\nseed: 3\n"
         "arrivals:\n  - name: s\n    interarrival: {distribution: fixed, value: 2.5}\n"
         "    entry: {iop: 1}\n"
         "levels:\n  iop:\n    capacity: " +
         std::to_string(iop_capacity) +
         "\n    length_of_stay: {distribution: fixed, value: 30}\n"
         "    drug_testing:\n      tests_per_week: 7\n      positive_by_week: [1]\n"
         "      step_up: {after_positives: 2, to: {res: 1}, hold_slot: " +
         (hold_slot ? "true" : "false") +
         "}\n"
         "  res:\n    capacity: 1\n    length_of_stay: {distribution: fixed, value: 4}\n";
}

std::int64_t drug(const ReplicationResult& r, std::size_t level, DrugCount k) {
  return r.drug_testing.at(level * kDrugCounts + static_cast<std::size_t>(k));
}

// Worked by hand (tests at the start of each day, from the first whole day of the stay):
// patient 0 (admitted 2.5) tests 3, 4, steps up at 4 into a free res; 1 (5) tests 5, 6, held
// from 6 and tests 7, admitted to res at 8; 2 (7.5) tests 8, 9, held, 10, 11, admitted at 12;
// 3 (10) tests 10, 11, held, 12..15, admitted at 16; 4 (12.5) tests 13..19, held from 14;
// 5 (15, admitted at 16 when 3 leaves) tests 16..19, held from 17; 6 (17.5) waits for iop.
TEST(DrugTesting, HeldStepUpsByHandWorkedTrace) {
  const Traced t = run_traced(deterministic(true, 2));
  const ReplicationResult& r = t.result;
  EXPECT_EQ(drug(r, kIop, DrugCount::kTests), 2 + 3 + 4 + 6 + 7 + 4);
  EXPECT_EQ(drug(r, kIop, DrugCount::kPositives), 26);
  EXPECT_EQ(drug(r, kIop, DrugCount::kStepUpsRequested), 6);
  EXPECT_EQ(drug(r, kIop, DrugCount::kStepUpsAdmitted), 4);
  EXPECT_EQ(drug(r, kIop, DrugCount::kStepUpsWaiting), 2);
  EXPECT_EQ(drug(r, kIop, DrugCount::kStepUpsAbandoned), 0);
  EXPECT_EQ(drug(r, kRes, DrugCount::kTests), 0);
  EXPECT_EQ(times_of(t.trace, TraceEvent::kStepUp), (std::vector<double>{4, 6, 9, 11, 14, 17}));
  EXPECT_EQ(times_of(t.trace, TraceEvent::kSteppedUp), (std::vector<double>{4, 8, 12, 16}));
  for (const TraceRecord& rec : t.trace)
    if (rec.event == TraceEvent::kSteppedUp) {
      EXPECT_EQ(rec.level, static_cast<int>(kIop));
      EXPECT_EQ(rec.other, static_cast<int>(kRes));
    }
  // A patient's first admission is to iop (patient 0 at 2.5, 1 at 5), the next to res (0 at 4,
  // 1 at 8).
  const auto first_admitted = testing::first_times_of(t.trace, TraceEvent::kAdmitted);
  EXPECT_EQ(first_admitted.at(0), 2.5);
  EXPECT_EQ(first_admitted.at(1), 5);
  // Patient 5 waits for iop from 15 until patient 3's step-up discharge at 16.
  bool found = false;
  for (const TraceRecord& rec : t.trace)
    if (rec.event == TraceEvent::kAdmitted && rec.patient == 5) {
      EXPECT_EQ(rec.time, 16);
      EXPECT_EQ(rec.value, 1);  // days waited
      found = true;
    }
  EXPECT_TRUE(found);
  // At the end: iop holds 4 and 5 (held for res), 6 waits for iop; res has 3 in care.
  EXPECT_EQ(r.levels[kIop].in_care_at_end, 2);
  EXPECT_EQ(r.levels[kIop].waiting_at_end, 1);
  EXPECT_EQ(r.levels[kRes].in_care_at_end, 1);
  EXPECT_EQ(r.levels[kRes].waiting_at_end, 2);
  EXPECT_EQ(r.balance.held, 2);
  EXPECT_EQ(r.balance.referred, 7);
  EXPECT_EQ(r.system.arrivals, 7);
  // No completion, no dropout at iop: every departure there is a step-up discharge.
  EXPECT_EQ(r.levels[kIop].completions, 0);
  EXPECT_EQ(r.levels[kIop].dropouts, 0);
}

// One test a week, every test positive, a step-up after the first into an unlimited res: each
// patient is tested once, on a day of its first week, and steps up (and is admitted there) at
// that very test.
TEST(DrugTesting, OneTestAWeekStepsUpAtTheFirstTest) {
  const std::string text =
      "name: once\nhorizon_days: 40\nwarmup_days: 0\nreplications: 1\nseed: 4\n"
      "arrivals:\n  - name: s\n    interarrival: {distribution: fixed, value: 2.5}\n"
      "    entry: {iop: 1}\n"
      "levels:\n  iop:\n    capacity: unlimited\n"
      "    length_of_stay: {distribution: fixed, value: 30}\n"
      "    drug_testing:\n      tests_per_week: 1\n      positive_by_week: [1]\n"
      "      step_up: {after_positives: 1, to: {res: 1}, hold_slot: true}\n"
      "  res:\n    capacity: unlimited\n    length_of_stay: {distribution: fixed, value: 4}\n";
  const Traced t = run_traced(text);
  std::map<std::uint32_t, double> admitted, tested, stepped;
  for (const TraceRecord& r : t.trace) {
    if (r.event == TraceEvent::kAdmitted && r.level == static_cast<int>(kIop))
      admitted[r.patient] = r.time;
    if (r.event == TraceEvent::kDrugTest) {
      EXPECT_EQ(tested.count(r.patient), 0u);  // one test per patient
      tested[r.patient] = r.time;
    }
    if (r.event == TraceEvent::kSteppedUp) stepped[r.patient] = r.time;
  }
  EXPECT_EQ(admitted.size(), 15u);  // referrals at 2.5, 5, ..., 37.5
  EXPECT_GE(tested.size(), 13u);    // every one admitted by 32.5 has its whole week 1 in the run
  for (const auto& [patient, day] : tested) {
    const double a = admitted.at(patient);
    EXPECT_EQ(day, std::floor(day));
    EXPECT_GE(day, std::ceil(a));
    EXPECT_LE(day, std::ceil(a) + 6);
    EXPECT_EQ(stepped.at(patient), day);
  }
  const ReplicationResult& r = t.result;
  const auto n = static_cast<std::int64_t>(tested.size());
  EXPECT_EQ(drug(r, kIop, DrugCount::kTests), n);
  EXPECT_EQ(drug(r, kIop, DrugCount::kPositives), n);
  EXPECT_EQ(drug(r, kIop, DrugCount::kStepUpsRequested), n);
  EXPECT_EQ(drug(r, kIop, DrugCount::kStepUpsAdmitted), n);
  EXPECT_EQ(drug(r, kIop, DrugCount::kStepUpsWaiting), 0);
  EXPECT_EQ(r.levels[kIop].in_care_at_end, 15 - n);
}

// iop's census from the trace just after time `at` (admissions minus departures from iop).
int iop_census_after(const std::vector<TraceRecord>& trace, double at) {
  int census = 0;
  for (const TraceRecord& r : trace) {
    if (r.time > at) break;
    if (r.event == TraceEvent::kAdmitted && r.level == static_cast<int>(kIop)) ++census;
    if ((r.event == TraceEvent::kSteppedUp || r.event == TraceEvent::kCompleted ||
         r.event == TraceEvent::kDroppedOut) &&
        r.level == static_cast<int>(kIop))
      --census;
  }
  return census;
}

// hold_slot: false, iop of one slot: patient 1 steps up at 6 and leaves iop at once to wait at
// home for res (busy until 8), so patient 2 is admitted to iop on arrival at 7.5; with
// hold_slot: true it waits until 8.
TEST(DrugTesting, StepUpWithoutHoldFreesTheSlotAtOnce) {
  const Traced t = run_traced(deterministic(false, 1));
  EXPECT_EQ(iop_census_after(t.trace, 5.5), 1);
  EXPECT_EQ(iop_census_after(t.trace, 6), 0);
  EXPECT_EQ(times_of(t.trace, TraceEvent::kSteppedUp).at(1), 6);
  double admitted = -1, waited = -1;
  for (const TraceRecord& r : t.trace)
    if (r.event == TraceEvent::kAdmitted && r.patient == 2 && r.level == static_cast<int>(kIop)) {
      admitted = r.time;
      waited = r.value;
    }
  EXPECT_EQ(admitted, 7.5);
  EXPECT_EQ(waited, 0);

  const Traced held = run_traced(deterministic(true, 1));
  EXPECT_EQ(iop_census_after(held.trace, 6), 1);
  for (const TraceRecord& r : held.trace)
    if (r.event == TraceEvent::kAdmitted && r.patient == 2 && r.level == static_cast<int>(kIop)) {
      EXPECT_EQ(r.time, 8);
      EXPECT_EQ(r.value, 0.5);
    }
}

// The held step-up a full waitlist turns away (res: one slot, filled for 100 days by patient 0's
// step-up at 4, no waitlist): a referral to res turned away there, not lost to care (it stays
// held in care at iop). By hand (iop of 2, tests every day, every test positive, step-up after
// two): 0 (admitted 2.5) steps up at 4 into res; 1 (5) at 6, 7, ..., 19 (its positives kept,
// each next positive refers it again): 14 turned away; 2 (7.5) at 9..19: 11. 3..6 wait for iop.
// Referrals to res 26 = 1 admitted + 25 turned away, each step_up row followed by its outcome.
TEST(DrugTesting, HeldStepUpTurnedAwayByAFullWaitlistCountsAsTurnedAway) {
  std::string text = deterministic(true, 2);
  text.replace(text.find("value: 4}"), 9, "value: 100}\n    waitlist: {max_length: 0}");
  const Traced t = run_traced(text);
  const ReplicationResult& r = t.result;
  EXPECT_EQ(drug(r, kIop, DrugCount::kStepUpsRequested), 26);
  EXPECT_EQ(drug(r, kIop, DrugCount::kStepUpsAdmitted), 1);
  EXPECT_EQ(drug(r, kIop, DrugCount::kStepUpsAbandoned), 25);
  EXPECT_EQ(drug(r, kIop, DrugCount::kStepUpsWaiting), 0);
  EXPECT_EQ(r.levels[kRes].referrals, 26);
  EXPECT_EQ(r.levels[kRes].admissions, 1);
  EXPECT_EQ(r.levels[kRes].turned_away, 25);
  EXPECT_EQ(r.levels[kRes].abandonments, 0);
  EXPECT_EQ(r.levels[kRes].waiting_at_end, 0);
  EXPECT_EQ(r.levels[kRes].in_care_at_end, 1);
  // Not lost to care: both stay in care at iop.
  EXPECT_EQ(r.system.lost_to_care, 0);
  EXPECT_EQ(r.levels[kIop].in_care_at_end, 2);
  EXPECT_EQ(r.levels[kIop].waiting_at_end, 4);
  EXPECT_EQ(r.balance.left, 0);
  std::vector<double> expected;
  for (int day = 6; day <= 19; ++day)
    expected.push_back(day);
  for (int day = 9; day <= 19; ++day)
    expected.push_back(day);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(times_of(t.trace, TraceEvent::kTurnedAway), expected);
  // A step_up row is followed at once by its outcome's row: at res, the turned away with the
  // level whose slot it keeps.
  for (std::size_t i = 0; i < t.trace.size(); ++i) {
    if (t.trace[i].event != TraceEvent::kStepUp) continue;
    ASSERT_LT(i + 1, t.trace.size());
    const TraceRecord& next = t.trace[i + 1];
    EXPECT_EQ(next.patient, t.trace[i].patient);
    EXPECT_EQ(next.time, t.trace[i].time);
    if (next.event == TraceEvent::kTurnedAway) {
      EXPECT_EQ(next.level, static_cast<int>(kRes));
      EXPECT_EQ(next.other, static_cast<int>(kIop));
    } else {
      EXPECT_EQ(next.event, TraceEvent::kAdmitted);
    }
  }
}

// Positives by week: 0.4 in week 1, 0.2 after; 3 tests a week, stays longer than the run, no
// step-up (after_positives too high). Each test's week from its patient's admission.
TEST(DrugTesting, PositiveShareByWeekInTreatment) {
  const std::string text =
      "name: weeks\nhorizon_days: 120\nwarmup_days: 0\nreplications: 1\nseed: 11\n"
      "arrivals:\n  - name: s\n    rate_per_day: 3\n    entry: {iop: 1}\n"
      "levels:\n  iop:\n    capacity: unlimited\n"
      "    length_of_stay: {distribution: fixed, value: 500}\n"
      "    drug_testing:\n      tests_per_week: 3\n      positive_by_week: [0.4, 0.2]\n"
      "      step_up: {after_positives: 1000, to: {iop: 1}}\n";
  double n1 = 0, p1 = 0, n2 = 0, p2 = 0;
  std::int64_t counted = 0, tests = 0;
  for (std::uint32_t rep = 0; rep < 3; ++rep) {
    const Traced t = run_traced(text, rep);
    std::map<std::uint32_t, double> admitted;
    for (const TraceRecord& r : t.trace) {
      if (r.event == TraceEvent::kAdmitted) admitted[r.patient] = r.time;
      if (r.event != TraceEvent::kDrugTest) continue;
      const double since = r.time - admitted.at(r.patient);
      ASSERT_GE(since, 0);
      ASSERT_EQ(r.time, std::floor(r.time));  // at the start of a day
      (since < 7 ? n1 : n2) += 1;
      (since < 7 ? p1 : p2) += r.value;
      ++counted;
    }
    tests += drug(t.result, 0, DrugCount::kTests);
    EXPECT_EQ(drug(t.result, 0, DrugCount::kStepUpsRequested), 0);
  }
  EXPECT_EQ(counted, tests);
  const double s1 = p1 / n1, s2 = p2 / n2;
  const double se1 = std::sqrt(0.4 * 0.6 / n1), se2 = std::sqrt(0.2 * 0.8 / n2);
  EXPECT_GT(n1, 2000);
  EXPECT_NEAR(s1, 0.4, 1.96 * se1) << n1;
  EXPECT_NEAR(s2, 0.2, 1.96 * se2) << n2;
}

// Three tests a week on distinct days: a patient in care all week is tested exactly 3 times in
// each of its whole weeks.
TEST(DrugTesting, TestsPerWeekOnDistinctDays) {
  const std::string text =
      "name: count\nhorizon_days: 70\nwarmup_days: 0\nreplications: 1\nseed: 2\n"
      "arrivals:\n  - name: s\n    interarrival: {distribution: fixed, value: 0.5}\n"
      "    entry: {iop: 1}\n"
      "levels:\n  iop:\n    capacity: unlimited\n"
      "    length_of_stay: {distribution: fixed, value: 500}\n"
      "    drug_testing:\n      tests_per_week: 3\n      positive_by_week: [0]\n"
      "      step_up: {after_positives: 1, to: {iop: 1}}\n";
  const Traced t = run_traced(text);
  std::map<std::uint32_t, double> admitted;
  std::map<std::pair<std::uint32_t, int>, std::vector<double>> by_week;
  for (const TraceRecord& r : t.trace) {
    if (r.event == TraceEvent::kAdmitted) admitted[r.patient] = r.time;
    if (r.event == TraceEvent::kDrugTest)
      by_week[{r.patient, static_cast<int>((r.time - admitted.at(r.patient)) / 7)}].push_back(
          r.time);
  }
  int whole_weeks = 0;
  for (const auto& [key, days] : by_week) {
    const double a = admitted.at(key.first);
    if (a + 7.0 * (key.second + 1) > 69) continue;  // the week runs past the horizon
    ++whole_weeks;
    ASSERT_EQ(days.size(), 3u);
    EXPECT_LT(days[0], days[1]);
    EXPECT_LT(days[1], days[2]);
  }
  EXPECT_GT(whole_weeks, 500);
  EXPECT_EQ(drug(t.result, 0, DrugCount::kPositives), 0);
}

// Held step-ups with patience and a bounded waitlist at res, classes and random stays: every
// patient is counted once (in care, waiting, held, or gone) and every step-up requested is
// admitted, still waiting, or gave up, exactly, in every replication.
TEST(DrugTesting, HeldStepUpsConservePatients) {
  const std::string text =
      "name: conserve\nhorizon_days: 200\nwarmup_days: 0\nreplications: 1\nseed: 8\n"
      "classes:\n  high: {priority: 1}\n  low: {}\n"
      "arrivals:\n  - name: s\n    rate_per_day: 2\n    classes: {high: 0.3, low: 0.7}\n"
      "    entry: {iop: 1}\n"
      "levels:\n  iop:\n    capacity: 20\n"
      "    length_of_stay: {distribution: exponential, mean: 14}\n"
      "    dropout: {probability: 0.2, time: {distribution: exponential, mean: 5}}\n"
      "    waitlist: {patience: {distribution: exponential, mean: 10}}\n"
      "    drug_testing:\n      tests_per_week: 2\n      positive_by_week: [0.5, 0.3]\n"
      "      by_class: {high: {positive_by_week: [0.6]}}\n"
      "      step_up: {after_positives: 2, to: {res: 0.7, php: 0.3}, hold_slot: true}\n"
      "  res:\n    capacity: 3\n    length_of_stay: {distribution: exponential, mean: 10}\n"
      "    waitlist: {patience: {distribution: exponential, mean: 4}, max_length: 4}\n"
      "  php:\n    capacity: 2\n    length_of_stay: {distribution: exponential, mean: 7}\n"
      "    waitlist: {patience: {distribution: exponential, mean: 3}}\n";
  std::int64_t abandoned = 0, admitted = 0;
  for (std::uint32_t rep = 0; rep < 5; ++rep) {
    const Traced t = run_traced(text, rep);
    const ReplicationResult& r = t.result;
    const PatientBalance& b = r.balance;
    EXPECT_TRUE(b.balanced());
    EXPECT_EQ(b.referred, r.system.arrivals);
    EXPECT_EQ(b.referred, b.in_care + b.waiting + b.held + b.community + b.left);
    std::int64_t in_care = 0, waiting = 0;
    for (const LevelResult& l : r.levels) {
      in_care += l.in_care_at_end;
      waiting += l.waiting_at_end;
    }
    EXPECT_EQ(in_care, b.in_care + b.held);  // a held step-up keeps its slot at iop
    EXPECT_EQ(waiting, b.waiting + b.held);  // ... and waits at res or php
    const std::int64_t requested = drug(r, kIop, DrugCount::kStepUpsRequested);
    EXPECT_EQ(requested, drug(r, kIop, DrugCount::kStepUpsAdmitted) +
                             drug(r, kIop, DrugCount::kStepUpsWaiting) +
                             drug(r, kIop, DrugCount::kStepUpsAbandoned));
    EXPECT_EQ(drug(r, kIop, DrugCount::kStepUpsWaiting), b.held);  // only step-ups hold here
    EXPECT_EQ(static_cast<std::int64_t>(times_of(t.trace, TraceEvent::kStepUp).size()), requested);
    EXPECT_EQ(static_cast<std::int64_t>(times_of(t.trace, TraceEvent::kSteppedUp).size()),
              drug(r, kIop, DrugCount::kStepUpsAdmitted));
    abandoned += drug(r, kIop, DrugCount::kStepUpsAbandoned);
    admitted += drug(r, kIop, DrugCount::kStepUpsAdmitted);
  }
  EXPECT_GT(abandoned, 10);  // the give-up path (back in care at iop) is exercised
  EXPECT_GT(admitted, 10);
}

// Without drug_testing nothing is counted: the result has no drug-testing counts.
TEST(DrugTesting, AbsentWithoutDrugTesting) {
  const std::string text =
      "name: none\nhorizon_days: 30\nwarmup_days: 0\nreplications: 1\nseed: 1\n"
      "arrivals:\n  - name: s\n    rate_per_day: 1\n    entry: {iop: 1}\n"
      "levels:\n  iop:\n    capacity: 5\n"
      "    length_of_stay: {distribution: exponential, mean: 5}\n";
  EXPECT_TRUE(run_traced(text).result.drug_testing.empty());
}

}  // namespace
}  // namespace continuum
