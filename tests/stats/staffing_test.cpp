// Staffing: each requirement rule against hand-computed FTE, the census a staff on hand covers,
// FTE percentiles against the census distribution of an M/M/c level, and staff on hand in the
// engine (no change when it covers the beds, a longer waitlist when it does not, the binding
// constraint).
#include <gtest/gtest.h>

#include <cmath>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "continuum/config/load.hpp"
#include "continuum/model/staffing_rules.hpp"
#include "continuum/output/staffing_output.hpp"
#include "continuum/output/summary_json.hpp"
#include "continuum/stats/staffing.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

// Roles with easy arithmetic: hours per FTE x productive share = 30.6 (nurse), 36 (physician),
// 30 (counselor), 32 (case manager).
const char* kRoles = R"(
staff:
  roles:
    nurse: {hours_per_fte_week: 36, productive_share: 0.85, cost_per_fte_year: 88000}
    physician: {hours_per_fte_week: 40, productive_share: 0.9, cost_per_fte_year: 260000}
    counselor: {hours_per_fte_week: 40, productive_share: 0.75, cost_per_fte_year: 62000}
    case_manager: {hours_per_fte_week: 40, productive_share: 0.8, cost_per_fte_year: 52000}
)";

Scenario rules_scenario() {
  return load_scenario_text(std::string(R"(
name: rules
horizon_days: 10
arrivals:
  - {name: a, rate_per_day: 1, entry: {detox: 0.5, iop: 0.5}}
levels:
  detox:
    capacity: 12
    length_of_stay: {distribution: exponential, mean: 5}
    staffing:
      nurse: {patients_per_staff: 6, coverage_hours_per_week: 168, minimum_on_duty: 1}
      physician: {hours_per_patient_week: 1.5}
  iop:
    capacity: 84
    length_of_stay: {distribution: exponential, mean: 60}
    schedule: {sessions_per_week: 3, hours_per_session: 3, group_size_max: 12}
    staffing:
      counselor: {facilitators_per_group: 1, individual_hours_per_patient_week: 1}
      case_manager: {caseload: 25}
)") + kRoles,
                            "rules.yaml");
}

int role(const Scenario& s, const std::string& name) {
  for (std::size_t r = 0; r < s.staff_roles.size(); ++r)
    if (s.staff_roles[r].name == name) return static_cast<int>(r);
  return -1;
}

TEST(Staffing, RatioOnDutyWithCoverageAndFloor) {
  const Scenario s = rules_scenario();
  const LevelSpec& detox = s.levels[0];
  const int nurse = role(s, "nurse");
  // On duty = max(1, ceil(n / 6)); 168 h a week each; 30.6 productive hours per FTE.
  const double per_post = 168 / 30.6;
  const std::vector<std::pair<double, double>> path = {{0, 1},    {3.2, 1}, {6, 1},   {6.2, 2},
                                                       {11.9, 2}, {12, 2},  {12.5, 3}};
  for (const auto& [census, on_duty] : path)
    EXPECT_NEAR(role_fte(s, detox, nurse, census), on_duty * per_post, 1e-9) << census;
  EXPECT_EQ(role_basis(detox, nurse), "1 per 6 on duty, min 1, 168 h/wk");
}

TEST(Staffing, HoursPerPatient) {
  const Scenario s = rules_scenario();
  const int physician = role(s, "physician");
  for (double census : {0.0, 4.0, 6.2, 11.5})
    EXPECT_NEAR(role_fte(s, s.levels[0], physician, census), census * 1.5 / 36, 1e-12) << census;
}

TEST(Staffing, Caseload) {
  const Scenario s = rules_scenario();
  const int cm = role(s, "case_manager");
  for (double census : {0.0, 12.5, 25.0, 84.0})
    EXPECT_NEAR(role_fte(s, s.levels[1], cm, census), census / 25, 1e-12) << census;
}

TEST(Staffing, GroupsFollowTheSchedule) {
  const Scenario s = rules_scenario();
  const int counselor = role(s, "counselor");
  // ceil(n / 12) groups x 3 sessions x 3 h, plus 1 individual hour per patient; 30 h per FTE.
  const std::vector<std::pair<double, double>> path = {
      {0, 0}, {1, 9 + 1}, {12, 9 + 12}, {12.4, 18 + 12.4}, {24, 18 + 24}, {84, 63 + 84}};
  for (const auto& [census, hours] : path)
    EXPECT_NEAR(role_fte(s, s.levels[1], counselor, census), hours / 30, 1e-9) << census;
  // DOMAIN.md 6.3's workload check: 84 slots need 147 direct hours, 4.9 FTE here.
  EXPECT_NEAR(role_fte(s, s.levels[1], counselor, 84), 4.9, 1e-9);
}

