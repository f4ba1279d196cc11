// Overlays (extends:): deep merge, arrival streams merged by name, deletion, and messages that
// point at the file where the bad value was written.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "continuum/config/load.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

namespace fs = std::filesystem;

class Overlay : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    write("base.yaml",
          "name: base\nhorizon_days: 100\n"
          "arrivals:\n"
          "  - name: community\n    rate_per_day: 2\n    entry: {detox: 0.5, iop: 0.5}\n"
          "  - name: courts\n    rate_per_day: 1\n    entry: {detox: 1}\n"
          "levels:\n"
          "  detox:\n    capacity: 10\n"
          "    length_of_stay: {distribution: exponential, mean: 5}\n"
          "    waitlist: {max_length: 20}\n"
          "    next: {iop: 0.5, exit: 0.5}\n"
          "  iop:\n    capacity: 20\n    length_of_stay: {distribution: exponential, mean: 30}\n");
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  std::string errors_of(const std::string& path) {
    try {
      load_scenario(path);
    } catch (const ScenarioError& e) {
      return e.what();
    }
    return "";
  }
  fs::path dir_;
};

TEST_F(Overlay, MergesKeysStreamsAndLevels) {
  const Scenario s =
      load_scenario(write("over.yaml",
                          "extends: base.yaml\nname: over\n"
                          "arrivals:\n  - name: courts\n    delete: true\n"
                          "  - name: evening\n    rate_per_day: 1.5\n    entry: {iop_evening: 1}\n"
                          "levels:\n  detox:\n    capacity: 12\n"
                          "  iop_evening:\n    capacity: 40\n"
                          "    length_of_stay: {distribution: lognormal, mean: 30, sd: 20}\n"));
  EXPECT_EQ(s.name, "over");
  EXPECT_EQ(s.horizon_days, 100);
  ASSERT_EQ(s.arrivals.size(), 2u);
  EXPECT_EQ(s.arrivals[0].name, "community");
  EXPECT_EQ(s.arrivals[1].name, "evening");
  ASSERT_EQ(s.levels.size(), 3u);
  EXPECT_EQ(s.levels[0].capacity, 12);                       // overridden
  EXPECT_EQ(s.levels[0].waitlist.max_length.value(), 20);    // kept from the base
  EXPECT_DOUBLE_EQ(mean_of(s.levels[0].length_of_stay), 5);  // kept from the base
  EXPECT_EQ(s.levels[2].name, "iop_evening");                // new levels come last
}

TEST_F(Overlay, RoutingMapsAndDistributionsAreReplacedWhole) {
  const Scenario s = load_scenario(write("over.yaml",
                                         "extends: base.yaml\nname: over\n"
                                         "levels:\n  detox:\n    next: {exit: 1}\n"
                                         "    length_of_stay: {distribution: fixed, value: 4}\n"));
  ASSERT_EQ(s.levels[0].next.size(), 1u);
  EXPECT_EQ(s.levels[0].next[0].target, kExit);
  EXPECT_TRUE(std::holds_alternative<Fixed>(s.levels[0].length_of_stay));
}

TEST_F(Overlay, ErrorsNameTheFileThatWroteTheValue) {
  const std::string over = write("over.yaml",
                                 "extends: base.yaml\nname: over\n"
                                 "levels:\n  detox:\n    capacity: 0\n  iop: ~\n");
  const std::string base = (dir_ / "base.yaml").string();
  // The scenario's own messages first, then the base's, each in file order.
  EXPECT_EQ(errors_of(over),
            over + ":5:15: error: levels.detox.capacity: must be at least 1 (got 0)\n" + base +
                ":6:25: error: arrivals[0].entry: unknown level 'iop'; levels are: detox\n" + base +
                ":15:12: error: levels.detox.next: unknown level 'iop'; levels are: detox");
}

TEST_F(Overlay, DeletingWhatIsNotThereAndBadBases) {
  EXPECT_EQ(errors_of(write("a.yaml",
                            "extends: base.yaml\narrivals:\n  - name: nobody\n    delete: true\n")),
            (dir_ / "a.yaml").string() +
                ":3:5: error: arrivals: no stream named 'nobody' in the base scenario to delete");
  EXPECT_EQ(errors_of(write("b.yaml", "extends: missing.yaml\n")),
            (dir_ / "b.yaml").string() + ":1:10: error: extends: cannot open the base scenario '" +
                (dir_ / "missing.yaml").string() + "'");
  write("c.yaml", "extends: d.yaml\n");
  const std::string d = write("d.yaml", "extends: c.yaml\n");
  EXPECT_NE(errors_of(d).find("extends: '" + d + "' extends itself"), std::string::npos)
      << errors_of(d);
}

