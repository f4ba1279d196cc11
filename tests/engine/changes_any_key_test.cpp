// Dated changes of any key (issue 12, item 3) and named exits (item 5), on hand-worked cases
// with fixed interarrivals and stays: who a change applies to and who it does not, changes in the
// warm-up and after the horizon (run --horizon-days), exit counts, and the loader's and the
// network checks' messages.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "continuum/config/load.hpp"
#include "continuum/engine/engine.hpp"
#include "continuum/network/checks.hpp"
#include "continuum/output/summary_json.hpp"
#include "continuum/output/warnings.hpp"
#include "engine_trace.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

using testing::first_times_of;
using testing::run_traced;
using testing::Traced;

// One referral a day from stream `a` (at days 1, 2, ..., 9 of a 10-day window, no warm-up)
// into level `a`; levels `b` and `c` are unlimited with stays of 0.25 days. `a_keys` and
// `changes` are YAML appended as given.
std::string three_levels(const std::string& a_keys, const std::string& changes,
                         const std::string& head = "warmup_days: 0\n",
                         const std::string& capacity = "unlimited") {
  return "name: chg\nhorizon_days: 10\n" + head +
         "replications: 1\n"
         "arrivals:\n  - name: a\n    interarrival: {distribution: fixed, value: 1}\n"
         "    entry: {a: 1}\n"
         "levels:\n  a:\n    capacity: " +
         capacity + "\n" + a_keys +
         "  b:\n    capacity: unlimited\n    length_of_stay: {distribution: fixed, value: 0.25}\n"
         "  c:\n    capacity: unlimited\n    length_of_stay: {distribution: fixed, value: 0.25}\n" +
         changes;
}

TEST(ChangesAnyKey, RoutingAppliesToDecisionsTakenFromThatDay) {
  // Stays of 0.5 at a: the patients referred on days 1-4 complete at 1.5-4.5 and go to b; the
  // change on day 4.75 sends those completing at 5.5-9.5 (referred on days 5-9) to c.
  const Traced t = run_traced(
      three_levels("    length_of_stay: {distribution: fixed, value: 0.5}\n    next: {b: 1}\n",
                   "changes:\n  - {day: 4.75, set: {levels.a.next: {c: 1}}}\n"));
  EXPECT_EQ(t.result.levels[1].admissions, 4);
  EXPECT_EQ(t.result.levels[2].admissions, 5);
  for (const TraceRecord& r : t.trace)
    if (r.event == TraceEvent::kCompleted && r.level == 0) {
      EXPECT_EQ(r.other, r.time < 4.75 ? 1 : 2) << r.time;
    }
}

TEST(ChangesAnyKey, StayLawAppliesToAdmissionsFromThatDay) {
  // Stays of 3 days, 1 day for admissions from day 4.5: the patients admitted on days 1-4 keep
  // their 3 days (the one admitted on day 4 is discharged on day 7, after the change).
  const Traced t =
      run_traced(three_levels("    length_of_stay: {distribution: fixed, value: 3}\n",
                              "changes:\n  - day: 4.5\n    set:\n"
                              "      levels.a.length_of_stay: {distribution: fixed, value: 1}\n"));
  const auto admitted = first_times_of(t.trace, TraceEvent::kAdmitted);
  const auto completed = first_times_of(t.trace, TraceEvent::kCompleted);
  int old_law = 0, new_law = 0;
  for (const auto& [patient, at] : completed) {
    const double stay = at - admitted.at(patient);
    EXPECT_DOUBLE_EQ(stay, admitted.at(patient) < 4.5 ? 3.0 : 1.0) << patient;
    (stay == 3.0 ? old_law : new_law)++;
  }
  EXPECT_EQ(old_law, 4);  // discharged on days 4, 5, 6, 7
  EXPECT_EQ(new_law, 4);  // admitted on days 5-8, discharged on 6-9 (day 9's ends at 10)
}