TEST(Staffing, CensusCoveredByStaffOnHand) {
  const Scenario s = rules_scenario();
  const int counselor = role(s, "counselor"), nurse = role(s, "nurse");
  // 1.4 FTE = 42 h: 24 patients need 2 x 9 + 24 = 42 h exactly, 25 need 27 + 25.
  EXPECT_EQ(covered_census(s, s.levels[1], counselor, 1.4, 84), 24);
  EXPECT_EQ(covered_census(s, s.levels[1], counselor, 1.39, 84), 23);
  EXPECT_EQ(covered_census(s, s.levels[1], counselor, 100, 84), 84);
  // Two nurses on duty around the clock cover 12 patients; less than one post covers nobody.
  EXPECT_EQ(covered_census(s, s.levels[0], nurse, 2 * 168 / 30.6, 12), 12);
  EXPECT_EQ(covered_census(s, s.levels[0], nurse, 168 / 30.6, 12), 6);
  EXPECT_EQ(covered_census(s, s.levels[0], nurse, 5, 12), -1);
}

TEST(Staffing, UndefinedRoleIsAnInputError) {
  try {
    load_scenario_text(R"(
name: x
horizon_days: 10
arrivals:
  - {name: a, rate_per_day: 1, entry: {iop: 1}}
levels:
  iop:
    capacity: 10
    length_of_stay: {distribution: exponential, mean: 5}
    staffing:
      counselor: {caseload: 10}
)",
                       "x.yaml");
    FAIL() << "no error";
  } catch (const ScenarioError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].format(),
              "x.yaml:11:7: error: levels.iop.staffing: role 'counselor' is not defined under "
              "staff.roles");
  }
}

// An M/M/16 level with a = 8 and stays of 200 days: a day's time-average census is the census
// at that time on about 92% of days (0.08 admissions or discharges a day), so the daily census
// follows the stationary census distribution: P(n) ∝ a^n / n! below c, and P(N >= c) at c. With
// 1 hour per patient a week (1/40 FTE) the FTE quantiles are the census quantiles / 40.
TEST(Staffing, FtePercentilesFollowTheMmcCensusDistribution) {
  const Scenario s = load_scenario_text(R"(
name: mmc-staff
horizon_days: 20000
warmup_days: 2000
replications: 40
seed: 11
staff:
  roles:
    counselor: {hours_per_fte_week: 40, productive_share: 1, cost_per_fte_year: 40000}
arrivals:
  - {name: a, rate_per_day: 0.04, entry: {clinic: 1}}
levels:
  clinic:
    capacity: 16
    length_of_stay: {distribution: exponential, mean: 200}
    staffing:
      counselor: {hours_per_patient_week: 1}
)",
                                        "mmc.yaml");
  RunOptions options;
  const auto results = run_replications(s, options);
  const StaffingReport report = staffing_report(s, results);
  ASSERT_EQ(report.rows.size(), 1u);
  const StaffingRow& row = report.rows[0];

  const double a = 8;
  const int c = 16;
  std::vector<double> p(c + 1);
  double term = 1, total = 0;
  for (int n = 0; n <= c; ++n) {
    if (n > 0) term *= a / n;
    p[n] = n < c ? term : term * (1 / (1 - a / c));  // at c: every state with N >= c
    total += p[n];
  }
  auto quantile = [&](double q) {
    double cdf = 0;
    for (int n = 0; n <= c; ++n)
      if ((cdf += p[n] / total) >= q) return n;
    return c;
  };
  // Exact: P(census <= 7) = 0.45, <= 8 = 0.59; <= 11 = 0.89, <= 12 = 0.94, <= 13 = 0.97.
  EXPECT_EQ(quantile(0.5), 8);
  EXPECT_EQ(quantile(0.9), 12);
  EXPECT_EQ(quantile(0.95), 13);
  EXPECT_NEAR(row.p50 * 40, quantile(0.5), 0.5);
  EXPECT_NEAR(row.p90 * 40, quantile(0.9), 0.5);
  EXPECT_NEAR(row.p95 * 40, quantile(0.95), 0.5);
  // Mean census = a (Little): inside the interval of the mean FTE.
  EXPECT_LT(row.mean_fte.lo * 40, a);
  EXPECT_GT(row.mean_fte.hi * 40, a);
  EXPECT_LT((row.mean_fte.hi - row.mean_fte.lo) * 40, 0.5);
  // Cost: the mean FTE at 40,000 a year.
  EXPECT_NEAR(row.cost_per_year.mean, row.mean_fte.mean * 40000, 1e-6);
}

