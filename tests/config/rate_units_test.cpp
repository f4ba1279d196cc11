// Referral rates per week and per year (converted exactly: 7 and kDaysPerYear days), exactly one
// rate key, and a level's unit (beds or slots, by default from its name).
#include <gtest/gtest.h>

#include <string>

#include "continuum/config/load.hpp"
#include "continuum/core/diagnostics.hpp"
#include "continuum/core/units.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

std::string error_of(const std::string& text) {
  return testing::load_error(text, "rates.yaml");
}

std::string scenario(const std::string& rate, const std::string& extra = "") {
  return "name: rates\nhorizon_days: 100\narrivals:\n  - {name: community, " + rate +
         ", entry: {detox: 1}}\nlevels:\n  detox: {capacity: 10, length_of_stay: "
         "{distribution: fixed, value: 5}}\n  outpatient_iop: {capacity: 20, length_of_stay: "
         "{distribution: fixed, value: 5}" +
         extra + "}\n";
}

TEST(RateUnits, PerWeekAndPerYearAreConvertedExactly) {
  EXPECT_EQ(load_scenario_text(scenario("rate_per_week: 70"), "r.yaml").arrivals[0].rate_per_day,
            10.0);
  EXPECT_EQ(load_scenario_text(scenario("rate_per_year: 730"), "r.yaml").arrivals[0].rate_per_day,
            730 / kDaysPerYear);
  EXPECT_EQ(load_scenario_text(scenario("rate_per_year: 730"), "r.yaml").arrivals[0].rate_per_day,
            2.0);
  EXPECT_EQ(load_scenario_text(scenario("rate_per_day: 3"), "r.yaml").arrivals[0].rate_per_day,
            3.0);
}

TEST(RateUnits, ScheduleAndChangesTakeThemToo) {
  const std::string text =
      "name: rates\nhorizon_days: 100\narrivals:\n  - name: community\n    schedule:\n"
      "      - {from_day: 0, to_day: 50, rate_per_week: 14}\n"
      "      - {from_day: 50, to_day: 100, rate_per_year: 1460}\n"
      "    entry: {detox: 1}\n  - {name: walk_in, rate_per_day: 1, entry: {detox: 1}}\n"
      "levels:\n  detox: {capacity: 10, length_of_stay: {distribution: fixed, value: 5}}\n"
      "changes:\n  - {day: 20, set: {arrivals.walk_in.rate_per_week: 21}}\n";
  const Scenario s = load_scenario_text(text, "r.yaml");
  ASSERT_EQ(s.arrivals[0].schedule.size(), 2u);
  EXPECT_EQ(s.arrivals[0].schedule[0].rate_per_day, 2.0);
  EXPECT_EQ(s.arrivals[0].schedule[1].rate_per_day, 4.0);
  ASSERT_EQ(s.changes.size(), 1u);
  EXPECT_EQ(s.changes[0].settings[0].value, 3.0);
}

TEST(RateUnits, ExactlyOneRateKey) {
  EXPECT_EQ(error_of(scenario("rate_per_day: 1, rate_per_week: 7")),
            "rates.yaml:4:55: error: arrivals[0]: give one of rate_per_day, rate_per_week and "
            "rate_per_year (got rate_per_day and rate_per_week)");
  // The limits in the key's own unit: at most 10000 a day is 70000 a week.
  EXPECT_EQ(error_of(scenario("rate_per_week: 0")),
            "rates.yaml:4:38: error: arrivals[0].rate_per_week: must be greater than 0 (got 0)");
}

// A rate above 0 so small (a subnormal) that its mean gap 1/rate overflows is refused where it
// is written, in every unit and place a rate is taken (it used to echo as
// "exponential(mean=inf)" in summary.json).
TEST(RateUnits, ARateWithoutAFiniteMeanGapIsRefused) {
  EXPECT_EQ(error_of(scenario("rate_per_day: 1e-320")),
            "rates.yaml:4:37: error: arrivals[0].rate_per_day: must be large enough for its mean "
            "gap 1/rate to be finite (got 1e-320)");
  // 1e-306 a year is 2.7e-309 a day: 1/rate overflows; the message keeps the key's unit.
  EXPECT_EQ(error_of(scenario("rate_per_year: 1e-306")),
            "rates.yaml:4:38: error: arrivals[0].rate_per_year: must be large enough for its mean "
            "gap 1/rate to be finite (got 1e-306)");
  // The smallest normal double's gap is finite: allowed.
  EXPECT_EQ(load_scenario_text(scenario("rate_per_day: 1e-300"), "r.yaml").arrivals[0].rate_per_day,
            1e-300);
  const std::string base =
      "name: rates\nhorizon_days: 100\narrivals:\n  - {name: walk_in, rate_per_day: 1, entry: "
      "{detox: 1}}\nlevels:\n  detox: {capacity: 10, length_of_stay: {distribution: fixed, "
      "value: 5}}\n";
  EXPECT_EQ(error_of(base + "changes:\n  - {day: 20, set: {arrivals.walk_in.rate_per_day: "
                            "4e-320}}\n"),
            "rates.yaml:8:52: error: changes[0].set.arrivals.walk_in.rate_per_day: must be large "
            "enough for its mean gap 1/rate to be finite (got 4e-320)");
  EXPECT_EQ(error_of(base + "changes:\n  - {day: 20, set: {arrivals.walk_in.rate_per_week: "
                            "1e-310}}\n"),
            "rates.yaml:8:53: error: changes[0].set.arrivals.walk_in.rate_per_week: must be large "
            "enough for its mean gap 1/rate to be finite (got 1e-310)");
  // A schedule's piece.
  EXPECT_EQ(error_of("name: rates\nhorizon_days: 100\narrivals:\n  - name: community\n"
                     "    schedule:\n      - {from_day: 0, to_day: 100, rate_per_day: 1e-320}\n"
                     "    entry: {detox: 1}\nlevels:\n  detox: {capacity: 10, length_of_stay: "
                     "{distribution: fixed, value: 5}}\n"),
            "rates.yaml:6:50: error: arrivals[0].schedule[0].rate_per_day: must be large enough "
            "for its mean gap 1/rate to be finite (got 1e-320)");
}

TEST(LevelUnits, DefaultByNameAndGiven) {
  const Scenario s = load_scenario_text(scenario("rate_per_day: 1"), "u.yaml");
  EXPECT_EQ(s.levels[0].unit, "beds");   // detox
  EXPECT_EQ(s.levels[1].unit, "slots");  // outpatient_iop
  const Scenario given = load_scenario_text(scenario("rate_per_day: 1", ", unit: beds"), "u.yaml");
  EXPECT_EQ(given.levels[1].unit, "beds");
  EXPECT_EQ(default_unit("Residential-North"), "beds");
  EXPECT_EQ(default_unit("crisis_stabilization"), "beds");
  EXPECT_EQ(default_unit("php"), "slots");
}

}  // namespace
}  // namespace continuum
