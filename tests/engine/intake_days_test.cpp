// Intake days (levels.L.intake_days): admissions only on open intake days, each patient's wait
// checked exactly against hand-worked weeks from the trace; holidays skip an intake day; the
// weekdays of the calendar (dated, undated, with a warm-up); and the day-boundary mode.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "continuum/config/load.hpp"
#include "continuum/engine/engine.hpp"
#include "continuum/model/calendar.hpp"
#include "continuum/output/daily_csv.hpp"
#include "continuum/output/html_report.hpp"
#include "continuum/output/summary_json.hpp"
#include "continuum/stats/trace.hpp"
#include "engine_trace.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

struct Admission {
  std::uint32_t patient;
  double time;  // window day
  double wait;
  bool operator==(const Admission&) const = default;
};

void PrintTo(const Admission& a, std::ostream* os) {
  *os << "{patient " << a.patient << " at " << a.time << " waited " << a.wait << "}";
}

std::vector<Admission> admissions(const std::string& yaml, ReplicationResult* result = nullptr) {
  const testing::Traced run = testing::run_traced(yaml);
  if (result) *result = run.result;
  std::vector<Admission> out;
  for (const TraceRecord& rec : testing::records_of(run.trace, TraceEvent::kAdmitted))
    out.push_back({rec.patient, rec.time, rec.value});
  return out;
}

// One level, fixed referrals every `gap` days, fixed stays; intake on Mondays.
std::string scenario(const std::string& head, double gap, int capacity, double stay,
                     const std::string& level_extra = "") {
  return "name: intake\nhorizon_days: 40\nreplications: 1\n" + head +
         "arrivals:\n  - name: a\n    interarrival: {distribution: fixed, value: " +
         std::to_string(gap) +
         "}\n    entry: {iop: 1}\nlevels:\n  iop:\n    capacity: " + std::to_string(capacity) +
         "\n    length_of_stay: {distribution: fixed, value: " + std::to_string(stay) +
         "}\n    intake_days: [Mon]\n" + level_extra;
}

// Undated: window day 0 is a Monday, so days 0, 7, 14, ... are. Two slots, stays of 10 days,
// referrals every 3 days (3, 6, 9, ...):
//   3 (Thu), 6 (Sun): slots free but no intake -> waitlist; Monday 7: both admitted (waits 4,
//   1), discharged on day 17 (Wed): the slots stay empty. 9, 12, 15, 18 wait; Monday 14 has no
//   free slot; Monday 21: patients 2 and 3 (waits 12, 9) -- the referral of day 21 itself comes
//   before the intake event and queues behind them. Discharged 31 (Thu); Monday 28 full; Monday
//   35: patients 4 and 5 (referred 15 and 18: waits 20 and 17).
TEST(IntakeDays, MondayIntakesWithTwoSlotsGiveTheHandWorkedWaits) {
  const std::vector<Admission> got = admissions(scenario("", 3, 2, 10));
  const std::vector<Admission> want = {{0, 7, 4},  {1, 7, 1},   {2, 21, 12},
                                       {3, 21, 9}, {4, 35, 20}, {5, 35, 17}};
  EXPECT_EQ(got, want);
}

// One slot, stays of 2 days, referrals every 7.5 days: 7.5 is on Monday 7 with the slot free,
// admitted at once (wait 0; intake days admit as without them); 15 (Tue) waits for Monday 21
// (6); 22.5 (Tue) for Monday 28 (5.5); 30 (Wed) for Monday 35 (5); 37.5 (Wed) past the horizon.
TEST(IntakeDays, AReferralOnAnIntakeDayWithAFreeSlotIsAdmittedAtOnce) {
  const std::vector<Admission> want = {{0, 7.5, 0}, {1, 21, 6}, {2, 28, 5.5}, {3, 35, 5}};
  EXPECT_EQ(admissions(scenario("", 7.5, 1, 2)), want);
}

// The same, dated from Monday 2027-01-04 with Monday 2027-01-11 (window day 7) a holiday: the
// first patient (7.5) waits for Monday 14 (6.5) and stays to 16; the second, referred on 15,
// finds the slot freed on 16 (Sat) and waits for Monday 21 (6); then as before.
TEST(IntakeDays, AHolidayMondayMovesTheIntakeToTheNextMonday) {
  const std::string head = "calendar:\n  start_date: 2027-01-04\n  holidays: [2027-01-11]\n";
  const std::vector<Admission> want = {{0, 14, 6.5}, {1, 21, 6}, {2, 28, 5.5}, {3, 35, 5}};
  EXPECT_EQ(admissions(scenario(head, 7.5, 1, 2)), want);
}

