// Patient classes in the scenario file (docs/scenario-format.md, "Classes"): the loader reads
// classes, class shares, entries, reserved slots, per-class rules and relapse overrides into
// dense vectors by class index, and refuses bad references with exact messages.
#include <gtest/gtest.h>

#include <string>

#include "continuum/config/load.hpp"
#include "continuum/model/model.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

std::string error_of(const std::string& text) {
  return testing::load_error(text, "classes.yaml");
}

// Three classes, the second and third named out of alphabetical order, so that class indices
// follow the file, not the names.
const std::string kFull = R"(name: classes
horizon_days: 100
classes:
  adult: {}
  pregnant: {priority: 2}
  adolescent:
arrivals:
  - name: community
    rate_per_day: 3
    classes: {adult: 0.85, adolescent: 0.15}
    entry: {detox: 0.4, residential: 0.6}
    entry_by_class: {adolescent: {residential: 1.0}}
  - name: prenatal
    rate_per_day: 0.5
    classes: {pregnant: 1}
    entry: {residential: 1}
levels:
  detox:
    capacity: unlimited
    reserved: {pregnant: 5}
    length_of_stay: {distribution: exponential, mean: 5}
    next: {residential: 0.5, exit: 0.5}
    relapse: {probability: 0.2}
  residential:
    capacity: 44
    reserved: {adolescent: 8, pregnant: 4}
    length_of_stay: {distribution: lognormal, mean: 28, sd: 14}
    waitlist:
      patience: {distribution: exponential, mean: 30}
      max_length: 20
      on_abandon: {detox: 1}
    by_class:
      adolescent:
        length_of_stay: {distribution: lognormal, mean: 35, sd: 15}
        next: {exit: 1}
        dropout: {probability: 0.25, time: {distribution: fixed, value: 3}}
        waitlist: {on_abandon: {exit: 1}}
        relapse: {probability: 0.5, reentry: {detox: 1}}
      pregnant:
        waitlist: {patience: {distribution: fixed, value: 60}}
relapse:
  probability: 0.45
  time_to_relapse: {distribution: loglogistic, shape: 1.5, scale: 90}
  reentry: {detox: 0.6, residential: 0.4}
  by_class:
    adolescent: {time_to_relapse: {distribution: fixed, value: 30}}
)";

