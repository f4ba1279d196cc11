// Options go through the checks the scenario file's keys do: a horizon from the command line is a
// whole number of days in day-boundary mode, seeds and counts are whole numbers in range (no
// saturation), floating options are finite, paths are not empty and --trace must be creatable.
// Every refusal: exit status 2, its exact message, nothing simulated or written.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "continuum/config/load.hpp"
#include "continuum/core/number_text.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::run_cli;
using testing::temp_dir;

constexpr const char* kRun = "run scenarios/baseline.yaml --quiet --replications 1 --out ";

// CLI11's refusal of an option value: its message, then the hint.
std::string option_error(const std::string& message) {
  return message + "\nRun with --help for more information.\n";
}

TEST(OptionChecks, HorizonDaysIsWholeInDayBoundaryMode) {
  const auto dir = temp_dir("horizon-whole");
  const std::string out = (dir / "out").string();
  auto r = run_cli("run scenarios/examples/day_step.yaml --horizon-days 10.5 --quiet --out " + out);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err,
            "scenarios/examples/day_step.yaml:14:17: error: --horizon-days: must be a whole number "
            "of days with time_step_days: 1 (got 10.5)\n");
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(fs::exists(out));
  // A whole number of days runs.
  r = run_cli(
      "run scenarios/examples/day_step.yaml --horizon-days 10 --replications 1 --quiet "
      "--no-daily --out " +
      out);
  EXPECT_EQ(r.status, 0) << r.err;
  fs::remove_all(dir);
}

// The loader checks an override as it checks the file's key (for callers other than the CLI,
// whose own range comes first).
TEST(OptionChecks, LoaderChecksTheHorizonOverride) {
  const std::string text =
      "name: h\nhorizon_days: 100\narrivals:\n  - {name: ref, rate_per_day: 1, entry: {a: 1}}\n"
      "levels:\n  a:\n    capacity: 3\n    length_of_stay: {distribution: exponential, mean: 1}\n";
  LoadOptions options;
  options.horizon_days = 0;
  try {
    load_scenario_text(text, "h.yaml", options);
    FAIL() << "a horizon of 0 was taken";
  } catch (const ScenarioError& e) {
    EXPECT_STREQ(e.what(), "h.yaml: error: --horizon-days: must be at least 1 (got 0)");
  }
  options.horizon_days = 50;
  EXPECT_EQ(load_scenario_text(text, "h.yaml", options).horizon_days, 50);
}

// The file's horizon has the range of --horizon-days, 1 .. 36500 days: a shorter one gave wrong
// time averages (1e-13 after a warm-up of 1000 days: a census of exactly 2 averaged 2.27, the
// rounding of 1000 + 1e-13 divided by 1e-13). A tiny warm-up is harmless: the window's length
// (warm-up + horizon) - warm-up is the horizon to 1e-11 of it.
TEST(OptionChecks, TheFileHorizonIsAtLeastADay) {
  const std::string rest =
      "arrivals:\n  - {name: ref, rate_per_day: 1, entry: {a: 1}}\n"
      "levels:\n  a:\n    capacity: 3\n    length_of_stay: {distribution: exponential, mean: "
      "1}\n";
  EXPECT_EQ(testing::load_error("name: h\nhorizon_days: 1e-300\nwarmup_days: 5\n" + rest, "h.yaml"),
            "h.yaml:2:15: error: horizon_days: must be at least 1 (got 1e-300)");
  EXPECT_EQ(testing::load_error("name: h\nhorizon_days: 0.999\n" + rest, "h.yaml"),
            "h.yaml:2:15: error: horizon_days: must be at least 1 (got 0.999)");
  EXPECT_EQ(testing::load_error("name: h\nhorizon_days: 1\nwarmup_days: 1e-300\n" + rest, "h.yaml"),
            "");
}