TEST(ChangesAnyKey, PatienceAppliesToJoinersFromThatDay) {
  // One slot, taken for good by the first patient (day 1); the others wait. Patience of 2 days,
  // 0.5 for those who join from day 4.5: those joining on days 2-4 wait 2 days (the day-4
  // joiner abandons on day 6, after the change), those joining on days 5-9 wait 0.5.
  const Traced t = run_traced(
      three_levels("    length_of_stay: {distribution: fixed, value: 1000}\n"
                   "    waitlist: {patience: {distribution: fixed, value: 2}}\n",
                   "changes:\n  - day: 4.5\n    set:\n"
                   "      levels.a.waitlist.patience: {distribution: fixed, value: 0.5}\n",
                   "warmup_days: 0\n", "1"));
  const auto joined = first_times_of(t.trace, TraceEvent::kWaitlisted);
  const auto abandoned = first_times_of(t.trace, TraceEvent::kAbandoned);
  ASSERT_EQ(abandoned.size(), 8u);
  for (const auto& [patient, at] : abandoned)
    EXPECT_DOUBLE_EQ(at - joined.at(patient), joined.at(patient) < 4.5 ? 2.0 : 0.5) << patient;
}

TEST(ChangesAnyKey, CapacityAndRoutingInOneChange) {
  // Capacity 1 with stays of 0.5, raised to 3 on day 4.75 while routing switches from b to c:
  // nobody waits either way (one referral a day), and the routing splits as in the first test.
  const Traced t = run_traced(three_levels(
      "    length_of_stay: {distribution: fixed, value: 0.5}\n    next: {b: 1}\n",
      "changes:\n  - {day: 4.75, set: {levels.a.capacity: 3, levels.a.next: {c: 1}}}\n",
      "warmup_days: 0\n", "1"));
  EXPECT_EQ(t.result.levels[1].admissions, 4);
  EXPECT_EQ(t.result.levels[2].admissions, 5);
  int capacity_rows = 0;
  for (const TraceRecord& r : t.trace)
    if (r.event == TraceEvent::kCapacity) {
      ++capacity_rows;
      EXPECT_DOUBLE_EQ(r.value, 3);
      EXPECT_DOUBLE_EQ(r.time, 4.75);
    }
  EXPECT_EQ(capacity_rows, 1);
}

TEST(ChangesAnyKey, DropoutProbabilityAppliesToAdmissionsFromThatDay) {
  // No dropout, then everyone admitted from day 4.5 drops out after 0.25 days.
  const Traced t = run_traced(
      three_levels("    length_of_stay: {distribution: fixed, value: 0.5}\n"
                   "    dropout: {probability: 0, time: {distribution: fixed, value: 0.25}}\n",
                   "changes:\n  - {day: 4.5, set: {levels.a.dropout.probability: 1}}\n"));
  EXPECT_EQ(t.result.levels[0].completions, 4);
  EXPECT_EQ(t.result.levels[0].dropouts, 5);
  for (const TraceRecord& r : t.trace)
    if (r.event == TraceEvent::kDroppedOut) {
      EXPECT_GT(r.time, 4.5);
    }
}

TEST(ChangesAnyKey, EntryAppliesToReferralsFromThatDay) {
  const Traced t =
      run_traced(three_levels("    length_of_stay: {distribution: fixed, value: 0.5}\n",
                              "changes:\n  - {day: 4.5, set: {arrivals.a.entry: {b: 1}}}\n"));
  EXPECT_EQ(t.result.levels[0].admissions, 4);
  EXPECT_EQ(t.result.levels[1].admissions, 5);
}

TEST(ChangesAnyKey, ChangeInTheWarmUp) {
  // Warm-up of 5 days; the change on day -2.75 (2.25 days into the run): the patient referred
  // 1 day into the run completes at 1.5 and goes to b; every later one goes to c.
  const Traced t = run_traced(three_levels(
      "    length_of_stay: {distribution: fixed, value: 0.5}\n    next: {b: 1}\n",
      "changes:\n  - {day: -2.75, set: {levels.a.next: {c: 1}}}\n", "warmup_days: 5\n"));
  EXPECT_EQ(t.result.levels[1].admissions, 0);   // in the window
  EXPECT_EQ(t.result.levels[2].admissions, 10);  // referred at 5, ..., 14 (run time)
  int to_b = 0;
  for (const TraceRecord& r : t.trace)
    if (r.event == TraceEvent::kCompleted && r.level == 0 && r.other == 1) {
      ++to_b;
      EXPECT_DOUBLE_EQ(r.time, -3.5);
    }
  EXPECT_EQ(to_b, 1);
}

TEST(ChangesAnyKey, ChangesRestartWithEachReplication) {
  // The rules a change sets last to the end of its replication only: the next starts anew.
  const Scenario s = load_scenario_text(
      three_levels("    length_of_stay: {distribution: fixed, value: 0.5}\n    next: {b: 1}\n",
                   "changes:\n  - {day: 4.75, set: {levels.a.next: {c: 1}}}\n"),
      "chg.yaml");
  Engine engine(compile(s));
  for (std::uint32_t rep = 0; rep < 3; ++rep) {
    const ReplicationResult r = engine.run(rep);
    EXPECT_EQ(r.levels[1].admissions, 4) << rep;
    EXPECT_EQ(r.levels[2].admissions, 5) << rep;
  }
}