TEST(Classes, LoadIntoVectorsByClassIndex) {
  const Scenario s = load_scenario_text(kFull, "classes.yaml");
  ASSERT_EQ(s.classes.size(), 3u);
  EXPECT_EQ(s.classes[0].name, "adult");
  EXPECT_EQ(s.classes[1].name, "pregnant");
  EXPECT_EQ(s.classes[2].name, "adolescent");
  EXPECT_EQ(s.classes[0].priority, 0);
  EXPECT_EQ(s.classes[1].priority, 2);
  EXPECT_EQ(s.classes[2].priority, 0);
  EXPECT_EQ(s.classes[1].pos.line, 5);
  EXPECT_EQ(s.class_index("adolescent"), 2);

  ASSERT_EQ(s.arrivals.size(), 2u);
  EXPECT_EQ(s.arrivals[0].class_shares, (std::vector<double>{0.85, 0.0, 0.15}));
  EXPECT_EQ(s.arrivals[1].class_shares, (std::vector<double>{0.0, 1.0, 0.0}));
  ASSERT_EQ(s.arrivals[0].entry_by_class.size(), 3u);
  EXPECT_FALSE(s.arrivals[0].entry_by_class[0]);
  EXPECT_FALSE(s.arrivals[0].entry_by_class[1]);
  ASSERT_TRUE(s.arrivals[0].entry_by_class[2]);
  ASSERT_EQ(s.arrivals[0].entry_by_class[2]->size(), 1u);
  EXPECT_EQ((*s.arrivals[0].entry_by_class[2])[0].target, 1);
  EXPECT_EQ((*s.arrivals[0].entry_by_class[2])[0].probability, 1.0);
  EXPECT_EQ(s.arrivals[1].entry_by_class.size(), 3u);

  const LevelSpec& detox = s.levels[0];
  const LevelSpec& res = s.levels[1];
  EXPECT_EQ(detox.reserved, (std::vector<int>{0, 5, 0}));
  EXPECT_EQ(res.reserved, (std::vector<int>{0, 4, 8}));
  ASSERT_EQ(detox.by_class.size(), 3u);
  EXPECT_FALSE(detox.by_class[0] || detox.by_class[1] || detox.by_class[2]);
  ASSERT_TRUE(detox.relapse);
  EXPECT_EQ(detox.relapse->probability, 0.2);
  EXPECT_FALSE(detox.relapse->probability_after_dropout || detox.relapse->time_to_relapse ||
               detox.relapse->reentry);
  EXPECT_EQ(detox.relapse->pos.line, 23);
  EXPECT_FALSE(res.relapse);

  ASSERT_EQ(res.by_class.size(), 3u);
  EXPECT_FALSE(res.by_class[0]);
  ASSERT_TRUE(res.by_class[2]);
  const LevelClassSpec& teen = *res.by_class[2];
  EXPECT_EQ(teen.pos.line, 34);
  EXPECT_EQ(describe(*teen.length_of_stay), "lognormal(mean=35, sd=15)");
  ASSERT_TRUE(teen.next);
  ASSERT_EQ(teen.next->size(), 1u);
  EXPECT_EQ((*teen.next)[0].target, kExit);
  ASSERT_TRUE(teen.dropout);
  EXPECT_EQ(teen.dropout->probability, 0.25);
  EXPECT_EQ(describe(teen.dropout->time), "fixed(value=3)");
  // The class's waitlist keeps the level's patience and max_length, its own on_abandon.
  ASSERT_TRUE(teen.waitlist);
  EXPECT_EQ(describe(*teen.waitlist->patience), "exponential(mean=30)");
  EXPECT_EQ(teen.waitlist->max_length, 20);
  ASSERT_EQ(teen.waitlist->on_abandon.size(), 1u);
  EXPECT_EQ(teen.waitlist->on_abandon[0].target, kExit);
  ASSERT_TRUE(teen.relapse);
  EXPECT_EQ(teen.relapse->probability, 0.5);
  ASSERT_TRUE(teen.relapse->reentry);
  EXPECT_EQ((*teen.relapse->reentry)[0].target, 0);
  EXPECT_FALSE(teen.relapse->time_to_relapse);
  // Pregnant: own patience, the level's on_abandon; nothing else.
  ASSERT_TRUE(res.by_class[1]);
  const LevelClassSpec& preg = *res.by_class[1];
  EXPECT_FALSE(preg.length_of_stay || preg.next || preg.dropout || preg.relapse);
  EXPECT_EQ(describe(*preg.waitlist->patience), "fixed(value=60)");
  ASSERT_EQ(preg.waitlist->on_abandon.size(), 1u);
  EXPECT_EQ(preg.waitlist->on_abandon[0].target, 0);

  ASSERT_TRUE(s.relapse);
  EXPECT_EQ(describe(s.relapse->time_to_relapse), "loglogistic(shape=1.5, scale=90)");
  ASSERT_EQ(s.relapse->by_class.size(), 3u);
  EXPECT_FALSE(s.relapse->by_class[0] || s.relapse->by_class[1]);
  ASSERT_TRUE(s.relapse->by_class[2]);
  EXPECT_EQ(describe(*s.relapse->by_class[2]->time_to_relapse), "fixed(value=30)");
  EXPECT_FALSE(s.relapse->by_class[2]->probability || s.relapse->by_class[2]->reentry);
}

// The loaded file compiles to the precedence of docs/scenario-format.md: the adolescent leaving
// residential relapses with its level's by_class probability 0.5 and re-entry (detox), after the
// global by_class time (fixed 30); the adult leaving detox with detox's 0.2 and the global rest.
TEST(Classes, CompileFollowsThePrecedence) {
  const Model m = compile(load_scenario_text(kFull, "classes.yaml"));
  const RelapseModel& teen = *m.levels[1].by_class[2].relapse;
  EXPECT_EQ(teen.probability, 0.5);
  EXPECT_EQ(teen.probability_after_dropout, 0.5);
  EXPECT_EQ(describe(teen.time_to_relapse), "fixed(value=30)");
  ASSERT_EQ(teen.reentry.size(), 1u);
  const RelapseModel& adult = *m.levels[0].by_class[0].relapse;
  EXPECT_EQ(adult.probability, 0.2);
  EXPECT_EQ(describe(adult.time_to_relapse), "loglogistic(shape=1.5, scale=90)");
  EXPECT_EQ(adult.reentry.size(), 2u);
  EXPECT_EQ(m.levels[1].by_class[2].reserved, 8);
}