TEST(OptionChecks, SeedIsAWholeNumberInRange) {
  const auto dir = temp_dir("seed");
  const std::string out = (dir / "out").string();
  for (const std::string seed :
       {"-1", "18446744073709551616", "99999999999999999999999", "0x10", "+5", "1.5", "1e3"}) {
    const auto r = run_cli(std::string(kRun) + out + " --seed " + seed);
    EXPECT_EQ(r.status, 2) << seed;
    EXPECT_EQ(r.err, option_error("--seed: expected a whole number from 0 to "
                                  "18446744073709551615 (got '" +
                                  seed + "')"));
    EXPECT_FALSE(fs::exists(out)) << seed;
  }
  // The file's words for the same values.
  const std::string file =
      "name: h\nhorizon_days: 10\nseed: -1\narrivals:\n  - {name: ref, rate_per_day: 1, entry: "
      "{a: 1}}\nlevels:\n  a: {capacity: 3, length_of_stay: {distribution: fixed, value: 1}}\n";
  EXPECT_EQ(testing::load_error(file, "s.yaml"),
            "s.yaml:3:7: error: seed: expected a whole number from 0 to 18446744073709551615 "
            "(got '-1')");
  fs::remove_all(dir);
}

TEST(OptionChecks, CountsAreWholeNumbersWithoutSaturation) {
  const auto dir = temp_dir("counts");
  const std::string out = (dir / "out").string();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--replications 1e3", "--replications: expected a whole number (got '1e3')"},
      {"--threads 0x2", "--threads: expected a whole number (got '0x2')"},
      {"--precision 0.1 --max-replications 5.5",
       "--max-replications: expected a whole number (got '5.5')"},
      {"--replications 99999999999999999999",
       "--replications: Value 99999999999999999999 not in range 1 to 100000"},
  };
  for (const auto& [args, message] : cases) {
    const auto r = run_cli(std::string(kRun) + out + " " + args);
    EXPECT_EQ(r.status, 2) << args;
    EXPECT_EQ(r.err, option_error(message)) << args;
    EXPECT_FALSE(fs::exists(out)) << args;
  }
  const std::string size =
      "size scenarios/baseline.yaml --level iop --target 'p90_queue_time_days<=14' --quiet ";
  auto r = run_cli(size + "--max-capacity -5");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, option_error("--max-capacity: Value -5 not in range 1 to 1000000"));
  r = run_cli(size + "--step 0");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, option_error("--step: Value 0 not in range 1 to 1000000"));
  fs::remove_all(dir);
}

TEST(OptionChecks, FloatingOptionsAreFinite) {
  const auto dir = temp_dir("finite");
  const std::string out = (dir / "out").string();
  for (const std::string args :
       {"--horizon-days nan", "--horizon-days -nan", "--precision nan", "--precision -inf"}) {
    const auto r = run_cli(std::string(kRun) + out + " " + args);
    const std::string option = args.substr(0, args.find(' '));
    EXPECT_EQ(r.status, 2) << args;
    EXPECT_EQ(r.err, option_error(option + ": expected a number (got '" +
                                  args.substr(args.find(' ') + 1) + "')"));
    EXPECT_FALSE(fs::exists(out)) << args;
  }
  const auto r = run_cli(
      "compare scenarios/baseline.yaml scenarios/evening_iop.yaml --quiet "
      "--min-difference nan --out " +
      out);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, option_error("--min-difference: expected a number (got 'nan')"));
  EXPECT_FALSE(fs::exists(out));
  fs::remove_all(dir);
}