TEST_F(Overlay, UnknownKeysInAnOverlayHaveTheirLineAndColumn) {
  const std::string over = write("over.yaml",
                                 "extends: base.yaml\nname: over\nbogus: 1\n"
                                 "levels:\n  detox:\n    capacty: 12\n"
                                 "  day:\n    capacity: 3\n    colour: red\n");
  EXPECT_EQ(errors_of(over),
            over + ":3:1: error: scenario: unknown key 'bogus'\n" + over +
                ":6:5: error: levels.detox: unknown key 'capacty' (did you mean 'capacity'?)\n" +
                over + ":8:5: error: levels.day: missing required key 'length_of_stay'\n" + over +
                ":9:5: error: levels.day: unknown key 'colour'");
}

TEST_F(Overlay, KeysGivenTwiceAreErrorsInOverlaysAndBases) {
  const std::string over = write("over.yaml",
                                 "extends: base.yaml\nname: over\nname: again\n"
                                 "levels:\n  detox:\n    capacity: 12\n    capacity: 14\n");
  EXPECT_EQ(errors_of(over), over + ":3:1: error: scenario: key 'name' is given twice\n" + over +
                                 ":7:5: error: levels.detox: key 'capacity' is given twice");
  const std::string base = write("base2.yaml", "name: b\nhorizon_days: 1\nhorizon_days: 2\n");
  EXPECT_EQ(errors_of(write("over2.yaml", "extends: base2.yaml\n")),
            base + ":3:1: error: scenario: key 'horizon_days' is given twice");
}

TEST_F(Overlay, LimitsHoldInEveryFileOfTheChain) {
  const std::string base = write("bomb.yaml", "a: &a {k: *a}\n");
  EXPECT_EQ(errors_of(write("over.yaml", "extends: bomb.yaml\n")),
            base + ":1:4: error: a: contains itself through an alias");
}

TEST_F(Overlay, DeletingEveryStreamIsPlacedAtTheOverlaysList) {
  const std::string over = write("over.yaml",
                                 "extends: base.yaml\narrivals:\n  - name: community\n"
                                 "    delete: true\n  - name: courts\n    delete: true\n");
  EXPECT_EQ(errors_of(over),
            over + ":3:3: error: arrivals: expected a non-empty list of referral streams");
}

// `delete:` is a boolean read as every boolean is: written plain. A quoted "true" deleted the
// stream; it is refused where it is written, as `hold_while_waiting: "true"` is. `delete: false`
// keeps the stream.
TEST_F(Overlay, DeleteIsABooleanWrittenPlain) {
  for (const char* quoted : {"\"true\"", "'true'"}) {
    const std::string over =
        write("q.yaml", "extends: base.yaml\narrivals:\n  - name: courts\n    delete: " +
                            std::string(quoted) + "\n");
    EXPECT_EQ(errors_of(over), over +
                                   ":4:13: error: arrivals[courts].delete: expected true or false "
                                   "(got the quoted string \"true\")");
  }
  const std::string nobody =
      write("n.yaml", "extends: base.yaml\narrivals:\n  - name: nobody\n    delete: \"true\"\n");
  EXPECT_EQ(errors_of(nobody), nobody +
                                   ":4:13: error: arrivals[nobody].delete: expected true or false "
                                   "(got the quoted string \"true\")");
  const Scenario kept = load_scenario(
      write("k.yaml", "extends: base.yaml\narrivals:\n  - name: courts\n    delete: false\n"));
  ASSERT_EQ(kept.arrivals.size(), 2u);
  EXPECT_EQ(kept.arrivals[1].name, "courts");
}

// A required key that an overlay deleted (`key: ~`) is reported where it was deleted, in the file
// that deleted it, not at the base's mapping that no longer holds it.
TEST_F(Overlay, AMissingKeyIsPlacedWhereAnOverlayDeletedIt) {
  const std::string over = write("over.yaml",
                                 "extends: base.yaml\nhorizon_days: ~\n"
                                 "levels:\n  detox:\n    capacity: ~\n"
                                 "arrivals:\n  - name: community\n    rate_per_day: ~\n");
  EXPECT_EQ(
      errors_of(over),
      over + ":2:1: error: scenario: missing required key 'horizon_days', deleted here\n" + over +
          ":5:5: error: levels.detox: missing required key 'capacity', deleted here\n" + over +
          ":8:5: error: arrivals[0]: missing required key 'rate_per_day' (or "
          "'interarrival'), deleted here");
  // Through a chain: placed in the file between that deleted it.
  const std::string mid =
      write("mid.yaml", "extends: base.yaml\nlevels:\n  iop:\n    length_of_stay: ~\n");
  const std::string top = write("top.yaml", "extends: mid.yaml\nname: top\n");
  EXPECT_EQ(errors_of(top),
            mid + ":4:5: error: levels.iop: missing required key 'length_of_stay', deleted here");
  // A key that was never there is still reported at its mapping (at its first key).
  const std::string never =
      write("never.yaml", "extends: base.yaml\nlevels:\n  new:\n    capacity: 3\n");
  EXPECT_EQ(errors_of(never),
            never + ":4:5: error: levels.new: missing required key 'length_of_stay'");
}

