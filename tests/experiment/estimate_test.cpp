// The cost estimate against what a run does: events per replication from the traffic equations
// within 25% of summary.events on an uncongested network, and the limits it refuses above.
#include <gtest/gtest.h>

#include <cmath>

#include "continuum/engine/event_calendar.hpp"
#include "continuum/engine/patient_pool.hpp"
#include "continuum/engine/waitlist.hpp"
#include "continuum/experiment/estimate.hpp"
#include "continuum/experiment/runner.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

// Two levels with room to spare (no waits, nobody turned away): the traffic equations count
// what happens: 4 referrals a day, 4 admissions to detox, 2 of them then to outpatient.
constexpr const char* kSmall =
    "name: small\nhorizon_days: 365\nwarmup_days: 60\nreplications: 4\nseed: 7\n"
    "arrivals:\n  - name: a\n    rate_per_day: 4\n    entry: {detox: 1}\n"
    "levels:\n  detox:\n    capacity: 200\n"
    "    length_of_stay: {distribution: exponential, mean: 5}\n"
    "    next: {outpatient: 0.5, exit: 0.5}\n"
    "  outpatient:\n    capacity: 2000\n"
    "    length_of_stay: {distribution: exponential, mean: 60}\n    next: {exit: 1}\n";

TEST(Estimate, EventsWithinAQuarterOfTheRun) {
  const Scenario s = load_scenario_text(kSmall, "small.yaml");
  const Summary summary = testing::run_summary(s);
  const double actual = static_cast<double>(summary.events) / summary.replications;
  CostRequest request;
  request.replications = s.replications;
  const CostEstimate e = estimate_cost(s, request);
  // 4 referrals + 4 detox + 2 outpatient discharges a day over 365 days: 3,650.
  EXPECT_NEAR(e.events_per_replication, 10.0 * 365, 1e-6);
  EXPECT_LT(std::abs(e.events_per_replication - actual), 0.25 * actual);
  EXPECT_FALSE(over_limits(e).has_value());
}

TEST(Estimate, RefusesAboveTheLimitsAndSaysWhatToChange) {
  const Scenario s = load_scenario_text(kSmall, "small.yaml");
  CostRequest request;
  request.replications = 100000;
  request.threads = 1;
  Scenario long_run = s;
  long_run.horizon_days = 36500;
  const std::optional<std::string> refusal = over_limits(estimate_cost(long_run, request));
  ASSERT_TRUE(refusal.has_value());
  // The daily series alone: 36,500 days x 2 levels x 8 bytes x 100,000 replications = 58 GB.
  EXPECT_EQ(refusal->rfind("run too large (peak memory over the limit of 8 GiB): estimate: ", 0),
            0u)
      << *refusal;
  EXPECT_NE(refusal->find("fewer replications, a shorter horizon"), std::string::npos);
  EXPECT_NE(refusal->find("--no-daily"), std::string::npos);
  EXPECT_NE(refusal->find("--force"), std::string::npos);
}

}  // namespace
}  // namespace continuum

namespace continuum {
namespace {

// run keeps the daily series in a DailySeriesStore: over its 32 MiB budget they are on disk, so
// the estimate counts the budget and a 4 MiB block instead of them (1,000 replications of the
// 20-year statewide system: 3.5 GB less); under the budget the estimate is unchanged.
TEST(Estimate, DailySeriesInTheStoreCountOnlyTheBudget) {
  const Scenario s = load_scenario(testing::source_path("bench/scenarios/statewide.yaml"));
  CostRequest request;
  request.replications = 1000;
  const double kept = estimate_cost(s, request).memory_bytes;
  request.daily_in_store = true;
  const double stored = estimate_cost(s, request).memory_bytes;
  const double daily = 1000.0 * 7300 * 60 * 8;
  EXPECT_DOUBLE_EQ(kept - stored, daily - (32 << 20) - (4 << 20));
  request.replications = 2;  // 7 MB of series: in memory, as before
  const double small_kept = estimate_cost(s, CostRequest{2, 0, true, false, false}).memory_bytes;
  EXPECT_EQ(estimate_cost(s, request).memory_bytes, small_kept);
}

// run also keeps the rest of each result in a ResultStore: the per-level figures (counted as
// LevelCounters, 25.9 KB a level, for the others) are in memory up to its 1 MiB budget, and an
// empty ReplicationResult per replication: 1,000 replications of the 60 statewide levels hold
// 1 MiB and 464 KB instead of 1.55 GB.
TEST(Estimate, ResultsInTheStoreCountOnlyTheBudget) {
  const Scenario s = load_scenario(testing::source_path("bench/scenarios/statewide.yaml"));
  CostRequest request;
  request.replications = 1000;
  request.record_daily = false;
  const double kept = estimate_cost(s, request).memory_bytes;
  request.results_in_store = true;
  const double stored = estimate_cost(s, request).memory_bytes;
  EXPECT_DOUBLE_EQ(kept - stored, 1000.0 * 60 * sizeof(LevelCounters) - (1 << 20) -
                                      1000.0 * sizeof(ReplicationResult));
  request.replications = 10;  // 10 x 60 LevelResults fit in the budget: counted as they are
  const double small_stored = estimate_cost(s, request).memory_bytes;
  request.results_in_store = false;
  EXPECT_DOUBLE_EQ(
      estimate_cost(s, request).memory_bytes - small_stored,
      10.0 * 60 * (sizeof(LevelCounters) - sizeof(LevelResult)) - 10.0 * sizeof(ReplicationResult));
}

}  // namespace
}  // namespace continuum