// One rule for a number written as text (core/number_text.hpp): the scenario file's, --precision's,
// and the numbers inside --set, --target and --watch (these took hex, "0x3" and "0x1p3", through
// std::stod, and called a subnormal "1e-320" not a number instead of giving the bound's message).
TEST(OptionChecks, NumbersInSetTargetAndWatchAreTheFilesNumbers) {
  EXPECT_EQ(parse_number("12"), 12.0);
  EXPECT_EQ(parse_number("-0.5"), -0.5);
  EXPECT_EQ(parse_number("5."), 5.0);
  EXPECT_EQ(parse_number("1e-320"), 1e-320);  // a subnormal is a number
  for (const char* text : {"", "0x3", "0x1p3", "+3", " 3", "3 ", "1e400", "inf", "nan", "3a"})
    EXPECT_EQ(parse_number(text), std::nullopt) << text;

  const auto dir = temp_dir("numbers");
  const std::string out = (dir / "out").string();
  const std::string sweep = "sweep scenarios/baseline.yaml --quiet --replications 2 --out " + out;
  const std::vector<std::pair<std::string, std::string>> refusals = {
      {sweep + " --set levels.detox.capacity=0x3",
       "--set 'levels.detox.capacity=0x3': expected a number (got '0x3')"},
      {sweep + " --set levels.detox.capacity=1e1,0x1p3,5.",
       "--set 'levels.detox.capacity=1e1,0x1p3,5.': expected a number (got '0x1p3')"},
      {sweep + " --set levels.detox.capacity=+3",
       "--set 'levels.detox.capacity=+3': expected a number (got '+3')"},
      {sweep + " --set levels.detox.capacity=8:0x10:1",
       "--set 'levels.detox.capacity=8:0x10:1': expected a number (got '0x10')"},
      {sweep + " --set arrivals.community.rate_per_day=1e-320",
       "--set arrivals.community.rate_per_day: must be large enough for its mean gap 1/rate to "
       "be finite (got 1e-320)"},
      {"size scenarios/baseline.yaml --quiet --level detox --target 'mean_wait_days<=0x1p-3'",
       "--target 'mean_wait_days<=0x1p-3': expected a number (got '0x1p-3')"},
      {std::string(kRun) + out + " --watch 'levels.detox.waitlist>0x2'",
       "--watch 'levels.detox.waitlist>0x2': expected a number (got '0x2')"}};
  for (const auto& [args, message] : refusals) {
    const auto r = run_cli(args);
    EXPECT_EQ(r.status, 2) << args;
    EXPECT_EQ(r.err, "continuum: error: " + message + "\n") << args;
    EXPECT_FALSE(fs::exists(out)) << args;
  }
  // --precision and the file refuse hex as they did.
  auto r = run_cli(std::string(kRun) + out + " --precision 0x1p-4");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, option_error("--precision: expected a number (got '0x1p-4')"));
  // Spaces around a value stay allowed, as --target's.
  r = run_cli(
      "sweep scenarios/baseline.yaml --quiet --replications 2 "
      "--set 'levels.detox.capacity=10, 11' --out " +
      out);
  EXPECT_EQ(r.status, 0) << r.err;
  fs::remove_all(dir);
}

// An empty --out would write results/NAME (here a name of this test's own, so that a regression
// is seen and cleaned up), an empty graph --out stdout, an empty --trace nothing.
TEST(OptionChecks, PathsAreNotEmpty) {
  const auto dir = temp_dir("empty-paths");
  const std::string file = (dir / "s.yaml").string();
  {
    std::ofstream out(file);
    out << "name: option-checks-empty-out\nhorizon_days: 10\nreplications: 1\narrivals:\n"
           "  - {name: ref, rate_per_day: 1, entry: {a: 1}}\nlevels:\n"
           "  a: {capacity: 3, length_of_stay: {distribution: fixed, value: 1}}\n";
  }
  const fs::path defaults[] = {"results/option-checks-empty-out",
                               "results/sweep-option-checks-empty-out"};
  for (const std::string& command :
       {"run " + file + " --quiet --out ''", "run " + file + " --quiet --trace ''",
        "sweep " + file + " --quiet --set levels.a.capacity=4 --out ''",
        "graph " + file + " --out ''"}) {
    const auto r = run_cli(command);
    const std::size_t at = command.rfind("--");
    const std::string option = command.substr(at, command.rfind(' ') - at);
    EXPECT_EQ(r.status, 2) << command;
    EXPECT_EQ(r.err,
              option_error(option + ": must not be empty: give a path, or leave the option out"))
        << command;
    EXPECT_EQ(r.out, "") << command;
    for (const auto& d : defaults) {
      EXPECT_FALSE(fs::exists(d)) << command;
      fs::remove_all(d);
    }
  }
  fs::remove_all(dir);
}

