// compare and sweep: common random numbers make paired intervals narrow; identical scenarios
// differ by exactly zero; the files have their documented shape.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "continuum/config/load.hpp"
#include "continuum/experiment/compare.hpp"
#include "continuum/model/class_view.hpp"
#include "continuum/output/sha256.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::run_cli;
using testing::temp_dir;

// The pairing mechanism (common random numbers per level and purpose) on the baseline as one
// class. With its patient classes the paired width of residential admissions is 0.502 of the
// unpaired one at this seed: priority reorders who is admitted when the capacity changes, so the
// draws pair less well (per-patient random numbers, issue 14, are the remedy).
TEST(Compare, PairingNarrowsTheIntervalOnACapacityChange) {
  Scenario base = without_classes(load_scenario(testing::source_path("scenarios/baseline.yaml")));
  base.replications = 20;
  base.horizon_days = 730;
  base.warmup_days = 365;
  Scenario more = base;
  more.name = "more";
  more.levels[static_cast<std::size_t>(more.level_index("residential"))].capacity += 6;
  RunOptions options;
  options.record_daily = false;
  const auto runs = run_comparison({base, more}, options);
  struct Case {
    std::string level, metric;
    bool clear;  // the effect is large enough to be clear in this short run
  };
  for (const auto& [level, metric, clear] :
       std::vector<Case>{{"residential", "admissions_per_day", true},
                         {"outpatient", "admissions_per_day", false},
                         {"", "lost_to_care_per_day", true}}) {
    const Difference d =
        difference(metric_values(runs[0], level, metric), metric_values(runs[1], level, metric));
    const double paired = d.paired.hi - d.paired.lo, unpaired = d.unpaired.hi - d.unpaired.lo;
    EXPECT_LT(paired, 0.5 * unpaired)
        << level << " " << metric << ": paired " << paired << ", unpaired " << unpaired;
    if (clear) {
      EXPECT_TRUE(d.clear) << level << " " << metric << ": " << d.paired.lo << " .. "
                           << d.paired.hi;
    }
    EXPECT_NEAR(d.paired.mean, d.unpaired.mean, 1e-12);  // same point estimate
  }
}

TEST(Compare, WelchAndPairedIntervalsByHand) {
  // a = (1, 2, 3), b = (2, 4, 6): differences (1, 2, 3), mean 2, sd 1: half-width
  // t(.975, 2) / sqrt 3 = 2.484, so the interval [-0.48, 4.48] includes 0: not clear.
  const Difference d = difference({1, 2, 3}, {2, 4, 6});
  EXPECT_DOUBLE_EQ(d.paired.mean, 2);
  EXPECT_NEAR(d.paired.hi - 2, 4.302652730 / std::sqrt(3.0), 1e-8);
  EXPECT_FALSE(d.clear);
  // Welch: se = sqrt(1/3 + 4/3), dof = (5/3)^2 / ((1/3)^2 / 2 + (4/3)^2 / 2) = 50/17;
  // t(.975, 50/17) = 3.218759 (by numerical integration of the t density).
  EXPECT_NEAR(d.unpaired.hi - 2, 3.218759 * std::sqrt(5.0 / 3.0), 1e-5);
}

// compare --min-difference: clear also needs |difference| >= min x |reference mean|.
TEST(Compare, MinDifferenceByHand) {
  // Differences (0.1, 0.1, 0.11, 0.1): mean 0.1025, interval [0.0945, 0.1105], clear; the
  // reference's mean is 2.5, so the difference is 4.1% of it.
  const std::vector<double> a = {1, 2, 3, 4}, b = {1.1, 2.1, 3.11, 4.1};
  EXPECT_TRUE(difference(a, b).clear);
  EXPECT_TRUE(difference(a, b, 0).clear);
  EXPECT_TRUE(difference(a, b, 0.04).clear);
  EXPECT_FALSE(difference(a, b, 0.05).clear);
  EXPECT_DOUBLE_EQ(difference(a, b, 0.05).paired.mean, difference(a, b).paired.mean);
  EXPECT_FALSE(difference(b, a, 0.05).clear);  // either sign (reference mean 2.6025)
  EXPECT_TRUE(difference(b, a, 0.039).clear);
  // A reference of zero: the interval alone decides.
  EXPECT_TRUE(difference({0, 0, 0, 0}, {0.1, 0.1, 0.11, 0.1}, 0.5).clear);
  // An interval that includes zero stays not clear, however large the mean.
  EXPECT_FALSE(difference({1, 2, 3}, {2, 4, 6}, 0.01).clear);
}

