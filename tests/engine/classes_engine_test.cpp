// Patient classes in the engine on tiny deterministic scenarios (fixed referral gaps and fixed
// stays), every count and wait worked out by hand in the comments: reserved slots, priority
// waitlists (FIFO within a priority, class order at the same instant), the precedence of the
// relapse layers, and a class never referred.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "continuum/config/load.hpp"
#include "continuum/engine/engine.hpp"
#include "continuum/model/model.hpp"
#include "continuum/stats/trace.hpp"
#include "engine_trace.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

// The header of a one-replication trace scenario over the window [0, horizon].
std::string header(int horizon_days) {
  return "name: classes-trace\nhorizon_days: " + std::to_string(horizon_days) +
         "\nwarmup_days: 0\nreplications: 1\nseed: 1\n";
}

// A stream of class `cls` only into `level`, fixed gaps of `gap` days (first at t = gap).
std::string stream(const std::string& name, const std::string& cls, const std::string& gap,
                   const std::string& level) {
  return "  - name: " + name + "\n    interarrival: {distribution: fixed, value: " + gap +
         "}\n    classes: {" + cls + ": 1}\n    entry: {" + level + ": 1}\n";
}

const ClassLevelCounters& of(const ReplicationResult& r, std::size_t cls, std::size_t level) {
  return r.class_levels.at(cls * r.levels.size() + level);
}

// One admission of the trace: when, whom, which class (from the patient's arrival stream, each
// stream here referring one class), and the days waited.
struct Admission {
  double time;
  std::uint32_t patient;
  int stream;
  double wait;
};

std::vector<Admission> admissions_of(const std::string& text) {
  std::map<std::uint32_t, int> stream_of;
  std::vector<Admission> out;
  for (const TraceRecord& r : testing::run_traced(text).trace) {
    if (r.event == TraceEvent::kArrival) stream_of[r.patient] = r.other;
    if (r.event == TraceEvent::kAdmitted)
      out.push_back({r.time, r.patient, stream_of.at(r.patient), r.value});
  }
  return out;
}

// --- Reserved slots ---------------------------------------------------------------------------

TEST(ClassesTrace, ReservedSlotKeepsOtherClassesToTheRest) {
  // Capacity 2, reserved {b: 1}, stays of 2.5 days. Class a referred at 1, 2, ..., 9 (the
  // referral at 10 falls on the horizon); class b at 4.2 and 8.4. A class-a patient is admitted
  // only while free slots exceed b's unused reservation, so a holds at most one slot:
  //   a0 in [1, 3.5); a1 (referred 2) in [3.5, 6), waited 1.5; a2 (3) in [6, 8.5), waited 3;
  //   a3 (4) in [8.5, 11), waited 4.5. b0 in [4.2, 6.7), b1 in [8.4, 10.9), neither waits.
  // Between 6.7 and 8.4 a slot is free but reserved: five a-patients wait beside it.
  // a: 4 admissions, waits 0 + 1.5 + 3 + 4.5 = 9, census 1 over [1, 10] = 9 patient-days,
  //    9 referred - 4 admitted = 5 waiting at the end; waitlist area: a1 2->3.5, a2 3->6,
  //    a3 4->8.5, a4..a8 from 5..9 to 10 (5+4+3+2+1) = 1.5 + 3 + 4.5 + 15 = 24.
  // b: 2 admissions, census (6.7 - 4.2) + (10 - 8.4) = 4.1.
  const std::string text = header(10) + "classes:\n  a: {}\n  b: {}\narrivals:\n" +
                           stream("sa", "a", "1", "clinic") + stream("sb", "b", "4.2", "clinic") +
                           "levels:\n  clinic:\n    capacity: 2\n    reserved: {b: 1}\n"
                           "    length_of_stay: {distribution: fixed, value: 2.5}\n";
  const ReplicationResult r = simulate(load_scenario_text(text, "classes.yaml"), 0);
  const ClassLevelCounters &a = of(r, 0, 0), &b = of(r, 1, 0);
  EXPECT_EQ(a.referrals, 9);
  EXPECT_EQ(a.admissions, 4);
  EXPECT_EQ(a.completions, 3);
  EXPECT_DOUBLE_EQ(a.wait_sum, 9.0);
  EXPECT_DOUBLE_EQ(a.census_area, 9.0);
  EXPECT_DOUBLE_EQ(a.waitlist_area, 24.0);
  EXPECT_EQ(a.in_care_at_end, 1);
  EXPECT_EQ(a.waiting_at_end, 5);
  EXPECT_EQ(b.referrals, 2);
  EXPECT_EQ(b.admissions, 2);
  EXPECT_EQ(b.completions, 1);
  EXPECT_DOUBLE_EQ(b.wait_sum, 0.0);
  EXPECT_NEAR(b.census_area, 4.1, 1e-12);
  EXPECT_EQ(b.waiting_at_end, 0);
  // The level's totals are the sums of the classes'.
  EXPECT_EQ(r.levels[0].admissions, 6);
  EXPECT_NEAR(r.levels[0].census_area, 13.1, 1e-12);
  EXPECT_DOUBLE_EQ(r.levels[0].wait_sum, 9.0);
}

