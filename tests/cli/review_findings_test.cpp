// Findings of an independent tester (docs/reliability.md, "Found by review"): names with dots,
// the sweep report's cost caption, compare with one replication, and `extends:` paths with NUL.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "continuum/config/load.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

namespace fs = std::filesystem;
using testing::load_error;
using testing::run_cli;

std::string over_baseline(const std::string& body) {
  return "extends: " + testing::source_path("scenarios/baseline.yaml") + "\n" + body;
}

// A level, stream, class, payer or staff role named with a '.': it could not be named in a
// dotted path (size --target a.b.p90_queue_time_days, --watch levels.a.b.waitlist,
// --precision-metrics levels.a.b.mean_wait_days), so it is refused where it is written.
TEST(ReviewFindings, NamesWithADotAreRefused) {
  const std::string why =
      "'.' is not allowed: dots separate the parts of a setting's or metric's path "
      "(levels.NAME.capacity, --watch levels.NAME.waitlist), so a name holding one could not be "
      "named there";
  EXPECT_EQ(load_error("name: dots\nhorizon_days: 200\narrivals:\n  - name: s\n    rate_per_day: "
                       "2\n    entry: {a.b: 1}\nlevels:\n  a.b:\n    capacity: 5\n    "
                       "length_of_stay: {distribution: exponential, mean: 2}\n",
                       "t.yaml"),
            "t.yaml:8:3: error: levels.a.b: " + why);
  EXPECT_EQ(load_error("name: dots\nhorizon_days: 200\narrivals:\n  - name: s.x\n    "
                       "rate_per_day: 2\n    entry: {a: 1}\nlevels:\n  a:\n    capacity: 5\n    "
                       "length_of_stay: {distribution: exponential, mean: 2}\n",
                       "t.yaml"),
            "t.yaml:4:11: error: arrivals[0].name: " + why);
  EXPECT_EQ(load_error(over_baseline("staff:\n  roles:\n    peer.support: {}\n"), "t.yaml"),
            "t.yaml:4:5: error: staff.roles.peer.support: " + why);
  EXPECT_EQ(load_error(over_baseline("classes:\n  older.adult: {}\n"), "t.yaml"),
            "t.yaml:3:3: error: classes.older.adult: " + why);
  EXPECT_EQ(load_error(over_baseline("payers:\n  state.block.grant: {}\n"), "t.yaml"),
            "t.yaml:3:3: error: payers.state.block.grant: " + why);
  // validate says so, exit 2.
  const fs::path dir = testing::temp_dir("review-dots");
  std::ofstream(dir / "dots.yaml") << "name: dots\nhorizon_days: 200\narrivals:\n  - name: s\n"
                                      "    rate_per_day: 2\n    entry: {a.b: 1}\nlevels:\n  a.b:\n"
                                      "    capacity: 5\n    length_of_stay: {distribution: "
                                      "exponential, mean: 2}\n";
  const auto r = run_cli("validate " + (dir / "dots.yaml").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, (dir / "dots.yaml").string() + ":8:3: error: levels.a.b: " + why + "\n");
  fs::remove_all(dir);
}

// The sweep report's cost caption named the mean-census basis; a sweep of a scenario with costs
// records the daily series and takes the staff FTE from each day's census, as compare does.
TEST(ReviewFindings, SweepReportNamesTheDailyCensusBasis) {
  const fs::path dir = testing::temp_dir("review-sweep-caption");
  const auto r = run_cli(
      "sweep scenarios/baseline.yaml --quiet --replications 2 "
      "--set levels.detox.capacity=10 --out " +
      (dir / "out").string());
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string page = testing::read_file(dir / "out" / "report.html");
  EXPECT_NE(page.find("staff FTE from each day's census, as in run, compare and size."),
            std::string::npos);
  EXPECT_EQ(page.find("mean census, as a sweep records no daily series"), std::string::npos);
  fs::remove_all(dir);
}