// The flag through the command: every file says clear only for a clear difference of at least
// 5% of the reference's value; without the flag nothing changes.
TEST(Compare, MinDifferenceKeepsOnlyDifferencesThatMatter) {
  const auto dir = temp_dir("compare-min-difference");
  const std::string args =
      "compare scenarios/baseline.yaml scenarios/more_residential_beds.yaml --replications 10 "
      "--threads 2 --out ";
  const auto plain = run_cli(args + (dir / "plain").string());
  ASSERT_EQ(plain.status, 0) << plain.err;
  const auto r = run_cli(args + (dir / "min").string() + " --min-difference 0.05");
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string first =
      "Compared with county-baseline (10 replications, seed 42, common random numbers); one block "
      "per scenario:";
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), first);
  EXPECT_EQ(plain.out.substr(0, plain.out.find('\n')), first);
  const std::string rule =
      "(--min-difference: * also needs a difference of at least 5% of county-baseline's value)";
  EXPECT_NE(r.out.find(rule), std::string::npos) << r.out.substr(0, 400);
  EXPECT_EQ(plain.out.find("--min-difference"), std::string::npos);
  const auto a = nlohmann::json::parse(read_file(dir / "plain" / "comparison.json"));
  const auto b = nlohmann::json::parse(read_file(dir / "min" / "comparison.json"));
  EXPECT_FALSE(a.contains("min_difference"));
  EXPECT_EQ(b["min_difference"], 0.05);
  const std::string name = "more-residential-beds";
  int dropped = 0, kept = 0;
  auto check = [&](const nlohmann::json& x, const nlohmann::json& y, const std::string& what) {
    const auto& dx = x["difference"][name];
    const auto& dy = y["difference"][name];
    if (dx["mean"].is_null()) return;
    const bool matters = std::abs(dx["mean"].get<double>()) >=
                         0.05 * std::abs(x["county-baseline"]["mean"].get<double>());
    EXPECT_EQ(dy["clear"].get<bool>(), dx["clear"].get<bool>() && matters) << what;
    EXPECT_EQ(dy["mean"], dx["mean"]) << what;
    if (dx["clear"].get<bool>()) ++(matters ? kept : dropped);
  };
  for (const auto& [level, metrics] : a["levels"].items())
    for (const auto& [metric, x] : metrics.items())
      check(x, b["levels"][level][metric], level + "." + metric);
  for (const auto& [metric, x] : a["system"].items())
    check(x, b["system"][metric], metric);
  for (const auto& [cost, x] : a["costs"].items())
    if (x.is_object()) check(x, b["costs"][cost], cost);
  EXPECT_GT(dropped, 0);
  EXPECT_GT(kept, 0);
  // 20 more beds: residential waits fall by far more than 5%, clear either way; detox's
  // utilization moves by a fraction of a point, clear only without the flag.
  EXPECT_TRUE(b["levels"]["residential"]["mean_wait_days"]["difference"][name]["clear"]);
  EXPECT_TRUE(a["levels"]["detox"]["utilization"]["difference"][name]["clear"]);
  EXPECT_FALSE(b["levels"]["detox"]["utilization"]["difference"][name]["clear"]);
  const std::string csv = read_file(dir / "min" / "comparison.csv");
  const std::size_t row = csv.find("detox,utilization," + name + ",");
  ASSERT_NE(row, std::string::npos);
  EXPECT_EQ(csv.substr(csv.find('\n', row) - 6, 6), ",false");
  const std::string plain_csv = read_file(dir / "plain" / "comparison.csv");
  const std::size_t plain_row = plain_csv.find("detox,utilization," + name + ",");
  EXPECT_EQ(plain_csv.substr(plain_csv.find('\n', plain_row) - 5, 5), ",true");
  // Out of range: refused.
  EXPECT_EQ(run_cli(args + (dir / "bad").string() + " --min-difference 0").status, 2);
  fs::remove_all(dir);
}