TEST(ChangesAnyKey, ByClassKeyAppliesToThatClassOnly) {
  // Two classes, half the referrals each (drawn); from day 0 the class "teen" completing at a
  // goes to c, the others keep b.
  const Traced t = run_traced(
      "name: chg\nhorizon_days: 50\nwarmup_days: 0\nreplications: 1\n"
      "classes: {adult: {}, teen: {}}\n"
      "arrivals:\n  - name: a\n    interarrival: {distribution: fixed, value: 1}\n"
      "    entry: {a: 1}\n    classes: {adult: 0.5, teen: 0.5}\n"
      "levels:\n  a:\n    capacity: unlimited\n"
      "    length_of_stay: {distribution: fixed, value: 0.5}\n    next: {b: 1}\n"
      "  b:\n    capacity: unlimited\n    length_of_stay: {distribution: fixed, value: 0.25}\n"
      "  c:\n    capacity: unlimited\n    length_of_stay: {distribution: fixed, value: 0.25}\n"
      "changes:\n  - {day: 0, set: {levels.a.by_class.teen.next: {c: 1}}}\n");
  const ReplicationResult& r = t.result;
  ASSERT_EQ(r.class_levels.size(), 6u);                // [class * levels + level]
  EXPECT_EQ(r.class_levels[0 * 3 + 2].admissions, 0);  // no adult at c
  EXPECT_EQ(r.class_levels[1 * 3 + 1].admissions, 0);  // no teen at b
  EXPECT_EQ(r.class_levels[0 * 3 + 1].admissions + r.class_levels[1 * 3 + 2].admissions, 49);
  EXPECT_GT(r.class_levels[1 * 3 + 2].admissions, 10);
}

TEST(ChangesAnyKey, AfterTheHorizonIgnoredWithAWarning) {
  const std::string text =
      three_levels("    length_of_stay: {distribution: fixed, value: 0.5}\n    next: {b: 1}\n",
                   "changes:\n  - {day: 12, set: {levels.a.next: {c: 1}}}\n");
  const Scenario s = load_scenario_text(text, "chg.yaml");
  const Traced t = run_traced(s);
  EXPECT_EQ(t.result.levels[1].admissions, 9);
  EXPECT_EQ(t.result.levels[2].admissions, 0);
  const std::vector<Warning> w = change_warnings(s);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].kind, "change_after_horizon");
  EXPECT_EQ(w[0].message,
            "changes: the change of day 12 (line 21) is after the horizon (day 10) and is "
            "ignored");
}

// A change dated exactly at the horizon applies to nothing (the run has ended): it is ignored
// with the warning, in continuous time and in day steps alike.
TEST(ChangesAnyKey, AtTheHorizonIgnoredWithAWarningInBothModes) {
  for (const std::string head : {"warmup_days: 0\n", "warmup_days: 0\ntime_step_days: 1\n"}) {
    const std::string a_keys =
        "    length_of_stay: {distribution: fixed, value: 1}\n    next: {b: 1}\n";
    const Scenario s = load_scenario_text(
        three_levels(a_keys, "changes:\n  - {day: 10, set: {levels.a.next: {c: 1}}}\n", head),
        "chg.yaml");
    const Traced with = run_traced(s);
    const Traced without =
        run_traced(load_scenario_text(three_levels(a_keys, "", head), "chg.yaml"));
    EXPECT_EQ(with.result.levels[1].admissions, without.result.levels[1].admissions) << head;
    EXPECT_EQ(with.result.levels[2].admissions, 0) << head;
    EXPECT_EQ(with.trace.size(), without.trace.size()) << head;
    const std::vector<Warning> w = change_warnings(s);
    ASSERT_EQ(w.size(), 1u) << head;
    EXPECT_EQ(w[0].kind, "change_after_horizon");
    EXPECT_EQ(
        w[0].message,
        fmt::format("changes: the change of day 10 (line {}) is at the horizon (day 10) and is "
                    "ignored",
                    head.size() > 16 ? 22 : 21));
  }
  // Just before the horizon it applies, without a warning.
  const Scenario before = load_scenario_text(
      three_levels("    length_of_stay: {distribution: fixed, value: 1}\n    next: {b: 1}\n",
                   "changes:\n  - {day: 9.99, set: {levels.a.next: {c: 1}}}\n"),
      "chg.yaml");
  EXPECT_TRUE(change_warnings(before).empty());
}