// `compare --replications 1` is refused by its range; a reference scenario's `replications: 1`
// is refused the same way (there would be no paired intervals, and the text promised them).
TEST(ReviewFindings, CompareRefusesOneReplicationFromTheScenarioToo) {
  const fs::path dir = testing::temp_dir("review-compare-one");
  const fs::path one = dir / "one.yaml";
  std::ofstream(one) << over_baseline("name: one-rep\nreplications: 1\n");
  const auto r =
      run_cli("compare " + one.string() + " scenarios/more_residential_beds.yaml --quiet --out " +
              (dir / "out").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, one.string() +
                       ": error: replications: compare needs 2 or more replications for its "
                       "paired 95% intervals (the scenario gives 1); give --replications 2 or "
                       "more\n");
  EXPECT_FALSE(fs::exists(dir / "out"));
  const auto flag = run_cli(
      "compare scenarios/baseline.yaml scenarios/more_residential_beds.yaml "
      "--quiet --replications 1 --out " +
      (dir / "out").string());
  EXPECT_EQ(flag.status, 2);
  EXPECT_NE(flag.err.find("--replications: Value 1 not in range 2 to 100000"), std::string::npos);
  fs::remove_all(dir);
}

// A YAML escape put a NUL into an `extends:` path; the path was cut there and another file
// (here baseline.yaml) loaded in silence.
TEST(ReviewFindings, AnExtendsPathHoldingNulIsRefused) {
  EXPECT_EQ(load_error("extends: \"" + testing::source_path("scenarios/baseline.yaml") +
                           "\\0x\"\nname: z\n",
                       "t.yaml"),
            "t.yaml:1:10: error: extends: the path holds a NUL character (\\0), which no file "
            "name can hold; the path would be cut there and name another file");
}

// Review F13: an unknown first word was reported as "A subcommand is required".
TEST(ReviewFindings, AnUnknownCommandIsNamed) {
  const auto r = run_cli("bogus");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err,
            "continuum: error: unknown command 'bogus' (the commands are run, compare, sweep, "
            "size, validate, analyze, graph)\n");
  const auto none = run_cli("");
  EXPECT_EQ(none.status, 2);
  EXPECT_EQ(none.err, "A subcommand is required\nRun with --help for more information.\n");
}

// Only the command named first is built (main.cpp, add_commands): top-level help, which
// names no command, still lists all seven, and each command's own help is its own.
TEST(ReviewFindings, HelpListsEveryCommandAndEachCommandHasItsOwn) {
  const auto top = run_cli("--help");
  EXPECT_EQ(top.status, 0);
  std::size_t at = 0;
  for (const char* name : {"run", "compare", "sweep", "size", "validate", "analyze", "graph"}) {
    const std::size_t found = top.out.find(std::string("\n  ") + name + " ", at);
    ASSERT_NE(found, std::string::npos) << name;
    at = found;
  }
  for (const char* name : {"run", "compare", "sweep", "size", "validate", "analyze", "graph"}) {
    const auto own = run_cli(std::string(name) + " --help");
    EXPECT_EQ(own.status, 0) << name;
    EXPECT_NE(own.out.find(std::string(" ") + name + " [OPTIONS]"), std::string::npos) << name;
  }
}

// Review F13: a --max-replications below the starting replications ran the starting count and
// reported the precision "not reached at the cap of 10 replications".
TEST(ReviewFindings, MaxReplicationsBelowTheStartIsRefused) {
  const fs::path dir = testing::temp_dir("review-max-replications");
  auto r = run_cli(
      "run scenarios/baseline.yaml --quiet --precision 0.1 --max-replications 3 "
      "--replications 10 --out " +
      (dir / "out").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err,
            "continuum: error: --max-replications 3 is below the 10 replications --precision "
            "starts with (--replications 10); give --max-replications 10 or more\n");
  EXPECT_FALSE(fs::exists(dir / "out"));
  const fs::path twelve = dir / "twelve.yaml";
  std::ofstream(twelve) << over_baseline("name: twelve\nreplications: 12\n");
  r = run_cli("run " + twelve.string() + " --quiet --precision 0.1 --max-replications 11 --out " +
              (dir / "out").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err,
            "continuum: error: --max-replications 11 is below the 12 replications --precision "
            "starts with (the scenario's replications: 12); give --max-replications 12 or more\n");
  EXPECT_FALSE(fs::exists(dir / "out"));
  fs::remove_all(dir);
}

