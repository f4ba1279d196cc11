// Report windows: each window's counts are exactly those of the same scenario run with the
// horizon cut at the window's bounds (same seed: the same events, day for day).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>

#include "continuum/config/load.hpp"
#include "continuum/engine/engine.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::temp_dir;

// Two levels with routing, dropout, patience, a bounded waitlist and relapse; 50 days of
// warm-up, so that window days are days after it.
std::string model(int horizon, bool windows) {
  std::string text =
      "name: win\nhorizon_days: " + std::to_string(horizon) +
      "\nwarmup_days: 50\nreplications: 1\nseed: 17\n"
      "arrivals:\n  - name: a\n    rate_per_day: 2\n    entry: {detox: 0.7, op: 0.3}\n"
      "levels:\n"
      "  detox:\n    capacity: 6\n"
      "    length_of_stay: {distribution: exponential, mean: 4}\n"
      "    dropout: {probability: 0.2, time: {distribution: uniform, min: 0.5, max: 2}}\n"
      "    waitlist:\n      patience: {distribution: exponential, mean: 5}\n"
      "      max_length: 8\n"
      "    next: {op: 0.6, exit: 0.4}\n"
      "  op:\n    capacity: 20\n"
      "    length_of_stay: {distribution: lognormal, mean: 20, sd: 8}\n"
      "    waitlist:\n      patience: {distribution: exponential, mean: 30}\n"
      "relapse:\n  probability: 0.4\n"
      "  time_to_relapse: {distribution: exponential, mean: 60}\n  reentry: {detox: 1}\n";
  if (windows)
    text +=
        "report_windows:\n"
        "  - {name: first, from_day: 0, to_day: 100}\n"
        "  - {name: middle, from_day: 100, to_day: 250}\n"
        "  - {name: all, from_day: 0, to_day: 300}\n";
  return text;
}

ReplicationResult run(int horizon, bool windows, std::uint32_t replication) {
  return simulate(load_scenario_text(model(horizon, windows), "win.yaml"), replication);
}

// Every tally of a window against the run cut at its end (the window starting at day 0).
void expect_equal_tallies(const LevelTallies& w, const LevelTallies& cut, const char* where) {
  SCOPED_TRACE(where);
  EXPECT_EQ(w.referrals, cut.referrals);
  EXPECT_EQ(w.admissions, cut.admissions);
  EXPECT_EQ(w.completions, cut.completions);
  EXPECT_EQ(w.dropouts, cut.dropouts);
  EXPECT_EQ(w.abandonments, cut.abandonments);
  EXPECT_EQ(w.turned_away, cut.turned_away);
  EXPECT_EQ(w.slot_releases, cut.slot_releases);
  EXPECT_EQ(w.in_care_at_end, cut.in_care_at_end);
  EXPECT_EQ(w.waiting_at_end, cut.waiting_at_end);
  EXPECT_EQ(w.wait_sum, cut.wait_sum);  // the same waits added in the same order
  EXPECT_EQ(w.abandon_wait_sum, cut.abandon_wait_sum);
  EXPECT_EQ(w.slot_days_sum, cut.slot_days_sum);
  EXPECT_DOUBLE_EQ(w.census_area, cut.census_area);
  EXPECT_DOUBLE_EQ(w.waitlist_area, cut.waitlist_area);
  EXPECT_DOUBLE_EQ(w.capacity_area, cut.capacity_area);
  EXPECT_EQ(w.routed_on_14, cut.routed_on_14);
  EXPECT_EQ(w.linked_30, cut.linked_30);
  EXPECT_EQ(w.left_care_90, cut.left_care_90);
  EXPECT_EQ(w.readmitted_90, cut.readmitted_90);
  EXPECT_EQ(w.prior_episodes, cut.prior_episodes);
}

void expect_equal_system(const SystemCounters& w, const SystemCounters& cut) {
  EXPECT_EQ(w.arrivals, cut.arrivals);
  EXPECT_EQ(w.relapses, cut.relapses);
  EXPECT_EQ(w.lost_to_care, cut.lost_to_care);
  EXPECT_EQ(w.first_admissions, cut.first_admissions);
  EXPECT_EQ(w.first_admission_days_sum, cut.first_admission_days_sum);
}