TEST(ClassesTrace, ReservedClassAlsoFillsTheUnreservedSlots) {
  // The same level, class b only, referred at 1, 2, ..., 9: b may take both slots.
  //   b0 [1, 3.5), b1 [2, 4.5), b2 (3) [3.5, 6) waited .5, b3 (4) [4.5, 7) waited .5,
  //   b4 (5) [6, 8.5) waited 1, b5 (6) [7, 9.5) waited 1, b6 (7) [8.5, 11) waited 1.5,
  //   b7 (8) [9.5, 12) waited 1.5; b8 (9) still waits. 8 admissions, waits sum 6.
  const std::string text = header(10) + "classes:\n  a: {}\n  b: {}\narrivals:\n" +
                           "  - name: sb\n    interarrival: {distribution: fixed, value: 1}\n"
                           "    classes: {a: 0, b: 1}\n    entry: {clinic: 1}\n"
                           "levels:\n  clinic:\n    capacity: 2\n    reserved: {b: 1}\n"
                           "    length_of_stay: {distribution: fixed, value: 2.5}\n";
  const ReplicationResult r = simulate(load_scenario_text(text, "classes.yaml"), 0);
  const ClassLevelCounters& b = of(r, 1, 0);
  EXPECT_EQ(b.admissions, 8);
  EXPECT_DOUBLE_EQ(b.wait_sum, 6.0);
  EXPECT_EQ(b.waiting_at_end, 1);
  EXPECT_EQ(b.in_care_at_end, 2);
  EXPECT_EQ(of(r, 0, 0).admissions, 0);
}

TEST(ClassesTrace, FreedReservedSlotGoesToItsClassNotToAnEarlierReferral) {
  // Capacity 2, reserved {b: 1}, stays of 3. a referred at 1, 2, 3, ...; b at 2.5, 5, 7.5.
  //   t=1 a0 [1, 4). t=2 a1 waits (the free slot is b's). t=2.5 b0 [2.5, 5.5). t=3 a2 waits.
  //   t=4 a0 leaves: b fills its reservation, so a1 (waited 2) takes the slot [4, 7).
  //   t=5 b1 waits (both slots taken). t=5.5 b0 leaves: waiting are a2 (3), a3 (4), b1 (5),
  //   a4 (5): only b may take the freed slot (a would leave b's reservation unfilled), so b1
  //   goes first although referred later: [5.5, 8.5), waited .5.
  //   t=7 a1 leaves: a2 (waited 4) [7, 10). t=7.5 b2 waits. t=8.5 b1 leaves: b2 [8.5, 11.5)
  //   waited 1 (a3, referred at 4, still waits).
  const std::string text = header(10) + "classes:\n  a: {}\n  b: {}\narrivals:\n" +
                           stream("sa", "a", "1", "clinic") + stream("sb", "b", "2.5", "clinic") +
                           "levels:\n  clinic:\n    capacity: 2\n    reserved: {b: 1}\n"
                           "    length_of_stay: {distribution: fixed, value: 3}\n";
  const auto adm = admissions_of(text);
  ASSERT_EQ(adm.size(), 6u);
  const double times[] = {1, 2.5, 4, 5.5, 7, 8.5};
  const int streams[] = {0, 1, 0, 1, 0, 1};
  const double waits[] = {0, 0, 2, 0.5, 4, 1};
  for (std::size_t i = 0; i < adm.size(); ++i) {
    EXPECT_DOUBLE_EQ(adm[i].time, times[i]) << "admission " << i;
    EXPECT_EQ(adm[i].stream, streams[i]) << "admission " << i;
    EXPECT_DOUBLE_EQ(adm[i].wait, waits[i]) << "admission " << i;
  }
}