// Review F13: `--precision-metrics ''` (or ',') ran the default metrics in silence.
TEST(ReviewFindings, AnEmptyPrecisionMetricsListIsRefused) {
  const fs::path dir = testing::temp_dir("review-precision-metrics");
  for (const std::string list : {"", ",", "system.arrivals_per_day,,costs.total"}) {
    const auto r = run_cli(
        "run scenarios/baseline.yaml --quiet --replications 3 --precision 0.1 "
        "--precision-metrics '" +
        list + "' --out " + (dir / "out").string());
    EXPECT_EQ(r.status, 2) << list;
    EXPECT_EQ(r.err,
              "--precision-metrics: give one or more metric paths, comma-separated, none "
              "empty (got '" +
                  list + "')\nRun with --help for more information.\n")
        << list;
    EXPECT_FALSE(fs::exists(dir / "out")) << list;
  }
  fs::remove_all(dir);
}

// Review F13: sweep --set of rate_per_week or rate_per_year checked the per-day value and said
// "must be at most 100000 (got 100000)"; it says the bound and the value in the key's own unit,
// as the file loader does.
TEST(ReviewFindings, SweepRateBoundIsInTheUnitGiven) {
  const fs::path dir = testing::temp_dir("review-sweep-rate-unit");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"rate_per_week=700001", "rate_per_week: must be at most 700000 (got 700001)"},
      {"rate_per_year=1e9", "rate_per_year: must be at most 3.65e+07 (got 1e+09)"},
      {"rate_per_week=-1", "rate_per_week: must be at least 0 (got -1)"},
      {"rate_per_day=100001", "rate_per_day: must be at most 100000 (got 100001)"}};
  for (const auto& [set, message] : cases) {
    const auto r = run_cli(
        "sweep scenarios/baseline.yaml --quiet --replications 2 --set "
        "arrivals.community." +
        set + " --out " + (dir / "out").string());
    EXPECT_EQ(r.status, 2) << set;
    EXPECT_EQ(r.err, "continuum: error: --set arrivals.community." + message + "\n") << set;
    EXPECT_FALSE(fs::exists(dir / "out")) << set;
  }
  fs::remove_all(dir);
}

// Review F13: size searched a target no value of its metric can meet (a wait <= -1) up to
// --max-capacity and ended NOT MET; such a target, or one given twice, is refused, exit 2.
TEST(ReviewFindings, SizeRefusesATargetThatCanNeverBeMet) {
  const fs::path dir = testing::temp_dir("review-size-never");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"p90_queue_time_days<=-1",
       "--target 'p90_queue_time_days<=-1': can never be met (p90_queue_time_days is never "
       "below 0)"},
      {"lost_to_care_per_day<=-0.5",
       "--target 'lost_to_care_per_day<=-0.5': can never be met (lost_to_care_per_day is never "
       "below 0)"},
      {"detox.linked_within_14_days_fraction>=1.2",
       "--target 'detox.linked_within_14_days_fraction>=1.2': can never be met "
       "(linked_within_14_days_fraction is never above 1)"},
      {"p90_wait_days<=14' --target 'p90_wait_days<=14",
       "--target 'p90_wait_days<=14': given twice; give each target once"}};
  for (const auto& [target, message] : cases) {
    const auto r =
        run_cli("size scenarios/baseline.yaml --level detox --quiet --replications 2 --target '" +
                target + "' --xlsx --out " + (dir / "out").string());
    EXPECT_EQ(r.status, 2) << target;
    EXPECT_EQ(r.err, "continuum: error: " + message + "\n") << target;
    EXPECT_FALSE(fs::exists(dir / "out")) << target;
  }
  fs::remove_all(dir);
}

// Review F13: `compare A.yaml A.yaml` said "scenario name 'county-baseline' is also the name of
// A.yaml"; one file given twice (the same path, or the same file by another path) is named as
// such, exit 2, nothing written.
TEST(ReviewFindings, CompareNamesTheSameScenarioGivenTwice) {
  const fs::path dir = testing::temp_dir("review-compare-same");
  for (const std::string second :
       {"scenarios/baseline.yaml", "scenarios/../scenarios/baseline.yaml"}) {
    const auto r = run_cli("compare scenarios/baseline.yaml " + second +
                           " --quiet --replications 2 --out " + (dir / "out").string());
    EXPECT_EQ(r.status, 2) << second;
    EXPECT_EQ(r.err, second +
                         ": error: the same scenario is given twice; compare needs two different "
                         "scenarios\n")
        << second;
    EXPECT_FALSE(fs::exists(dir / "out")) << second;
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace continuum
