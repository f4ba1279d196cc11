// Patience given day by day, through the engine: at a level nobody is admitted to (one slot,
// filled for 100 years by the initial census), the share of joiners who abandon by whole day d
// is 1 - S(d) = 1 - prod_{k < d} (1 - h(k)), within CI, for each of the three kinds. And the
// loader reads the new keys (meanlog/sdlog, round, the day tables) into the expected specs.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "continuum/config/load.hpp"
#include "continuum/engine/engine.hpp"
#include "continuum/stats/trace.hpp"
#include "engine_trace.hpp"

namespace continuum {
namespace {

std::string no_capacity(const std::string& patience) {
  return "name: patience\nhorizon_days: 400\nwarmup_days: 0\nreplications: 1\nseed: 17\n"
         "arrivals:\n  - name: s\n    rate_per_day: 50\n    entry: {u: 1}\n"
         "levels:\n  u:\n    capacity: 1\n"
         "    length_of_stay: {distribution: fixed, value: 36500}\n"
         "    initial_state: {in_care: 1, days_in_care: [0]}\n"
         "    waitlist:\n      patience: " +
         patience + "\n";
}

// Per whole day in `days`, the share of patients who joined by day 400 - 60 that abandoned
// within that many days; and how many joined.
struct Shares {
  std::vector<double> by_day;
  int joined = 0;
};

Shares abandon_shares(const std::string& patience, const std::vector<int>& days) {
  const testing::Traced run = testing::run_traced(no_capacity(patience));
  EXPECT_EQ(run.result.levels[0].admissions, 0);
  std::map<std::uint32_t, double> joined;  // patient -> day joined
  Shares out;
  out.by_day.assign(days.size(), 0.0);
  for (const TraceRecord& r : run.trace) {
    if (r.event == TraceEvent::kWaitlisted && r.time <= 340) joined[r.patient] = r.time;
    if (r.event != TraceEvent::kAbandoned) continue;
    const auto it = joined.find(r.patient);
    if (it == joined.end()) continue;
    const double waited = r.time - it->second;
    for (std::size_t j = 0; j < days.size(); ++j)
      out.by_day[j] += waited <= days[j] + 1e-9;
  }
  out.joined = static_cast<int>(joined.size());
  for (double& share : out.by_day)
    share /= out.joined;
  return out;
}

void expect_survival(const std::string& patience, const std::vector<double>& survival,
                     const std::vector<int>& days) {
  const Shares shares = abandon_shares(patience, days);
  ASSERT_GT(shares.joined, 15000);  // 50 a day for 340 days
  for (std::size_t j = 0; j < days.size(); ++j) {
    const double p = 1 - survival[j];
    const double se = std::sqrt(p * (1 - p) / shares.joined);
    EXPECT_NEAR(shares.by_day[j], p, 4.5 * se + 1e-12)
        << patience << ": day " << days[j] << " of " << shares.joined;
  }
}

const std::vector<int> kDays = {1, 2, 3, 5, 10, 20, 30, 45, 60};

TEST(DayPatience, DailyHazardShareByDayD) {
  const std::vector<double> h = {0.01, 0.02, 0.04, 0.03};  // 0.03 holds from day 4 on
  std::vector<double> s;
  for (int d : kDays) {
    double v = 1;
    for (int k = 0; k < d; ++k)
      v *= 1 - h[std::min<std::size_t>(static_cast<std::size_t>(k), h.size() - 1)];
    s.push_back(v);
  }
  expect_survival("{distribution: daily_hazard, values: [0.01, 0.02, 0.04, 0.03]}", s, kDays);
}

TEST(DayPatience, LogisticHazardShareByDayD) {
  // h(k) = p4 + (p1 - p4) / (1 + (k / p3)^p2): 0.2 on the first day, falling towards 0.01.
  std::vector<double> s;
  for (int d : kDays) {
    double v = 1;
    for (int k = 0; k < d; ++k)
      v *= 1 - (0.01 + (0.2 - 0.01) / (1 + std::pow(k / 10.0, 2.0)));
    s.push_back(v);
  }
  expect_survival("{distribution: daily_hazard_logistic, p1: 0.2, p2: 2, p3: 10, p4: 0.01}", s,
                  kDays);
}

TEST(DayPatience, SurvivalTableShareByDayD) {
  // days [7, 30], surviving [0.8, 0.4]: S(7) = 0.8, S(30) = 0.4 exactly; between, a constant
  // daily hazard; after day 30, the last interval's hazard holds.
  const double q1 = std::pow(0.8, 1.0 / 7), q2 = std::pow(0.5, 1.0 / 23);
  std::vector<double> s;
  for (int d : kDays)
    s.push_back(d <= 7 ? std::pow(q1, d) : 0.8 * std::pow(q2, d - 7));
  EXPECT_NEAR(s[6], 0.4, 1e-12);  // day 30
  expect_survival("{distribution: survival, days: [7, 30], surviving: [0.8, 0.4]}", s, kDays);
}

TEST(DayPatience, LoaderReadsTheNewKeys) {
  const Scenario s = load_scenario_text(
      "name: keys\nhorizon_days: 10\narrivals:\n  - name: s\n    rate_per_day: 1\n"
      "    entry: {u: 1}\nlevels:\n  u:\n    capacity: 3\n"
      "    length_of_stay: {distribution: lognormal, meanlog: 3.1, sdlog: 0.6, round: stochastic}\n"
      "    waitlist:\n"
      "      patience: {distribution: daily_hazard_logistic, p1: 0.0, p2: 1.2, p3: 120, p4: 0}\n",
      "keys.yaml");
  const auto* r = std::get_if<Rounded>(&s.levels[0].length_of_stay);
  ASSERT_NE(r, nullptr);
  const auto* l = std::get_if<LognormalLog>(&r->of->spec);
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->meanlog, 3.1);
  EXPECT_EQ(l->sdlog, 0.6);
  const auto* p = std::get_if<DailyHazardLogistic>(&*s.levels[0].waitlist.patience);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->p2, 1.2);
  EXPECT_EQ(p->p3, 120);
  // p4 = 0 with p2 > 1: a share never gives up. Allowed as patience, and the run goes on.
  EXPECT_EQ(simulate(s, 0).levels[0].referrals > 0, true);
}

}  // namespace
}  // namespace continuum