namespace continuum {
namespace {

// A system that grows: one level of 10 places, 1-day stays, 100 referrals a day. 90 a day pile
// up on the waitlist, so the patients alive (docs/outputs.md, "Cost estimate") are the 10 in care
// plus 90 x the days run, and the memory grows by 90 x 192 bytes (2 x (a 64-byte Patient, a
// 24-byte Event, an 8-byte waitlist entry)) a day. Measured with the earlier 96-byte Patient
// (`/usr/bin/time -f %M`, --no-daily, one thread): 21 / 34 / 61 MB at 1,000 / 2,000 / 4,000
// days (133 bytes a patient: the vectors are not all at twice their need) against an estimate of
// 38.0 / 59.9 / 103.9 MiB then.
TEST(Estimate, AWaitlistThatGrowsWithoutBoundScalesWithTheHorizon) {
  constexpr const char* kOverloaded =
      "name: overloaded\nhorizon_days: 1000\nwarmup_days: 0\nreplications: 1\nseed: 7\n"
      "arrivals:\n  - name: a\n    rate_per_day: 100\n    entry: {L: 1}\n"
      "levels:\n  L:\n    capacity: 10\n"
      "    length_of_stay: {distribution: fixed, value: 1}\n    next: {exit: 1}\n";
  Scenario s = load_scenario_text(kOverloaded, "overloaded.yaml");
  CostRequest request;
  request.threads = 1;
  request.record_daily = false;
  const double per_patient = 2.0 * (sizeof(Patient) + sizeof(Event) + sizeof(Waitlist::Entry));
  double first = 0;
  for (const double days : {1000.0, 2000.0, 4000.0}) {
    s.horizon_days = days;
    const CostEstimate e = estimate_cost(s, request);
    EXPECT_DOUBLE_EQ(e.patients_alive, 10 + 90 * days) << days;
    if (days == 1000) first = e.memory_bytes;
    EXPECT_DOUBLE_EQ(e.memory_bytes - first, 90 * (days - 1000) * per_patient) << days;
  }
}

}  // namespace
}  // namespace continuum

