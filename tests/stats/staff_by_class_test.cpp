// Staffing rules by class (docs/scenario-format.md, "Staff and cost"): the per-class ratios
// against hand-computed FTE, the loader's by_class with exact messages, the daily census per
// class kept by the recorder, the staffing report on a deterministic two-class level, and the
// memory estimate's per-class term.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "continuum/config/load.hpp"
#include "continuum/experiment/estimate.hpp"
#include "continuum/experiment/runner.hpp"
#include "continuum/model/staffing_rules.hpp"
#include "continuum/stats/staffing.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

// Adults arrive every day and stay 8 days, adolescents every day and stay 7: from day 8 on the
// census is exactly 8 adults and 7 adolescents at every moment. Counselors: 1 per 8 adults, 1
// per 6 adolescents, round the clock (168 h, 40 h FTE): ceil(8/8 + 7/6) = 3 on duty, 12.6 FTE
// (the level's own 1 per 8 for all 15 would give 2). Case managers: caseload 10 adults, 7
// adolescents: 0.8 + 1 = 1.8 FTE. Therapists: 1 h per adult, 2 h per adolescent a week:
// 22 h / 40 = 0.55 FTE.
std::string two_class_text(const std::string& on_hand = "") {
  return R"(name: by-class
horizon_days: 30
warmup_days: 20
replications: 2
seed: 1
classes:
  adult: {}
  adolescent: {}
staff:
  roles:
    counselor: {hours_per_fte_week: 40, productive_share: 1, cost_per_fte_year: 50000}
    case_manager: {hours_per_fte_week: 40, productive_share: 1, cost_per_fte_year: 40000}
    therapist: {hours_per_fte_week: 40, productive_share: 1, cost_per_fte_year: 90000}
arrivals:
  - name: adults
    interarrival: {distribution: fixed, value: 1}
    classes: {adult: 1}
    entry: {residential: 1}
  - name: teens
    interarrival: {distribution: fixed, value: 1}
    classes: {adolescent: 1}
    entry: {residential: 1}
levels:
  residential:
    capacity: 30
    length_of_stay: {distribution: fixed, value: 8}
    by_class:
      adolescent: {length_of_stay: {distribution: fixed, value: 7}}
    staffing:
      counselor:
        patients_per_staff: 8
        coverage_hours_per_week: 168
        by_class: {adolescent: {patients_per_staff: 6}}
      case_manager: {caseload: 10, by_class: {adolescent: {caseload: 7}}}
      therapist: {hours_per_patient_week: 1, by_class: {adolescent: {hours_per_patient_week: 2}}}
)" + on_hand;
}

int role(const Scenario& s, const std::string& name) {
  for (std::size_t r = 0; r < s.staff_roles.size(); ++r)
    if (s.staff_roles[r].name == name) return static_cast<int>(r);
  return -1;
}

std::string error_of(const std::string& text) {
  return testing::load_error(text, "x.yaml");
}

TEST(StaffByClass, LoaderReadsOneEntryPerClass) {
  const Scenario s = load_scenario_text(two_class_text(), "x.yaml");
  const LevelSpec& level = s.levels[0];
  ASSERT_EQ(level.staffing.size(), 3u);
  const StaffRule& counselor = level.staffing[0];
  ASSERT_EQ(counselor.by_class.size(), 2u);
  EXPECT_FALSE(counselor.by_class[0].patients_per_staff.has_value());  // adult: the rule's
  EXPECT_EQ(counselor.by_class[1].patients_per_staff, 6.0);
  EXPECT_FALSE(counselor.by_class[1].caseload.has_value());
  EXPECT_EQ(level.staffing[1].by_class[1].caseload, 7.0);
  EXPECT_EQ(level.staffing[2].by_class[1].hours_per_patient_week, 2.0);
  EXPECT_TRUE(role_by_class(level, role(s, "counselor")));
}

