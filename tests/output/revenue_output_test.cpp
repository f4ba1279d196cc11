// Revenue and net cost beside the costs in compare (comparison.json, .csv, the stdout table and
// the report's data), sweep (sweep.csv) and size (the candidate table and JSON), from tiny
// deterministic scenarios whose revenue is counted by hand; none of it without payers.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "continuum/config/load.hpp"
#include "continuum/experiment/compare.hpp"
#include "continuum/experiment/sizing.hpp"
#include "continuum/output/compare_output.hpp"
#include "continuum/output/experiment_report.hpp"
#include "continuum/output/sizing_output.hpp"
#include "continuum/output/sweep_output.hpp"

namespace continuum {
namespace {

// Referrals at t = 1, 2, ..., 19 (fixed gaps of 1), all of payer medicaid; fixed stays of 10
// days, a review 4 days after admission that never approves: 70 patient-days in the 20-day
// window (engine/authorization_test.cpp counts them), so revenue = rate x 70 / 20 x 365 and the
// non-staff cost = cost x 3.5 (mean census) x 365.
Scenario paying(const std::string& name, int rate, int cost = 0) {
  return load_scenario_text(
      "name: " + name +
          "\nhorizon_days: 20\nwarmup_days: 0\nreplications: 2\n"
          "payers:\n  medicaid: {}\n"
          "arrivals:\n  - name: community\n    interarrival: {distribution: fixed, value: 1}\n"
          "    payers: {medicaid: 1}\n    entry: {iop: 1}\n"
          "levels:\n  iop:\n    capacity: 100\n"
          "    length_of_stay: {distribution: fixed, value: 10}\n"
          "    authorization:\n      medicaid: {initial_days: 4, review_every_days: 7, approval: "
          "0, on_denial: {exit: 1}}\n"
          "    revenue_per_patient_day: {medicaid: " +
          std::to_string(rate) + "}\n" +
          (cost > 0 ? "    cost_per_patient_day: " + std::to_string(cost) + "\n" : ""),
      name + ".yaml");
}

// The same referrals and stays, no payers.
Scenario unpaid(const std::string& name) {
  return load_scenario_text(
      "name: " + name +
          "\nhorizon_days: 20\nwarmup_days: 0\nreplications: 2\n"
          "arrivals:\n  - name: community\n    interarrival: {distribution: fixed, value: 1}\n"
          "    entry: {iop: 1}\n"
          "levels:\n  iop:\n    capacity: 100\n"
          "    length_of_stay: {distribution: fixed, value: 10}\n",
      name + ".yaml");
}

std::vector<ScenarioRun> compared(const std::vector<Scenario>& scenarios) {
  RunOptions options;
  options.threads = 1;
  return run_comparison(scenarios, options);
}

bool has_line(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

TEST(RevenueOutput, CompareHasRevenueAndNetCostWithPairedDifferences) {
  // a: 100 x 70 / 20 x 365 = 127,750 a year, no costs: net cost -127,750. b: 120 a day,
  // 153,300 a year; non-staff 50 x 3.5 x 365 = 63,875; net cost 63,875 - 153,300 = -89,425.
  const auto runs = compared({paying("a", 100), paying("b", 120, 50)});
  ASSERT_TRUE(any_revenue(runs));
  const auto j = comparison_json(runs);
  ASSERT_TRUE(j.contains("revenue"));
  const auto& revenue = j["revenue"];
  EXPECT_EQ(revenue["currency"], "USD");
  EXPECT_NEAR(revenue["total_revenue_per_year"]["a"]["mean"].get<double>(), 127750, 1e-6);
  EXPECT_NEAR(revenue["total_revenue_per_year"]["b"]["mean"].get<double>(), 153300, 1e-6);
  EXPECT_NEAR(revenue["net_cost_per_year"]["a"]["mean"].get<double>(), -127750, 1e-6);
  EXPECT_NEAR(revenue["net_cost_per_year"]["b"]["mean"].get<double>(), -89425, 1e-6);
  const auto& d = revenue["total_revenue_per_year"]["difference"]["b"];
  EXPECT_NEAR(d["mean"].get<double>(), 25550, 1e-6);
  EXPECT_NEAR(d["ci95"][0].get<double>(), 25550, 1e-6);  // the same every replication
  EXPECT_EQ(d["clear"], true);
  EXPECT_NEAR(revenue["net_cost_per_year"]["difference"]["b"]["mean"].get<double>(), 38325, 1e-6);

  const std::string csv = comparison_csv(runs);
  EXPECT_TRUE(has_line(csv, "revenue,total_revenue_per_year,a,127750,127750,127750,,,,,,")) << csv;
  EXPECT_TRUE(has_line(csv,
                       "revenue,total_revenue_per_year,b,153300,153300,153300,25550,25550,"
                       "25550,25550,25550,true"))
      << csv;
  EXPECT_TRUE(has_line(csv,
                       "revenue,net_cost_per_year,b,-89425,-89425,-89425,38325,38325,38325,"
                       "38325,38325,true"))
      << csv;

  const std::string table = comparison_table(runs);
  EXPECT_NE(table.find("\nrevenue per year "), std::string::npos) << table;
  EXPECT_TRUE(has_line(table,
                       "  total_revenue_per_year                USD 127,750 ± 0          USD "
                       "153,300 ± 0         USD +25,550 [25,550, 25,550]*"))
      << table;
  EXPECT_TRUE(has_line(table,
                       "  net_cost_per_year                    USD -127,750 ± 0          USD "
                       "-89,425 ± 0         USD +38,325 [38,325, 38,325]*"))
      << table;

  // The report: each scenario's revenue and its difference from the reference.
  const auto report = comparison_report_json(runs, j);
  EXPECT_NEAR(report["scenarios"][1]["revenue"]["net_cost_per_year"]["mean"].get<double>(), -89425,
              1e-6);
  EXPECT_NEAR(report["scenarios"][1]["difference"]["revenue"]["total_revenue_per_year"]["mean"]
                  .get<double>(),
              25550, 1e-6);
  EXPECT_EQ(report["currency"], "USD");
}

TEST(RevenueOutput, CompareIntervalsArePairedOverReplications) {
  auto runs = compared({paying("a", 100), paying("b", 120)});
  ASSERT_EQ(runs[0].results.size(), 2u);
  // By hand: differences 30, 40 and 50 over three replications: mean 40, standard error
  // 10 / sqrt(3), t(2) 4.3027: [15.16, 64.84].
  for (auto& run : runs)
    run.results.resize(3, run.results.back());
  runs[0].revenue.total = {100, 110, 120};
  runs[1].revenue.total = {130, 150, 170};
  runs[0].revenue.net_cost = runs[1].revenue.net_cost = {1, 2, 3};
  const auto j = comparison_json(runs);
  const auto& d = j["revenue"]["total_revenue_per_year"]["difference"]["b"];
  EXPECT_DOUBLE_EQ(d["mean"].get<double>(), 40);
  EXPECT_NEAR(d["ci95"][0].get<double>(), 15.1586, 1e-4);
  EXPECT_NEAR(d["ci95"][1].get<double>(), 64.8414, 1e-4);
  EXPECT_EQ(d["clear"], true);
  EXPECT_EQ(j["revenue"]["net_cost_per_year"]["difference"]["b"]["clear"], false);
  const std::string table = comparison_table(runs);
  EXPECT_TRUE(
      has_line(table,
               "  total_revenue_per_year                   USD 110 ± 25             USD 150 "
               "± 50                     USD +40 [15, 65]*"))
      << table;
  EXPECT_TRUE(has_line(table,
                       "  net_cost_per_year                           USD 2 ± 2                USD "
                       "2 ± 2        0 (same in every replication)"))
      << table;
}

TEST(RevenueOutput, AScenarioWithoutPayersHasNone) {
  // Only one side has revenue: the other's is undefined, and so is the difference.
  const auto mixed = compared({unpaid("plain"), paying("b", 120)});
  ASSERT_TRUE(any_revenue(mixed));
  const std::string csv = comparison_csv(mixed);
  EXPECT_TRUE(has_line(csv, "revenue,total_revenue_per_year,plain,,,,,,,,,")) << csv;
  EXPECT_TRUE(has_line(csv, "revenue,total_revenue_per_year,b,153300,153300,153300,,,,,,false"))
      << csv;
  // Neither: no revenue anywhere.
  const auto none = compared({unpaid("plain"), unpaid("other")});
  EXPECT_FALSE(any_revenue(none));
  EXPECT_FALSE(comparison_json(none).contains("revenue"));
  EXPECT_EQ(comparison_csv(none).find("revenue"), std::string::npos);
  EXPECT_EQ(comparison_table(none).find("revenue"), std::string::npos);
  EXPECT_FALSE(
      comparison_report_json(none, comparison_json(none))["scenarios"][0].contains("revenue"));
}

TEST(RevenueOutput, SweepCsvAndTableHaveRevenueAndNetCostPerPoint) {
  RunOptions options;
  options.threads = 1;
  const std::vector<SweepAxis> axes = {{"levels.iop.capacity", {50, 100}}};
  const auto points = run_sweep(paying("b", 120, 50), axes, options);
  const std::string csv = sweep_csv(paying("b", 120, 50), axes, points);
  for (const char* capacity : {"50", "100"}) {
    EXPECT_TRUE(has_line(
        csv, std::string(capacity) + ",revenue,total_revenue_per_year,153300,153300,153300,,"))
        << csv;
    EXPECT_TRUE(
        has_line(csv, std::string(capacity) + ",revenue,net_cost_per_year,-89425,-89425,-89425,,"))
        << csv;
  }
  // stdout: the total cost, then revenue and net cost per point.
  const std::string table = sweep_table(paying("b", 120, 50), axes, points);
  EXPECT_NE(table.find("            total cost/year               revenue/year              net "
                       "cost/year\n"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("        USD 63,875 ± 0            USD 153,300 ± 0            USD -89,425 "
                       "± 0\n"),
            std::string::npos)
      << table;
  const auto plain = run_sweep(unpaid("plain"), axes, options);
  EXPECT_EQ(sweep_csv(unpaid("plain"), axes, plain).find("revenue"), std::string::npos);
  EXPECT_EQ(sweep_table(unpaid("plain"), axes, plain).find("revenue"), std::string::npos);
}

TEST(RevenueOutput, SizeShowsRevenueAndNetCostBesideTheCosts) {
  // No review here: stays of 2 days from referrals every day, so from 2 slots no one waits and
  // the census is 2: revenue 100 x 2 x 365 = 73,000, non-staff cost 50 x 2 x 365 = 36,500, net
  // cost -36,500.
  const Scenario s = load_scenario_text(
      "name: size-pay\nhorizon_days: 20\nwarmup_days: 5\nreplications: 2\n"
      "payers:\n  medicaid: {}\n"
      "arrivals:\n  - name: community\n    interarrival: {distribution: fixed, value: 1}\n"
      "    payers: {medicaid: 1}\n    entry: {clinic: 1}\n"
      "levels:\n  clinic:\n    capacity: 4\n"
      "    length_of_stay: {distribution: fixed, value: 2}\n"
      "    revenue_per_patient_day: {medicaid: 100}\n    cost_per_patient_day: 50\n",
      "size-pay.yaml");
  SizingOptions options;
  options.run.threads = 1;
  const SizingResult r = size_capacity(
      s, {"clinic"}, parse_sizing_target("mean_wait_days<=0.5", s, {"clinic"}), options);
  ASSERT_TRUE(r.met);
  ASSERT_TRUE(r.recommendation->revenue.has_value());
  EXPECT_NEAR(r.recommendation->revenue->total.mean, 73000, 1e-6);
  EXPECT_NEAR(r.recommendation->revenue->net_cost.mean, -36500, 1e-6);
  const std::string table = sizing_table(r);
  EXPECT_NE(table.find("               revenue/year              net cost/year  why not"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("             USD 73,000 ± 0            USD -36,500 ± 0"), std::string::npos)
      << table;
  EXPECT_NE(table.find("; net cost/year USD -36,500 ± 0"), std::string::npos) << table;
  const auto j = sizing_json(r);
  EXPECT_EQ(j["currency"], "USD");
  EXPECT_NEAR(j["curve"].back()["net_cost_per_year"]["mean"].get<double>(), -36500, 1e-6);
  EXPECT_NEAR(j["curve"].back()["total_revenue_per_year"]["mean"].get<double>(), 73000, 1e-6);
}

}  // namespace
}  // namespace continuum