TEST(Compare, IdenticalScenariosDifferByExactlyZero) {
  const auto dir = temp_dir("compare-identical");
  std::ofstream(dir / "twin.yaml")
      << "extends: " << testing::source_path("scenarios/validation/mmc.yaml") << "\nname: twin\n";
  const auto r = run_cli("compare scenarios/validation/mmc.yaml " + (dir / "twin.yaml").string() +
                         " --replications 5 --out " + (dir / "out").string());
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(read_file(dir / "out" / "comparison.json"));
  for (const auto& [metric, value] : j["levels"]["clinic"].items()) {
    const auto& diff = value["difference"]["twin"];
    if (diff["mean"].is_null()) continue;
    EXPECT_EQ(diff["mean"], 0.0) << metric;
    EXPECT_EQ(diff["clear"], false) << metric;
    EXPECT_EQ(value["validation-mmc"], value["twin"]) << metric;
  }
  const std::string csv = read_file(dir / "out" / "comparison.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "scope,metric,scenario,mean,ci_lo,ci_hi,difference,difference_ci_lo,difference_ci_hi,"
            "unpaired_ci_lo,unpaired_ci_hi,clear");
  EXPECT_TRUE(fs::exists(dir / "out" / "report.html"));
  fs::remove_all(dir);
}

TEST(Compare, ExpansionScenariosAgainstTheBaseline) {
  const auto dir = temp_dir("compare-expansions");
  const auto r = run_cli(
      "compare scenarios/baseline.yaml scenarios/more_residential_beds.yaml "
      "scenarios/evening_iop.yaml scenarios/detox_bridge.yaml --replications 10 --out " +
      (dir / "out").string());
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(read_file(dir / "out" / "comparison.json"));
  // 20 more beds: residential waits fall, clearly.
  const auto& wait =
      j["levels"]["residential"]["mean_wait_days"]["difference"]["more-residential-beds"];
  EXPECT_LT(wait["ci95"][1].get<double>(), 0.0);
  EXPECT_TRUE(wait["clear"].get<bool>());
  // The evening track exists only in its scenario: no value elsewhere, no difference there.
  EXPECT_TRUE(
      j["levels"]["iop_evening"]["admissions_per_day"]["county-baseline"]["mean"].is_null());
  // The bridge: fewer patients lost to care.
  EXPECT_LT(
      j["system"]["lost_to_care_per_day"]["difference"]["detox-bridge"]["ci95"][1].get<double>(),
      0.0);
  fs::remove_all(dir);
}

TEST(Compare, DuplicateNamesAreRejected) {
  // Another file of the same name (one file given twice: ReviewFindings).
  const fs::path dir = temp_dir("compare-duplicate-names");
  const fs::path copy = dir / "copy.yaml";
  std::ofstream(copy) << "extends: " << testing::source_path("scenarios/baseline.yaml") << "\n";
  const auto r = run_cli("compare scenarios/baseline.yaml " + copy.string());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, copy.string() +
                       ": error: scenario name 'county-baseline' is also the name of "
                       "scenarios/baseline.yaml; names label the results\n");
  fs::remove_all(dir);
}

TEST(Sweep, GridTableAndErrors) {
  const auto axis = parse_sweep_axis("levels.iop.capacity=40:100:20");
  EXPECT_EQ(axis.values, (std::vector<double>{40, 60, 80, 100}));
  EXPECT_EQ(parse_sweep_axis("arrivals.a.rate_per_day=1,2.5").values,
            (std::vector<double>{1, 2.5}));
  EXPECT_THROW(parse_sweep_axis("levels.iop.capacity=9:1:1"), std::invalid_argument);
  EXPECT_THROW(parse_sweep_axis("levels.iop.capacity"), std::invalid_argument);

  const auto dir = temp_dir("sweep");
  auto r = run_cli(
      "sweep scenarios/validation/mmc.yaml --set levels.clinic.capacity=9:11:1 "
      "--set arrivals.referrals.rate_per_day=6,7 --replications 3 --out " +
      (dir / "out").string());
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string csv = read_file(dir / "out" / "sweep.csv");
  const auto rows = std::count(csv.begin(), csv.end(), '\n');
  EXPECT_EQ(rows, 1 + 6 * (static_cast<long>(kMetricCount<LevelMetric>) +
                           static_cast<long>(kMetricCount<SystemMetric>)));
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "levels.clinic.capacity,arrivals.referrals.rate_per_day,scope,metric,mean,ci_lo,ci_hi,"
            "warnings,not_checked");
  EXPECT_TRUE(fs::exists(dir / "out" / "report.html"));
  r = run_cli("sweep scenarios/validation/mmc.yaml --set levels.nowhere.capacity=1:2:1 --out " +
              (dir / "bad").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "continuum: error: --set levels.nowhere.capacity: no level 'nowhere'\n");
  EXPECT_FALSE(fs::exists(dir / "bad"));
  fs::remove_all(dir);
}

