// run --precision: the sequential rule (check_precision on known estimates), the final count
// of a small scenario equal to the rule applied by hand, outputs byte-identical to a plain run
// of that count; and the warnings of a run in stdout, summary.json and report.html.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "continuum/config/load.hpp"
#include "continuum/experiment/precision.hpp"
#include "continuum/experiment/runner.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using testing::read_file;
using testing::run_cli;
using testing::temp_dir;

// An M/M/10 clinic at 80% load over 200 days: the mean wait is noisy between replications.
const char* kClinic = R"(name: precise
horizon_days: 200
warmup_days: 20
replications: 4
seed: 9
arrivals:
  - name: referrals
    rate_per_day: 8
    entry: {clinic: 1}
levels:
  clinic:
    capacity: 10
    length_of_stay: {distribution: exponential, mean: 1}
)";

// 2 referrals a day to 10 slots of 10-day stays: the waitlist grows by a patient a day.
const char* kOverloaded = R"(name: overloaded
horizon_days: 730
warmup_days: 30
replications: 5
seed: 3
arrivals:
  - name: referrals
    rate_per_day: 2
    entry: {iop: 1}
levels:
  iop:
    capacity: 10
    length_of_stay: {distribution: exponential, mean: 10}
)";

fs::path write_scenario(const fs::path& dir, const std::string& name, const char* text) {
  const fs::path path = dir / name;
  std::ofstream(path) << text;
  return path;
}

Estimate est(double mean, double half, int n = 10) {
  return {mean, mean - half, mean + half, n};
}

TEST(PrecisionRule, NextCountFromTheWidestMetric) {
  // After 10: 10% (needs (0.1 / 0.05)^2 x 10 = 40), 2% (reached), undefined (left out).
  PrecisionCheck c = check_precision({est(10, 1), est(5, 0.1), Estimate{}}, 10, 0.05, 1000);
  EXPECT_FALSE(c.reached);
  EXPECT_EQ(c.next, 40);
  EXPECT_EQ(c.worst, 0);
  EXPECT_DOUBLE_EQ(c.worst_relative, 0.1);
  // Capped.
  EXPECT_EQ(check_precision({est(10, 1)}, 10, 0.05, 30).next, 30);
  // At the cap: stays there, not reached.
  c = check_precision({est(10, 1)}, 30, 0.05, 30);
  EXPECT_FALSE(c.reached);
  EXPECT_EQ(c.next, 30);
  // Barely over: at least two more.
  EXPECT_EQ(check_precision({est(10, 0.51)}, 10, 0.05, 1000).next, 12);
  // Every metric within the target (a zero half-width included): reached, no more.
  c = check_precision({est(10, 0.5), est(0, 0), est(3, 0.01)}, 10, 0.05, 1000);
  EXPECT_TRUE(c.reached);
  EXPECT_EQ(c.next, 10);
  // One replication: no interval yet, two more.
  c = check_precision({Estimate{4, NAN, NAN, 1}}, 1, 0.05, 1000);
  EXPECT_FALSE(c.reached);
  EXPECT_EQ(c.next, 3);
  // A zero mean with a non-zero half-width: no relative width can be reached but at the cap.
  EXPECT_EQ(check_precision({est(0, 0.2)}, 10, 0.05, 200).next, 200);
  // ... unless the half-width is under the metric's floor (its resolution): left out.
  c = check_precision({est(0, 0.2), est(0.002, 0.003)}, 10, 0.05, 200, {0.1, 0.1});
  EXPECT_FALSE(c.reached);
  EXPECT_EQ(c.worst, 0);
  c = check_precision({est(0.001, 0.002), est(0.002, 0.003)}, 10, 0.05, 200, {0.1, 0.1});
  EXPECT_TRUE(c.reached);
  EXPECT_EQ(c.worst, -1);
}

TEST(PrecisionRule, MetricPaths) {
  const Scenario s = load_scenario_text(kClinic, "precise.yaml");
  std::string error;
  auto m = parse_watched_metric(s, "levels.clinic.p90_wait_days", error);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->path(s), "levels.clinic.p90_wait_days");
  m = parse_watched_metric(s, "system.lost_to_care_per_day", error);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->path(s), "system.lost_to_care_per_day");
  EXPECT_FALSE(parse_watched_metric(s, "levels.detox.mean_wait_days", error));
  EXPECT_EQ(error, "\"levels.detox.mean_wait_days\": no level \"detox\" in the scenario");
  EXPECT_FALSE(parse_watched_metric(s, "costs.total_cost_per_year", error));
  EXPECT_EQ(error, "\"costs.total_cost_per_year\": the scenario has no costs");
  EXPECT_FALSE(parse_watched_metric(s, "mean_wait_days", error));
  EXPECT_EQ(error,
            "\"mean_wait_days\": expected levels.<level>.<metric>, system.<metric> or "
            "costs.<cost>");
  // Resolutions: 0.1 day or patient, 0.01 a day, half a percentage point.
  EXPECT_EQ(resolution(*parse_watched_metric(s, "levels.clinic.p90_wait_days", error)), 0.1);
  EXPECT_EQ(resolution(*parse_watched_metric(s, "levels.clinic.mean_waitlist", error)), 0.1);
  EXPECT_EQ(resolution(*parse_watched_metric(s, "system.arrivals_per_day", error)), 0.01);
  EXPECT_EQ(resolution(*parse_watched_metric(s, "levels.clinic.utilization", error)), 0.005);
  // The headline metrics: four per level and the losses (no costs here).
  std::vector<std::string> paths;
  for (const WatchedMetric& w : headline_metrics(s))
    paths.push_back(w.path(s));
  EXPECT_EQ(paths,
            (std::vector<std::string>{"levels.clinic.mean_wait_days", "levels.clinic.p90_wait_days",
                                      "levels.clinic.mean_waitlist", "levels.clinic.utilization",
                                      "system.lost_to_care_per_day"}));
}