// continuum run scenarios/examples/day_step.yaml --horizon-days 365: the file's change of day
// 365 falls at the new horizon; stdout says it is ignored, in day steps and in continuous time.
TEST(ChangesAnyKey, RunHorizonDaysAtTheChangeWarnsInBothModes) {
  const auto dir = testing::temp_dir("horizon-at");
  const std::string day_step = testing::source_path("scenarios/examples/day_step.yaml");
  const std::string continuous = (dir / "continuous.yaml").string();
  {
    std::string text = testing::read_file(day_step);
    const std::string step = "time_step_days: 1\n";
    ASSERT_NE(text.find(step), std::string::npos);
    text.replace(text.find(step), step.size(), "\n");  // same line numbers
    std::ofstream(continuous) << text;
  }
  for (const std::string& file : {day_step, continuous}) {
    const auto r = testing::run_cli(
        "run " + file + " --horizon-days 365 --replications 2 --no-daily --quiet --out " +
        (dir / "out").string());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("changes: the change of day 365 (line 47) is at the horizon (day 365) "
                         "and is ignored"),
              std::string::npos)
        << file << "\n"
        << r.out;
  }
  std::filesystem::remove_all(dir);
}

TEST(ChangesAnyKey, HorizonDaysOverride) {
  // --horizon-days 4: the change of day 4.75 is after it (a warning), the window has 4 days.
  const std::string text =
      three_levels("    length_of_stay: {distribution: fixed, value: 0.5}\n    next: {b: 1}\n",
                   "changes:\n  - {day: 4.75, set: {levels.a.next: {c: 1}}}\n");
  const Scenario s = load_scenario_text(text, "chg.yaml", LoadOptions{4.0});
  EXPECT_DOUBLE_EQ(s.horizon_days, 4);
  const Traced t = run_traced(s);
  EXPECT_DOUBLE_EQ(t.result.window_days, 4);
  EXPECT_EQ(t.result.levels[1].admissions, 3);  // completions at 1.5, 2.5, 3.5
  EXPECT_EQ(t.result.levels[2].admissions, 0);
  ASSERT_EQ(change_warnings(s).size(), 1u);
  EXPECT_EQ(change_warnings(s)[0].message,
            "changes: the change of day 4.75 (line 21) is after the horizon (day 4) and is "
            "ignored");
  // A report window beyond the shorter horizon is an error (FILE:LINE:COL).
  EXPECT_THROW(load_scenario_text(text + "report_windows:\n  - {name: w, from_day: 0, to_day: 8}\n",
                                  "chg.yaml", LoadOptions{4.0}),
               ScenarioError);
}

TEST(ChangesAnyKey, RunHorizonDaysOnTheCommandLine) {
  // continuum run --horizon-days 4: the change of day 4.75 is ignored with a warning in stdout
  // and summary.json, whose scenario block gives the horizon run.
  const auto dir = testing::temp_dir("horizon-days");
  const std::string file = (dir / "chg.yaml").string();
  {
    std::ofstream out(file);
    out << three_levels(
        "    length_of_stay: {distribution: fixed, value: 0.5}\n    next: {b: 0.5, c: 0.5}\n",
        "changes:\n  - {day: 4.75, set: {levels.a.next: {b: 1}}}\n");
  }
  const auto r = testing::run_cli("run " + file + " --horizon-days 4 --replications 2 --out " +
                                  (dir / "out").string());
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string warning =
      "changes: the change of day 4.75 (line 21) is after the horizon (day 4) and is ignored";
  EXPECT_NE(r.out.find(warning), std::string::npos) << r.out;
  const std::string summary = testing::read_file(dir / "out" / "summary.json");
  EXPECT_NE(summary.find("\"horizon_days\": 4.0"), std::string::npos);
  EXPECT_NE(summary.find("\"kind\": \"change_after_horizon\""), std::string::npos);
  EXPECT_NE(summary.find(warning), std::string::npos);
  EXPECT_EQ(summary.find("\"exits\""), std::string::npos);  // no named exit: no block
  std::filesystem::remove_all(dir);
}

