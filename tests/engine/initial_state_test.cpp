// Starting from today's census (initial_state), traced by hand: free slots go to the initial
// waitlist at time 0, and the dropouts among patients found in care are weighted by stay length.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "continuum/config/load.hpp"
#include "continuum/engine/engine.hpp"
#include "continuum/model/class_view.hpp"
#include "continuum/output/trace_csv.hpp"
#include "continuum/stats/trace.hpp"
#include "engine_trace.hpp"

namespace continuum {
namespace {

// Level "u" with `body`, no referrals inside the run (the one stream starts after the horizon).
std::string census_only(int warmup_days, int horizon_days, const std::string& body) {
  return "name: today\nhorizon_days: " + std::to_string(horizon_days) +
         "\nwarmup_days: " + std::to_string(warmup_days) +
         "\nreplications: 1\nseed: 1\n"
         "arrivals:\n  - name: s\n    rate_per_day: 0.0001\n    start_day: 9999\n"
         "    entry: {u: 1}\n"
         "levels:\n  u:\n" +
         body;
}

struct TracedRun {
  ReplicationResult result;
  std::string trace;  // trace.csv rows of replication 0
};

TracedRun run_traced(const std::string& text) {
  const Scenario s = load_scenario_text(text, "today.yaml");
  testing::Traced run = testing::run_traced(s);
  return {std::move(run.result), trace_csv_rows(s, 0, run.trace)};
}

constexpr const char* kFiveWaitingTenFree =
    "    capacity: 10\n    length_of_stay: {distribution: fixed, value: 100}\n"
    "    initial_state: {in_care: 0, waiting: 5, days_waited: [3, 1, 4, 1.5, 2]}\n";

// The equilibrium pool awaiting relapse (engine and estimate share it): 30 in care, a fifth
// drop out after 5 days on average, the rest stay 10 days: 9 days in care, 30 / 9 a day leave;
// 0.8 x 0.5 x 0.4 + 0.2 x 0.6 = 0.28 of them relapse, 100 days later on average.
TEST(InitialState, EquilibriumRelapsePoolIsLittlesLaw) {
  RelapsePoolInputs in{.in_care = 30,
                       .dropout_probability = 0.2,
                       .mean_stay = 10,
                       .mean_dropout_time = 5,
                       .exit_probability = 0.5,
                       .relapse_probability = 0.4,
                       .relapse_after_dropout = 0.6,
                       .mean_time_to_relapse = 100};
  EXPECT_NEAR(equilibrium_relapse_pool(in), 30.0 / 9 * 0.28 * 100, 1e-9);
  in.dropout_probability = 0;  // the dropout time is not read: 10 days in care, 0.2 relapse
  in.mean_dropout_time = -1;
  EXPECT_NEAR(equilibrium_relapse_pool(in), 30.0 / 10 * 0.2 * 100, 1e-9);
  in.relapse_probability = 0;  // no one enters the pool
  EXPECT_EQ(equilibrium_relapse_pool(in), 0.0);
}

TEST(InitialState, FreeSlotsGoToTheInitialWaitlistAtTimeZero) {
  // Five waiting (placed longest wait first: 4, 3, 2, 1.5, 1 days), ten free slots: all five
  // are admitted at time 0, after the end of warm-up is observed (warm-up 0), so the
  // admissions and their waits count in the statistics window.
  const TracedRun run = run_traced(census_only(0, 2, kFiveWaitingTenFree));
  EXPECT_EQ(run.trace,
            "0,0,waitlisted,0,u,,1\n"
            "0,0,waitlisted,1,u,,2\n"
            "0,0,waitlisted,2,u,,3\n"
            "0,0,waitlisted,3,u,,4\n"
            "0,0,waitlisted,4,u,,5\n"
            "0,0,warmup_end,,,,\n"
            "0,0,admitted,0,u,,4\n"
            "0,0,admitted,1,u,,3\n"
            "0,0,admitted,2,u,,2\n"
            "0,0,admitted,3,u,,1.5\n"
            "0,0,admitted,4,u,,1\n");
  const LevelResult& c = run.result.levels[0];
  EXPECT_EQ(c.admissions, 5);
  EXPECT_DOUBLE_EQ(c.wait_sum, 4 + 3 + 2 + 1.5 + 1);
  EXPECT_EQ(c.in_care_at_end, 5);
  EXPECT_EQ(c.waiting_at_end, 0);
  EXPECT_DOUBLE_EQ(c.waitlist_area, 0.0);
  EXPECT_DOUBLE_EQ(c.census_area, 5 * 2.0);
  EXPECT_EQ(run.result.system.first_admissions, 5);
  EXPECT_DOUBLE_EQ(run.result.system.first_admission_days_sum, 11.5);
}

TEST(InitialState, AdmissionsAtTimeZeroFallInTheWarmUp) {
  // With a warm-up the same admissions happen at its start (trace time -3): in care from day 0
  // of the window, but not counted as admissions of the window.
  const TracedRun run = run_traced(census_only(3, 2, kFiveWaitingTenFree));
  EXPECT_NE(run.trace.find("0,-3,admitted,4,u,,1\n0,0,warmup_end,,,,\n"), std::string::npos)
      << run.trace;
  const LevelResult& c = run.result.levels[0];
  EXPECT_EQ(c.admissions, 0);
  EXPECT_EQ(c.in_care_at_end, 5);
  EXPECT_DOUBLE_EQ(c.census_area, 5 * 2.0);
  EXPECT_DOUBLE_EQ(c.waitlist_area, 0.0);
}

TEST(InitialState, OnlyTheFreeSlotsAreOffered) {
  // Two slots, one in care, three waiting: the longest waiter takes the one free slot at time
  // 0; the other two keep waiting in order.
  const TracedRun run = run_traced(census_only(
      0, 1,
      "    capacity: 2\n    length_of_stay: {distribution: fixed, value: 100}\n"
      "    initial_state: {in_care: 1, waiting: 3, days_in_care: [5], days_waited: [1, 2, 3]}\n"));
  EXPECT_EQ(run.trace,
            "0,0,admitted,0,u,,5\n"  // found in care after 5 days
            "0,0,waitlisted,1,u,,1\n"
            "0,0,waitlisted,2,u,,2\n"
            "0,0,waitlisted,3,u,,3\n"
            "0,0,warmup_end,,,,\n"
            "0,0,admitted,1,u,,3\n");
  EXPECT_EQ(run.result.levels[0].waiting_at_end, 2);
  EXPECT_DOUBLE_EQ(run.result.levels[0].waitlist_area, 2 * 1.0);
}

// Half of all admissions drop out; `drop` and `stay` are the fixed dropout time and completed
// stay. 500 patients in care at time 0, one day simulated.
std::string half_dropouts(const std::string& drop, const std::string& stay) {
  return census_only(
      0, 1,
      "    capacity: 1000\n    length_of_stay: {distribution: fixed, value: " + stay +
          "}\n"
          "    dropout: {probability: 0.5, time: {distribution: fixed, value: " +
          drop + "}}\n    initial_state: {in_care: 500}\n");
}

TEST(InitialState, DropoutShareAmongPatientsInCareIsWeightedByStayLength) {
  // Dropouts stay 0.001 days, completers 10,000: of the patients found in care a share
  // 0.5 x 0.001 / (0.5 x 0.001 + 0.5 x 10000) = 1e-7 are dropouts (0.00005 of 500 expected),
  // not a half. A dropout would leave within 0.001 days.
  const auto short_dropouts = run_traced(half_dropouts("0.001", "10000")).result.levels[0];
  EXPECT_EQ(short_dropouts.dropouts, 0);
  EXPECT_EQ(short_dropouts.completions + short_dropouts.in_care_at_end, 500);
  // The other way round, a share 1 - 1e-7: all 500 are dropouts, each leaving within the day
  // (the rest of a 1-day stay is uniform in it).
  const auto long_dropouts = run_traced(half_dropouts("1", "0.0000001")).result.levels[0];
  EXPECT_EQ(long_dropouts.dropouts, 500);
  EXPECT_EQ(long_dropouts.completions, 0);
  EXPECT_EQ(long_dropouts.in_care_at_end, 0);
}

// Two classes: c0 from stream `a` (given by `a_rate`: its rate keys), which relapses, and c1
// from `b` (1 a day), which does not; 200 patients in care at time 0 and their equilibrium
// relapse pool. The pool's size and relapse days follow the class mix of the census.
std::string two_streams(int horizon_days, const std::string& a_rate, const std::string& b_extra) {
  return "name: mix\nhorizon_days: " + std::to_string(horizon_days) +
         "\nwarmup_days: 0\nreplications: 1\nseed: 5\nclasses: {c0: {}, c1: {}}\n"
         "arrivals:\n  - name: a\n" +
         a_rate +
         "    classes: {c0: 1}\n    entry: {u: 1}\n"
         "  - name: b\n    rate_per_day: 1\n" +
         b_extra +
         "    classes: {c1: 1}\n    entry: {u: 1}\n"
         "levels:\n  u:\n    capacity: 1000\n"
         "    length_of_stay: {distribution: fixed, value: 5}\n"
         "    initial_state: {in_care: 200}\n"
         "relapse:\n  probability: 0.5\n"
         "  time_to_relapse: {distribution: exponential, mean: 30}\n  reentry: {u: 1}\n"
         "  by_class:\n    c1: {probability: 0.0}\n";
}

// The relapse pool placed at time 0: (patient, day of the relapse) of each relapse_due row.
std::vector<std::pair<std::uint32_t, double>> initial_pool(const std::string& text) {
  std::vector<std::pair<std::uint32_t, double>> pool;
  for (const TraceRecord& r :
       testing::run_traced(text, 0, {.record_daily = false}, "mix.yaml").trace)
    if (r.event == TraceEvent::kRelapseDue && r.time == 0) pool.emplace_back(r.patient, r.value);
  return pool;
}

// 0.01 a day for the first 10 days, then 10 a day (review F5).
constexpr const char* kScheduleFromLow =
    "    schedule:\n      - {from_day: 0, to_day: 10, rate_per_day: 0.01}\n"
    "      - {from_day: 10, to_day: 400, rate_per_day: 10}\n";

TEST(InitialState, MixOfAScheduledStreamIsItsRateAtTimeZeroWhateverTheHorizon) {
  // The census's classes (hence the relapse pool) weigh the scheduled stream at its rate at time
  // 0 (0.01), not at its mean over the horizon (9.75 over 400 days, 0.01 over 5): the same pool
  // with either horizon, and the same as a stream at 0.01 a day throughout.
  const auto short_run = initial_pool(two_streams(5, kScheduleFromLow, ""));
  const auto long_run = initial_pool(two_streams(400, kScheduleFromLow, ""));
  const auto flat = initial_pool(two_streams(400, "    rate_per_day: 0.01\n", ""));
  EXPECT_EQ(short_run, long_run);
  EXPECT_EQ(long_run, flat);
  // About 200 x 0.01 / 1.01 patients of c0, 0.5 x 2 / 5 x 30 = 6 in the pool: few, not ~100.
  EXPECT_LT(long_run.size(), 30u);
}

TEST(InitialState, AStreamStartingLaterHasNoShareOfTheCensus) {
  // `a` starts on day 10: nobody in care at time 0 came from it, so no c0 and no relapse pool.
  EXPECT_TRUE(
      initial_pool(two_streams(100, "    rate_per_day: 10\n    start_day: 10\n", "")).empty());
  // When no stream refers at time 0, each weighs its rate when it first refers: 10 to 1, so
  // about 200 x 10 / 11 x 0.5 / 5 x 30 = 545 in the pool.
  const auto pool = initial_pool(
      two_streams(100, "    rate_per_day: 10\n    start_day: 10\n", "    start_day: 3\n"));
  EXPECT_GT(pool.size(), 400u);
  EXPECT_LT(pool.size(), 700u);
}

TEST(InitialState, PayerMixOfAScheduledStreamIsItsRateAtTimeZeroWhateverTheHorizon) {
  // 100 in care for 1000 more days each, full: the census never changes, so a payer's
  // patient-days are the horizon times its patients in the census. Medicaid from `a` (0.01 a day
  // on days 0-10, then 10), commercial from `b` (1 a day): about 1 in 100 on medicaid with
  // either horizon (not 90 as `a`'s mean rate over 400 days would make it).
  auto payer_days = [](int horizon_days) {
    std::string zeros;
    for (int i = 0; i < 100; ++i)
      zeros += i == 0 ? "0" : ", 0";
    const std::string text =
        "name: payers\nhorizon_days: " + std::to_string(horizon_days) +
        "\nwarmup_days: 0\nreplications: 1\nseed: 2\n"
        "payers:\n  medicaid: {}\n  commercial: {}\n"
        "arrivals:\n  - name: a\n" +
        std::string(kScheduleFromLow) +
        "    payers: {medicaid: 1}\n    entry: {u: 1}\n"
        "  - name: b\n    rate_per_day: 1\n    payers: {commercial: 1}\n    entry: {u: 1}\n"
        "levels:\n  u:\n    capacity: 100\n"
        "    length_of_stay: {distribution: fixed, value: 1000}\n"
        "    initial_state: {in_care: 100, days_in_care: [" +
        zeros + "]}\n";
    return testing::run_traced(text, 0, {.record_daily = false}, "payers.yaml").result.payer_days;
  };
  const auto short_run = payer_days(5);
  const auto long_run = payer_days(400);
  ASSERT_EQ(short_run.size(), 2u);
  ASSERT_EQ(long_run.size(), 2u);
  EXPECT_EQ(short_run[0] + short_run[1], 500.0);
  EXPECT_EQ(short_run[0] / 5, long_run[0] / 400);
  EXPECT_EQ(short_run[1] / 5, long_run[1] / 400);
  EXPECT_LT(long_run[0] / 400, 10.0);
}

}  // namespace
}  // namespace continuum