TEST(StaffByClass, RulesCountEachClassAtItsOwnRatio) {
  const Scenario s = load_scenario_text(two_class_text(), "x.yaml");
  const LevelSpec& level = s.levels[0];
  const int counselor = role(s, "counselor"), cm = role(s, "case_manager"),
            therapist = role(s, "therapist");
  // 28 Pa. Code §704.12: 8 adults at 1/8 and 6 adolescents at 1/6 -> 2 on duty, 2 x 168 / 40.
  const std::vector<double> eight_six{8, 6}, eight_seven{8, 7}, none{0, 0};
  EXPECT_DOUBLE_EQ(role_fte(s, level, counselor, 14, eight_six), 8.4);
  EXPECT_DOUBLE_EQ(role_fte(s, level, counselor, 15, eight_seven), 12.6);  // ceil(2.1667) = 3
  EXPECT_DOUBLE_EQ(role_fte(s, level, counselor, 0, none), 0.0);
  EXPECT_DOUBLE_EQ(role_fte(s, level, cm, 15, eight_seven), 1.8);
  EXPECT_DOUBLE_EQ(role_fte(s, level, therapist, 15, eight_seven), 0.55);
  // Without a census per class (and in role_fte by total census), the rule's own ratio.
  EXPECT_DOUBLE_EQ(role_fte(s, level, counselor, 15), 8.4);  // ceil(15 / 8) = 2
  EXPECT_DOUBLE_EQ(role_fte(s, level, counselor, 15, {}), 8.4);
  EXPECT_DOUBLE_EQ(role_fte(s, level, cm, 15), 1.5);
  EXPECT_EQ(role_basis(s, level, counselor), "1 per 8 on duty, 168 h/wk; adolescent: 1 per 6");
}

TEST(StaffByClass, ClassWithoutARatioAddsNothingAndMinimumHolds) {
  std::string text = two_class_text();
  // Only the adolescents have a ratio; at least 1 on duty.
  const std::string from = "        patients_per_staff: 8\n";
  text.replace(text.find(from), from.size(), "        minimum_on_duty: 1\n");
  const Scenario s = load_scenario_text(text, "x.yaml");
  const int counselor = role(s, "counselor");
  EXPECT_DOUBLE_EQ(role_fte(s, s.levels[0], counselor, 20, std::vector<double>{20, 0}), 4.2);
  EXPECT_DOUBLE_EQ(role_fte(s, s.levels[0], counselor, 27, std::vector<double>{20, 7}), 8.4);
}

TEST(StaffByClass, RecorderKeepsTheDailyCensusPerClass) {
  const Scenario s = load_scenario_text(two_class_text(), "x.yaml");
  RunOptions options;
  const auto results = run_replications(s, options);
  ASSERT_EQ(results.size(), 2u);
  for (const ReplicationResult& r : results) {
    ASSERT_EQ(r.daily_class_census.size(), 30u * 2 * 1);
    for (std::size_t d = 0; d < 30; ++d) {
      EXPECT_EQ(r.daily_class_census[d * 2 + 0], 8.0f) << d;
      EXPECT_EQ(r.daily_class_census[d * 2 + 1], 7.0f) << d;
      EXPECT_EQ(r.daily_census[d], 15.0f) << d;
    }
  }
  options.record_daily = false;
  EXPECT_TRUE(run_replications(s, options)[0].daily_class_census.empty());
}

TEST(StaffByClass, ReportUsesTheCensusPerClass) {
  const Scenario s = load_scenario_text(two_class_text(), "x.yaml");
  for (bool daily : {true, false}) {
    RunOptions options;
    options.record_daily = daily;
    const StaffingReport report = staffing_report(s, run_replications(s, options));
    ASSERT_EQ(report.rows.size(), 3u);
    EXPECT_EQ(report.rows[0].role, "counselor");
    EXPECT_NEAR(report.rows[0].mean_fte.mean, 12.6, 1e-9) << daily;
    EXPECT_NEAR(report.rows[1].mean_fte.mean, 1.8, 1e-9) << daily;
    EXPECT_NEAR(report.rows[2].mean_fte.mean, 0.55, 1e-9) << daily;
    EXPECT_NEAR(report.rows[0].cost_per_year.mean, 12.6 * 50000, 1e-6) << daily;
    if (daily) {
      EXPECT_NEAR(report.rows[0].p50, 12.6, 1e-9);
      EXPECT_NEAR(report.rows[0].p95, 12.6, 1e-9);
    }
  }
}