// --- Priority waitlists -----------------------------------------------------------------------

TEST(ClassesTrace, PriorityFirstThenFirstComeFirstServed) {
  // One slot, stays of 3, window [0, 12]. low (priority 0) referred at 1, 2, ..., 11; high
  // (priority 1) at 5.5 and 11.
  //   t=1 L0 [1, 4). t=2 L1 and t=3 L2 wait. t=4 L0 leaves: L1 (earliest) [4, 7), waited 2.
  //   t=5.5 H0 waits behind L2..L4. t=7 L1 leaves: H0 jumps the queue [7, 10), waited 1.5.
  //   t=10 H0 leaves: L2 (referred 3) [10, 13), waited 7. t=11 H1 waits.
  // Patients are numbered by first referral: L0=0, L1=1, L2=2, L3=3, L4=4, H0=5 (5.5), L5=6.
  const std::string text = header(12) + "classes:\n  low: {}\n  high: {priority: 1}\narrivals:\n" +
                           stream("sl", "low", "1", "clinic") +
                           stream("sh", "high", "5.5", "clinic") +
                           "levels:\n  clinic:\n    capacity: 1\n"
                           "    length_of_stay: {distribution: fixed, value: 3}\n";
  const auto adm = admissions_of(text);
  ASSERT_EQ(adm.size(), 4u);
  const double times[] = {1, 4, 7, 10};
  const std::uint32_t patients[] = {0, 1, 5, 2};
  const int streams[] = {0, 0, 1, 0};
  const double waits[] = {0, 2, 1.5, 7};
  for (std::size_t i = 0; i < adm.size(); ++i) {
    EXPECT_DOUBLE_EQ(adm[i].time, times[i]) << "admission " << i;
    EXPECT_EQ(adm[i].patient, patients[i]) << "admission " << i;
    EXPECT_EQ(adm[i].stream, streams[i]) << "admission " << i;
    EXPECT_DOUBLE_EQ(adm[i].wait, waits[i]) << "admission " << i;
  }
  const ReplicationResult r = simulate(load_scenario_text(text, "classes.yaml"), 0);
  EXPECT_EQ(of(r, 0, 0).admissions, 3);
  EXPECT_DOUBLE_EQ(of(r, 0, 0).wait_sum, 9.0);
  EXPECT_EQ(of(r, 1, 0).admissions, 1);
  EXPECT_DOUBLE_EQ(of(r, 1, 0).wait_sum, 1.5);
  EXPECT_EQ(of(r, 1, 0).waiting_at_end, 1);  // H1
  EXPECT_EQ(of(r, 0, 0).waiting_at_end, 8);  // L3..L10 (referred 4..11)
}

