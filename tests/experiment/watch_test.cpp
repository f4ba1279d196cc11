// run --watch: expressions parsed (and refused with exact messages), each replication's first
// crossing day noted as it runs, the mean's and the 50% / 90% days exact on a deterministic
// scenario and near their computed values on a stochastic one, and the command line's outputs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "continuum/config/load.hpp"
#include "continuum/experiment/runner.hpp"
#include "continuum/experiment/watch.hpp"
#include "continuum/output/watch_output.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

// A referral every 6 hours into a one-slot clinic whose stay outlasts the horizon: the first is
// admitted at 0.25 and the waitlist grows by exactly 4 a day. Its time-average over day d is
// 4d + 0.5 (d >= 1; 0.75 on day 0): 8.5 on day 2, 12.5 on day 3.
Scenario growing() {
  return load_scenario_text(R"(
name: growing
horizon_days: 20
warmup_days: 0
replications: 4
seed: 1
arrivals:
  - {name: a, interarrival: {distribution: fixed, value: 0.25}, entry: {clinic: 1}}
levels:
  clinic:
    capacity: 1
    length_of_stay: {distribution: fixed, value: 1000}
  other:
    capacity: 1
    length_of_stay: {distribution: fixed, value: 1}
)",
                            "growing.yaml");
}

RunOptions watching(const std::vector<WatchSpec>& specs) {
  RunOptions options;
  options.threads = 1;
  for (const auto& s : specs)
    options.watches.push_back(s.watch);
  return options;
}

TEST(Watch, ParsesExpressions) {
  const Scenario s = growing();
  WatchSpec w = parse_watch(s, "levels.clinic.waitlist>10");
  EXPECT_EQ(w.series, "levels.clinic.waitlist");
  EXPECT_EQ(w.op, ">");
  EXPECT_EQ(w.watch.level, 0);
  EXPECT_EQ(w.watch.series, WatchSeries::kWaitlist);
  EXPECT_EQ(w.watch.op, WatchOp::kGreater);
  EXPECT_EQ(w.watch.threshold, 10);
  w = parse_watch(s, "system.census<=0.5");
  EXPECT_EQ(w.watch.level, -1);
  EXPECT_EQ(w.watch.series, WatchSeries::kCensus);
  EXPECT_EQ(w.watch.op, WatchOp::kLessEqual);
  EXPECT_EQ(parse_watch(s, "levels.other.census>=2").watch.op, WatchOp::kGreaterEqual);
  EXPECT_EQ(parse_watch(s, "levels.other.census<2").watch.op, WatchOp::kLess);
  auto message = [&s](const std::string& text) {
    try {
      parse_watch(s, text);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("levels.clinc.waitlist>10"),
            "--watch 'levels.clinc.waitlist>10': the scenario has no level 'clinc' (did you mean "
            "'clinic'?)");
  EXPECT_EQ(message("levels.clinic.waitlst>10"),
            "--watch 'levels.clinic.waitlst>10': no daily series 'waitlst' (did you mean "
            "'waitlist'?); a daily series is levels.LEVEL.census, levels.LEVEL.waitlist, "
            "system.census or system.waitlist");
  EXPECT_EQ(message("levels.clinic.waitlist=10"),
            "--watch 'levels.clinic.waitlist=10': expected SERIES>VALUE (or >=, <, <=), e.g. "
            "levels.detox.waitlist>10; a daily series is levels.LEVEL.census, "
            "levels.LEVEL.waitlist, system.census or system.waitlist");
  EXPECT_EQ(message("levels.clinic.waitlist>ten"),
            "--watch 'levels.clinic.waitlist>ten': expected a number (got 'ten')");
  EXPECT_EQ(message("clinic.waitlist>1"),
            "--watch 'clinic.waitlist>1': 'clinic.waitlist' is not a daily series; a daily "
            "series is levels.LEVEL.census, levels.LEVEL.waitlist, system.census or "
            "system.waitlist");
}

TEST(Watch, DeterministicGrowthCrossesOnTheComputedDay) {
  const Scenario s = growing();
  const std::vector<WatchSpec> specs = {
      parse_watch(s, "levels.clinic.waitlist>10"),    // 12.5 on day 3
      parse_watch(s, "levels.clinic.waitlist>=8.5"),  // 8.5 on day 2 exactly
      parse_watch(s, "system.waitlist>100"),          // 4d + 0.5 > 100: day 25, past the window
      parse_watch(s, "levels.clinic.census<1"),       // 0 before the first admission: day 0
  };
  const RunOptions options = watching(specs);
  const auto results = run_replications(s, options);
  ASSERT_EQ(results.size(), 4u);
  const Summary summary = summarize(s, results, 1);
  ASSERT_NEAR(summary.daily_waitlist[2 * 2 + 0].mean, 8.5, 1e-6);
  ASSERT_NEAR(summary.daily_waitlist[3 * 2 + 0].mean, 12.5, 1e-6);
  for (const auto& r : results)
    EXPECT_EQ(r.watch_first_day, (std::vector<std::int32_t>{3, 2, -1, 0}));
  const auto out = watch_outcomes(s, specs, results, summary);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].mean_first_day, 3);
  EXPECT_EQ(out[0].p50_first_day, 3);
  EXPECT_EQ(out[0].p90_first_day, 3);
  EXPECT_EQ(out[0].crossed, 4);
  EXPECT_EQ(out[1].mean_first_day, 2);
  EXPECT_EQ(out[2].mean_first_day, std::nullopt);
  EXPECT_EQ(out[2].p50_first_day, std::nullopt);
  EXPECT_EQ(out[2].crossed, 0);
  EXPECT_EQ(out[3].p90_first_day, 0);
  EXPECT_EQ(watch_text(out),
            "forecast questions (days of the window after warm-up, as in daily.csv; the scenario "
            "has no calendar, so no dates):\n"
            "  levels.clinic.waitlist>10: the mean crosses on day 3; 50% of replications have "
            "crossed by day 3, 90% by day 3 (4 of 4 crossed)\n"
            "  levels.clinic.waitlist>=8.5: the mean crosses on day 2; 50% of replications have "
            "crossed by day 2, 90% by day 2 (4 of 4 crossed)\n"
            "  system.waitlist>100: the mean does not cross within the window; fewer than 50% of "
            "replications cross within the window (0 of 4 crossed)\n"
            "  levels.clinic.census<1: the mean crosses on day 0; 50% of replications have "
            "crossed by day 0, 90% by day 0 (4 of 4 crossed)\n");
  const auto j = watch_json(s, out);
  EXPECT_EQ(j[0]["expression"], "levels.clinic.waitlist>10");
  EXPECT_EQ(j[0]["level"], "clinic");
  EXPECT_EQ(j[0]["quantity"], "waitlist");
  EXPECT_EQ(j[0]["mean_first_day"], 3);
  EXPECT_TRUE(j[2]["level"].is_null());
  EXPECT_TRUE(j[2]["p90_first_day"].is_null());
  // Without watches the results carry none.
  EXPECT_TRUE(run_replications(s, watching({})).front().watch_first_day.empty());
}

