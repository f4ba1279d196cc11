// Interim services (levels.L.waitlist.interim) and the compliance KPIs (compliance:), through
// the engine: a hand-worked exact case of each, and with unlimited interim places the level is
// an Erlang A level whose patience has mean m / f (queueing::erlang_a).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "continuum/config/load.hpp"
#include "continuum/engine/engine.hpp"
#include "continuum/network/queueing.hpp"
#include "continuum/stats/compliance.hpp"
#include "continuum/stats/trace.hpp"
#include "engine_trace.hpp"

namespace continuum {
namespace {

// Referrals every 2 days from day 2 (2, 4, 6, 8, 10); one slot, filled by the first for 20 days;
// fixed patience 3.5; one interim place at factor 0.5. By hand:
//   A@2 admitted. B@4 waits (abandons at 7.5), placed at once: 3.5 days of patience left take
//   7 days, abandons at 11. C@6 waits, interim full, abandons at 9.5. D@8 waits (11.5).
//   E@10 waits (13.5). At 11 B abandons and frees the place: D (joined first, still waiting)
//   is placed after 3 days with 0.5 days left -> abandons at 12, the horizon (not run).
constexpr const char* kExact = R"(name: interim-exact
horizon_days: 12
warmup_days: 0
replications: 1
seed: 1
arrivals:
  - name: s
    interarrival: {distribution: fixed, value: 2}
    entry: {u: 1}
levels:
  u:
    capacity: 1
    length_of_stay: {distribution: fixed, value: 20}
    waitlist:
      patience: {distribution: fixed, value: 3.5}
      interim: {capacity: 1, abandonment_factor: 0.5}
compliance: {admit_within_days: 1, interim_within_hours: 24, admit_within_days_max: 2}
)";

TEST(Interim, HandWorkedPlacementsAndAbandonments) {
  const testing::Traced run = testing::run_traced(kExact);
  const ReplicationResult& r = run.result;
  std::vector<std::pair<double, std::uint32_t>> abandoned;
  for (const TraceRecord& t : testing::records_of(run.trace, TraceEvent::kAbandoned))
    abandoned.emplace_back(t.time, t.patient);
  const std::vector<std::pair<double, std::uint32_t>> expected = {{9.5, 2}, {11.0, 1}};
  EXPECT_EQ(abandoned, expected);
  EXPECT_EQ(r.levels[0].abandonments, 2);
  ASSERT_EQ(r.interim.size(), 1u);
  const InterimTallies& t = r.interim[0];
  EXPECT_EQ(t.joins, 4);       // B, C, D, E
  EXPECT_EQ(t.placed, 2);      // B, D
  EXPECT_EQ(t.placements, 2);  // at 4 (waited 0) and at 11 (waited 3)
  EXPECT_EQ(t.placement_wait_sum, 3);
  EXPECT_EQ(t.census_area, 8);  // B over [4, 11], D over [11, 12]
  const KpiValues k = interim_metrics(t, r.window_days);
  EXPECT_EQ(k[0], 0.5);
  EXPECT_EQ(k[1], 1.5);
  EXPECT_NEAR(k[2], 3.0, 3.0 / 64);  // p90 of {0, 3}: inside the histogram's bin of 3
  EXPECT_DOUBLE_EQ(k[3], 8.0 / 12);
  // Compliance: judged for 1 day, referrals before day 11: A..E; admitted within 1 day: A. Of
  // the 4 others, B had interim within 24 hours. Judged for 2 days: A..D, one admitted. Day
  // ends 1..12: the slot is full from day 2's referral, so days 3..12 (10 of 12) are at 90%.
  ASSERT_EQ(r.compliance.size(), 1u);
  const ComplianceTallies& c = r.compliance[0];
  EXPECT_EQ(c.judged, 5);
  EXPECT_EQ(c.admitted, 1);
  EXPECT_EQ(c.interim_fast, 1);
  EXPECT_EQ(c.interim_fast_admitted, 0);
  EXPECT_EQ(c.judged_max, 4);
  EXPECT_EQ(c.admitted_max, 1);
  EXPECT_EQ(c.days, 12);
  EXPECT_EQ(c.alert_days, 10);
  const KpiValues kpi = compliance_metrics(c);
  EXPECT_EQ(kpi[0], 0.2);
  EXPECT_EQ(kpi[1], 0.25);
  EXPECT_EQ(kpi[2], 0.25);
  EXPECT_DOUBLE_EQ(kpi[3], 10.0 / 12);
  // The cancelled abandonment (B's at 7.5) does not count as an event: 5 arrivals, 2 abandons.
  EXPECT_EQ(r.events, 7u);
}

// Referrals every 2 days from day 2 to day 28; one slot, stays of 5 days: patient k (referred at
// 2 + 2k) is admitted at 2 + 5k after waiting 3k days (k = 0..5 before the horizon, 30).
// Within 6 days: k <= 2; within 12: k <= 4. Censoring: judged for 6 days only referrals before
// day 24 (k <= 10: 11), for 12 days before day 18 (k <= 7: 8). Day ends 1..30: full from day 3.
constexpr const char* kCompliance = R"(name: compliance-exact
horizon_days: 30
warmup_days: 0
replications: 1
seed: 1
arrivals:
  - name: s
    interarrival: {distribution: fixed, value: 2}
    entry: {u: 1}
levels:
  u:
    capacity: 1
    length_of_stay: {distribution: fixed, value: 5}
compliance: {admit_within_days: 6, admit_within_days_max: 12, capacity_alert_share: 1}
)";