// Level `a`: one slot, stays of 1.4 days, patience 0.75 (abandoners to exit.gave_up),
// completers to exit.done; level `b`: unlimited, referred every 2.5 days by stream `b`, its
// completers to plain exit (no `next`).
const char* kExits =
    "name: exits\nhorizon_days: 10\nwarmup_days: 0\nreplications: 1\n"
    "arrivals:\n  - name: a\n    interarrival: {distribution: fixed, value: 1}\n"
    "    entry: {a: 1}\n"
    "  - name: b\n    interarrival: {distribution: fixed, value: 2.5}\n    entry: {b: 1}\n"
    "levels:\n  a:\n    capacity: 1\n    length_of_stay: {distribution: fixed, value: 1.4}\n"
    "    waitlist:\n      patience: {distribution: fixed, value: 0.75}\n"
    "      on_abandon: {exit.gave_up: 1}\n"
    "    next: {exit.done: 1}\n"
    "  b:\n    capacity: unlimited\n    length_of_stay: {distribution: fixed, value: 0.1}\n";

TEST(NamedExits, CountsPerExitAndLevel) {
  // Level a: referrals on days 1-9; admitted 1 (out 2.4), 2 (admitted 2.4, out 3.8), 3 gives up
  // at 3.75, 4 (out 5.4), 5 (5.4-6.8), 6 gives up at 6.75, 7 (out 8.4), 8 (8.4-9.8), 9 gives up
  // at 9.75: 6 done, 3 gave up. Level b: referrals at 2.5, 5, 7.5, out 0.1 later: 3 plain exits.
  const Scenario s = load_scenario_text(kExits, "exits.yaml");
  ASSERT_EQ(s.exits, (std::vector<std::string>{"exit.gave_up", "exit.done"}));
  const Traced t = run_traced(s);
  ASSERT_EQ(t.result.exit_counts, (std::vector<std::int64_t>{0, 3, 6, 3, 0, 0}));
  const Summary sum = summarize(s, std::vector<ReplicationResult>{t.result}, s.seed);
  ASSERT_EQ(sum.exits.size(), 3u);
  EXPECT_EQ(sum.exits[0].name, "exit");
  EXPECT_EQ(sum.exits[1].name, "gave_up");
  EXPECT_EQ(sum.exits[2].name, "done");
  EXPECT_DOUBLE_EQ(sum.exits[0].per_day.mean, 0.3);
  EXPECT_DOUBLE_EQ(sum.exits[1].per_day.mean, 0.3);
  EXPECT_DOUBLE_EQ(sum.exits[2].per_day.mean, 0.6);
  EXPECT_DOUBLE_EQ(sum.exits[0].levels_per_day[1].mean, 0.3);
  EXPECT_DOUBLE_EQ(sum.exits[2].levels_per_day[0].mean, 0.6);
  const auto j = summary_json(s, sum);
  EXPECT_DOUBLE_EQ(j["exits"]["done"]["per_day"]["mean"].get<double>(), 0.6);
  EXPECT_DOUBLE_EQ(j["exits"]["gave_up"]["levels"]["a"]["per_day"]["mean"].get<double>(), 0.3);
  EXPECT_DOUBLE_EQ(j["exits"]["exit"]["levels"]["b"]["per_day"]["mean"].get<double>(), 0.3);
  // Abandoners count as lost to care, as with plain exit.
  EXPECT_EQ(t.result.system.lost_to_care, 3);
}

TEST(NamedExits, NoNamesNoCountsNoKey) {
  const Scenario s = load_scenario_text(
      three_levels("    length_of_stay: {distribution: fixed, value: 0.5}\n", ""), "chg.yaml");
  EXPECT_TRUE(s.exits.empty());
  const Traced t = run_traced(s);
  EXPECT_TRUE(t.result.exit_counts.empty());
  const Summary sum = summarize(s, std::vector<ReplicationResult>{t.result}, s.seed);
  EXPECT_TRUE(sum.exits.empty());
  EXPECT_FALSE(summary_json(s, sum).contains("exits"));
}

TEST(NamedExits, ChangeToANamedExit) {
  // From day 4.75, a's completers leave through exit.redesign instead of going to b.
  const Scenario s = load_scenario_text(
      three_levels("    length_of_stay: {distribution: fixed, value: 0.5}\n    next: {b: 1}\n",
                   "changes:\n  - {day: 4.75, set: {levels.a.next: {exit.redesign: 1}}}\n"),
      "chg.yaml");
  ASSERT_EQ(s.exits, (std::vector<std::string>{"exit.redesign"}));
  const Traced t = run_traced(s);
  EXPECT_EQ(t.result.levels[1].admissions, 4);
  // [level * 2 + slot]: b's 4 completers leave by plain exit, a's 5 by exit.redesign.
  EXPECT_EQ(t.result.exit_counts, (std::vector<std::int64_t>{0, 5, 4, 0, 0, 0}));
}