namespace continuum {
namespace {

// One level of 100 places, 5-day stays, 1 referral a day; half of those who leave relapse after
// 100 days on average and come back: 2 admissions and 1 relapse a day (the traffic equations).
// `initial` is the level's initial_state.
Scenario relapsing(const std::string& initial) {
  const std::string text =
      "name: pool\nhorizon_days: 10\nwarmup_days: 0\nreplications: 1\nseed: 7\n"
      "arrivals:\n  - name: a\n    rate_per_day: 1\n    entry: {L: 1}\n"
      "levels:\n  L:\n    capacity: 100\n"
      "    length_of_stay: {distribution: exponential, mean: 5}\n    next: {exit: 1}\n"
      "    initial_state: " +
      initial +
      "\nrelapse:\n  probability: 0.5\n"
      "  time_to_relapse: {distribution: exponential, mean: 100}\n  reentry: {L: 1}\n";
  return load_scenario_text(text, "pool.yaml");
}

// The initial state's pool awaiting relapse (`recently_discharged: equilibrium`, the default) is
// placed at time 0 whatever the horizon: 100 in care / 5 days x 0.5 x 100 days = 1,000 patients
// (sim/engine/recently_discharged.cpp), besides 2 a day x 5 days in care, the 100 initial
// patients in care and 1 relapse a day x 10 days (the run) awaiting relapse.
TEST(Estimate, TheEquilibriumPoolAwaitingRelapseIsCounted) {
  CostRequest request;
  request.threads = 1;
  EXPECT_DOUBLE_EQ(estimate_cost(relapsing("{in_care: 100}"), request).patients_alive,
                   10 + 100 + 1000 + 10);
  // A number given is that many (no pool drawn).
  EXPECT_DOUBLE_EQ(
      estimate_cost(relapsing("{in_care: 100, recently_discharged: 40}"), request).patients_alive,
      10 + 100 + 40 + 10);
}

// A level's own relapse (no global block): 1 relapse a day x 10 days (the run) awaiting relapse
// count beside the 2 a day x 5 days in care.
TEST(Estimate, ALevelsOwnRelapseCountsItsCommunity) {
  const Scenario s = load_scenario_text(
      "name: own\nhorizon_days: 10\nwarmup_days: 0\nreplications: 1\nseed: 7\n"
      "arrivals:\n  - name: a\n    rate_per_day: 1\n    entry: {L: 1}\n"
      "levels:\n  L:\n    capacity: 100\n"
      "    length_of_stay: {distribution: exponential, mean: 5}\n    next: {exit: 1}\n"
      "    relapse:\n      probability: 0.5\n"
      "      time_to_relapse: {distribution: exponential, mean: 100}\n      reentry: {L: 1}\n",
      "own.yaml");
  CostRequest request;
  request.threads = 1;
  EXPECT_DOUBLE_EQ(estimate_cost(s, request).patients_alive, 10 + 10);
}

// With classes, each class's own rules: the youth relapse after 400 days on average (the level's
// by_class), the adults after 100; the pool is at most the larger class's, 100 / 5 x 0.5 x 400.
TEST(Estimate, TheEquilibriumPoolTakesTheLargestClass) {
  const Scenario s = load_scenario_text(
      "name: pool\nhorizon_days: 10\nwarmup_days: 0\nreplications: 1\nseed: 7\n"
      "classes:\n  adult: {}\n  youth: {}\n"
      "arrivals:\n  - name: a\n    rate_per_day: 1\n    classes: {adult: 0.5, youth: 0.5}\n"
      "    entry: {L: 1}\n"
      "levels:\n  L:\n    capacity: 100\n"
      "    length_of_stay: {distribution: exponential, mean: 5}\n    next: {exit: 1}\n"
      "    initial_state: {in_care: 100}\n"
      "    by_class:\n      youth:\n        relapse:\n"
      "          time_to_relapse: {distribution: exponential, mean: 400}\n"
      "relapse:\n  probability: 0.5\n"
      "  time_to_relapse: {distribution: exponential, mean: 100}\n  reentry: {L: 1}\n",
      "classes.yaml");
  CostRequest request;
  request.threads = 1;
  // Besides the pool as without classes: 2 a day x 5 days in care, the 100 initial patients and
  // 1 relapse a day x 10 days awaiting relapse.
  EXPECT_DOUBLE_EQ(estimate_cost(s, request).patients_alive, 10 + 100 + 4000 + 10);
}

// One level of 10 places and 1-day stays; `rates` are the stream's lines.
Scenario ten_places(const std::string& head, const std::string& stream,
                    const std::string& tail = "") {
  return load_scenario_text(
      "name: peak\n" + head + "replications: 1\nseed: 7\n" + "arrivals:\n  - name: a\n" + stream +
          "    entry: {L: 1}\n" + "levels:\n  L:\n    capacity: 10\n" +
          "    length_of_stay: {distribution: fixed, value: 1}\n" + "    next: {exit: 1}\n" + tail,
      "peak.yaml");
}

// A schedule of 1,000 referrals a day for the first 50 days of a 100-day warm-up, then 1 a day:
// the window's mean rate (1) fills 1 place, but the warm-up's piles up 990 a day for 50 days.
TEST(Estimate, AScheduledSurgeDuringWarmUpPilesUp) {
  const Scenario s = ten_places("horizon_days: 100\nwarmup_days: 100\n",
                                "    schedule:\n"
                                "      - {from_day: -100, to_day: -50, rate_per_day: 1000}\n"
                                "      - {from_day: -50, to_day: 100, rate_per_day: 1}\n");
  CostRequest request;
  request.threads = 1;
  EXPECT_DOUBLE_EQ(estimate_cost(s, request).patients_alive, 10 + 990 * 50);
}

// A dated change to 1,000 referrals a day on day 40 of 100: 990 a day pile up for 60 days.
TEST(Estimate, ADatedRateChangePilesUpFromItsDay) {
  const Scenario s = ten_places("horizon_days: 100\nwarmup_days: 0\n", "    rate_per_day: 1\n",
                                "changes:\n  - {day: 40, set: {arrivals.a.rate_per_day: 1000}}\n");
  CostRequest request;
  request.threads = 1;
  EXPECT_DOUBLE_EQ(estimate_cost(s, request).patients_alive, 10 + 990 * 60);
}

// A dated change of the stay from 1 day to 50 on day 40 of 100: 10 places then serve 0.2 a day
// of the 1 referred, and 0.8 a day pile up for 60 days (the stay before the change would have
// kept up: 1 patient alive).
TEST(Estimate, ADatedStayChangePilesUpFromItsDay) {
  const Scenario s = ten_places("horizon_days: 100\nwarmup_days: 0\n", "    rate_per_day: 1\n",
                                "changes:\n  - {day: 40, set: {levels.L.length_of_stay: "
                                "{distribution: fixed, value: 50}}}\n");
  CostRequest request;
  request.threads = 1;
  EXPECT_DOUBLE_EQ(estimate_cost(s, request).patients_alive, 10 + 0.8 * 60);
}

// A dated change of routing on day 50 of 100 sends the 1 referral a day to M (5 places, 10-day
// stays: 0.5 a day served): M fills and 0.5 a day pile up for 50 days, beside L's 1 in care.
TEST(Estimate, ADatedRoutingChangeCountsTheLevelItSendsTo) {
  const Scenario s = load_scenario_text(
      "name: reroute\nhorizon_days: 100\nwarmup_days: 0\nreplications: 1\nseed: 7\n"
      "arrivals:\n  - name: a\n    rate_per_day: 1\n    entry: {L: 1}\n"
      "levels:\n  L:\n    capacity: 10\n    length_of_stay: {distribution: fixed, value: 1}\n"
      "    next: {exit: 1}\n  M:\n    capacity: 5\n"
      "    length_of_stay: {distribution: fixed, value: 10}\n    next: {exit: 1}\n"
      "changes:\n  - {day: 50, set: {arrivals.a.entry: {M: 1}}}\n",
      "reroute.yaml");
  CostRequest request;
  request.threads = 1;
  EXPECT_DOUBLE_EQ(estimate_cost(s, request).patients_alive, 1 + 5 + 0.5 * 50);
}

// Seasonality: January at 3 times the rate of 10 a day piles up 20 a day for a month (365 / 12
// days) into 10 places; the other months keep up.
TEST(Estimate, ASeasonalPeakPilesUpForItsMonth) {
  const Scenario s = ten_places("horizon_days: 365\nwarmup_days: 0\n",
                                "    rate_per_day: 10\n"
                                "    monthly_factors: [3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n");
  CostRequest request;
  request.threads = 1;
  EXPECT_NEAR(estimate_cost(s, request).patients_alive, 10 + 20 * 365.0 / 12, 1e-9);
}

// Growth: 10 a day doubling each year reach 40 a day at the end of two years, all in care at
// once with unlimited places and 1-day stays.
TEST(Estimate, GrowthIsTakenAtItsPeak) {
  const Scenario s = load_scenario_text(
      "name: growth\nhorizon_days: 730\nwarmup_days: 0\nreplications: 1\nseed: 7\n"
      "arrivals:\n  - name: a\n    rate_per_day: 10\n    growth_per_year: 1\n"
      "    entry: {L: 1}\nlevels:\n  L:\n    capacity: unlimited\n"
      "    length_of_stay: {distribution: fixed, value: 1}\n    next: {exit: 1}\n",
      "growth.yaml");
  CostRequest request;
  request.threads = 1;
  EXPECT_DOUBLE_EQ(estimate_cost(s, request).patients_alive, 40);
}

}  // namespace
}  // namespace continuum
