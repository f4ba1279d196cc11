// The `continuum analyze` table and JSON: exact rows, nulls for what the analysis cannot give.
#include "continuum/output/capacity_output.hpp"

#include <gtest/gtest.h>

#include <string>

#include "continuum/network/capacity_analysis.hpp"
#include "network_scenarios.hpp"

namespace continuum {
namespace {

// An overloaded level has a utilization but no Erlang C wait: null in the JSON.
TEST(CapacityOutput, OverloadedLevelHasANullWaitInJson) {
  const Scenario s = load_scenario_text(testing::kOverloaded, "overloaded.yaml");
  const Network network(s);
  const CapacityAnalysis a = analyze_capacity(network);
  ASSERT_EQ(a.warnings.size(), 1u);
  const auto j = capacity_json(network, a);
  EXPECT_TRUE(j["levels"]["residential"]["erlang_c_mean_wait_days"].is_null());
  EXPECT_DOUBLE_EQ(j["levels"]["residential"]["utilization"].get<double>(), 1.05);
  EXPECT_EQ(j["warnings"][0], a.warnings[0].message);
}

TEST(CapacityOutput, TableRowOfAnOverloadedLevel) {
  const Scenario s = load_scenario_text(testing::kOverloaded, "overloaded.yaml");
  const Network network(s);
  const std::string table = capacity_table(network, analyze_capacity(network));
  EXPECT_NE(table.find("\nlevel           capacity  admissions/day  mean stay (d)  offered load  "
                       "utilization  Erlang C mean wait (d)\n"
                       "residential           40            2.00           21.0          42.0  "
                       "    105.00%              overloaded\n"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("\nexternal referrals/day 2.00, relapses/day 0.00\n"), std::string::npos)
      << table;
}

}  // namespace
}  // namespace continuum