// A warm-up of 10 days: run day 10 is window day 0, a Monday (undated), so the run's Mondays
// are run days 3, 10, 17, ... = window days -7, 0, 7. Referrals every 7.5 run days: 7.5 (window
// -2.5) waits for window day 0 (2.5), 15 (window 5) for window 7 (2), 22.5 (12.5) for 14 (1.5),
// 30 (20) for 21 (1), 37.5 (27.5) for 28 (0.5), 45 (35) for 35 (0), 52.5 (42.5) past the horizon.
TEST(IntakeDays, WarmUpDaysKeepWindowDayZeroAMonday) {
  const std::vector<Admission> want = {{0, 0, 2.5}, {1, 7, 2},    {2, 14, 1.5},
                                       {3, 21, 1},  {4, 28, 0.5}, {5, 35, 0}};
  EXPECT_EQ(admissions(scenario("warmup_days: 10\n", 7.5, 1, 2)), want);
}

// The initial waitlist (3 waiting, one slot) is offered on day 0, a Monday: one admitted. A
// capacity raised to 3 on a Wednesday (day 2) waits for Monday 7, when the other two are admitted.
TEST(IntakeDays, ACapacityRaisedOnAnotherDayWaitsForTheIntakeDay) {
  const std::string yaml =
      "name: intake\nhorizon_days: 10\nreplications: 1\n"
      "arrivals:\n  - name: a\n    interarrival: {distribution: fixed, value: 1000}\n"
      "    entry: {iop: 1}\nlevels:\n  iop:\n    capacity: 1\n"
      "    length_of_stay: {distribution: fixed, value: 100}\n    intake_days: [Mon]\n"
      "    initial_state: {in_care: 0, waiting: 3}\n"
      "changes:\n  - {day: 2, set: {levels.iop.capacity: 3}}\n";
  const std::vector<Admission> got = admissions(yaml);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].time, 0);
  EXPECT_EQ(got[1].time, 7);
  EXPECT_EQ(got[2].time, 7);
}

// Classes: two slots, one reserved for the priority class b. Class a is referred on days 2, 4,
// 6, 8 (patients 0, 1, 3, 4), class b on day 5 (patient 2). Without intake days a would be
// admitted on day 2 and b on day 5; with Monday intakes both slots wait for day 7, where the
// waitlist's order gives the reserved slot to b (wait 2) and the other to the first a (wait 5).
TEST(IntakeDays, ClassesAndReservedSlotsOnTheIntakeDay) {
  const std::string yaml =
      "name: classes\nhorizon_days: 10\nreplications: 1\n"
      "classes:\n  a: {}\n  b: {priority: 1}\n"
      "arrivals:\n  - name: sa\n    interarrival: {distribution: fixed, value: 2}\n"
      "    entry: {iop: 1}\n    classes: {a: 1}\n"
      "  - name: sb\n    interarrival: {distribution: fixed, value: 5}\n"
      "    entry: {iop: 1}\n    classes: {b: 1}\n"
      "levels:\n  iop:\n    capacity: 2\n    reserved: {b: 1}\n"
      "    length_of_stay: {distribution: fixed, value: 100}\n    intake_days: [Mon]\n";
  const std::vector<Admission> want = {{2, 7, 2}, {0, 7, 5}};
  EXPECT_EQ(admissions(yaml), want);
}

// hold_while_waiting into a level with Monday intakes: A (one slot, 2 days, no intake days)
// routes to B (one slot, 3 days, Mondays), holding A's slot. Referrals every 4 days:
//   P0: A at 4, done 6 (Sun), holds A; B admits it Monday 7 (wait 1), freeing A.
//   P1: A at 8 (free), done 10 (Thu; B was freed at 10 but admits nobody until Monday 14), holds.
//   P2: referred 12, waits for A; Monday 14: B takes P1 (4), A's slot goes to P2 (2).
//   P3 (16) and P4 (20) wait for A; Monday 21: B takes P2 (5), A takes P3 (5); Monday 28: B
//   takes P3 (5), A takes P4 (8); Monday 35: B takes P4 (5), A takes P5 (referred 24: 11).
TEST(IntakeDays, HeldPatientsKeepTheirSlotUntilTheIntakeDay) {
  const std::string yaml =
      "name: hold\nhorizon_days: 40\nreplications: 1\n"
      "arrivals:\n  - name: a\n    interarrival: {distribution: fixed, value: 4}\n"
      "    entry: {A: 1}\nlevels:\n  A:\n    capacity: 1\n"
      "    length_of_stay: {distribution: fixed, value: 2}\n    next: {B: 1}\n"
      "    hold_while_waiting: true\n  B:\n    capacity: 1\n"
      "    length_of_stay: {distribution: fixed, value: 3}\n    intake_days: [Mon]\n";
  const std::vector<Admission> want = {{0, 4, 0},  {0, 7, 1},  {1, 8, 0},  {1, 14, 4},
                                       {2, 14, 2}, {2, 21, 5}, {3, 21, 5}, {3, 28, 5},
                                       {4, 28, 8}, {4, 35, 5}, {5, 35, 11}};
  EXPECT_EQ(admissions(yaml), want);
}