std::string iop_text(const std::string& on_hand) {
  return std::string(R"(
name: iop-staff
horizon_days: 400
warmup_days: 200
replications: 8
seed: 5
arrivals:
  - {name: a, rate_per_day: 0.45, entry: {iop: 1}}
levels:
  iop:
    capacity: 24
    length_of_stay: {distribution: exponential, mean: 50}
    cost_per_patient_day: 10
    staffing:
      counselor: {caseload: 12}
)") + on_hand +
         R"(
staff:
  roles:
    counselor: {hours_per_fte_week: 40, productive_share: 0.75, cost_per_fte_year: 62000}
)";
}

TEST(Staffing, StaffOnHandCoveringTheBedsChangesNothing) {
  const Scenario none = load_scenario_text(iop_text(""), "a.yaml");
  const Scenario enough =
      load_scenario_text(iop_text("    staff_on_hand: {counselor: 2}"), "b.yaml");
  EXPECT_EQ(effective_capacity(enough, 0).capacity, 24);
  EXPECT_EQ(effective_capacity(enough, 0).binding_role, -1);
  const Summary a = testing::run_summary(none), b = testing::run_summary(enough);
  EXPECT_EQ(summary_json(none, a)["levels"].dump(), summary_json(enough, b)["levels"].dump());
}

TEST(Staffing, FewerStaffRaiseTheWaitlistAndBind) {
  const Scenario enough =
      load_scenario_text(iop_text("    staff_on_hand: {counselor: 2}"), "b.yaml");
  const Scenario short_staffed =
      load_scenario_text(iop_text("    staff_on_hand: {counselor: 1.5}"), "c.yaml");
  EXPECT_EQ(effective_capacity(short_staffed, 0).capacity, 18);
  RunOptions options;
  const auto ra = run_replications(enough, options), rb = run_replications(short_staffed, options);
  const Summary a = summarize(enough, ra, 5), b = summarize(short_staffed, rb, 5);
  EXPECT_GT(b.level_metric(0, LevelMetric::kMeanWaitlist).lo,
            a.level_metric(0, LevelMetric::kMeanWaitlist).hi);
  EXPECT_LE(b.level_metric(0, LevelMetric::kMeanCensus).mean, 18);

  const StaffingReport ok = staffing_report(enough, ra), tight = staffing_report(short_staffed, rb);
  ASSERT_EQ(tight.levels.size(), 1u);
  EXPECT_EQ(ok.levels[0].binding, "beds");
  EXPECT_EQ(tight.levels[0].binding, "counselor");
  EXPECT_EQ(tight.levels[0].effective.capacity, 18);
  // Offered load 22.5 against 18 slots: full on most days; against 24, far less often.
  EXPECT_GT(tight.levels[0].days_at_capacity.mean, 0.8);
  EXPECT_LT(ok.levels[0].days_at_capacity.mean, tight.levels[0].days_at_capacity.mean);
  // Costs: staff = mean FTE x rate; non-staff = mean census x 10 x 365.
  const double census = b.level_metric(0, LevelMetric::kMeanCensus).mean;
  EXPECT_NEAR(tight.levels[0].non_staff_cost_per_year.mean, census * 3650, 1e-6 * census * 3650);
  // Staff on hand are paid whether needed or not: 1.5 FTE on hand cover at most 18 patients
  // (caseload 12), so every day costs the 1.5 on hand.
  EXPECT_EQ(tight.levels[0].staff_cost_per_year.mean, 1.5 * 62000);
  EXPECT_EQ(tight.rows[0].cost_per_year.mean, 93000);
  EXPECT_NEAR(tight.rows[0].mean_fte.mean, census / 12, 0.05);  // caseload: FTE = n / 12
  const double per_admission = tight.levels[0].cost_per_admission.mean;
  const double admissions = b.level_metric(0, LevelMetric::kAdmissionsPerDay).mean;
  EXPECT_NEAR(per_admission, tight.levels[0].total_cost_per_year.mean / 365 / admissions,
              0.05 * per_admission);
}

