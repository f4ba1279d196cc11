// Settings by path: the one parser and table of limits behind `changes:`, `sweep --set` and
// `size`, with their exact messages, and the bounds table's wording.
#include "continuum/model/setting_path.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>

#include "continuum/config/load.hpp"
#include "continuum/experiment/sizing.hpp"
#include "continuum/experiment/sweep_axis.hpp"
#include "continuum/model/capacity.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

// Levels detox and iop; a Poisson stream "community" and a stream "court" given by interarrival.
Scenario two_levels() {
  Scenario s;
  s.levels.resize(2);
  s.levels[0].name = "detox";
  s.levels[0].capacity = 10;
  s.levels[1].name = "iop";
  s.levels[1].capacity = 40;
  s.arrivals.resize(2);
  s.arrivals[0].name = "community";
  s.arrivals[0].rate_per_day = 2;
  s.arrivals[0].interarrival = Exponential{0.5};
  s.arrivals[1].name = "court";
  s.arrivals[1].poisson = false;
  s.arrivals[1].interarrival = Fixed{1};
  return s;
}

std::string error_of(const std::string& path) {
  const ParsedSettingPath parsed = parse_setting_path(path, two_levels());
  EXPECT_FALSE(parsed.path) << path;
  return parsed.error;
}

TEST(SettingPath, ParsesLevelCapacityAndStreamRate) {
  const Scenario s = two_levels();
  const auto capacity = parse_setting_path("levels.iop.capacity", s);
  ASSERT_TRUE(capacity.path);
  EXPECT_EQ(capacity.path->kind, Setting::Kind::kLevelCapacity);
  EXPECT_EQ(capacity.path->index, 1);
  EXPECT_EQ(capacity.error, "");
  const auto rate = parse_setting_path("arrivals.community.rate_per_day", s);
  ASSERT_TRUE(rate.path);
  EXPECT_EQ(rate.path->kind, Setting::Kind::kArrivalRate);
  EXPECT_EQ(rate.path->index, 0);
}

TEST(SettingPath, NameMayHoldDots) {
  Scenario s = two_levels();
  s.levels[0].name = "detox.north";
  const auto parsed = parse_setting_path("levels.detox.north.capacity", s);
  ASSERT_TRUE(parsed.path);
  EXPECT_EQ(parsed.path->index, 0);
}

TEST(SettingPath, UnknownLevel) {
  EXPECT_EQ(error_of("levels.nowhere.capacity"), "no level 'nowhere'");
  EXPECT_EQ(error_of("levels.iopp.capacity"), "no level 'iopp' (did you mean 'iop'?)");
}

TEST(SettingPath, UnknownStream) {
  EXPECT_EQ(error_of("arrivals.comunity.rate_per_day"),
            "no arrival stream 'comunity' (did you mean 'community'?)");
  EXPECT_EQ(error_of("arrivals.court.rate_per_day"),
            "the stream 'court' is given by interarrival; only streams given by rate_per_day "
            "can change rate");
}

TEST(SettingPath, UnknownField) {
  EXPECT_EQ(error_of("levels.iop.capasity"),
            "unknown field 'capasity' (did you mean 'capacity'?); can set "
            "levels.<level>.capacity or arrivals.<stream>.rate_per_day");
  EXPECT_EQ(error_of("levels.iop.beds"),
            "unknown field 'beds'; can set levels.<level>.capacity or "
            "arrivals.<stream>.rate_per_day");
  const std::string settable = "can set levels.<level>.capacity or arrivals.<stream>.rate_per_day";
  EXPECT_EQ(error_of("staff.nurse.fte"), settable);
  EXPECT_EQ(error_of("levels"), settable);
  EXPECT_EQ(error_of("levels.capacity"), settable);
  EXPECT_EQ(error_of("levels..capacity"), settable);
}

TEST(SettingPath, ValueLimits) {
  const SettingPath capacity{Setting::Kind::kLevelCapacity, 1};
  const SettingPath rate{Setting::Kind::kArrivalRate, 0};
  EXPECT_EQ(setting_value_problem(capacity, -1), "must be at least 0 (got -1)");
  EXPECT_EQ(setting_value_problem(capacity, 2e6), "must be at most 1000000 (got 2e+06)");
  EXPECT_EQ(setting_value_problem(capacity, 2.5), "expected a whole number (got 2.5)");
  EXPECT_EQ(setting_value_problem(capacity, 0), "");  // a level may be closed
  EXPECT_EQ(setting_value_problem(capacity, 1e6), "");
  EXPECT_EQ(setting_value_problem(rate, -0.5), "must be at least 0 (got -0.5)");
  EXPECT_EQ(setting_value_problem(rate, 2e5), "must be at most 100000 (got 200000)");
  EXPECT_EQ(setting_value_problem(rate, 0), "");  // a stream may be stopped
  EXPECT_EQ(setting_value_problem(rate, 2.5), "");
}