// --trace is checked before simulating, as --out is: a trace that cannot be created leaves no
// results directory behind.
TEST(OptionChecks, TraceMustBeCreatableBeforeAnythingIsWritten) {
  const auto dir = temp_dir("trace");
  const std::string out = (dir / "out").string();
  const std::string missing = (dir / "no" / "trace.csv").string();
  auto r = run_cli(std::string(kRun) + out + " --trace " + missing);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "continuum: error: --trace " + missing +
                       ": cannot create the file (No such file or directory)\n");
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(fs::exists(out));
  r = run_cli(std::string(kRun) + out + " --trace " + dir.string());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "continuum: error: --trace " + dir.string() +
                       ": is a directory; give a file "
                       "name\n");
  EXPECT_FALSE(fs::exists(out));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 0);
  fs::remove_all(dir);
}

// --trace inside --out would overwrite a file of the set (or vanish with the set at the next run):
// refused before simulating, whether --out exists yet or not, and the set is left as it was.
TEST(OptionChecks, TraceInsideTheOutputDirectoryIsRefused) {
  const auto dir = temp_dir("trace-in-out");
  const std::string out = (dir / "out").string();
  for (const std::string& trace :
       {out + "/trace.csv", out + "/summary.json", out, out + "/sub/../manifest.json"}) {
    const auto r = run_cli(std::string(kRun) + out + " --trace " + trace);
    EXPECT_EQ(r.status, 2) << trace;
    EXPECT_EQ(r.out, "") << trace;
    EXPECT_EQ(r.err, "continuum: error: --trace " + trace + ": is inside the output directory " +
                         out + ", which is replaced as a whole; write the trace outside it\n")
        << trace;
    EXPECT_FALSE(fs::exists(out)) << trace;
  }
  ASSERT_EQ(run_cli(std::string(kRun) + out).status, 0);
  const std::string summary = read_file(dir / "out" / "summary.json");
  const std::string manifest = read_file(dir / "out" / "manifest.json");
  fs::create_directories(dir / "link");
  fs::create_symlink(dir / "out", dir / "link" / "to-out");  // the same directory by a link
  for (const std::string& trace :
       {out + "/summary.json", (dir / "link" / "to-out" / "summary.json").string()}) {
    const auto r = run_cli(std::string(kRun) + out + " --trace " + trace);
    EXPECT_EQ(r.status, 2) << trace;
    EXPECT_EQ(r.err, "continuum: error: --trace " + trace + ": is inside the output directory " +
                         out + ", which is replaced as a whole; write the trace outside it\n")
        << trace;
  }
  EXPECT_EQ(read_file(dir / "out" / "summary.json"), summary);
  EXPECT_EQ(read_file(dir / "out" / "manifest.json"), manifest);
  // Beside the output directory (a name that merely starts the same) is fine.
  EXPECT_EQ(run_cli(std::string(kRun) + out + " --trace " + out + "-trace.csv").status, 0);
  EXPECT_TRUE(fs::exists(dir / "out-trace.csv"));
  fs::remove_all(dir);
}