TEST(ClassesTrace, SamePriorityEarliestReferralThenClassOrder) {
  // Two classes of one priority, x listed first in `classes:` but its stream listed second;
  // both streams refer at 1, 2, 3, ... One slot, stays of 1.5.
  //   t=1: both referred; one is admitted at once [1, 2.5), the other waits (which one is the
  //   engine's event order, not checked). t=2.5: the one referred at 1 (waited 1.5).
  //   t=4: x and y referred at 2 wait: class order serves x@2 (waited 2); t=5.5 y@2 (waited
  //   3.5, earlier than x@3); t=7 x@3 (4); t=8.5 y@3 (5.5). Horizon 9.
  const std::string text = header(9) + "classes:\n  x: {}\n  y: {}\narrivals:\n" +
                           stream("sy", "y", "1", "clinic") + stream("sx", "x", "1", "clinic") +
                           "levels:\n  clinic:\n    capacity: 1\n"
                           "    length_of_stay: {distribution: fixed, value: 1.5}\n";
  const auto adm = admissions_of(text);
  ASSERT_EQ(adm.size(), 6u);
  EXPECT_NE(adm[0].stream, adm[1].stream);  // the two referred at 1
  EXPECT_DOUBLE_EQ(adm[1].time, 2.5);
  EXPECT_DOUBLE_EQ(adm[1].wait, 1.5);
  const double times[] = {4, 5.5, 7, 8.5};
  const int streams[] = {1, 0, 1, 0};  // sx is stream 1 (class x), sy stream 0 (class y)
  const double waits[] = {2, 3.5, 4, 5.5};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_DOUBLE_EQ(adm[i + 2].time, times[i]) << "admission " << i + 2;
    EXPECT_EQ(adm[i + 2].stream, streams[i]) << "admission " << i + 2;
    EXPECT_DOUBLE_EQ(adm[i + 2].wait, waits[i]) << "admission " << i + 2;
  }
}

// --- Relapse precedence -----------------------------------------------------------------------

// Four classes, each from its own stream at 1, 2, ..., 9 (window [0, 10]). c1 and c2 enter
// level `a`, c3 and c4 level `b`; both have stays of 1, so patients leave at 2, ..., 9 (and
// 10, on the horizon). Whoever relapses does so 0.5 days later (2.5, ..., 9.5: 8 relapses per
// class) into `after`, whose own relapse probability 0 ends the loop. Each class has the
// layers below; the first one giving `probability` wins:
//   c1: global 1                                        -> 8 relapses (the global block)
//   c2: relapse.by_class 0, global 1                    -> 0 (3 beats 4)
//   c3: b's relapse 0, relapse.by_class 1, global 1     -> 0 (2 beats 3)
//   c4: b.by_class.c4.relapse 1, b's relapse 0,
//       relapse.by_class 0, global 1                    -> 8 (1 beats 2)
const std::string kRelapseLayers =
    header(10) + "classes:\n  c1: {}\n  c2: {}\n  c3: {}\n  c4: {}\narrivals:\n" +
    stream("s1", "c1", "1", "a") + stream("s2", "c2", "1", "a") + stream("s3", "c3", "1", "b") +
    stream("s4", "c4", "1", "b") +
    "levels:\n"
    "  a:\n    capacity: unlimited\n    length_of_stay: {distribution: fixed, value: 1}\n"
    "  b:\n    capacity: unlimited\n    length_of_stay: {distribution: fixed, value: 1}\n"
    "    relapse: {probability: 0}\n"
    "    by_class:\n      c4: {relapse: {probability: 1}}\n"
    "  after:\n    capacity: unlimited\n    length_of_stay: {distribution: fixed, value: 1}\n"
    "    relapse: {probability: 0}\n"
    "relapse:\n  probability: 1\n  time_to_relapse: {distribution: fixed, value: 0.5}\n"
    "  reentry: {after: 1}\n"
    "  by_class:\n    c2: {probability: 0}\n    c3: {probability: 1}\n    c4: {probability: 0}\n";