// The rule applied by hand with plain runs of each count (the test's own arithmetic), against
// the CLI's final count; then the CLI's outputs against a plain run of that count. The metric:
// referrals a day (8 a day over 200 days: a half-width near 0.3 from 4 replications, 1% of 8
// = 0.08 asks for about 60; the resolution of 0.01 a day does not stop it first).
TEST(PrecisionCli, FinalCountIsTheRulesAndOutputsArePlainRuns) {
  const fs::path dir = temp_dir("precision");
  const fs::path file = write_scenario(dir, "precise.yaml", kClinic);
  const Scenario s = load_scenario(file.string());
  const double target = 0.01;
  int n = 4;
  std::vector<int> counts;
  for (;;) {
    counts.push_back(n);
    RunOptions options;
    options.replications = n;
    const Summary summary = summarize(s, run_replications(s, options), s.seed);
    const Estimate e = summary.system_metric(SystemMetric::kArrivalsPerDay);
    const double half = (e.hi - e.lo) / 2;
    if (half <= target * std::fabs(e.mean) || half <= 0.01) break;
    const double wanted = std::pow(half / (target * std::fabs(e.mean)), 2) * n;
    n = std::max(n + 2, static_cast<int>(std::ceil(wanted)));
    ASSERT_LT(n, 1000);
  }
  ASSERT_GE(counts.size(), 2u) << "the scenario should need more than its 4 replications";

  auto r =
      run_cli("run " + file.string() + " --threads 2 --precision 0.01 " +
              "--precision-metrics system.arrivals_per_day --out " + (dir / "sequential").string());
  ASSERT_EQ(r.status, 0) << r.err;
  std::string batches;
  for (int c : counts)
    batches += (batches.empty() ? "" : ", ") + std::to_string(c);
  const std::string line = "precision 1% reached after " + std::to_string(n) +
                           " replications (replications run: " + batches +
                           "; widest: system.arrivals_per_day at ";
  EXPECT_NE(r.out.find(line), std::string::npos) << r.out;

  r = run_cli("run " + file.string() + " --threads 1 --replications " + std::to_string(n) +
              " --out " + (dir / "plain").string());
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* name : {"summary.json", "daily.csv", "report.html"})
    EXPECT_EQ(read_file(dir / "sequential" / name), read_file(dir / "plain" / name)) << name;
  const Json manifest = Json::parse(read_file(dir / "sequential" / "manifest.json"));
  EXPECT_EQ(manifest.dump().find("\"replications\":" + std::to_string(n)) != std::string::npos,
            true)
      << manifest.dump();
  fs::remove_all(dir);
}

TEST(PrecisionCli, CapAndBadMetric) {
  const fs::path dir = temp_dir("precision-cap");
  const fs::path file = write_scenario(dir, "precise.yaml", kClinic);
  auto r = run_cli("run " + file.string() +
                   " --precision 0.001 --precision-metrics system.arrivals_per_day "
                   "--max-replications 6 --out " +
                   (dir / "out").string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("precision 0.1% not reached at the cap of 6 replications "
                       "(replications run: 4, 6; widest: "),
            std::string::npos)
      << r.out;
  EXPECT_EQ(Json::parse(read_file(dir / "out" / "summary.json"))["scenario"]["replications"], 6);

  r = run_cli("run " + file.string() +
              " --precision 0.05 --precision-metrics levels.detox.mean_wait_days --out " +
              (dir / "bad").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err,
            "continuum: error: --precision-metrics: \"levels.detox.mean_wait_days\": no level "
            "\"detox\" in the scenario\n");
  EXPECT_FALSE(fs::exists(dir / "bad" / "summary.json"));
  r = run_cli("run " + file.string() + " --precision-metrics system.lost_to_care_per_day");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--precision-metrics requires --precision"), std::string::npos) << r.err;
  fs::remove_all(dir);
}