// A swept capacity below the patients found in care (initial_state.in_care), which the loader
// refuses of the file's capacity, was simulated: 8 patients in 4 slots, with the utilization and
// waits that follow. Refused before anything is simulated or written, naming the setting, the
// rule and the point's value; a grid from the census up runs.
TEST(Sweep, ACapacityBelowThePatientsFoundInCareIsRefused) {
  const auto dir = temp_dir("sweep-in-care");
  const std::string file = (dir / "init.yaml").string();
  std::ofstream(file) << "name: init\nhorizon_days: 100\nwarmup_days: 0\nreplications: 2\n"
                         "seed: 6\narrivals:\n  - name: referrals\n    rate_per_day: 2\n"
                         "    entry: {res: 1.0}\nlevels:\n  res:\n    capacity: 10\n"
                         "    initial_state: {in_care: 8}\n"
                         "    length_of_stay: {distribution: exponential, mean: 4}\n"
                         "    next: {exit: 1.0}\n";
  const std::string out = (dir / "out").string();
  const std::pair<std::string, std::string> cases[] = {
      {"--set levels.res.capacity=4:10:3",
       "continuum: error: --set levels.res.capacity: must be at least "
       "levels.res.initial_state.in_care (8) (got 4)\n"},
      // One point below is enough: the whole grid is refused.
      {"--set levels.res.capacity=10,7 --set arrivals.referrals.rate_per_day=1,2",
       "continuum: error: --set levels.res.capacity: must be at least "
       "levels.res.initial_state.in_care (8) (got 7)\n"},
      {"--set arrivals.referrals.rate_per_day=1,2 --set levels.res.capacity=0",
       "continuum: error: --set levels.res.capacity: must be at least "
       "levels.res.initial_state.in_care (8) (got 0)\n"},
  };
  for (const auto& [sets, err] : cases) {
    const auto r = run_cli("sweep " + file + " " + sets + " --replications 2 --out " + out);
    EXPECT_EQ(r.status, 2) << sets;
    EXPECT_EQ(r.out, "") << sets;
    EXPECT_EQ(r.err, err) << sets;
    EXPECT_FALSE(fs::exists(out)) << sets;
  }
  const auto ok = run_cli(
      "sweep " + file + " --set levels.res.capacity=8:10:1 --replications 2 --quiet --out " + out);
  ASSERT_EQ(ok.status, 0) << ok.err;
  EXPECT_NE(read_file(fs::path(out) / "sweep.csv").find("\n8,res,utilization,"), std::string::npos);
  fs::remove_all(dir);
}

// Two --set of one setting (the same path, or rate_per_day and rate_per_week of one stream)
// would label points with values the later axis overwrote; a value twice, two identical points.
// All refused before anything is simulated or written.
TEST(Sweep, OneSettingOnTwoAxesOrAValueTwiceIsRefused) {
  const auto dir = temp_dir("sweep-twice");
  const std::string out = " --replications 2 --out " + (dir / "out").string();
  const std::string sweep = "sweep scenarios/validation/mmc.yaml ";
  const std::pair<std::string, std::string> cases[] = {
      {"--set levels.clinic.capacity=9,10 --set levels.clinic.capacity=11,12",
       "--set levels.clinic.capacity: given twice; give each setting one --set, with all its "
       "values"},
      {"--set arrivals.referrals.rate_per_day=6,7 --set arrivals.referrals.rate_per_week=42",
       "--set arrivals.referrals.rate_per_week: sets the same setting as --set "
       "arrivals.referrals.rate_per_day; give each setting one --set, with all its values"},
      {"--set levels.clinic.length_of_stay.mean=1,2 --set levels.clinic.capacity=9 "
       "--set levels.clinic.length_of_stay.mean=3",
       "--set levels.clinic.length_of_stay.mean: given twice; give each setting one --set, with "
       "all its values"},
      {"--set levels.clinic.capacity=9,10,9",
       "--set 'levels.clinic.capacity=9,10,9': the value 9 is given twice; give each value "
       "once"},
      {"--set arrivals.referrals.rate_per_day=6,6.0",
       "--set 'arrivals.referrals.rate_per_day=6,6.0': the value 6.0 is given twice; give each "
       "value once"}};
  for (const auto& [sets, message] : cases) {
    const auto r = run_cli(sweep + sets + out);
    EXPECT_EQ(r.status, 2) << sets;
    EXPECT_EQ(r.out, "") << sets;
    EXPECT_EQ(r.err, "continuum: error: " + message + "\n") << sets;
    EXPECT_FALSE(fs::exists(dir / "out")) << sets;
  }
  // Different settings of one level or stream remain separate axes.
  const auto r = run_cli(sweep +
                         "--set levels.clinic.capacity=10,11 --set "
                         "levels.clinic.length_of_stay.mean=1 --set "
                         "arrivals.referrals.rate_per_day=7 --set "
                         "arrivals.referrals.growth_per_year=0" +
                         out);
  EXPECT_EQ(r.status, 0) << r.err;
  fs::remove_all(dir);
}