TEST(Compliance, HandWorkedCountsWithCensoring) {
  const ReplicationResult r = simulate(load_scenario_text(kCompliance, "c.yaml"), 0);
  EXPECT_TRUE(r.interim.empty());
  ASSERT_EQ(r.compliance.size(), 1u);
  const ComplianceTallies& c = r.compliance[0];
  EXPECT_EQ(c.judged, 11);
  EXPECT_EQ(c.admitted, 3);
  EXPECT_EQ(c.judged_max, 8);
  EXPECT_EQ(c.admitted_max, 5);
  EXPECT_EQ(c.interim_fast, 0);
  EXPECT_EQ(c.days, 30);
  EXPECT_EQ(c.alert_days, 28);
  const KpiValues kpi = compliance_metrics(c);
  EXPECT_DOUBLE_EQ(kpi[0], 3.0 / 11);
  EXPECT_EQ(kpi[1], 0.0);  // 8 not admitted within 6 days, none with interim services
  EXPECT_DOUBLE_EQ(kpi[2], 5.0 / 8);
  EXPECT_DOUBLE_EQ(kpi[3], 28.0 / 30);
}

TEST(Compliance, AbsentWithoutTheKeys) {
  std::string text = kCompliance;
  text = text.substr(0, text.find("compliance:"));
  const ReplicationResult r = simulate(load_scenario_text(text, "c.yaml"), 0);
  EXPECT_TRUE(r.compliance.empty());
  EXPECT_TRUE(r.interim.empty());
}

// With classes: each class's counts add up to the level's (capacity days are the level's only).
TEST(Compliance, PerClassCountsAddUp) {
  std::string text = kCompliance;
  text.replace(text.find("arrivals:"), 9, "classes: {a: {priority: 1}, b: {}}\narrivals:");
  text.replace(text.find("    entry: {u: 1}"), 17,
               "    entry: {u: 1}\n    classes: {a: 0.5, b: 0.5}");
  const ReplicationResult r = simulate(load_scenario_text(text, "c.yaml"), 0);
  ASSERT_EQ(r.compliance.size(), 3u);  // the level, then class a's and class b's
  const ComplianceTallies &all = r.compliance[0], &a = r.compliance[1], &b = r.compliance[2];
  EXPECT_EQ(a.judged + b.judged, all.judged);
  EXPECT_EQ(a.admitted + b.admitted, all.admitted);
  EXPECT_EQ(a.judged_max + b.judged_max, all.judged_max);
  EXPECT_EQ(a.admitted_max + b.admitted_max, all.admitted_max);
  EXPECT_EQ(all.judged, 11);
  EXPECT_GT(a.judged, 0);
  EXPECT_GT(b.judged, 0);
  EXPECT_EQ(a.days, 0);
  EXPECT_EQ(all.days, 30);
}

// The initial state's waiting patients are not referrals (docs/outputs.md): their admissions and
// interim placements count in no compliance share. One slot, stays of 5, found full with 2
// waiting (placed in interim at 0, admitted at 5 and 10 after waiting 5 and 10 days); the only
// referral at 20 is admitted at once: judged for 6 days (20 + 6 < 30), not for 12.
TEST(Compliance, InitialWaitingPatientsAreNotReferrals) {
  const std::string text =
      "name: compliance-initial\nhorizon_days: 30\nwarmup_days: 0\nreplications: 1\nseed: 1\n"
      "arrivals:\n  - name: s\n    interarrival: {distribution: fixed, value: 20}\n"
      "    entry: {u: 1}\n"
      "levels:\n  u:\n    capacity: 1\n    length_of_stay: {distribution: fixed, value: 5}\n"
      "    initial_state: {in_care: 1, days_in_care: [0], waiting: 2}\n"
      "    waitlist:\n      interim: {capacity: 2, abandonment_factor: 1}\n"
      "compliance: {admit_within_days: 6, admit_within_days_max: 12}\n";
  const testing::Traced run = testing::run_traced(text);
  const ReplicationResult& r = run.result;
  std::vector<std::pair<double, double>> admitted;  // (time, days waited)
  for (const TraceRecord& t : testing::records_of(run.trace, TraceEvent::kAdmitted))
    if (t.time > 0) admitted.emplace_back(t.time, t.value);
  const std::vector<std::pair<double, double>> expected = {{5, 5}, {10, 10}, {20, 0}};
  EXPECT_EQ(admitted, expected);
  EXPECT_EQ(r.interim[0].placements, 2);
  ASSERT_EQ(r.compliance.size(), 1u);
  const ComplianceTallies& c = r.compliance[0];
  EXPECT_EQ(c.judged, 1);
  EXPECT_EQ(c.admitted, 1);
  EXPECT_EQ(c.judged_max, 0);
  EXPECT_EQ(c.admitted_max, 0);
  EXPECT_EQ(c.interim_fast, 0);
  EXPECT_EQ(c.interim_fast_admitted, 0);
  const KpiValues kpi = compliance_metrics(c);
  EXPECT_EQ(kpi[0], 1.0);
  EXPECT_TRUE(std::isnan(kpi[1]));  // nobody judged left unadmitted
  EXPECT_TRUE(std::isnan(kpi[2]));  // nobody judged for 12 days
}

