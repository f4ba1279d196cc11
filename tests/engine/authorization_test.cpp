// Insurance authorization (levels.L.authorization, engine/authorization.cpp): the mean stay and
// the share discharged on denial against their closed form, uninsured patients never reviewed,
// and a tiny deterministic case (fixed referral gaps and stays, approval 0) whose denials, denied
// days, patient-days and revenue are worked out by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "continuum/config/load.hpp"
#include "continuum/engine/engine.hpp"
#include "continuum/experiment/costs.hpp"
#include "continuum/model/model.hpp"
#include "continuum/stats/statistics.hpp"

namespace continuum {
namespace {

// Exponential stays of mean m, reviews at d + k r (k = 0, 1, ...), each approving with
// probability a. The stay is min(S, T) with T = d + K r, P(K = k) = a^k (1 - a):
//   P(denied) = sum_k P(S > d + k r) a^k (1 - a) = sum_k exp(-(d + k r) / m) a^k (1 - a)
//   E[stay]   = sum_k a^k (1 - a) E[min(S, d + k r)] = sum_k a^k (1 - a) m (1 - exp(-(d + k r) /
//   m))
struct ClosedForm {
  double denied_share = 0;
  double mean_stay = 0;
};
ClosedForm closed_form(double m, double d, double r, double a) {
  ClosedForm out;
  double weight = 1 - a;  // a^k (1 - a)
  for (int k = 0; k < 2000; ++k, weight *= a) {
    const double t = d + k * r;
    out.denied_share += weight * std::exp(-t / m);
    out.mean_stay += weight * m * (1 - std::exp(-t / m));
  }
  return out;
}

TEST(Authorization, MeanStayAndDeniedShareMatchTheClosedForm) {
  const double m = 10, d = 7, r = 5, a = 0.7;
  const Scenario s = load_scenario_text(R"(
name: authorization-closed-form
horizon_days: 2000
warmup_days: 200
seed: 7
payers:
  medicaid: {}
arrivals:
  - {name: community, rate_per_day: 20, payers: {medicaid: 1}, entry: {iop: 1}}
levels:
  iop:
    capacity: unlimited
    length_of_stay: {distribution: exponential, mean: 10}
    authorization:
      medicaid: {initial_days: 7, review_every_days: 5, approval: 0.7, on_denial: {exit: 1}}
)",
                                        "closed_form.yaml");
  Engine engine(compile(s), {.record_daily = false});
  std::vector<double> stays, shares;
  for (std::uint32_t rep = 0; rep < 10; ++rep) {
    const ReplicationResult result = engine.run(rep);
    const LevelResult& c = result.levels[0];
    ASSERT_EQ(c.dropouts, 0);
    ASSERT_EQ(c.slot_releases, c.completions + c.denials);
    ASSERT_GT(c.reviews, c.denials);
    stays.push_back(c.slot_days_sum / static_cast<double>(c.slot_releases));
    shares.push_back(static_cast<double>(c.denials) / static_cast<double>(c.slot_releases));
  }
  const ClosedForm exact = closed_form(m, d, r, a);
  const Estimate stay = estimate(stays), share = estimate(shares);
  // The interval is tight (under 2% of the mean), and holds the exact value.
  EXPECT_LT(stay.hi - stay.mean, 0.02 * stay.mean);
  EXPECT_LT(share.hi - share.mean, 0.02 * share.mean);
  EXPECT_LE(stay.lo, exact.mean_stay);
  EXPECT_GE(stay.hi, exact.mean_stay);
  EXPECT_LE(share.lo, exact.denied_share);
  EXPECT_GE(share.hi, exact.denied_share);
  // The closed form itself, for the record: 7.411 days, 25.9% denied.
  EXPECT_NEAR(exact.mean_stay, 7.4110, 1e-3);
  EXPECT_NEAR(exact.denied_share, 0.2589, 1e-3);
}

// Referrals at t = 1, 2, ..., 19 (fixed gaps of 1; the one at 20 is the horizon's), fixed stays
// of 10 days, a review 4 days after admission that never approves.
std::string tiny(const std::string& stream_payers, const std::string& extra = "") {
  return "name: authorization-tiny\nhorizon_days: 20\nwarmup_days: 0\nreplications: 1\n" + extra +
         "payers:\n  medicaid: {}\n  commercial: {}\n"
         "arrivals:\n  - name: community\n    interarrival: {distribution: fixed, value: 1}\n" +
         stream_payers +
         "    entry: {iop: 1}\n"
         "levels:\n  iop:\n    capacity: 100\n    length_of_stay: {distribution: fixed, value: "
         "10}\n"
         "    authorization:\n      medicaid: {initial_days: 4, review_every_days: 7, approval: 0, "
         "on_denial: {exit: 1}}\n"
         "    revenue_per_patient_day: {medicaid: 100, commercial: 250}\n";
}

TEST(Authorization, TinyDeterministicCaseCountsByHand) {
  const Scenario s = load_scenario_text(tiny("    payers: {medicaid: 1}\n"), "tiny.yaml");
  const ReplicationResult result = simulate(s, 0);
  const LevelResult& c = result.levels[0];
  // Admitted at 1..19; denied at admission + 4 for those admitted at 1..15 (the review of the one
  // admitted at 16 would be at the horizon): 15 reviews, 15 denials, 6 planned days cut each.
  EXPECT_EQ(c.admissions, 19);
  EXPECT_EQ(c.reviews, 15);
  EXPECT_EQ(c.denials, 15);
  EXPECT_EQ(c.completions, 0);
  EXPECT_DOUBLE_EQ(c.denied_days, 90.0);
  EXPECT_EQ(c.in_care_at_end, 4);
  // Patient-days of medicaid: 15 denied stays of 4 days, and 4 + 3 + 2 + 1 for those still in
  // care at the horizon: 70; none of commercial.
  ASSERT_EQ(result.payer_days.size(), 2u);
  EXPECT_DOUBLE_EQ(result.payer_days[0], 70.0);
  EXPECT_DOUBLE_EQ(result.payer_days[1], 0.0);
  // Revenue per year: 100 x 70 patient-days over a 20-day window x 365 = 127,750; without staff
  // or costs, the net cost is minus that.
  const AnnualRevenue revenue =
      annual_revenue(s, std::vector<ReplicationResult>{result}, AnnualCosts{});
  EXPECT_DOUBLE_EQ(revenue.by_payer[0][0], 127750.0);
  EXPECT_DOUBLE_EQ(revenue.by_payer[1][0], 0.0);
  EXPECT_DOUBLE_EQ(revenue.total[0], 127750.0);
  EXPECT_DOUBLE_EQ(revenue.net_cost[0], -127750.0);
}

TEST(Authorization, UninsuredPatientsAreNeverReviewed) {
  // No payer mix: every referral is uninsured (the shares' rest of 1).
  const Scenario s = load_scenario_text(tiny(""), "uninsured.yaml");
  const ReplicationResult result = simulate(s, 0);
  const LevelResult& c = result.levels[0];
  EXPECT_EQ(c.admissions, 19);
  EXPECT_EQ(c.reviews, 0);
  EXPECT_EQ(c.denials, 0);
  EXPECT_DOUBLE_EQ(c.denied_days, 0.0);
  EXPECT_EQ(c.completions, 9);  // admitted at 1..9, completed at 11..19
  EXPECT_DOUBLE_EQ(result.payer_days[0], 0.0);
  EXPECT_DOUBLE_EQ(result.payer_days[1], 0.0);
}

TEST(Authorization, DayStepReviewsOnWholeDays) {
  // Day-boundary mode: the referral at 1 joins on day 1 and is admitted on day 2, ...; the one
  // at 19 is never admitted. Admitted on days 2..19, denied on admission + 4 <= 19 (days 2..15):
  // 14 denials of 6 days; medicaid patient-days 14 x 4 + 4 + 3 + 2 + 1 = 66.
  const Scenario s =
      load_scenario_text(tiny("    payers: {medicaid: 1}\n", "time_step_days: 1\n"), "day.yaml");
  const ReplicationResult result = simulate(s, 0);
  const LevelResult& c = result.levels[0];
  EXPECT_EQ(c.admissions, 18);
  EXPECT_EQ(c.reviews, 14);
  EXPECT_EQ(c.denials, 14);
  EXPECT_DOUBLE_EQ(c.denied_days, 84.0);
  EXPECT_DOUBLE_EQ(result.payer_days[0], 66.0);
}

}  // namespace
}  // namespace continuum