// The default directory of a comparison of many long names stays within a file name's 255 bytes:
// cut, and told apart by a hash of the full name.
TEST(Compare, ALongDefaultDirectoryNameIsShortened) {
  const auto dir = temp_dir("compare-long-names");
  std::string args = "compare";
  std::string full = "compare";
  for (int i = 1; i <= 6; ++i) {
    const std::string name = fmt::format("a-scenario-with-a-rather-long-descriptive-name-{}", i);
    full += "-" + name;
    const fs::path file = dir / fmt::format("s{}.yaml", i);
    std::ofstream(file) << "extends: " << fs::absolute("scenarios/validation/mmc.yaml").string()
                        << "\nname: " << name << "\nhorizon_days: 100\nwarmup_days: 10\n";
    args += " " + file.string();
  }
  ASSERT_GT(full.size(), 255u);
  const std::string expected =
      "results/compare-a-scenario-with-a-rather-a-scenario-with-a-rather-a-scenario-with-a-rather-"
      "a-scenario-with-a-rather-a-scenario-with-a-rather-a-scenario-with-a-rather-" +
      sha256_hex(full).substr(0, 8);
  fs::remove_all(expected);
  const auto r = run_cli(args + " --replications 2 --quiet");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("results in " + expected + "/"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(fs::path(expected) / "comparison.csv"));
  fs::remove_all(expected);
  // A name that fits is as before.
  const auto short_r = run_cli("compare " + (dir / "s1.yaml").string() + " " +
                               (dir / "s2.yaml").string() + " --replications 2 --quiet");
  const std::string plain =
      "results/compare-a-scenario-with-a-rather-long-descriptive-name-1-a-scenario-with-a-rather-"
      "long-descriptive-name-2";
  ASSERT_EQ(short_r.status, 0) << short_r.err;
  EXPECT_NE(short_r.out.find("results in " + plain + "/"), std::string::npos) << short_r.out;
  fs::remove_all(plain);
  fs::remove_all(dir);
}

// A swept setting that a dated change overrides is refused, as size refuses the level: the
// point would hold its value only until the change (day_step.yaml: therapy 520 from day 365).
TEST(Sweep, RefusesASettingADatedChangeOverrides) {
  const auto dir = temp_dir("sweep-changed");
  auto r = run_cli(
      "sweep scenarios/examples/day_step.yaml --set levels.therapy.capacity=300,400 "
      "--replications 2 --out " +
      (dir / "out").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err,
            "continuum: error: --set levels.therapy.capacity: the scenario changes it on day 365 "
            "(changes:), which would override the swept value from then on; sweep a scenario "
            "without dated changes to that setting\n");
  EXPECT_FALSE(fs::exists(dir / "out"));
  // A change at or after the horizon never applies (run warns of it): nothing to override.
  std::ifstream in("scenarios/examples/day_step.yaml");
  std::stringstream text;
  text << in.rdbuf();
  std::ofstream(dir / "short.yaml")
      << std::regex_replace(text.str(), std::regex("horizon_days: 730"), "horizon_days: 365");
  r = run_cli("sweep " + (dir / "short.yaml").string() +
              " --set levels.therapy.capacity=300,400 --replications 2 --quiet --out " +
              (dir / "short").string());
  EXPECT_EQ(r.status, 0) << r.err;
  fs::remove_all(dir);
}

