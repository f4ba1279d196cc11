// The cascade metrics on hand-traced deterministic cases: linkage after completing (within 14
// and 30 days), readmission to the level left (within 30 and 90 days), and the earlier
// admissions of each admission, with the censoring at the horizon.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "continuum/config/load.hpp"
#include "continuum/experiment/runner.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

double metric(const Summary& s, std::size_t level, LevelMetric m) {
  return s.level_metric(level, m).mean;
}

// Referrals at days 10, 20, ... 90 to A (one slot, 5 days), all routed on to B (one slot, 20
// days). A discharges at 15, 25, ..., 95; B admits them at 15, 35, 55, 75, 95 ... -- waits 0,
// 10, 20, 30, 40, ... (B frees a slot every 20 days, a patient comes every 10).
// Within 14 days: the discharges of days 15 and 25 (waits 0, 10), of the 8 discharges at least
// 14 days before the horizon (15 .. 85): 2/8. Within 30 days: 15, 25, 35, 45 (waits 0 .. 30) of
// the 6 discharges at least 30 days before it (15 .. 65): 4/6.
TEST(Cascade, LinkageAfterCompletingIsCountedWithinTheFollowUp) {
  const Scenario s = load_scenario_text(
      "name: c\nhorizon_days: 100\nreplications: 1\narrivals:\n  - name: a\n"
      "    interarrival: {distribution: fixed, value: 10}\n    entry: {A: 1}\nlevels:\n"
      "  A:\n    capacity: 1\n    length_of_stay: {distribution: fixed, value: 5}\n"
      "    next: {B: 1}\n  B:\n    capacity: 1\n"
      "    length_of_stay: {distribution: fixed, value: 20}\n",
      "c.yaml");
  const Summary summary = testing::run_summary(s);
  EXPECT_DOUBLE_EQ(metric(summary, 0, LevelMetric::kLinkedWithin14DaysFraction), 2.0 / 8);
  EXPECT_DOUBLE_EQ(metric(summary, 0, LevelMetric::kLinkedWithin30DaysFraction), 4.0 / 6);
  // B's completers leave care (none routed on): undefined, not zero.
  EXPECT_TRUE(std::isnan(metric(summary, 1, LevelMetric::kLinkedWithin14DaysFraction)));
  // Every admission to B had one earlier admission (to A); every one to A none.
  EXPECT_DOUBLE_EQ(metric(summary, 0, LevelMetric::kPriorEpisodes0Fraction), 1.0);
  EXPECT_DOUBLE_EQ(metric(summary, 1, LevelMetric::kPriorEpisodes1Fraction), 1.0);
  EXPECT_DOUBLE_EQ(metric(summary, 1, LevelMetric::kPriorEpisodes0Fraction), 0.0);
}

// One patient, waiting at day 0 (admitted at once), stays 5 days, leaves care and relapses 40
// days later back into A: admissions at 0, 45, 90, 135, 180, departures at 5, 50, 95, 140, 185.
// Within 30 days: none of the 4 departures at least 30 days before the horizon (5 .. 140).
// Within 90 days: all 3 departures at least 90 days before it (5, 50, 95). The admissions had
// 0, 1, 2, 3 and 4 earlier ones.
TEST(Cascade, ReadmissionsAndEarlierAdmissionsOfOneRelapsingPatient) {
  const Scenario s = load_scenario_text(
      "name: r\nhorizon_days: 200\nreplications: 1\narrivals:\n  - name: a\n"
      "    interarrival: {distribution: fixed, value: 36500}\n    entry: {A: 1}\nlevels:\n"
      "  A:\n    capacity: unlimited\n    length_of_stay: {distribution: fixed, value: 5}\n"
      "    initial_state: {waiting: 1}\nrelapse:\n  probability: 0.999999\n"
      "  time_to_relapse: {distribution: fixed, value: 40}\n  reentry: {A: 1}\n",
      "r.yaml");
  const Summary summary = testing::run_summary(s);
  EXPECT_DOUBLE_EQ(metric(summary, 0, LevelMetric::kReadmittedWithin30DaysFraction), 0.0);
  EXPECT_DOUBLE_EQ(metric(summary, 0, LevelMetric::kReadmittedWithin90DaysFraction), 1.0);
  for (LevelMetric m : {LevelMetric::kPriorEpisodes0Fraction, LevelMetric::kPriorEpisodes1Fraction,
                        LevelMetric::kPriorEpisodes2Fraction, LevelMetric::kPriorEpisodes3Fraction,
                        LevelMetric::kPriorEpisodes4Fraction})
    EXPECT_DOUBLE_EQ(metric(summary, 0, m), 0.2) << metric_info(m).name;
  EXPECT_DOUBLE_EQ(metric(summary, 0, LevelMetric::kPriorEpisodes5OrMoreFraction), 0.0);
}

// Readmission is judged on the patient's return to care before it leaves care again
// (docs/outputs.md): one patient (found waiting at A at day 0), stays of 5 days at A and B, every
// departure relapsing 10 days later, from A into B, from B into A. Admissions to A at 0, 30, 60,
// ..., to B at 15, 45, ...; each return to A comes 25 days after leaving A but after a
// departure from B: no readmission, within 30 or 90 days, at either level (the 6 departures
// from A at least 30 days before the horizon, 5 .. 155, are all judged).
// With B's completers routed on to A (`next`), the return to care passes through B without
// leaving it: A [0, 5], B [15, 20], A [20, 25], B [35, 40], ...: every departure from A (5, 25,
// ...) is readmitted to A 15 days later.
TEST(Cascade, ReadmissionIsJudgedBeforeTheNextDeparture) {
  const std::string text =
      "name: r\nhorizon_days: 200\nreplications: 1\narrivals:\n  - name: a\n"
      "    interarrival: {distribution: fixed, value: 36500}\n    entry: {A: 1}\nlevels:\n"
      "  A:\n    capacity: unlimited\n    length_of_stay: {distribution: fixed, value: 5}\n"
      "    initial_state: {waiting: 1}\n    relapse: {reentry: {B: 1}}\n"
      "  B:\n    capacity: unlimited\n    length_of_stay: {distribution: fixed, value: 5}\n"
      "relapse:\n  probability: 0.999999\n"
      "  time_to_relapse: {distribution: fixed, value: 10}\n  reentry: {A: 1}\n";
  const Summary via_departure = testing::run_summary(load_scenario_text(text, "r.yaml"));
  for (std::size_t level : {0u, 1u}) {
    EXPECT_DOUBLE_EQ(metric(via_departure, level, LevelMetric::kReadmittedWithin30DaysFraction),
                     0.0);
    EXPECT_DOUBLE_EQ(metric(via_departure, level, LevelMetric::kReadmittedWithin90DaysFraction),
                     0.0);
  }
  std::string routed = text;
  routed.replace(routed.find("relapse:\n  probability"), 0, "    next: {A: 1}\n");
  const Summary via_b = testing::run_summary(load_scenario_text(routed, "r.yaml"));
  EXPECT_DOUBLE_EQ(metric(via_b, 0, LevelMetric::kReadmittedWithin30DaysFraction), 1.0);
  EXPECT_DOUBLE_EQ(metric(via_b, 0, LevelMetric::kReadmittedWithin90DaysFraction), 1.0);
  // Nobody leaves care from B: undefined.
  EXPECT_TRUE(std::isnan(metric(via_b, 1, LevelMetric::kReadmittedWithin30DaysFraction)));
}

}  // namespace
}  // namespace continuum