TEST(StaffByClass, StaffOnHandUsesTheLevelsOwnRatio) {
  // 8.4 counselor FTE = 2 on duty: at the rule's own 1 per 8 that covers 16 patients.
  const Scenario s =
      load_scenario_text(two_class_text("    staff_on_hand: {counselor: 8.4}\n"), "x.yaml");
  EXPECT_EQ(effective_capacity(s, 0).capacity, 16);
  EXPECT_EQ(effective_capacity(s, 0).binding_role, role(s, "counselor"));
}

TEST(StaffByClass, EstimateCountsTheDailyCensusPerClass) {
  const Scenario with = load_scenario_text(two_class_text(), "x.yaml");
  Scenario without = with;
  without.classes.clear();
  CostRequest request;
  request.replications = 3;
  request.threads = 1;
  const double extra =
      estimate_cost(with, request).memory_bytes - estimate_cost(without, request).memory_bytes;
  // 3 replications x 2 classes x 1 level x (counters + 30 days x 4 bytes).
  EXPECT_DOUBLE_EQ(extra, 3.0 * 2 * (sizeof(LevelCounters) + 30 * 4.0));
}

TEST(StaffByClass, UnknownClassIsRefusedWithTheClosestName) {
  std::string text = two_class_text();
  const std::string from = "by_class: {adolescent: {patients_per_staff: 6}}";
  text.replace(text.find(from), from.size(), "by_class: {adolesent: {patients_per_staff: 6}}");
  EXPECT_EQ(error_of(text),
            "x.yaml:33:20: error: levels.residential.staffing.counselor.by_class: unknown class "
            "'adolesent' (did you mean 'adolescent'?); classes are: adult, adolescent");
}

TEST(StaffByClass, ByClassWithoutClassesIsRefused) {
  const std::string text = R"(name: no-classes
horizon_days: 10
staff:
  roles:
    counselor: {hours_per_fte_week: 40}
arrivals:
  - {name: a, rate_per_day: 1, entry: {residential: 1}}
levels:
  residential:
    capacity: 10
    length_of_stay: {distribution: fixed, value: 8}
    staffing:
      counselor: {patients_per_staff: 8, by_class: {adolescent: {patients_per_staff: 6}}}
)";
  EXPECT_EQ(error_of(text),
            "x.yaml:13:52: error: levels.residential.staffing.counselor.by_class: no classes are "
            "defined (add a top-level 'classes:' or remove this key)");
}

TEST(StaffByClass, OnlyTheRatioKeysMayDifferByClass) {
  std::string text = two_class_text();
  const std::string from = "by_class: {adolescent: {patients_per_staff: 6}}";
  text.replace(text.find(from), from.size(), "by_class: {adolescent: {minimum_on_duty: 2}}");
  EXPECT_EQ(error_of(text),
            "x.yaml:33:33: error: levels.residential.staffing.counselor.by_class.adolescent: "
            "unknown key 'minimum_on_duty'");
}

// size's staff at full census (full_census_fte) counts each class at its ratio, at the class mix
// simulated (8 adults, 7 adolescents): 30 places = 16 adults + 14 adolescents. Counselors
// ceil(16/8 + 14/6) = 5 on duty x 168 h / 40 = 21 FTE (the level's own 1 per 8: 4 on duty, 16.8);
// case managers 16/10 + 14/7 = 3.6 (own: 3.0).
TEST(StaffByClass, FullCensusCountsEachClassAtTheMixSimulated) {
  const Scenario s = load_scenario_text(two_class_text(), "by_class.yaml");
  RunOptions options;
  options.record_daily = false;
  const auto results = run_replications(s, options);
  std::vector<std::string> notes;
  EXPECT_NEAR(full_census_fte(s, 0, role(s, "counselor"), 30, results, notes), 21, 1e-9);
  EXPECT_NEAR(full_census_fte(s, 0, role(s, "case_manager"), 30, results, notes), 3.6, 1e-9);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0], "residential: class ratios (by_class) at the class mix simulated");
}

}  // namespace
}  // namespace continuum