// One cost basis: a sweep point at the scenario's own capacity costs what run says (staff FTE by
// each day's census in both), to the last digit; run --no-daily labels its mean-census basis.
TEST(Sweep, CostsOnRunsBasis) {
  const auto dir = temp_dir("sweep-basis");
  auto r = run_cli("run scenarios/baseline.yaml --replications 3 --quiet --out " +
                   (dir / "run").string());
  ASSERT_EQ(r.status, 0) << r.err;
  r = run_cli("run scenarios/baseline.yaml --replications 3 --quiet --no-daily --out " +
              (dir / "nodaily").string());
  ASSERT_EQ(r.status, 0) << r.err;
  r = run_cli(
      "sweep scenarios/baseline.yaml --set levels.iop.capacity=84 --replications 3 "
      "--quiet --out " +
      (dir / "sweep").string());
  ASSERT_EQ(r.status, 0) << r.err;
  const auto run = nlohmann::json::parse(read_file(dir / "run" / "summary.json"));
  const auto nodaily = nlohmann::json::parse(read_file(dir / "nodaily" / "summary.json"));
  EXPECT_EQ(run["staffing"]["fte_basis"], "daily_census");
  EXPECT_EQ(nodaily["staffing"]["fte_basis"], "mean_census");
  const std::string csv = read_file(dir / "sweep" / "sweep.csv");
  const std::string key = "84,costs,total_cost_per_year,";
  const auto at = csv.find(key);
  ASSERT_NE(at, std::string::npos);
  const double swept = std::stod(csv.substr(at + key.size()));
  EXPECT_EQ(swept, run["staffing"]["total_cost_per_year"]["mean"].get<double>());
  EXPECT_NE(swept, nodaily["staffing"]["total_cost_per_year"]["mean"].get<double>());
  fs::remove_all(dir);
}

// One level with a cost, in `currency`, over the window [warmup, horizon].
std::string costed(const std::string& name, const std::string& currency, int horizon, int warmup) {
  return "name: " + name + "\ncurrency: " + currency +
         "\nhorizon_days: " + std::to_string(horizon) + "\nwarmup_days: " + std::to_string(warmup) +
         "\nreplications: 3\nseed: 3\narrivals:\n  - {name: referrals, rate_per_day: 0.5, "
         "entry: {iop: 1}}\nlevels:\n  iop:\n    capacity: 10\n    cost_per_patient_day: 100\n"
         "    length_of_stay: {distribution: exponential, mean: 10}\n";
}

// compare refuses scenarios whose money is in different currencies (it would relabel EUR as
// USD), and warns when the statistics windows differ (still paired, less closely): a window is
// days [warm-up, warm-up + horizon), printed "days 50 to 350" (it printed "50 to 300").
TEST(CompareCli, RefusesMixedCurrenciesAndWarnsOfDifferentWindows) {
  const auto dir = temp_dir("compare-mismatch");
  const std::vector<std::pair<std::string, std::string>> files = {
      {"usd.yaml", costed("usd", "USD", 400, 100)},
      {"eur.yaml", costed("eur", "EUR", 400, 100)},
      {"short.yaml", costed("short", "USD", 300, 50)}};
  for (const auto& [file, text] : files)
    std::ofstream(dir / file) << text;
  const std::string usd = (dir / "usd.yaml").string(), eur = (dir / "eur.yaml").string(),
                    shorter = (dir / "short.yaml").string();
  auto r = run_cli("compare " + usd + " " + eur + " --out " + (dir / "money").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, eur + ": error: currency EUR differs from " + usd +
                       "'s USD; compare does not convert money, so its costs would be shown and "
                       "differenced as USD: give the scenarios one currency\n");
  EXPECT_FALSE(fs::exists(dir / "money"));
  // A scenario without costs or revenue has no money to convert: compared whatever its currency.
  std::ofstream(dir / "free.yaml") << std::regex_replace(
      costed("free", "USD", 400, 100), std::regex("    cost_per_patient_day: 100\n"), "");
  r = run_cli("compare " + eur + " " + (dir / "free.yaml").string() + " --quiet --out " +
              (dir / "free").string());
  EXPECT_EQ(r.status, 0) << r.err;

  r = run_cli("compare " + usd + " " + shorter + " --quiet --out " + (dir / "window").string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "continuum: warning: " + shorter +
                       ": its statistics window (days 50 to 350) differs from " + usd +
                       "'s (100 to 500): the differences compare means over different windows, "
                       "and common random numbers pair them less closely\n");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace continuum