// A NUL byte in a base file is placed in that file.
TEST_F(Overlay, NulByteInTheBaseIsPlacedThere) {
  const std::string base = write("nulbase.yaml", std::string("name: b\nhorizon_days: 1\0\n", 25));
  const std::string over = write("over.yaml", "extends: nulbase.yaml\nname: over\n");
  EXPECT_EQ(errors_of(over), base + ":2:16: error: NUL byte (\\0) in the scenario file: not text");
}

// An overlay that sets every level of a 10,000-level base: each overlay key was looked up in the
// base's mapping by yaml-cpp's linear search (quadratic in the levels); now in a map built once.
// A complex key in the overlay is placed in the overlay's file. No timing is asserted.
TEST_F(Overlay, AnOverlayOfEveryLevelOfAManyLevelBaseLoads) {
  constexpr int kLevels = 10000;
  std::string base =
      "name: many\nhorizon_days: 10\narrivals:\n  - name: r\n    rate_per_day: 1\n"
      "    entry: {l0: 1}\nlevels:\n";
  std::string over = "extends: many.yaml\nlevels:\n";
  for (int l = 0; l < kLevels; ++l) {
    const std::string n = std::to_string(l);
    base += "  l" + n + ": {capacity: 1, length_of_stay: {distribution: fixed, value: 1}, next: {" +
            (l + 1 == kLevels ? std::string("exit") : "l" + std::to_string(l + 1)) + ": 1}}\n";
    over += "  l" + n + ": {capacity: " + std::to_string(2 + l % 5) + "}\n";
  }
  write("many.yaml", base);
  const Scenario s = load_scenario(write("over.yaml", over));
  ASSERT_EQ(s.levels.size(), static_cast<std::size_t>(kLevels));
  EXPECT_EQ(s.levels[0].capacity, 2);
  EXPECT_EQ(s.levels[9999].capacity, 6);
  EXPECT_EQ(s.levels[9999].next.at(0).target, kExit);
  const std::string bad =
      write("bad.yaml", "extends: base.yaml\nlevels:\n  ? {x: 1}\n  : {capacity: 3}\n");
  EXPECT_EQ(errors_of(bad),
            bad + ":3:5: error: levels: a level's name must be a plain text key, not a mapping");
}

// An overlay deleting every level of a 10,000-level base, last first: yaml-cpp's remove(text)
// converted every key before the one removed to a string (quadratic: 7.6 s, ten times the base's
// own load); keys are now removed by node, in the base's order. Timed against loading the base
// alone (a ratio, so that a slow machine or a sanitizer build slows both).
TEST_F(Overlay, DeletingEveryLevelOfAManyLevelBase) {
  constexpr int kLevels = 10000;
  std::string base =
      "name: many\nhorizon_days: 10\narrivals:\n  - name: r\n    rate_per_day: 1\n"
      "    entry: {k: 1}\nlevels:\n  k: {capacity: 1, length_of_stay: {distribution: fixed, "
      "value: 1}}\n";
  std::string over = "extends: many.yaml\nlevels:\n";
  for (int l = 0; l < kLevels; ++l)
    base += "  l" + std::to_string(l) +
            ": {capacity: 1, length_of_stay: {distribution: fixed, value: 1}}\n";
  for (int l = kLevels - 1; l >= 0; --l)
    over += "  l" + std::to_string(l) + ": ~\n";
  const std::string base_path = write("many.yaml", base);
  const std::string over_path = write("over.yaml", over);
  // Deleted last first (the order that was quadratic: 7.6 s against the base's 2.3 s). Only the
  // result is checked here; speed is measured by hand or in bench/, not asserted in a test.
  EXPECT_EQ(load_scenario(base_path).levels.size(), static_cast<std::size_t>(kLevels + 1));
  const Scenario s = load_scenario(over_path);
  ASSERT_EQ(s.levels.size(), 1u);
  EXPECT_EQ(s.levels[0].name, "k");
}

}  // namespace
}  // namespace continuum