TEST(SettingPath, ApplySetsTheValueOrSaysWhyNot) {
  Scenario s = two_levels();
  EXPECT_EQ(apply_setting_path(s, "levels.iop.capacity", 0), "");
  EXPECT_EQ(s.levels[1].capacity, 0);
  EXPECT_EQ(apply_setting_path(s, "arrivals.community.rate_per_day", 4), "");
  EXPECT_EQ(s.arrivals[0].rate_per_day, 4);
  EXPECT_EQ(mean_of(s.arrivals[0].interarrival), 0.25);
  // Rate 0 stops the stream; the gap distribution keeps its last (valid) mean.
  EXPECT_EQ(apply_setting_path(s, "arrivals.community.rate_per_day", 0), "");
  EXPECT_EQ(s.arrivals[0].rate_per_day, 0);
  EXPECT_EQ(mean_of(s.arrivals[0].interarrival), 0.25);
  EXPECT_EQ(apply_setting_path(s, "levels.detox.capacity", 10.5),
            "expected a whole number (got 10.5)");
  EXPECT_EQ(s.levels[0].capacity, 10);  // unchanged
}

TEST(SettingPath, CapacityMayNotFallBelowTheReservedSlots) {
  Scenario s = two_levels();
  s.levels[0].reserved = {0, 3, 2};  // three classes: 5 slots reserved at detox
  EXPECT_EQ(apply_setting_path(s, "levels.detox.capacity", 4),
            "5 reserved slots exceed a capacity of 4");
  EXPECT_EQ(s.levels[0].capacity, 10);  // unchanged
  EXPECT_EQ(apply_setting_path(s, "levels.detox.capacity", 5), "");
  EXPECT_EQ(s.levels[0].capacity, 5);
  EXPECT_EQ(apply_setting_path(s, "levels.iop.capacity", 0), "");  // nothing reserved there
}

// The patients found in care need their slots from time 0 (the loader's rule for the file's
// capacity): a swept capacity (apply_setting_path, the sweep's apply_setting) is held to it; a
// dated change may still cut below the census (the patients stay, as after any capacity cut).
TEST(SettingPath, StartingCapacityHoldsThePatientsFoundInCare) {
  Scenario s = two_levels();
  s.levels[0].initial_state.emplace();
  s.levels[0].initial_state->in_care = 8;
  const SettingPath detox{Setting::Kind::kLevelCapacity, 0};
  EXPECT_FALSE(holds_found_in_care(s.levels[0], 7));
  EXPECT_TRUE(holds_found_in_care(s.levels[0], 8));
  EXPECT_TRUE(holds_found_in_care(s.levels[0], kUnlimitedCapacity));
  EXPECT_TRUE(holds_found_in_care(s.levels[1], 0));  // no initial state
  EXPECT_EQ(starting_value_problem(detox, 7, s),
            "must be at least levels.detox.initial_state.in_care (8) (got 7)");
  EXPECT_EQ(starting_value_problem(detox, 8, s), "");
  EXPECT_EQ(starting_value_problem(detox, -1, s), "must be at least 0 (got -1)");  // bound first
  EXPECT_EQ(starting_value_problem({Setting::Kind::kLevelCapacity, 1}, 0, s), "");
  EXPECT_EQ(least_starting_capacity(s, 0), 8);
  EXPECT_EQ(least_starting_capacity(s, 1), 0);
  // A dated change (changes:) may cut below the patients found in care.
  EXPECT_EQ(setting_value_problem(detox, 4, s), "");
  EXPECT_EQ(change_problem(s, Setting{Setting::Kind::kLevelCapacity, 0, 4, {}}), "");
  // sweep --set: refused, the capacity unchanged.
  EXPECT_EQ(apply_setting_path(s, "levels.detox.capacity", 7),
            "must be at least levels.detox.initial_state.in_care (8) (got 7)");
  EXPECT_EQ(s.levels[0].capacity, 10);
  try {
    apply_setting(s, "levels.detox.capacity", 4);
    ADD_FAILURE() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "--set levels.detox.capacity: must be at least "
                 "levels.detox.initial_state.in_care (8) (got 4)");
  }
  EXPECT_EQ(s.levels[0].capacity, 10);
  EXPECT_NO_THROW(apply_setting(s, "levels.detox.capacity", 8));
  EXPECT_EQ(s.levels[0].capacity, 8);
  // An unlimited capacity as written takes any census; a swept number does not.
  s.levels[0].capacity = kUnlimitedCapacity;
  EXPECT_EQ(apply_setting_path(s, "levels.detox.capacity", 4),
            "must be at least levels.detox.initial_state.in_care (8) (got 4)");
  // Slots reserved for classes above the census: the least is theirs, in their words.
  s.levels[0].reserved = {0, 9};
  EXPECT_EQ(least_starting_capacity(s, 0), 9);
  EXPECT_EQ(starting_value_problem(detox, 8, s), "9 reserved slots exceed a capacity of 8");
}