// A scenario with two classes (lines 3-5; pass "" for none): the stream's map opens at line 7,
// column 5, `stream_keys` start at line 10, `level_keys` at line 15 (each 3 lines earlier without
// classes).
std::string stream_with(const std::string& stream_keys, const std::string& level_keys = "",
                        const std::string& classes = "classes:\n  adult: {}\n  adolescent: {}\n") {
  return "name: c\n"
         "horizon_days: 100\n" +
         classes +
         "arrivals:\n"
         "  - name: community\n"
         "    rate_per_day: 1\n"
         "    entry: {detox: 1}\n" +
         stream_keys +
         "levels:\n"
         "  detox:\n"
         "    capacity: 10\n"
         "    length_of_stay: {distribution: exponential, mean: 5}\n" +
         level_keys;
}

TEST(Classes, SharesErrors) {
  EXPECT_EQ(error_of(stream_with("    classes: {adult: 0.5, adolescnt: 0.5}\n")),
            "classes.yaml:10:27: error: arrivals[0].classes: unknown class 'adolescnt' (did you "
            "mean 'adolescent'?); classes are: adult, adolescent");
  EXPECT_EQ(error_of(stream_with("    classes: {adult: 0.5, adolescent: 0.4}\n")),
            "classes.yaml:10:14: error: arrivals[0].classes: shares sum to 0.9, not 1");
  EXPECT_EQ(error_of(stream_with("")),
            "classes.yaml:7:5: error: arrivals[0]: missing required key 'classes' (the scenario "
            "defines classes: give each class's share of the referrals)");
  EXPECT_EQ(error_of(stream_with("    classes: {adult: 1}\n", "", "")),
            "classes.yaml:7:14: error: arrivals[0].classes: no classes are defined (add a "
            "top-level 'classes:' or remove this key)");
  EXPECT_EQ(error_of(stream_with("    classes: {adult: 1}\n"
                                 "    entry_by_class: {adolescent: {detox: 0.5}}\n")),
            "classes.yaml:11:34: error: arrivals[0].entry_by_class.adolescent: probabilities sum "
            "to 0.5, not 1");
}

// classes: and payers: read through one reader of named sections: each takes 1 to 32 entries
// (bounds::kMaxClasses, bounds::kMaxPayers), not one more.
TEST(Classes, AtMostThirtyTwoClassesAndPayers) {
  const auto text = [](int classes, int payers) {
    std::string c = "classes: {c0: {}", p = "payers: {p0: {}";
    for (int k = 1; k < classes; ++k)
      c += ", c" + std::to_string(k) + ": {}";
    for (int k = 1; k < payers; ++k)
      p += ", p" + std::to_string(k) + ":";
    return "name: many\nhorizon_days: 10\n" + c + "}\n" + p +
           "}\n"
           "arrivals:\n  - {name: a, rate_per_day: 1, classes: {c0: 1}, entry: {u: 1}}\n"
           "levels:\n  u: {capacity: 1, length_of_stay: {distribution: fixed, value: 1}}\n";
  };
  EXPECT_EQ(error_of(text(32, 32)), "");
  EXPECT_EQ(error_of(text(33, 1)),
            "classes.yaml:3:10: error: classes: at most 32 classes (got 33)\n"
            "classes.yaml:6:41: error: arrivals[0].classes: no classes are defined (add a "
            "top-level 'classes:' or remove this key)");  // none read from a refused section
  EXPECT_EQ(error_of(text(1, 33)), "classes.yaml:4:9: error: payers: at most 32 payers (got 33)");
  EXPECT_EQ(
      error_of("name: none\nhorizon_days: 10\npayers: {}\n"
               "arrivals:\n  - {name: a, rate_per_day: 1, entry: {u: 1}}\n"
               "levels:\n  u: {capacity: 1, length_of_stay: {distribution: fixed, value: 1}}\n"),
      "classes.yaml:3:9: error: payers: define at least one payer (or leave 'payers:' out)");
}

