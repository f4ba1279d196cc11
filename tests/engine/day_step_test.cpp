// Day-boundary mode (time_step_days: 1, docs/time-modes.md): a hand-worked tandem trace, the
// phase order at one boundary (admissions before abandonments), an uncongested level whose mean
// waitlist is its referrals per day, and a congested level against the discrete-time Markov
// chain of its waitlist, solved here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "continuum/stats/statistics.hpp"
#include "engine_trace.hpp"

namespace continuum {
namespace {

using testing::run_traced;
using testing::Traced;

// (day, patient, level) of every record of one kind.
std::vector<std::tuple<double, std::uint32_t, std::int32_t>> of_kind(
    const std::vector<TraceRecord>& trace, TraceEvent kind) {
  std::vector<std::tuple<double, std::uint32_t, std::int32_t>> out;
  for (const TraceRecord& r : trace)
    if (r.event == kind) out.emplace_back(r.time, r.patient, r.level);
  return out;
}

// One referral a day (continuous times 1, 2, ..., so days 1 to 5) into a tandem a -> b -> exit:
// a has one slot and 1-day stays, b one slot and 2-day stays.
constexpr const char* kTandem =
    "name: tandem\nhorizon_days: 6\nwarmup_days: 0\nreplications: 1\nseed: 1\n"
    "time_step_days: 1\n"
    "arrivals:\n  - name: gp\n    interarrival: {distribution: fixed, value: 1}\n"
    "    entry: {a: 1}\n"
    "levels:\n"
    "  a:\n    capacity: 1\n    length_of_stay: {distribution: fixed, value: 1}\n"
    "    next: {b: 1}\n"
    "  b:\n    capacity: 1\n    length_of_stay: {distribution: fixed, value: 2}\n"
    "    next: {exit: 1}\n";

// Worked by hand, boundary by boundary (discharges -> admissions -> abandonments -> joiners):
//   day 1: p0 joins a.                       a: 0 in care, 1 waiting   b: 0, 0
//   day 2: p0 admitted to a; p1 joins a.     a: 1, 1                   b: 0, 0
//   day 3: p0 leaves a for b, p1 admitted to a; p0 joins b, p2 joins a.
//                                            a: 1, 1                   b: 0, 1
//   day 4: p1 leaves a, p2 admitted to a; p0 admitted to b; p1 joins b, p3 joins a.
//                                            a: 1, 1                   b: 1, 1
//   day 5: p2 leaves a, p3 admitted to a (b is full until day 6); p2 joins b, p4 joins a.
//                                            a: 1, 1                   b: 1, 2
TEST(DayStep, TandemHandWorkedTrace) {
  const Traced run = run_traced(kTandem);
  using Rec = std::tuple<double, std::uint32_t, std::int32_t>;
  EXPECT_EQ(of_kind(run.trace, TraceEvent::kArrival),
            (std::vector<Rec>{{1, 0, 0}, {2, 1, 0}, {3, 2, 0}, {4, 3, 0}, {5, 4, 0}}));
  EXPECT_EQ(of_kind(run.trace, TraceEvent::kAdmitted),
            (std::vector<Rec>{{2, 0, 0}, {3, 1, 0}, {4, 2, 0}, {4, 0, 1}, {5, 3, 0}}));
  EXPECT_EQ(of_kind(run.trace, TraceEvent::kCompleted),
            (std::vector<Rec>{{3, 0, 0}, {4, 1, 0}, {5, 2, 0}}));
  // Every wait is one whole day: nobody is admitted on the day they join.
  for (const TraceRecord& r : run.trace)
    if (r.event == TraceEvent::kAdmitted) {
      EXPECT_EQ(r.value, 1.0);
    }
  const ReplicationResult& res = run.result;
  ASSERT_EQ(res.levels.size(), 2u);
  EXPECT_EQ(res.levels[0].referrals, 5);
  EXPECT_EQ(res.levels[0].admissions, 4);
  EXPECT_EQ(res.levels[0].completions, 3);
  EXPECT_EQ(res.levels[1].referrals, 3);
  EXPECT_EQ(res.levels[1].admissions, 1);
  EXPECT_EQ(res.levels[0].in_care_at_end, 1);
  EXPECT_EQ(res.levels[0].waiting_at_end, 1);
  EXPECT_EQ(res.levels[1].in_care_at_end, 1);
  EXPECT_EQ(res.levels[1].waiting_at_end, 2);
  // The end-of-day counts are daily.csv's rows and hold until the next boundary.
  const std::vector<float> census = {0, 0, 0, 0, 1, 0, 1, 0, 1, 1, 1, 1};
  const std::vector<float> waiting = {0, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 2};
  EXPECT_EQ(res.daily_census, census);
  EXPECT_EQ(res.daily_waitlist, waiting);
  EXPECT_DOUBLE_EQ(res.levels[0].census_area, 4);
  EXPECT_DOUBLE_EQ(res.levels[0].waitlist_area, 5);
  EXPECT_DOUBLE_EQ(res.levels[1].census_area, 2);
  EXPECT_DOUBLE_EQ(res.levels[1].waitlist_area, 4);
}

// The same tandem in continuous time: p0 is admitted to a at the moment it is referred.
TEST(DayStep, ContinuousTimeAdmitsAtOnce) {
  std::string yaml = kTandem;
  yaml.replace(yaml.find("time_step_days: 1\n"), 18, "");
  const Traced run = run_traced(yaml);
  const auto admitted = of_kind(run.trace, TraceEvent::kAdmitted);
  ASSERT_FALSE(admitted.empty());
  EXPECT_EQ(admitted.front(), std::make_tuple(1.0, 0u, 0));
}

// Patience of one day (and of 0.3 days, rounded up to one): a joiner of day t abandons at day
// t + 1 unless admitted at that boundary, and admissions come first. One slot, 2-day stays:
//   day 1: p0 joins; day 2: p0 admitted, p1 joins; day 3: p1 abandons (full), p2 joins;
//   day 4: p0 leaves, p2 admitted (its patience also ran out on day 4), p3 joins;
//   day 5: p3 abandons, p4 joins.
TEST(DayStep, AdmissionsBeforeAbandonmentsOfTheDay) {
  for (const char* patience : {"1", "0.3"}) {
    const std::string yaml =
        std::string("name: patience\nhorizon_days: 6\nreplications: 1\ntime_step_days: 1\n") +
        "arrivals:\n  - name: gp\n    interarrival: {distribution: fixed, value: 1}\n" +
        "    entry: {a: 1}\n" + "levels:\n  a:\n    capacity: 1\n" +
        "    length_of_stay: {distribution: fixed, value: 2}\n" +
        "    waitlist: {patience: {distribution: fixed, value: " + patience + "}}\n";
    const Traced run = run_traced(yaml);
    using Rec = std::tuple<double, std::uint32_t, std::int32_t>;
    EXPECT_EQ(of_kind(run.trace, TraceEvent::kAdmitted), (std::vector<Rec>{{2, 0, 0}, {4, 2, 0}}))
        << "patience " << patience;
    EXPECT_EQ(of_kind(run.trace, TraceEvent::kAbandoned), (std::vector<Rec>{{3, 1, 0}, {5, 3, 0}}))
        << "patience " << patience;
  }
}

// A stay of 1.4 days is 1 day, of 1.6 days 2 days (the nearest whole day, at least 1).
TEST(DayStep, StaysAreRoundedToWholeDays) {
  for (const auto& [stay, days] : {std::pair{"0.2", 1.0}, {"1.4", 1.0}, {"1.6", 2.0}}) {
    const std::string yaml =
        std::string("name: stays\nhorizon_days: 10\nreplications: 1\ntime_step_days: 1\n") +
        "arrivals:\n  - name: gp\n    interarrival: {distribution: fixed, value: 1}\n" +
        "    entry: {a: 1}\n" + "levels:\n  a:\n    capacity: unlimited\n" +
        "    length_of_stay: {distribution: fixed, value: " + stay + "}\n";
    const Traced run = run_traced(yaml);
    const auto admitted = of_kind(run.trace, TraceEvent::kAdmitted);
    const auto completed = of_kind(run.trace, TraceEvent::kCompleted);
    ASSERT_GE(admitted.size(), 3u);
    for (std::size_t k = 0; k < completed.size(); ++k) {
      EXPECT_EQ(std::get<1>(completed[k]), std::get<1>(admitted[k]));
      EXPECT_EQ(std::get<0>(completed[k]) - std::get<0>(admitted[k]), days) << "stay " << stay;
    }
  }
}

// Everything at once (the county baseline: classes, dropout, patience with routing, relapse and
// re-entry, holds, staffing) on whole days: every trace record's time is a whole day, every wait
// at least one day, and the engine's conservation checks pass at the horizon.
TEST(DayStep, BaselineRunsOnWholeDays) {
  std::ifstream in(std::string(CONTINUUM_SOURCE_DIR) + "/scenarios/baseline.yaml");
  std::stringstream text;
  text << in.rdbuf();
  std::string yaml = text.str();
  yaml += "\ntime_step_days: 1\n";
  const std::size_t h = yaml.find("horizon_days: 1825");
  ASSERT_NE(h, std::string::npos);
  yaml.replace(h, 18, "horizon_days: 200");
  const Traced run = run_traced(yaml);
  ASSERT_GT(run.trace.size(), 1000u);
  std::size_t admitted = 0, abandoned = 0, relapsed = 0;
  for (const TraceRecord& r : run.trace) {
    ASSERT_EQ(r.time, std::floor(r.time)) << "event " << static_cast<int>(r.event);
    if (r.event == TraceEvent::kAdmitted) {
      ++admitted;
      EXPECT_GE(r.value, 1.0);
      EXPECT_EQ(r.value, std::floor(r.value));
    }
    abandoned += r.event == TraceEvent::kAbandoned;
    relapsed += r.event == TraceEvent::kRelapse;
    if (r.event == TraceEvent::kRelapseDue) {
      EXPECT_EQ(r.value, std::floor(r.value));
    }
  }
  EXPECT_GT(admitted, 100u);
  EXPECT_GT(abandoned, 0u);
  EXPECT_GT(relapsed, 0u);
}

// Referrals of a day with a schedule: the day's Poisson count at that day's rate (none on the
// closed days 10-19); all referrals of day t arrive at boundary t.
TEST(DayStep, ScheduledRatesPerDay) {
  const std::string yaml =
      "name: sched\nhorizon_days: 30\nwarmup_days: 5\nreplications: 1\ntime_step_days: 1\n"
      "arrivals:\n  - name: gp\n    schedule:\n"
      "      - {from_day: -5, to_day: 10, rate_per_day: 4}\n"
      "      - {from_day: 10, to_day: 20, rate_per_day: 0}\n"
      "      - {from_day: 20, to_day: 30, rate_per_day: 9}\n"
      "    entry: {a: 1}\n"
      "levels:\n  a:\n    capacity: unlimited\n"
      "    length_of_stay: {distribution: fixed, value: 1}\n";
  double early = 0, late = 0;
  constexpr int kReps = 200;
  for (std::uint32_t rep = 0; rep < kReps; ++rep) {
    const Traced run = run_traced(yaml, rep);
    for (const TraceRecord& r : run.trace) {
      if (r.event != TraceEvent::kArrival) continue;
      ASSERT_EQ(r.time, std::floor(r.time));
      EXPECT_FALSE(r.time >= 10 && r.time < 20) << "day " << r.time;
      (r.time < 10 ? early : late) += 1;
    }
  }
  // Means 15 x 4 = 60 and 10 x 9 = 90 per replication; 4 standard errors.
  EXPECT_NEAR(early / kReps, 60, 4 * std::sqrt(60.0 / kReps));
  EXPECT_NEAR(late / kReps, 90, 4 * std::sqrt(90.0 / kReps));
}

// An uncongested level: each referral waits exactly one day (joins at boundary t, admitted at
// t + 1), so its mean waitlist equals its referrals per day.
TEST(DayStep, UncongestedMeanWaitlistIsTheDailyReferrals) {
  constexpr double kRate = 3.7;
  const std::string yaml =
      "name: free\nhorizon_days: 2000\nwarmup_days: 20\nreplications: 1\nseed: 9\n"
      "time_step_days: 1\n"
      "arrivals:\n  - name: gp\n    rate_per_day: 3.7\n    entry: {a: 1}\n"
      "levels:\n  a:\n    capacity: unlimited\n"
      "    length_of_stay: {distribution: exponential, mean: 4}\n";
  const Model model = compile(load_scenario_text(yaml, "free.yaml"));
  Engine engine(model, {.record_daily = false});
  std::vector<double> waitlist, census_per_admission;
  for (std::uint32_t rep = 0; rep < 20; ++rep) {
    const ReplicationResult r = engine.run(rep);
    const LevelResult& a = r.levels[0];
    EXPECT_DOUBLE_EQ(a.wait_sum, static_cast<double>(a.admissions));  // every wait: 1 day
    waitlist.push_back(a.waitlist_area / r.window_days);
  }
  const Estimate e = estimate(waitlist);
  EXPECT_LE(e.lo, kRate);
  EXPECT_GE(e.hi, kRate);
  EXPECT_NEAR(e.mean, kRate, 0.05);
}

// Waits are whole days, and so are their p90s in every replication (not 1.0x from a bin's
// interpolation): a level at one day's wait for most and longer for some.
TEST(DayStep, P90WaitsAreWholeDays) {
  const std::string yaml =
      "name: p90\nhorizon_days: 400\nwarmup_days: 20\nreplications: 1\nseed: 3\n"
      "time_step_days: 1\n"
      "arrivals:\n  - name: gp\n    rate_per_day: 2.7\n    entry: {a: 1}\n"
      "levels:\n  a:\n    capacity: 3\n"
      "    length_of_stay: {distribution: exponential, mean: 1}\n"
      "    waitlist:\n      patience: {distribution: exponential, mean: 3}\n";
  const Model model = compile(load_scenario_text(yaml, "p90.yaml"));
  Engine engine(model, {.record_daily = false});
  bool above_one = false;
  for (std::uint32_t rep = 0; rep < 10; ++rep) {
    const ReplicationResult result = engine.run(rep);
    const LevelResult& a = result.levels[0];
    EXPECT_GE(a.p90_wait_days, 1.0);
    EXPECT_EQ(a.p90_wait_days, std::floor(a.p90_wait_days)) << rep;
    EXPECT_EQ(a.p90_queue_time_days, std::floor(a.p90_queue_time_days)) << rep;
    above_one |= a.p90_wait_days > 1;
  }
  EXPECT_TRUE(above_one);  // the level is busy enough for p90s of 2 days and more
}

// A congested level against the Markov chain of its end-of-day waitlist W: 2 slots, 1-day
// stays, at most 4 waiting, Poisson(2.5) referrals a day. At each boundary everyone in care
// leaves, min(W, 2) are admitted, then the day's A referrals join one by one while fewer than 4
// wait: W' = min(4, max(W - 2, 0) + A). The stationary law is solved by power iteration.
TEST(DayStep, CongestedLevelMatchesItsDiscreteTimeMarkovChain) {
  constexpr int kSlots = 2, kMaxWaiting = 4;
  constexpr double kRate = 2.5;
  constexpr int kStates = kMaxWaiting + 1;
  // Poisson probabilities, the last state absorbing the tail.
  std::vector<double> poisson(40);
  for (int k = 0; k < 40; ++k)
    poisson[static_cast<std::size_t>(k)] =
        std::exp(-kRate + k * std::log(kRate) - std::lgamma(k + 1.0));
  std::vector<std::vector<double>> P(kStates, std::vector<double>(kStates, 0));
  std::vector<double> turned_away(kStates, 0);  // expected turned away a day from state w
  for (int w = 0; w < kStates; ++w) {
    const int left = std::max(w - kSlots, 0);
    for (int a = 0; a < 40; ++a) {
      const double p = poisson[static_cast<std::size_t>(a)];
      P[static_cast<std::size_t>(w)][static_cast<std::size_t>(std::min(kMaxWaiting, left + a))] +=
          p;
      turned_away[static_cast<std::size_t>(w)] += p * std::max(0, left + a - kMaxWaiting);
    }
  }
  std::vector<double> pi(kStates, 1.0 / kStates);
  for (int it = 0; it < 10000; ++it) {
    std::vector<double> next(kStates, 0);
    for (int i = 0; i < kStates; ++i)
      for (int j = 0; j < kStates; ++j)
        next[static_cast<std::size_t>(j)] +=
            pi[static_cast<std::size_t>(i)] *
            P[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
    pi = next;
  }
  double mean_waiting = 0, mean_census = 0, lost_per_day = 0;
  for (int w = 0; w < kStates; ++w) {
    const double p = pi[static_cast<std::size_t>(w)];
    mean_waiting += p * w;
    mean_census += p * std::min(w, kSlots);  // admitted the next day, in care through it
    lost_per_day += p * turned_away[static_cast<std::size_t>(w)];
  }
  // The chain itself: a congested level (most slots busy, a real share turned away).
  EXPECT_GT(mean_census, 1.5);
  EXPECT_GT(lost_per_day, 0.2);

  const std::string yaml =
      "name: dtmc\nhorizon_days: 5000\nwarmup_days: 50\nreplications: 1\nseed: 4\n"
      "time_step_days: 1\n"
      "arrivals:\n  - name: gp\n    rate_per_day: 2.5\n    entry: {a: 1}\n"
      "levels:\n  a:\n    capacity: 2\n    length_of_stay: {distribution: fixed, value: 1}\n"
      "    waitlist: {max_length: 4}\n";
  Engine engine(compile(load_scenario_text(yaml, "dtmc.yaml")), {.record_daily = false});
  std::vector<double> waiting, census, lost;
  for (std::uint32_t rep = 0; rep < 20; ++rep) {
    const ReplicationResult r = engine.run(rep);
    waiting.push_back(r.levels[0].waitlist_area / r.window_days);
    census.push_back(r.levels[0].census_area / r.window_days);
    lost.push_back(static_cast<double>(r.levels[0].turned_away) / r.window_days);
  }
  for (const auto& [name, values, exact] :
       {std::tuple{"waiting", waiting, mean_waiting}, std::tuple{"census", census, mean_census},
        std::tuple{"turned away a day", lost, lost_per_day}}) {
    const Estimate e = estimate(values);
    EXPECT_LE(e.lo, exact) << name;
    EXPECT_GE(e.hi, exact) << name;
    EXPECT_NEAR(e.mean, exact, 0.02 * exact) << name;
  }
}

// Changes apply at their day boundary, before its discharges: a capacity rise on day 3 admits
// the earlier joiners that day. A change dated 2.5 applies at boundary 3 (rounded up).
TEST(DayStep, ChangesApplyAtTheirBoundary) {
  for (const char* day : {"3", "2.5"}) {
    const std::string yaml =
        std::string("name: change\nhorizon_days: 5\nreplications: 1\ntime_step_days: 1\n") +
        "arrivals:\n  - name: gp\n    interarrival: {distribution: fixed, value: 1}\n" +
        "    entry: {a: 1}\n" + "levels:\n  a:\n    capacity: 1\n" +
        "    length_of_stay: {distribution: fixed, value: 10}\n" + "changes:\n  - day: " + day +
        "\n    set: {levels.a.capacity: 3}\n";
    const Traced run = run_traced(yaml);
    using Rec = std::tuple<double, std::uint32_t, std::int32_t>;
    // p0 joins day 1, admitted day 2; p1 joins day 2; day 3: capacity 3, p1 admitted, then p2
    // joins and is admitted on day 4.
    EXPECT_EQ(of_kind(run.trace, TraceEvent::kAdmitted),
              (std::vector<Rec>{{2, 0, 0}, {3, 1, 0}, {4, 2, 0}}))
        << "day " << day;
    std::vector<double> capacity_days;
    for (const TraceRecord& r : run.trace)
      if (r.event == TraceEvent::kCapacity) capacity_days.push_back(r.time);
    EXPECT_EQ(capacity_days, std::vector<double>{3}) << "day " << day;
  }
}

// The initial state: its patients are earlier joiners of boundary 0. Two in care (stays of 2
// days, 0 and 1 already stayed: they leave on days 2 and 1), three waiting beside one free slot:
// p2 is admitted on day 0, p3 into p1's slot on day 1, p4 into p0's on day 2.
TEST(DayStep, InitialStateOnBoundaries) {
  const std::string yaml =
      "name: init\nhorizon_days: 4\nreplications: 1\ntime_step_days: 1\n"
      "arrivals:\n  - name: gp\n    interarrival: {distribution: fixed, value: 100}\n"
      "    entry: {a: 1}\n"
      "levels:\n  a:\n    capacity: 3\n    length_of_stay: {distribution: fixed, value: 2}\n"
      "    initial_state: {in_care: 2, waiting: 3, days_in_care: [0, 1]}\n";
  const Traced run = run_traced(yaml);
  using Rec = std::tuple<double, std::uint32_t, std::int32_t>;
  // The patients found in care are traced as admitted at time 0.
  EXPECT_EQ(of_kind(run.trace, TraceEvent::kAdmitted),
            (std::vector<Rec>{{0, 0, 0}, {0, 1, 0}, {0, 2, 0}, {1, 3, 0}, {2, 4, 0}}));
  EXPECT_EQ(of_kind(run.trace, TraceEvent::kCompleted),
            (std::vector<Rec>{{1, 1, 0}, {2, 0, 0}, {2, 2, 0}, {3, 3, 0}}));
}

// Relapse on whole days: a time to relapse of 2.4 days is 2. One patient, referred on day 15,
// admitted on 16, leaves on 17, re-referred on 19 and admitted again on 20.
TEST(DayStep, RelapseReturnsOnAWholeDay) {
  const std::string yaml =
      "name: relapse\nhorizon_days: 22\nreplications: 1\ntime_step_days: 1\n"
      "arrivals:\n  - name: gp\n    interarrival: {distribution: fixed, value: 15}\n"
      "    entry: {a: 1}\n"
      "levels:\n  a:\n    capacity: 5\n    length_of_stay: {distribution: fixed, value: 1}\n"
      "relapse:\n  probability: 1\n  time_to_relapse: {distribution: fixed, value: 2.4}\n"
      "  reentry: {a: 1}\n";
  const Traced run = run_traced(yaml);
  using Rec = std::tuple<double, std::uint32_t, std::int32_t>;
  EXPECT_EQ(of_kind(run.trace, TraceEvent::kAdmitted), (std::vector<Rec>{{16, 0, 0}, {20, 0, 0}}));
  EXPECT_EQ(of_kind(run.trace, TraceEvent::kRelapse), (std::vector<Rec>{{19, 0, 0}}));
}

TEST(DayStep, OnlyOneDayStepsAndWholeDays) {
  const std::string base =
      "name: bad\nreplications: 1\n"
      "arrivals:\n  - name: gp\n    rate_per_day: 1\n    entry: {a: 1}\n"
      "levels:\n  a:\n    capacity: 1\n    length_of_stay: {distribution: fixed, value: 1}\n";
  try {
    (void)load_scenario_text("time_step_days: 7\nhorizon_days: 10\n" + base, "bad.yaml");
    FAIL() << "time_step_days: 7 accepted";
  } catch (const ScenarioError& e) {
    EXPECT_STREQ(e.what(),
                 "bad.yaml:1:17: error: time_step_days: only 1 is supported (day-boundary mode); "
                 "leave the key out for continuous time (got 7)");
  }
  try {
    (void)load_scenario_text("time_step_days: 1\nhorizon_days: 10.5\n" + base, "bad.yaml");
    FAIL() << "horizon_days: 10.5 accepted";
  } catch (const ScenarioError& e) {
    EXPECT_STREQ(e.what(),
                 "bad.yaml:2:15: error: horizon_days: must be a whole number of days with "
                 "time_step_days: 1 (got 10.5)");
  }
  EXPECT_EQ(
      load_scenario_text("time_step_days: 1\nhorizon_days: 10\n" + base, "ok.yaml").time_step_days,
      1);
  EXPECT_EQ(load_scenario_text("horizon_days: 10\n" + base, "ok.yaml").time_step_days, 0);
}

}  // namespace
}  // namespace continuum
