// Forecasts from today that do not dip: the initial state's patients in the community who left
// care recently and will relapse (initial_state.recently_discharged).
//
// One uncongested level: 2 referrals a day, exponential stays of mean 30, every completer
// leaves care and relapses with probability 1/2 after an exponential 180 days, back to the
// level. In equilibrium the level admits 4 a day (2 new, r = (2 + r) / 2 = 2 relapses), holds
// 4 x 30 = 120 in care, and 4 x 1/2 x 180 = 360 patients await relapse; relapses run at 2 a day
// at every moment. Started from the census of 120 alone, relapses start at 0 and climb while
// the census, fed by fewer relapses, falls: over the first 90 days 0.32 a day. (The flows are
// linear, so the expected census n and pool m follow n' = 2 + m/180 - n/30,
// m' = n/60 - m/180 exactly; the test integrates them.)
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "continuum/config/load.hpp"
#include "continuum/engine/engine.hpp"
#include "continuum/stats/trace.hpp"
#include "engine_trace.hpp"

namespace continuum {
namespace {

std::string steady(const std::string& recently_discharged, int in_care = 120) {
  return "name: today\nhorizon_days: 90\nwarmup_days: 0\nreplications: 1\nseed: 5\n"
         "arrivals:\n  - name: s\n    rate_per_day: 2\n    entry: {care: 1}\n"
         "levels:\n  care:\n    capacity: 100000\n"
         "    length_of_stay: {distribution: exponential, mean: 30}\n"
         "    initial_state: {in_care: " +
         std::to_string(in_care) + recently_discharged +
         "}\n"
         "relapse:\n  probability: 0.5\n"
         "  time_to_relapse: {distribution: exponential, mean: 180}\n  reentry: {care: 1}\n";
}

struct Rate {
  double mean, se;  // relapses per day over the 90 days, across replications
};

Rate relapses_per_day(const std::string& text, int replications = 300) {
  const Model model = compile(load_scenario_text(text, "today.yaml"));
  Engine engine(model);
  double sum = 0, sq = 0;
  for (int r = 0; r < replications; ++r) {
    const double rate =
        static_cast<double>(engine.run(static_cast<std::uint32_t>(r)).system.relapses) / 90;
    sum += rate;
    sq += rate * rate;
  }
  const double n = replications, mean = sum / n;
  return {mean, std::sqrt((sq - n * mean * mean) / (n - 1) / n)};
}

TEST(RecentlyDischarged, EquilibriumPoolGivesTheLongRunRelapseRateFromDayZero) {
  // Omitted and `equilibrium` are the same rule, drawn from the same stream.
  const Rate omitted = relapses_per_day(steady(""));
  const Rate equilibrium = relapses_per_day(steady(", recently_discharged: equilibrium"));
  EXPECT_EQ(omitted.mean, equilibrium.mean);
  EXPECT_NEAR(equilibrium.mean, 2.0, 3.5 * equilibrium.se) << equilibrium.se;
  EXPECT_LT(equilibrium.se, 0.03);  // a CI narrow enough to tell a dip
}

// Expected relapses per day over [0, 90) from a census n0 and a pool m0 (RK4, step 1/100 day).
double expected_relapse_rate(double n0, double m0) {
  auto f = [](double n, double m, double& dn, double& dm) {
    dn = 2 + m / 180 - n / 30;
    dm = n / 60 - m / 180;
  };
  double n = n0, m = m0, relapses = 0;
  const double h = 0.01;
  for (int step = 0; step < 9000; ++step) {
    double a1, b1, a2, b2, a3, b3, a4, b4;
    f(n, m, a1, b1);
    f(n + h / 2 * a1, m + h / 2 * b1, a2, b2);
    f(n + h / 2 * a2, m + h / 2 * b2, a3, b3);
    f(n + h * a3, m + h * b3, a4, b4);
    const double m_mid = m + h / 2 * b1, m_end = m + h * b3;
    relapses += h / 6 * (m + 4 * m_mid + m_end) / 180;  // Simpson on the pool
    n += h / 6 * (a1 + 2 * a2 + 2 * a3 + a4);
    m += h / 6 * (b1 + 2 * b2 + 2 * b3 + b4);
  }
  return relapses / 90;
}

TEST(RecentlyDischarged, WithoutThePoolRelapsesDip) {
  EXPECT_NEAR(expected_relapse_rate(120, 360), 2.0, 1e-9);  // the equilibrium stays put
  const Rate none = relapses_per_day(steady(", recently_discharged: 0"));
  const double expected = expected_relapse_rate(120, 0);  // 0.319
  EXPECT_NEAR(expected, 0.319, 0.001);
  EXPECT_NEAR(none.mean, expected, 3.5 * none.se) << none.se;
  EXPECT_LT(none.mean + 3.5 * none.se, 2.0 - 1.0);  // far below the long-run rate
}

TEST(RecentlyDischarged, AGivenNumberWithEquilibriumTimes) {
  // 360, the equilibrium's mean, given as a number: the same long-run rate.
  const Rate given = relapses_per_day(steady(", recently_discharged: 360"));
  EXPECT_NEAR(given.mean, 2.0, 3.5 * given.se) << given.se;
}

TEST(RecentlyDischarged, PlacedAtTimeZeroAfterTheCensusAndCountedInTheBalance) {
  const testing::Traced run = testing::run_traced(steady(", recently_discharged: 3", 2));
  const ReplicationResult& result = run.result;
  int due_at_zero = 0;
  for (const TraceRecord& r : testing::records_of(run.trace, TraceEvent::kRelapseDue)) {
    if (r.time != 0) continue;
    ++due_at_zero;
    EXPECT_GE(r.patient, 2u);  // the two patients found in care are numbered first
    EXPECT_GT(r.value, 0.0);
  }
  EXPECT_EQ(due_at_zero, 3);
  // The balance (checked by the engine at the end) counts them as referred.
  const PatientBalance& b = result.balance;
  EXPECT_EQ(b.referred, result.system.arrivals + 2 + 3);
}

}  // namespace
}  // namespace continuum