// Dated (calendar: start_date 2027-01-04): each day is followed by its date, in the text and
// in the JSON's *_first_date.
TEST(Watch, DatedScenariosGiveTheDatesOfTheDays) {
  Scenario s = growing();
  s.calendar = CalendarSpec{.pos = {}, .start_date = *parse_date("2027-01-04"), .holidays = {}};
  const std::vector<WatchSpec> specs = {parse_watch(s, "levels.clinic.waitlist>10"),
                                        parse_watch(s, "system.waitlist>100")};
  const auto results = run_replications(s, watching(specs));
  const auto out = watch_outcomes(s, specs, results, summarize(s, results, 1));
  EXPECT_EQ(watch_text(out, &s),
            "forecast questions (days of the window after warm-up, as in daily.csv, with their "
            "dates):\n"
            "  levels.clinic.waitlist>10: the mean crosses on day 3 (2027-01-07); 50% of "
            "replications have crossed by day 3 (2027-01-07), 90% by day 3 (2027-01-07) (4 of 4 "
            "crossed)\n"
            "  system.waitlist>100: the mean does not cross within the window; fewer than 50% of "
            "replications cross within the window (0 of 4 crossed)\n");
  const auto j = watch_json(s, out);
  EXPECT_EQ(j[0]["mean_first_day"], 3);
  EXPECT_EQ(j[0]["mean_first_date"], "2027-01-07");
  EXPECT_EQ(j[0]["p90_first_date"], "2027-01-07");
  EXPECT_TRUE(j[1]["mean_first_date"].is_null());
  // Undated: no date keys.
  EXPECT_FALSE(watch_json(growing(), out)[0].contains("mean_first_date"));
}

TEST(Watch, TheShareOfReplicationsIsTheirFirstDaysOrderStatistic) {
  EXPECT_EQ(first_day_reaching({5, 1, -1, 3}, 0.5), 3);  // 2 of 4 by day 3
  EXPECT_EQ(first_day_reaching({5, 1, -1, 3}, 0.75), 5);
  EXPECT_EQ(first_day_reaching({5, 1, -1, 3}, 0.9), std::nullopt);        // the 4th never crosses
  EXPECT_EQ(first_day_reaching({0, 0, 0, 0, 0, 0, 0, 0, 0, 9}, 0.9), 0);  // 9 of 10 by day 0
  EXPECT_EQ(first_day_reaching({}, 0.5), std::nullopt);
}