std::string load_error(const std::string& text) {
  return testing::load_error(text, "chg.yaml");
}

TEST(ChangesAnyKey, BadPathsAndValues) {
  const std::string a = "    length_of_stay: {distribution: fixed, value: 0.5}\n";
  auto change = [&](const std::string& set) {
    return load_error(three_levels(a, "changes:\n  - day: 2\n    set:\n      " + set + "\n"));
  };
  EXPECT_NE(change("levels.a.length_of_stay: {distribution: fixd, value: 1}")
                .find("changes[0].set.levels.a.length_of_stay"),
            std::string::npos)
      << change("levels.a.length_of_stay: {distribution: fixd, value: 1}");
  EXPECT_NE(change("levels.a.dropout.probability: 0.2")
                .find("chg.yaml:22:7: error: changes[0].set.levels.a.dropout.probability: level "
                      "'a' has no dropout; set levels.a.dropout: {probability, time}"),
            std::string::npos)
      << change("levels.a.dropout.probability: 0.2");
  EXPECT_NE(change("arrivals.a.entry: {exit.done: 1}")
                .find("changes[0].set.arrivals.a.entry: 'exit.done' is not allowed here; name "
                      "levels"),
            std::string::npos)
      << change("arrivals.a.entry: {exit.done: 1}");
  EXPECT_NE(change("levels.a.nxt: {b: 1}")
                .find("changes[0].set.levels.a.nxt: unknown key 'nxt' (did you mean 'next'?) "
                      "under levels.<level>"),
            std::string::npos)
      << change("levels.a.nxt: {b: 1}");
  EXPECT_NE(change("levels.x.next: {b: 1}").find("changes[0].set.levels.x.next: no level 'x'"),
            std::string::npos)
      << change("levels.x.next: {b: 1}");
  EXPECT_NE(change("levels.a.next: {b: 0.5}")
                .find("changes[0].set.levels.a.next: probabilities sum to 0.5, not 1"),
            std::string::npos)
      << change("levels.a.next: {b: 0.5}");
  EXPECT_NE(change("levels.a.by_class.x.next: {b: 1}")
                .find("'by_class' needs classes, and the scenario defines none"),
            std::string::npos)
      << change("levels.a.by_class.x.next: {b: 1}");
  EXPECT_NE(change("arrivals.a.rate_per_day: 2").find("the stream 'a' is given by interarrival"),
            std::string::npos)
      << change("arrivals.a.rate_per_day: 2");
  EXPECT_NE(load_error(three_levels(a, "changes:\n  - {day: -1, set: {levels.a.capacity: 2}}\n"))
                .find("changes[0].day: must be at least 0"),
            std::string::npos);
}

TEST(ChangesAnyKey, NetworkChecksEachPhase) {
  // Level c opens on day 5 (reached only from then: no error); a change on day 6 closes a loop
  // b -> b (an error at the change's setting); and a warm-up without changes checks as before.
  const Scenario s = load_scenario_text(
      three_levels("    length_of_stay: {distribution: fixed, value: 0.5}\n    next: {b: 1}\n",
                   "changes:\n  - {day: 5, set: {levels.a.next: {b: 0.5, c: 0.5}}}\n"
                   "  - {day: 6, set: {levels.b.next: {b: 1}}}\n"),
      "chg.yaml");
  const std::vector<Diagnostic> found = check_network(Network(s));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].format(),
            "chg.yaml:22:20: error: changes[1].set.levels.b.next (day 6): from this day, "
            "levels.b: closed loop: patients who reach b never leave care (no route out of the "
            "level leads to exit)");
  // Without the change that opens c, c is unreachable (an error, as without changes).
  const Scenario closed = load_scenario_text(
      three_levels("    length_of_stay: {distribution: fixed, value: 0.5}\n    next: {b: 1}\n", ""),
      "chg.yaml");
  const std::vector<Diagnostic> base = check_network(Network(closed));
  ASSERT_EQ(base.size(), 1u);
  EXPECT_NE(base[0].message.find("no arrival stream can reach level 'c'"), std::string::npos);
}

}  // namespace
}  // namespace continuum