// Day-boundary mode: a joiner of day t is admitted on day t + 1 at the earliest, and only on a
// Monday. One slot, stays of 2 days, referrals every 5 days (5, 10, 15, 20, 25, 30, 35):
// 5 -> Monday 7 (2); 10 -> 14 (4); 15 -> 21 (6); 20 -> 28 (8; the slot is taken 21..23, free
// but closed 23..28); 25 -> 35 (10).
TEST(IntakeDays, DayStepAdmitsOnlyAtIntakeBoundaries) {
  const std::vector<Admission> want = {{0, 7, 2}, {1, 14, 4}, {2, 21, 6}, {3, 28, 8}, {4, 35, 10}};
  EXPECT_EQ(admissions(scenario("time_step_days: 1\n", 5, 1, 2)), want);
}

// The calendar's weekdays: 2027-01-04 is a Monday; with a warm-up of 10 days run day 10 is
// window day 0 (that Monday) and run day 0 the Friday 2026-12-25 before it; undated, window day
// 0 is a Monday whatever the warm-up.
TEST(IntakeDays, CalendarWeekdays) {
  const CalendarSpec spec{.pos = {}, .start_date = *parse_date("2027-01-04"), .holidays = {}};
  const Calendar dated(spec, 10);
  EXPECT_EQ(dated.weekday(10), 0);
  EXPECT_EQ(dated.weekday(0), 4);
  EXPECT_EQ(dated.date_of_window_day(0), "2027-01-04");
  EXPECT_EQ(dated.date_of_window_day(-10), "2026-12-25");
  const Calendar undated(std::nullopt, 10);
  EXPECT_EQ(undated.weekday(10), 0);
  EXPECT_EQ(undated.weekday(0), 4);
  EXPECT_EQ(Calendar(std::nullopt, 0).weekday(0), 0);
  EXPECT_EQ(undated.date_of_window_day(0), "");
  // Mondays only, from run day 11 (a Tuesday): the next is run day 17.
  EXPECT_EQ(dated.next_open(11, 1), 17);
}

// A dated scenario's outputs: daily.csv has the date of each window day after `day`,
// summary.json the window's first and last dates, the report's daily series its start date;
// the same scenario undated has none of them.
TEST(IntakeDays, DatedOutputs) {
  const std::string dated = scenario(
      "warmup_days: 3\ncalendar:\n  start_date: 2027-12-30\n  holidays: [2028-01-03]\n", 7.5, 1, 2);
  const Scenario s = load_scenario_text(dated, "dated.yaml");
  const Summary summary = testing::run_summary(s, true);
  ASSERT_EQ(summary.days, 40u);
  const std::string csv = daily_csv(s, summary);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "day,date,level,census_mean,census_p10,census_p90,waitlist_mean,waitlist_p10,"
            "waitlist_p90");
  EXPECT_NE(csv.find("\n0,2027-12-30,iop,"), std::string::npos);
  EXPECT_NE(csv.find("\n2,2028-01-01,iop,"), std::string::npos);
  EXPECT_NE(csv.find("\n39,2028-02-07,iop,"), std::string::npos);
  const auto j = summary_json(s, summary);
  EXPECT_EQ(j["calendar"]["start_date"], "2027-12-30");
  EXPECT_EQ(j["calendar"]["end_date"], "2028-02-07");
  EXPECT_EQ(j["calendar"]["holidays"].dump(), "[\"2028-01-03\"]");
  EXPECT_EQ(j["scenario"]["levels"]["iop"]["intake_days"].dump(), "[\"Mon\"]");
  EXPECT_EQ(daily_report_json(s, summary)["start_date"], "2027-12-30");

  const Scenario u = load_scenario_text(scenario("warmup_days: 3\n", 7.5, 1, 2), "u.yaml");
  const Summary us = testing::run_summary(u, true);
  const std::string ucsv = daily_csv(u, us);
  EXPECT_EQ(ucsv.substr(0, ucsv.find('\n')),
            "day,level,census_mean,census_p10,census_p90,waitlist_mean,waitlist_p10,"
            "waitlist_p90");
  EXPECT_NE(ucsv.find("\n0,iop,"), std::string::npos);
  EXPECT_FALSE(summary_json(u, us).contains("calendar"));
  EXPECT_FALSE(daily_report_json(u, us).contains("start_date"));
}

}  // namespace
}  // namespace continuum