TEST(Classes, LevelErrors) {
  const std::string shares = "    classes: {adult: 1}\n";
  EXPECT_EQ(error_of(stream_with(shares, "    reserved: {adult: 6, adolescent: 5}\n")),
            "classes.yaml:15:15: error: levels.detox.reserved: 11 reserved slots exceed the "
            "capacity of 10");
  EXPECT_EQ(error_of(stream_with(shares, "    reserved: {adult: 6, adolescent: 4}\n")), "");
  EXPECT_EQ(error_of(stream_with(shares, "    by_class: {adult: {hold_while_waiting: true}}\n")),
            "classes.yaml:15:24: error: levels.detox.by_class.adult: 'hold_while_waiting' is the "
            "level's and cannot differ by class; a class may set: length_of_stay, dropout, next, "
            "waitlist, relapse, sessions");
  EXPECT_EQ(error_of(stream_with(shares, "    by_class: {adult: {waitlist: {max_length: 3}}}\n")),
            "classes.yaml:15:47: error: levels.detox.by_class.adult.waitlist.max_length: the "
            "waitlist's length is the level's; set it in the level's own 'waitlist'");
  EXPECT_EQ(error_of(stream_with(shares,
                                 "    by_class: {adult: {waitlist: {on_abandon: {exit: "
                                 "1}}}}\n")),
            "classes.yaml:15:47: error: levels.detox.by_class.adult.waitlist.on_abandon: needs "
            "'patience' (without it nobody abandons)");
}

TEST(Classes, RelapseMustBeResolvable) {
  const std::string shares = "    classes: {adult: 1}\n";
  // Only the adolescents relapse, and nothing says when.
  EXPECT_EQ(error_of(stream_with(shares,
                                 "    by_class: {adolescent: {relapse: {probability: 0.3, "
                                 "reentry: {detox: 1}}}}\n")),
            "classes.yaml:15:38: error: levels.detox.by_class.adolescent.relapse: relapse "
            "probability 0.3 needs 'time_to_relapse'; give it here or in a global 'relapse:' "
            "block");
  // The level's relapse gives the time, its adolescents' the rest: complete for them; the
  // adults have no probability: no relapse, no error.
  EXPECT_EQ(error_of(stream_with(shares,
                                 "    relapse: {time_to_relapse: {distribution: fixed, value: 9}}\n"
                                 "    by_class: {adolescent: {relapse: {probability: 0.3, "
                                 "reentry: {detox: 1}}}}\n")),
            "");
  // Only a probability after dropout: relapse would never happen without a probability.
  EXPECT_EQ(error_of(stream_with(shares, "    relapse: {probability_after_dropout: 0.4}\n")),
            "classes.yaml:15:14: error: levels.detox.relapse: relapse probability 0.4 needs "
            "'probability', 'time_to_relapse' and 'reentry'; give them here or in a global "
            "'relapse:' block");
}

TEST(Classes, PriorityOnAClassNeverReferred) {
  EXPECT_EQ(error_of(stream_with("    classes: {adult: 1}\n", "",
                                 "classes:\n  adult: {}\n  adolescent: {priority: 3}\n")),
            "classes.yaml:5:26: error: classes.adolescent.priority: class 'adolescent' is never "
            "referred (its share is 0 in every arrival stream)");
  EXPECT_EQ(error_of(stream_with("    classes: {adult: 1}\n", "",
                                 "classes:\n  adult: {}\n  adolescent: {priority: 1001}\n")),
            "classes.yaml:5:26: error: classes.adolescent.priority: must be at most 1000 (got "
            "1001)");
}

TEST(Classes, LoglogisticNeedsShapeAboveOne) {
  EXPECT_EQ(error_of(stream_with("    classes: {adult: 1}\n",
                                 "    waitlist: {patience: {distribution: loglogistic, shape: 1, "
                                 "scale: 10}}\n")),
            "classes.yaml:15:61: error: levels.detox.waitlist.patience.shape: must be greater "
            "than 1 (got 1) (the mean is infinite at shape 1 or below)");
}

}  // namespace
}  // namespace continuum