TEST(ReportWindows, EqualRunsCutAtTheirBounds) {
  for (std::uint32_t rep = 0; rep < 5; ++rep) {
    const ReplicationResult full = run(300, true, rep);
    const ReplicationResult cut100 = run(100, false, rep);
    const ReplicationResult cut250 = run(250, false, rep);
    const ReplicationResult cut300 = run(300, false, rep);
    ASSERT_EQ(full.windows.size(), 3u);
    EXPECT_EQ(full.windows[0].days, 100);
    EXPECT_EQ(full.windows[1].days, 150);
    // The same events day for day: identical daily rows over the common days.
    for (std::size_t i = 0; i < cut100.daily_census.size(); ++i) {
      ASSERT_EQ(full.daily_census[i], cut100.daily_census[i]) << i;
      ASSERT_EQ(full.daily_waitlist[i], cut100.daily_waitlist[i]) << i;
    }
    EXPECT_GT(full.system.arrivals, cut100.system.arrivals);
    for (std::size_t l = 0; l < 2; ++l) {
      // [0, 100) is the run cut at 100; [0, 300) is the whole run.
      expect_equal_tallies(full.windows[0].levels[l], cut100.levels[l], "first");
      EXPECT_EQ(full.windows[0].levels[l].p90_wait_days, cut100.levels[l].p90_wait_days);
      EXPECT_EQ(full.windows[0].levels[l].p90_queue_time_days,
                cut100.levels[l].p90_queue_time_days);
      expect_equal_tallies(full.windows[2].levels[l], cut300.levels[l], "all");
      expect_equal_tallies(full.windows[2].levels[l], full.levels[l], "all vs whole");
      // [100, 250): the run cut at 250 minus the run cut at 100, exactly for counts.
      const LevelTallies& mid = full.windows[1].levels[l];
      const LevelTallies &a = cut250.levels[l], &b = cut100.levels[l];
      EXPECT_GT(mid.admissions, 0);
      EXPECT_EQ(mid.referrals, a.referrals - b.referrals);
      EXPECT_EQ(mid.admissions, a.admissions - b.admissions);
      EXPECT_EQ(mid.completions, a.completions - b.completions);
      EXPECT_EQ(mid.dropouts, a.dropouts - b.dropouts);
      EXPECT_EQ(mid.abandonments, a.abandonments - b.abandonments);
      EXPECT_EQ(mid.turned_away, a.turned_away - b.turned_away);
      EXPECT_EQ(mid.in_care_at_end, a.in_care_at_end);
      EXPECT_EQ(mid.waiting_at_end, a.waiting_at_end);
      EXPECT_NEAR(mid.wait_sum, a.wait_sum - b.wait_sum, 1e-9 * a.wait_sum);
      EXPECT_NEAR(mid.census_area, a.census_area - b.census_area, 1e-9 * a.census_area);
      EXPECT_NEAR(mid.waitlist_area, a.waitlist_area - b.waitlist_area, 1e-9 * a.waitlist_area);
    }
    expect_equal_system(full.windows[0].system, cut100.system);
    expect_equal_system(full.windows[2].system, full.system);
    EXPECT_EQ(full.windows[1].system.arrivals, cut250.system.arrivals - cut100.system.arrivals);
    EXPECT_EQ(full.windows[1].system.relapses, cut250.system.relapses - cut100.system.relapses);
    EXPECT_EQ(full.windows[1].system.lost_to_care,
              cut250.system.lost_to_care - cut100.system.lost_to_care);
    // Windows change no event: the whole run's counters are those of the run without them.
    expect_equal_tallies(full.levels[0], cut300.levels[0], "whole");
  }
}

TEST(ReportWindows, MetricsAreRatesOverTheWindow) {
  const ReplicationResult full = run(300, true, 0);
  const auto m = window_level_metrics(full, 1, 0, 6);
  EXPECT_DOUBLE_EQ(m[LevelMetric::kAdmissionsPerDay],
                   static_cast<double>(full.windows[1].levels[0].admissions) / 150);
  EXPECT_DOUBLE_EQ(m[LevelMetric::kMeanCensus], full.windows[1].levels[0].census_area / 150);
  EXPECT_DOUBLE_EQ(full.windows[1].levels[0].capacity_area, 6.0 * 150);
  const auto s = window_system_metrics(full, 0);
  EXPECT_DOUBLE_EQ(s[SystemMetric::kArrivalsPerDay],
                   static_cast<double>(full.windows[0].system.arrivals) / 100);
}

TEST(ReportWindows, SummaryStdoutAndReport) {
  const auto dir = temp_dir("windows");
  const std::string file = (dir / "win.yaml").string();
  {
    std::ofstream out(file);
    out << model(300, true);
  }
  const auto r = run_cli("run " + file + " --replications 3 --out " + (dir / "out").string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\nwindow first (days 0 to 100)\nlevel "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nwindow middle (days 100 to 250)\n"), std::string::npos);
  const auto summary = nlohmann::ordered_json::parse(read_file(dir / "out" / "summary.json"));
  const auto& w = summary["windows"];
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w.begin().key(), "first");
  EXPECT_EQ(w["middle"]["from_day"], 100);
  EXPECT_EQ(w["middle"]["to_day"], 250);
  EXPECT_EQ(w["first"]["levels"]["detox"]["admissions_per_day"]["ci95"].size(), 2u);
  EXPECT_TRUE(w["first"]["levels"]["op"]["mean_queue_time_days"]["mean"].is_number());
  EXPECT_TRUE(w["all"]["system"]["arrivals_per_day"]["mean"].is_number());
  // The window over the whole statistics window repeats the whole's values.
  EXPECT_EQ(w["all"]["levels"]["detox"]["admissions_per_day"],
            summary["levels"]["detox"]["admissions_per_day"]);
  const std::string html = read_file(dir / "out" / "report.html");
  EXPECT_NE(html.find("<select id=\"window-select\">"), std::string::npos);
  EXPECT_NE(html.find("<option value=\"middle\">middle (days 100 to 250)</option>"),
            std::string::npos);
  EXPECT_NE(html.find("summary.windows"), std::string::npos);
}

TEST(ReportWindows, NoWindowsNoKey) {
  const auto dir = temp_dir("no-windows");
  const std::string file = (dir / "win.yaml").string();
  {
    std::ofstream out(file);
    out << model(300, false);
  }
  const auto r = run_cli("run " + file + " --replications 2 --out " + (dir / "out").string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.find("\nwindow "), std::string::npos);
  const auto summary = nlohmann::json::parse(read_file(dir / "out" / "summary.json"));
  EXPECT_FALSE(summary.contains("windows"));
  EXPECT_EQ(read_file(dir / "out" / "report.html").find("window-select"), std::string::npos);
}

}  // namespace
}  // namespace continuum