TEST(ClassesTrace, RelapseLayersTakePrecedenceInOrder) {
  const Scenario s = load_scenario_text(kRelapseLayers, "classes.yaml");
  const ReplicationResult r = simulate(s, 0);
  ASSERT_EQ(r.class_system.size(), 4u);
  const std::int64_t expected[] = {8, 0, 0, 8};
  for (std::size_t c = 0; c < 4; ++c) {
    EXPECT_EQ(r.class_system[c].relapses, expected[c]) << s.classes[c].name;
    EXPECT_EQ(of(r, c, 2).admissions, expected[c]) << s.classes[c].name << " at after";
  }
  EXPECT_EQ(r.system.relapses, 16);
  // The summary's relapses per day, per class: 8 / 10 days.
  const Summary sum = testing::run_summary(s);
  ASSERT_EQ(sum.classes.size(), 4u);
  const double per_day[] = {0.8, 0, 0, 0.8};
  for (std::size_t c = 0; c < 4; ++c)
    EXPECT_DOUBLE_EQ(sum.classes[c].system[SystemMetric::kRelapsesPerDay].mean, per_day[c])
        << s.classes[c].name;
  EXPECT_DOUBLE_EQ(sum.system_metric(SystemMetric::kRelapsesPerDay).mean, 1.6);
}

TEST(ClassesTrace, RelapseKeysResolveOneByOne) {
  // Each key from its own first layer. Class p enters `a`: a.by_class.p.relapse gives only
  // `probability: 1`; a's relapse gives `time_to_relapse` fixed 20 (past the horizon): no
  // relapse inside the window although the global time is 0.5. Class q at `a` takes a's
  // probability 0 over its relapse.by_class probability 1: none. Class r at `b` (no override
  // there) takes relapse.by_class.r `reentry: {after2: 1}` and the global probability and time:
  // 8 relapses, all into after2 (none into after).
  const std::string text =
      header(10) + "classes:\n  p: {}\n  q: {}\n  r: {}\narrivals:\n" +
      stream("sp", "p", "1", "a") + stream("sq", "q", "1", "a") + stream("sr", "r", "1", "b") +
      "levels:\n"
      "  a:\n    capacity: unlimited\n    length_of_stay: {distribution: fixed, value: 1}\n"
      "    relapse:\n      probability: 0\n"
      "      time_to_relapse: {distribution: fixed, value: 20}\n"
      "    by_class:\n      p: {relapse: {probability: 1}}\n"
      "  b:\n    capacity: unlimited\n    length_of_stay: {distribution: fixed, value: 1}\n"
      "  after:\n    capacity: unlimited\n    length_of_stay: {distribution: fixed, value: 1}\n"
      "    relapse: {probability: 0}\n"
      "  after2:\n    capacity: unlimited\n    length_of_stay: {distribution: fixed, value: 1}\n"
      "    relapse: {probability: 0}\n"
      "relapse:\n  probability: 1\n  time_to_relapse: {distribution: fixed, value: 0.5}\n"
      "  reentry: {after: 1}\n"
      "  by_class:\n    q: {probability: 1}\n    r: {reentry: {after2: 1}}\n";
  const ReplicationResult r = simulate(load_scenario_text(text, "classes.yaml"), 0);
  EXPECT_EQ(r.class_system[0].relapses, 0);
  EXPECT_EQ(r.class_system[1].relapses, 0);
  EXPECT_EQ(r.class_system[2].relapses, 8);
  EXPECT_EQ(of(r, 2, 2).referrals, 0);  // r into after
  EXPECT_EQ(of(r, 2, 3).referrals, 8);  // r into after2
  EXPECT_EQ(r.levels[2].referrals, 0);  // nobody relapses into after
}