TEST(Watch, StochasticFirstArrivalMatchesTheExponential) {
  // Poisson referrals at 0.1 a day into an unlimited level nobody leaves: its census is above
  // zero on day d (a time average over the day) once the first referral came before d + 1, so
  // a replication's first day is floor(T), T ~ exponential(0.1): P(by day d) = 1 - e^-0.1(d+1).
  // 50% by day 6 (1 - e^-0.7 = 0.503), 90% by day 22 (1 - e^-2.3 = 0.900; day 21: 0.889).
  const Scenario s = load_scenario_text(R"(
name: first
horizon_days: 60
warmup_days: 0
replications: 1000
seed: 11
arrivals:
  - {name: a, rate_per_day: 0.1, entry: {clinic: 1}}
levels:
  clinic:
    capacity: unlimited
    length_of_stay: {distribution: fixed, value: 1000}
)",
                                        "first.yaml");
  const std::vector<WatchSpec> specs = {parse_watch(s, "levels.clinic.census>0")};
  const auto results = run_replications(s, watching(specs));
  const auto out = watch_outcomes(s, specs, results, summarize(s, results, 11));
  ASSERT_TRUE(out[0].p50_first_day && out[0].p90_first_day);
  EXPECT_NEAR(*out[0].p50_first_day, 6, 1);
  EXPECT_NEAR(*out[0].p90_first_day, 22, 2);
  EXPECT_EQ(out[0].mean_first_day, 0);  // some replication has a referral on day 0
  // The share crossed by day 10: 1 - e^-1.1 = 0.667, within 4 binomial standard errors.
  int by10 = 0;
  for (const auto& r : results)
    by10 += r.watch_first_day[0] >= 0 && r.watch_first_day[0] <= 10;
  EXPECT_NEAR(by10 / 1000.0, 1 - std::exp(-1.1), 4 * std::sqrt(0.667 * 0.333 / 1000));
  EXPECT_EQ(out[0].crossed,
            static_cast<int>(std::count_if(results.begin(), results.end(), [](const auto& r) {
              return r.watch_first_day[0] >= 0;
            })));
}

TEST(Watch, CommandLine) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("continuum-watch-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string yaml = (dir / "growing.yaml").string();
  {
    std::ofstream f(yaml);
    f << "name: growing\nhorizon_days: 20\nwarmup_days: 0\nreplications: 4\nseed: 1\n"
         "arrivals:\n  - {name: a, interarrival: {distribution: fixed, value: 0.25}, "
         "entry: {clinic: 1}}\nlevels:\n  clinic:\n    capacity: 1\n"
         "    length_of_stay: {distribution: fixed, value: 1000}\n";
  }
  const std::string out = (dir / "out").string();
  const auto r = testing::run_cli("run " + yaml + " --out " + out +
                                  " --watch 'levels.clinic.waitlist>10' --watch "
                                  "'system.census<1'");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("  levels.clinic.waitlist>10: the mean crosses on day 3; 50% of "
                       "replications have crossed by day 3, 90% by day 3 (4 of 4 crossed)\n"),
            std::string::npos)
      << r.out;
  std::ifstream summary_file(out + "/summary.json");
  const auto summary = nlohmann::json::parse(summary_file);
  ASSERT_EQ(summary["watch"].size(), 2u);
  EXPECT_EQ(summary["watch"][0]["expression"], "levels.clinic.waitlist>10");
  EXPECT_EQ(summary["watch"][0]["p90_first_day"], 3);
  EXPECT_EQ(summary["watch"][1]["mean_first_day"], 0);
  std::ifstream report_file(out + "/report.html");
  std::stringstream report;
  report << report_file.rdbuf();
  // Embedded JSON escapes "<" and ">" (safe inside a script element).
  EXPECT_NE(report.str().find("\"watch\":[{\"expression\":\"levels.clinic.waitlist\\u003e10\""),
            std::string::npos);

  const auto bad =
      testing::run_cli("run " + yaml + " --out " + out + " --watch 'levels.clinc.waitlist>10'");
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(bad.err,
            "continuum: error: --watch 'levels.clinc.waitlist>10': the scenario has no level "
            "'clinc' (did you mean 'clinic'?)\n");
  const auto no_daily = testing::run_cli("run " + yaml + " --out " + out +
                                         " --no-daily --watch 'levels.clinic.waitlist>10'");
  EXPECT_EQ(no_daily.status, 2);
  EXPECT_EQ(no_daily.err, "continuum: error: --watch needs the daily series: drop --no-daily\n");
  // Without --watch, summary.json has no `watch`.
  const auto plain = testing::run_cli("run " + yaml + " --out " + out);
  ASSERT_EQ(plain.status, 0) << plain.err;
  std::ifstream plain_file(out + "/summary.json");
  EXPECT_FALSE(nlohmann::json::parse(plain_file).contains("watch"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace continuum