// --trace and graph --out write through a temporary name renamed over the target: a device node,
// a FIFO or a symbolic link there would be replaced (the device gone, the link rather than its
// target). Only a new path or a regular file is taken; anything else is refused by lstat before
// simulating, exit 2, the node left as it was.
TEST(OptionChecks, TraceAndGraphOutMustBeNewPathsOrRegularFiles) {
  const auto dir = temp_dir("trace-kinds");
  const std::string out = (dir / "out").string();
  ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0644), 0);
  { std::ofstream(dir / "target.txt") << "keep"; }
  fs::create_symlink("target.txt", dir / "link");
  fs::create_directories(dir / "realdir");
  fs::create_symlink("realdir", dir / "dirlink");
  std::vector<std::pair<std::string, std::string>> nodes = {
      {"fifo", "a FIFO"}, {"link", "a symbolic link"}, {"dirlink", "a symbolic link"}};
  // A device node of this test's own (never a real one under /dev): root only.
  if (::mknod((dir / "mynull").c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0)
    nodes.emplace_back("mynull", "a character device");
  for (const auto& [name, kind] : nodes) {
    const std::string path = (dir / name).string();
    const fs::file_type type = fs::symlink_status(path).type();
    for (const std::string& command : {std::string(kRun) + out + " --trace " + path,
                                       "graph scenarios/baseline.yaml --out " + path}) {
      const std::string option = command.rfind("graph", 0) == 0 ? "--out" : "--trace";
      const auto r = run_cli(command);
      EXPECT_EQ(r.status, 2) << command;
      EXPECT_EQ(r.out, "") << command;
      EXPECT_EQ(r.err, "continuum: error: " + option + " " + path +
                           ": exists and is not a regular file (" + kind +
                           "); give a new file path\n")
          << command;
      EXPECT_EQ(fs::symlink_status(path).type(), type) << command;
      EXPECT_FALSE(fs::exists(out)) << command;
    }
  }
  EXPECT_EQ(fs::read_symlink(dir / "link"), "target.txt");
  EXPECT_EQ(read_file(dir / "target.txt"), "keep");
  EXPECT_TRUE(fs::is_empty(dir / "realdir"));
  // A regular file is replaced whole, as before.
  EXPECT_EQ(run_cli("graph scenarios/baseline.yaml --out " + (dir / "target.txt").string()).status,
            0);
  EXPECT_EQ(read_file(dir / "target.txt").rfind("digraph", 0), 0u);
  fs::remove_all(dir);
}

// A --trace or graph --out inside another output set would overwrite (or add) a file its
// manifest.json does not match: refused, exit 2, the set left as it was.
TEST(OptionChecks, TraceAndGraphOutInsideAnotherOutputSetAreRefused) {
  const auto dir = temp_dir("trace-other-set");
  const std::string keep = (dir / "keep").string();
  const std::string out = (dir / "out").string();
  ASSERT_EQ(run_cli(std::string(kRun) + keep).status, 0);
  const std::string summary = read_file(dir / "keep" / "summary.json");
  const std::string report = read_file(dir / "keep" / "report.html");
  for (const std::string& path :
       {keep + "/summary.json", keep + "/trace.csv", keep + "/report.html"}) {
    for (const std::string& command : {std::string(kRun) + out + " --trace " + path,
                                       "graph scenarios/baseline.yaml --out " + path}) {
      const std::string option = command.rfind("graph", 0) == 0 ? "--out" : "--trace";
      const auto r = run_cli(command);
      EXPECT_EQ(r.status, 2) << command;
      EXPECT_EQ(r.out, "") << command;
      EXPECT_EQ(r.err, "continuum: error: " + option + " " + path + ": is inside " + keep +
                           ", a continuum output set (its manifest.json would no longer match its "
                           "files); write it outside that set\n")
          << command;
      EXPECT_FALSE(fs::exists(out)) << command;
    }
  }
  EXPECT_EQ(read_file(dir / "keep" / "summary.json"), summary);
  EXPECT_EQ(read_file(dir / "keep" / "report.html"), report);
  EXPECT_FALSE(fs::exists(dir / "keep" / "trace.csv"));
  fs::remove_all(dir);
}