TEST(Staffing, RunWritesTheStaffingSection) {
  const auto dir = testing::temp_dir("staffing-run");
  auto r = testing::run_cli("run scenarios/baseline.yaml --replications 3 --out " +
                            (dir / "b").string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("staffing (FTE by day's census"), std::string::npos);
  const auto j = nlohmann::json::parse(testing::read_file(dir / "b" / "summary.json"));
  const auto& iop = j["staffing"]["levels"]["iop"];
  EXPECT_EQ(iop["binding_constraint"], "beds");
  EXPECT_EQ(iop["effective_capacity"], 84);
  EXPECT_TRUE(iop["cost_per_admission"]["mean"].is_number());
  bool counselor = false;
  for (const auto& row : j["staffing"]["roles"])
    if (row["level"] == "iop" && row["role"] == "counselor") {
      counselor = true;
      EXPECT_GT(row["p90_fte"]["pooled"].get<double>(),
                row["p50_fte"]["pooled"].get<double>() - 1e-9);
      EXPECT_LE(row["p95_fte"]["pooled"].get<double>(), 4.9 + 1e-9);  // 84 slots: 147 h / 30
    }
  EXPECT_TRUE(counselor);
  // Without staff or costs: no staffing section, no staffing block.
  r = testing::run_cli("run scenarios/validation/mmc.yaml --replications 2 --out " +
                       (dir / "m").string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.find("staffing (FTE"), std::string::npos);
  EXPECT_FALSE(
      nlohmann::json::parse(testing::read_file(dir / "m" / "summary.json")).contains("staffing"));
  std::filesystem::remove_all(dir);
}

// size's staff at full census (full_census_fte) counts the session groups: 3 sessions a week
// and half the places attended (as simulated), 24 places in groups of 12: E[ceil(X / 12)],
// X ~ Binomial(24, 0.5) = 1.4194098114967346 groups a session; counselor hours 24 x 1
// individual + 1.419... x 3 sessions x 3 h, over 30 h an FTE.
TEST(Staffing, FullCensusCountsTheSessionGroups) {
  const Scenario s = load_scenario_text(std::string(R"(
name: groups
horizon_days: 10
arrivals:
  - {name: a, rate_per_day: 1, entry: {iop: 1}}
levels:
  iop:
    capacity: 24
    sessions: {days: [Mon, Wed, Fri], hours: 3, group_size_max: 12, attendance: 0.9,
               complete_after: 30}
    staffing:
      counselor: {facilitators_per_group: 1, individual_hours_per_patient_week: 1}
)") + kRoles,
                                        "groups.yaml");
  ReplicationResult res;
  res.window_days = 700;
  res.levels.resize(1);
  // Sessions with nobody attending are not held (not counted): the schedule's 3 a week count.
  res.levels[0].sessions_held = 200;
  res.levels[0].session_places = 1000;
  res.levels[0].sessions_attended = 500;
  std::vector<std::string> notes;
  const std::vector<ReplicationResult> results{res};
  EXPECT_NEAR(full_census_fte(s, 0, role(s, "counselor"), 24, results, notes),
              (24 + 1.4194098114967346 * 3 * 3) / 30, 1e-12);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0],
            "iop: session groups at full census from the sessions per week as scheduled (3, "
            "closed days not deducted) and the attendance simulated (50.0%), each patient "
            "attending independently");
}

// Staff on hand are paid whether needed or not: a day costs max(on hand, that day's FTE) x the
// rate, with daily series and without (the mean day's FTE then). Caseload 12 and 24 places need
// at most 2 FTE, so 2, 5 and 20 counselors on hand cost 2, 5 and 20 x 62,000 a year; without
// staff on hand the cost is the mean FTE's.
TEST(Staffing, StaffOnHandArePaidWhetherNeededOrNot) {
  for (const bool daily : {true, false}) {
    RunOptions options;
    options.record_daily = daily;
    for (const double fte : {2.0, 5.0, 20.0}) {
      const Scenario s = load_scenario_text(
          iop_text(fmt::format("    staff_on_hand: {{counselor: {}}}", fte)), "h.yaml");
      const StaffingReport report = staffing_report(s, run_replications(s, options));
      EXPECT_EQ(report.rows[0].cost_per_year.mean, fte * 62000) << fte << " daily " << daily;
      EXPECT_EQ(report.levels[0].staff_cost_per_year.mean, fte * 62000);
      EXPECT_LT(report.rows[0].mean_fte.mean, 2);  // the FTE needed is unchanged
    }
    const Scenario none = load_scenario_text(iop_text(""), "n.yaml");
    const StaffingReport report = staffing_report(none, run_replications(none, options));
    EXPECT_DOUBLE_EQ(report.rows[0].cost_per_year.mean, report.rows[0].mean_fte.mean * 62000);
  }
}

}  // namespace
}  // namespace continuum