TEST(SettingPath, SweepSetAcceptsCapacityZeroLikeChanges) {
  Scenario s = two_levels();
  EXPECT_NO_THROW(apply_setting(s, "levels.iop.capacity", 0));
  EXPECT_EQ(s.levels[1].capacity, 0);
  EXPECT_EQ(parse_sweep_axis("levels.iop.capacity=0:2:1").values, (std::vector<double>{0, 1, 2}));
  try {
    apply_setting(s, "levels.iop.capacity", -1);
    ADD_FAILURE() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "--set levels.iop.capacity: must be at least 0 (got -1)");
  }
  const auto dir = testing::temp_dir("sweep_zero");
  const auto r = testing::run_cli(
      "sweep scenarios/validation/mmc.yaml --set levels.clinic.capacity=0,1 --replications 2 "
      "--out " +
      (dir / "out").string());
  EXPECT_EQ(r.status, 0) << r.err;
  std::filesystem::remove_all(dir);
}

// Found by tests/fuzz/fuzz_setting_path (docs/reliability.md): a range whose count of values
// does not fit an int was cast to int (undefined; on x86 an axis with no values). It is refused
// as too many values, like any range over the limit.
TEST(SettingPath, SweepRangeTooLargeForAnIntIsRefused) {
  for (const char* text : {"levels.iop.capacity=0:1e55:1", "levels.iop.capacity=-1e308:1e308:1"}) {
    try {
      (void)parse_sweep_axis(text);
      ADD_FAILURE() << text << ": no error";
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(e.what(), "--set '" + std::string(text) + "': more than 1000 values");
    }
  }
  EXPECT_EQ(parse_sweep_axis("levels.iop.capacity=0:999:1").values.size(), 1000u);
}

// `size` searches capacities within the same limits.
TEST(SettingPath, SizeKeepsItsLimitWithinTheTable) {
  Scenario s = two_levels();
  SizingOptions options;
  options.max_capacity = {2000000};
  const std::vector<SizingTarget> targets = {
      {"p90_wait_days<=14", "iop", LevelMetric::kP90WaitDays}};
  try {
    size_capacity(s, {"iop"}, targets, options);
    ADD_FAILURE() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "--max-capacity: must be at most 1000000 (got 2e+06)");
  }
}

// `changes:` and `--set` word a problem alike: the same parser and limits, their own prefix.
TEST(SettingPath, ChangesAndSweepShareMessages) {
  const std::string text =
      "name: t\nhorizon_days: 100\n"
      "arrivals:\n  - name: community\n    rate_per_day: 2\n    entry: {iop: 1}\n"
      "levels:\n  iop:\n    capacity: 4\n"
      "    length_of_stay: {distribution: exponential, mean: 5}\n"
      "changes:\n  - {day: 10, set: {levels.iop.capacity: 2.5}}\n"
      "  - {day: 20, set: {levels.iopp.capacity: 1}}\n";
  try {
    load_scenario_text(text, "t.yaml");
    ADD_FAILURE() << "no error";
  } catch (const ScenarioError& e) {
    EXPECT_STREQ(e.what(),
                 "t.yaml:12:42: error: changes[0].set.levels.iop.capacity: expected a whole number "
                 "(got 2.5)\n"
                 "t.yaml:13:21: error: changes[1].set.levels.iopp.capacity: no level 'iopp' (did "
                 "you mean 'iop'?)");
  }
}

TEST(Bounds, MessagesInTheLoadersWords) {
  EXPECT_EQ(bound_problem(bounds::kHorizonDays, 0), "must be at least 1 (got 0)");
  EXPECT_EQ(bound_problem(bounds::kHorizonDays, 1e6), "must be at most 36500 (got 1e+06)");
  EXPECT_EQ(bound_problem(bounds::kCapacity, -3), "must be at least 1 (got -3)");
  EXPECT_EQ(bound_problem(bounds::kCapacity, 10.5), "expected a whole number (got 10.5)");
  EXPECT_EQ(bound_problem(bounds::kWaitlistMaxLength, 2e8),
            "must be at most 100000000 (got 2e+08)");
  EXPECT_EQ(bound_problem(bounds::kCostPerFteYear, 2e7), "must be at most 1e+07 (got 2e+07)");
  EXPECT_EQ(bound_problem(bounds::kWeibullShape, 0.01), "must be at least 0.05 (got 0.01)");
  EXPECT_EQ(bound_problem(bounds::kProbability, 1), "");
}

}  // namespace
}  // namespace continuum