TEST(ClassesTrace, DropoutRelapseFallsBackToTheOverriddenProbability) {
  // Everyone drops out after 0.5 days (dropout probability 1), at 1.5, ..., 9.5. The global
  // block: probability 0, probability_after_dropout 1. Class d at `a` (a's relapse gives
  // `probability: 1` and no probability_after_dropout) relapses after dropout with that 1;
  // class e at `b` (b's relapse gives `probability: 0`) with that 0, not the global 1; class f
  // at `c` (no override) with the global probability_after_dropout 1. Relapsers go to `after`
  // (no dropout there, relapse probability 0).
  // Relapses 0.5 days after leaving: 2, ..., 10 (10 on the horizon: not counted) -> 8.
  const std::string dropout =
      "    dropout: {probability: 1, time: {distribution: fixed, value: 0.5}}\n";
  const std::string los = "    length_of_stay: {distribution: fixed, value: 1}\n";
  const std::string text =
      header(10) + "classes:\n  d: {}\n  e: {}\n  f: {}\narrivals:\n" +
      stream("sd", "d", "1", "a") + stream("se", "e", "1", "b") + stream("sf", "f", "1", "c") +
      "levels:\n"
      "  a:\n    capacity: unlimited\n" +
      los + dropout + "    relapse: {probability: 1}\n" + "  b:\n    capacity: unlimited\n" + los +
      dropout + "    relapse: {probability: 0}\n" + "  c:\n    capacity: unlimited\n" + los +
      dropout + "  after:\n    capacity: unlimited\n" + los + "    relapse: {probability: 0}\n" +
      "relapse:\n  probability: 0\n  probability_after_dropout: 1\n"
      "  time_to_relapse: {distribution: fixed, value: 0.5}\n  reentry: {after: 1}\n";
  const ReplicationResult r = simulate(load_scenario_text(text, "classes.yaml"), 0);
  EXPECT_EQ(r.class_system[0].relapses, 8);
  EXPECT_EQ(r.class_system[1].relapses, 0);
  EXPECT_EQ(r.class_system[2].relapses, 8);
  EXPECT_EQ(r.system.relapses, 16);
}

// --- A class never referred -------------------------------------------------------------------

TEST(ClassesTrace, ClassWithShareZeroGivesZerosNotNaN) {
  // Class z has share 0 in the only stream (given as 0 in one, absent in the other); it is
  // never referred, so its counts and rates are 0 (its mean wait, undefined, stays NaN).
  const std::string text =
      "name: zero\nhorizon_days: 200\nwarmup_days: 20\nreplications: 4\nseed: 3\n"
      "classes:\n  a: {}\n  z: {}\n  b: {}\narrivals:\n"
      "  - name: s1\n    rate_per_day: 2\n    classes: {a: 0.5, z: 0, b: 0.5}\n"
      "    entry: {clinic: 1}\n"
      "  - name: s2\n    rate_per_day: 1\n    classes: {b: 1}\n    entry: {clinic: 1}\n"
      "levels:\n  clinic:\n    capacity: 3\n"
      "    length_of_stay: {distribution: exponential, mean: 1}\n"
      "    next: {home: 0.5, exit: 0.5}\n"
      "  home:\n    capacity: unlimited\n"
      "    length_of_stay: {distribution: exponential, mean: 5}\n"
      "relapse:\n  probability: 0.5\n  time_to_relapse: {distribution: exponential, mean: 10}\n"
      "  reentry: {clinic: 1}\n";
  const Summary sum = testing::run_summary(load_scenario_text(text, "classes.yaml"));
  ASSERT_EQ(sum.classes.size(), 3u);
  const ClassSummary& z = sum.classes[1];
  EXPECT_EQ(z.name, "z");
  for (SystemMetric m : {SystemMetric::kArrivalsPerDay, SystemMetric::kRelapsesPerDay,
                         SystemMetric::kLostToCarePerDay}) {
    EXPECT_EQ(z.system[m].mean, 0.0) << metric_info(m).name;
    EXPECT_EQ(z.system[m].n, 4) << metric_info(m).name;
  }
  for (std::size_t l = 0; l < 2; ++l)
    for (LevelMetric m :
         {LevelMetric::kReferralsPerDay, LevelMetric::kAdmissionsPerDay,
          LevelMetric::kCompletionsPerDay, LevelMetric::kDropoutsPerDay, LevelMetric::kMeanCensus,
          LevelMetric::kMeanWaitlist, LevelMetric::kInCareAtEnd, LevelMetric::kWaitingAtEnd}) {
      EXPECT_EQ(z.levels[l][m].mean, 0.0) << "level " << l << " " << metric_info(m).name;
      EXPECT_EQ(z.levels[l][m].n, 4) << "level " << l << " " << metric_info(m).name;
    }
  // Utilization of the finite level: z's share of the capacity, 0.
  EXPECT_EQ(z.levels[0][LevelMetric::kUtilization].mean, 0.0);
  EXPECT_TRUE(std::isnan(z.levels[0][LevelMetric::kMeanWaitDays].mean));
  // The other classes did get patients.
  EXPECT_GT(sum.classes[0].system[SystemMetric::kArrivalsPerDay].mean, 0.5);
  EXPECT_GT(sum.classes[2].system[SystemMetric::kArrivalsPerDay].mean, 1.0);
}