// The initial state's waiting patients (waited 1, 5 and 3 days; fixed patience 10; no free slot)
// take the two interim places at time 0, longest wait first: the 5-day one has 5 days of patience
// left, at factor 0.5 it abandons at 10; the 3-day one has 7 left, abandons at 14 (after the
// horizon, 12); the 1-day one finds no place and abandons at 9, before the first place frees.
TEST(Interim, InitialWaitingPatientsArePlacedAtTimeZeroLongestWaitFirst) {
  const std::string text =
      "name: interim-initial\nhorizon_days: 12\nwarmup_days: 0\nreplications: 1\nseed: 1\n"
      "arrivals:\n  - name: s\n    interarrival: {distribution: fixed, value: 100}\n"
      "    entry: {u: 1}\n"
      "levels:\n  u:\n    capacity: 1\n    length_of_stay: {distribution: fixed, value: 50}\n"
      "    initial_state: {in_care: 1, days_in_care: [0], waiting: 3, days_waited: [1, 5, 3]}\n"
      "    waitlist:\n      patience: {distribution: fixed, value: 10}\n"
      "      interim: {capacity: 2, abandonment_factor: 0.5}\n";
  const testing::Traced run = testing::run_traced(text);
  const ReplicationResult& r = run.result;
  EXPECT_EQ(testing::times_of(run.trace, TraceEvent::kAbandoned), (std::vector<double>{9.0, 10.0}));
  // Two placements at 0 (they joined before the window: not counted as joins).
  EXPECT_EQ(r.interim[0].joins, 0);
  EXPECT_EQ(r.interim[0].placements, 2);
  EXPECT_EQ(r.interim[0].placement_wait_sum, 5 + 3);
  EXPECT_EQ(r.interim[0].census_area, 10 + 12);
}

// Unlimited interim places, exponential patience of mean m at factor f: every waiting patient
// is placed on joining, so patience is exponential of mean m / f: M/M/c+M with theta = f / m.
TEST(Interim, UnlimitedPlacesIsErlangAWithPatienceMeanOverFactor) {
  const double lambda = 5, mu = 1, m = 2, f = 0.5;
  const int c = 4;
  const std::string text =
      "name: erlang-a-interim\nhorizon_days: 2000\nwarmup_days: 100\nreplications: 1\nseed: 7\n"
      "arrivals:\n  - name: s\n    rate_per_day: 5\n    entry: {u: 1}\n"
      "levels:\n  u:\n    capacity: 4\n"
      "    length_of_stay: {distribution: exponential, mean: 1}\n"
      "    waitlist:\n      patience: {distribution: exponential, mean: 2}\n"
      "      interim: {capacity: unlimited, abandonment_factor: 0.5}\n";
  Engine engine(compile(load_scenario_text(text, "a.yaml")));
  std::vector<double> abandon, queue_time, placed, census;
  for (std::uint32_t rep = 0; rep < 20; ++rep) {
    const ReplicationResult r = engine.run(rep);
    const LevelResult& l = r.levels[0];
    abandon.push_back(static_cast<double>(l.abandonments) / static_cast<double>(l.referrals));
    queue_time.push_back((l.wait_sum + l.abandon_wait_sum) /
                         static_cast<double>(l.admissions + l.abandonments));
    placed.push_back(interim_metrics(r.interim[0], r.window_days)[0]);
    census.push_back(interim_metrics(r.interim[0], r.window_days)[3]);
    EXPECT_EQ(interim_metrics(r.interim[0], r.window_days)[1], 0.0);  // placed on joining
  }
  const queueing::ErlangAResult a = queueing::erlang_a(lambda, mu, f / m, c);
  const Estimate ab = estimate(abandon), qt = estimate(queue_time);
  EXPECT_LE(ab.lo, a.abandonment_fraction);
  EXPECT_GE(ab.hi, a.abandonment_fraction);
  EXPECT_LE(qt.lo, a.mean_queue_time);
  EXPECT_GE(qt.hi, a.mean_queue_time);
  // Everyone who waits is placed (joins near the horizon included); the interim census is the
  // mean number waiting.
  const Estimate pl = estimate(placed), ce = estimate(census);
  EXPECT_EQ(pl.mean, 1.0);
  EXPECT_LE(ce.lo, a.mean_queue);
  EXPECT_GE(ce.hi, a.mean_queue);
  // Without the factor (f = 1 in effect) the level abandons more: the test can tell the two.
  const queueing::ErlangAResult plain = queueing::erlang_a(lambda, mu, 1 / m, c);
  EXPECT_GT(plain.abandonment_fraction, ab.hi);
}

}  // namespace
}  // namespace continuum