// A --trace or graph --out that is the scenario being read, or a base of its extends: chain (by
// any name: a hard link too), would destroy the input: refused, exit 2, the file unchanged.
TEST(OptionChecks, TraceAndGraphOutThatAreAnInputAreRefused) {
  const auto dir = temp_dir("trace-input");
  const std::string out = (dir / "out").string();
  const std::string victim = (dir / "victim.yaml").string();
  const std::string child = (dir / "child.yaml").string();
  fs::copy_file("scenarios/baseline.yaml", victim);
  { std::ofstream(child) << "extends: victim.yaml  # the base\nname: child\n"; }
  fs::create_hard_link(victim, dir / "hard.yaml");
  const std::string base_text = read_file(victim), child_text = read_file(child);
  const std::string as_scenario =
      "is the scenario file " + victim + ", which this command reads; give another file path\n";
  const std::string as_base = "is " + victim +
                              ", a base file of the scenario's extends: chain, which this command "
                              "reads; give another file path\n";
  const std::string hard = (dir / "hard.yaml").string();
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {victim, victim, as_scenario},
      {victim, hard, as_scenario},
      {child, victim, as_base},
      {child, hard, as_base}};
  for (const auto& [scenario, target, reason] : cases) {
    for (const std::string& command :
         {"run " + scenario + " --quiet --replications 1 --out " + out + " --trace " + target,
          "graph " + scenario + " --out " + target}) {
      const std::string option = command.rfind("graph", 0) == 0 ? "--out" : "--trace";
      const auto r = run_cli(command);
      EXPECT_EQ(r.status, 2) << command;
      EXPECT_EQ(r.out, "") << command;
      EXPECT_EQ(r.err, "continuum: error: " + option + " " + target + ": " + reason) << command;
      EXPECT_FALSE(fs::exists(out)) << command;
    }
  }
  const auto r = run_cli("graph " + child + " --out " + child);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "continuum: error: --out " + child + ": is the scenario file " + child +
                       ", which this command reads; give another file path\n");
  EXPECT_EQ(read_file(victim), base_text);
  EXPECT_EQ(read_file(child), child_text);
  fs::remove_all(dir);
}

// The files of the chain are the ones the loader read, however the base is named: a base named in
// flow style (`{name: x, extends: base.yaml}`) or under a quoted key was missed by a scan of the
// text for an `extends:` line, and `run --trace` / `graph --out` overwrote it.
TEST(OptionChecks, ABaseNamedInFlowStyleOrUnderAQuotedKeyIsAnInput) {
  const auto dir = temp_dir("trace-flow-base");
  const std::string out = (dir / "out").string();
  const std::string base = (dir / "base.yaml").string();
  fs::copy_file("scenarios/baseline.yaml", base);
  const std::string flow = (dir / "flow.yaml").string();
  const std::string quoted = (dir / "quoted.yaml").string();
  { std::ofstream(flow) << "{name: flow, extends: base.yaml}\n"; }
  { std::ofstream(quoted) << "name: quoted\n\"extends\": 'base.yaml'\n"; }
  const std::string base_text = read_file(base);
  for (const std::string& scenario : {flow, quoted}) {
    for (const std::string& command :
         {"run " + scenario + " --quiet --replications 1 --no-daily --out " + out + " --trace " +
              base,
          "graph " + scenario + " --out " + base}) {
      const std::string option = command.rfind("graph", 0) == 0 ? "--out" : "--trace";
      const auto r = run_cli(command);
      EXPECT_EQ(r.status, 2) << command;
      EXPECT_EQ(r.out, "") << command;
      EXPECT_EQ(r.err, "continuum: error: " + option + " " + base + ": is " + base +
                           ", a base file of the scenario's extends: chain, which this command "
                           "reads; give another file path\n")
          << command;
      EXPECT_FALSE(fs::exists(out)) << command;
      EXPECT_EQ(read_file(base), base_text) << command;
    }
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace continuum