TEST(ClassesAreas, ClassAreasAddUpToTheLevelsAndDailyCensusIsKeptWhereStaffingNeedsIt) {
  // Each class's census and waitlist areas are integrated only when that class's counts change
  // (and at the end of warm-up, of a kept day and of the run): summed over classes they must
  // equal the level's, integrated at every change. Daily census per class is kept for `ward`
  // only (its counselor rule has by_class), and sums to ward's daily census.
  const std::string text =
      "name: areas\nhorizon_days: 120\nwarmup_days: 40\nreplications: 1\nseed: 7\n"
      "classes:\n  a: {}\n  b: {priority: 1}\n  c: {}\n"
      "staff:\n  roles:\n    counselor: {hours_per_fte_week: 40}\n"
      "arrivals:\n  - name: s\n    rate_per_day: 2.2\n"
      "    classes: {a: 0.5, b: 0.3, c: 0.2}\n    entry: {ward: 0.7, clinic: 0.3}\n"
      "levels:\n  ward:\n    capacity: 9\n    reserved: {c: 2}\n"
      "    length_of_stay: {distribution: exponential, mean: 4}\n"
      "    waitlist: {patience: {distribution: exponential, mean: 3}}\n"
      "    next: {clinic: 0.5, exit: 0.5}\n"
      "    staffing:\n      counselor: {caseload: 8, by_class: {b: {caseload: 4}}}\n"
      "  clinic:\n    capacity: 6\n    length_of_stay: {distribution: exponential, mean: 3}\n"
      "changes:\n  - day: 50\n    set: {levels.ward.capacity: 5}\n";
  const ReplicationResult r = simulate(load_scenario_text(text, "classes.yaml"), 0);
  ASSERT_EQ(r.class_levels.size(), 6u);
  for (std::size_t l = 0; l < 2; ++l) {
    double census = 0, waitlist = 0;
    for (std::size_t c = 0; c < 3; ++c) {
      census += of(r, c, l).census_area;
      waitlist += of(r, c, l).waitlist_area;
      EXPECT_DOUBLE_EQ(of(r, c, l).capacity_area, r.levels[l].capacity_area);
    }
    EXPECT_GT(r.levels[l].census_area, 100.0);
    EXPECT_NEAR(census, r.levels[l].census_area, 1e-9 * r.levels[l].census_area) << l;
    EXPECT_NEAR(waitlist, r.levels[l].waitlist_area, 1e-9 * (1 + r.levels[l].waitlist_area)) << l;
  }
  EXPECT_GT(r.levels[0].waitlist_area, 10.0);  // the cut to 5 slots makes people wait
  ASSERT_EQ(r.daily_class_levels, std::vector<std::uint32_t>{0});
  ASSERT_EQ(r.daily_class_census.size(), 120u * 3u);
  for (std::size_t d = 0; d < 120; ++d) {
    float sum = 0;
    for (std::size_t c = 0; c < 3; ++c)
      sum += r.daily_class_census[d * 3 + c];
    EXPECT_NEAR(sum, r.daily_census[d * 2 + 0], 1e-4) << "day " << d;
  }
}

}  // namespace
}  // namespace continuum