TEST(WarningsCli, OverloadedLevelInStdoutSummaryAndReport) {
  const fs::path dir = temp_dir("warnings-cli");
  const fs::path file = write_scenario(dir, "overloaded.yaml", kOverloaded);
  auto r = run_cli("run " + file.string() + " --threads 2 --out " + (dir / "out").string());
  ASSERT_EQ(r.status, 0) << r.err;
  const Json summary = Json::parse(read_file(dir / "out" / "summary.json"));
  ASSERT_TRUE(summary["warnings"].is_array());
  ASSERT_GE(summary["warnings"].size(), 1u);
  const Json& w = summary["warnings"][0];
  EXPECT_EQ(w["kind"], "waitlist_growth");
  EXPECT_EQ(w["level"], "iop");
  EXPECT_TRUE(w["metric"].is_null());
  EXPECT_GT(w["numbers"]["slope_ci95_lo"].get<double>(), 0);
  EXPECT_NEAR(w["numbers"]["slope_per_year"].get<double>(), 365, 60);
  const std::string message = w["message"];
  EXPECT_EQ(message.rfind("levels.iop: the waitlist grows without bound: +", 0), 0u) << message;
  EXPECT_NE(r.out.find("\n  " + message + "\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("warnings ("), std::string::npos);
  EXPECT_NE(read_file(dir / "out" / "report.html").find(message), std::string::npos);

  // Without daily series: no growth warning (skipped, not guessed).
  r = run_cli("run " + file.string() + " --threads 2 --no-daily --out " +
              (dir / "nodaily").string());
  ASSERT_EQ(r.status, 0) << r.err;
  const Json nodaily = Json::parse(read_file(dir / "nodaily" / "summary.json"));
  for (const Json& x : nodaily["warnings"])  // (a temporary's element would dangle here)
    EXPECT_NE(x["kind"], "waitlist_growth") << x.dump();
  // ... and said to be unchecked, never "none" (stdout, summary.json, report.html).
  EXPECT_EQ(nodaily["checks_not_run"].dump(),
            R"([{"check":"waitlist_growth","reason":"needs the daily series: run without )"
            R"(--no-daily"},{"check":"warmup","reason":"needs the daily series: run without )"
            R"(--no-daily"}])");
  EXPECT_NE(r.out.find("not checked: growing waitlists (needs the daily series: run without "
                       "--no-daily)\nnot checked: warm-up (needs the daily series: run without "
                       "--no-daily)\n"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("warnings: none\n"), std::string::npos) << r.out;
  EXPECT_EQ(summary["checks_not_run"].dump(), "[]");
  fs::remove_all(dir);
}

// compare and sweep carry each scenario's / point's warnings, as run computes them: the
// overloaded scenario's growing waitlist is on stdout, in comparison.json's scenario entry and
// in sweep.csv's warnings column (the same for the same point: common random numbers).
TEST(WarningsCli, CompareAndSweepCarryEachScenariosWarnings) {
  const fs::path dir = temp_dir("warnings-compare");
  const fs::path overloaded = write_scenario(dir, "overloaded.yaml", kOverloaded);
  std::string calm_text = kOverloaded;
  calm_text.replace(calm_text.find("name: overloaded"), 16, "name: calm");
  calm_text.replace(calm_text.find("rate_per_day: 2"), 15, "rate_per_day: 0.5");
  const fs::path calm = write_scenario(dir, "calm.yaml", calm_text.c_str());
  const std::string growth =
      "levels.iop: the waitlist grows without bound: +367 patients a year (95% CI 337 to 396) "
      "over the 2-year window";
  auto r = run_cli("compare " + calm.string() + " " + overloaded.string() + " --threads 2 --out " +
                   (dir / "cmp").string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\noverloaded: warnings (3):\n  " + growth + "\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\ncalm: warnings (2):\n"), std::string::npos) << r.out;
  const Json cmp = Json::parse(read_file(dir / "cmp" / "comparison.json"));
  ASSERT_EQ(cmp["scenarios"].size(), 2u);
  EXPECT_EQ(cmp["scenarios"][1]["warnings"].size(), 3u);
  EXPECT_EQ(cmp["scenarios"][1]["warnings"][0]["message"], growth);
  EXPECT_EQ(cmp["scenarios"][1]["checks_not_run"].dump(), "[]");
  for (const Json& w : cmp["scenarios"][0]["warnings"])
    EXPECT_NE(w["kind"], "waitlist_growth") << w.dump();

  r = run_cli("sweep " + overloaded.string() +
              " --set arrivals.referrals.rate_per_day=0.5,2 --threads 2 --out " +
              (dir / "sweep").string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\narrivals.referrals.rate_per_day=2: warnings (3):\n  " + growth + "\n"),
            std::string::npos)
      << r.out;
  const std::string csv = read_file(dir / "sweep" / "sweep.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "arrivals.referrals.rate_per_day,scope,metric,mean,ci_lo,ci_hi,warnings,not_checked");
  EXPECT_NE(csv.find("\n2,system,lost_to_care_per_day,0,0,0,waitlist_growth:levels.iop;"
                     "precision:levels.iop.mean_wait_days;precision:levels.iop.mean_waitlist,\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("\n0.5,system,lost_to_care_per_day,0,0,0,precision:levels.iop.mean_wait_days;"
                     "precision:levels.iop.utilization,\n"),
            std::string::npos)
      << csv;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace continuum
