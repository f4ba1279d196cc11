// The compare table's rows to the character: each row in the decimals of its smallest
// half-width (shared_style, format.hpp), a row zero in every replication of both scenarios and a
// difference zero in every replication said in words, from tiny deterministic scenarios.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "continuum/config/load.hpp"
#include "continuum/experiment/compare.hpp"
#include "continuum/output/compare_output.hpp"

namespace continuum {
namespace {

// Referrals every day (fixed gaps) into one level of 100 slots with fixed stays: no one waits,
// and every replication is the same.
Scenario clinic(const std::string& name, int stay) {
  return load_scenario_text("name: " + name +
                                "\nhorizon_days: 40\nwarmup_days: 20\nreplications: 3\n"
                                "arrivals:\n  - name: community\n"
                                "    interarrival: {distribution: fixed, value: 1}\n"
                                "    entry: {clinic: 1}\n"
                                "levels:\n  clinic:\n    capacity: 100\n"
                                "    length_of_stay: {distribution: fixed, value: " +
                                std::to_string(stay) + "}\n",
                            name + ".yaml");
}

std::vector<ScenarioRun> compared(const std::vector<Scenario>& scenarios) {
  RunOptions options;
  options.threads = 1;
  return run_comparison(scenarios, options);
}

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

TEST(CompareTable, ZeroRowsSayIt) {
  const std::string table = comparison_table(compared({clinic("a", 10), clinic("b", 20)}));
  // Nobody waits in either: words, not "+0.0 [0.0, 0.0]".
  EXPECT_TRUE(has_line(table,
                       "  mean waitlist                                       0                  "
                       "      0                   0 (none in either)"))
      << table;
  EXPECT_TRUE(has_line(table,
                       "  abandoned                                           0                  "
                       "      0                   0 (none in either)"))
      << table;
  // The same referrals in every replication of both (common random numbers, fixed gaps).
  EXPECT_TRUE(has_line(table,
                       "  arrivals/day                               1.00 ±0.00               "
                       "1.00 ±0.00        0 (same in every replication)"))
      << table;
  // A difference without spread keeps the metric's decimals.
  EXPECT_TRUE(has_line(table,
                       "  utilization                                10.0 ±0.0%               "
                       "20.0 ±0.0%                +10.0 [10.0, 10.0] pp*"))
      << table;
  EXPECT_NE(table.find("0 = zero in every replication"), std::string::npos) << table;
}

TEST(CompareTable, ARowHasTheDecimalsOfItsSmallestHalfWidth) {
  auto runs = compared({clinic("a", 10), clinic("b", 20)});
  ASSERT_EQ(runs[0].results.size(), 3u);
  ASSERT_DOUBLE_EQ(runs[0].results[0].window_days, 40);  // the horizon after warm-up
  // Lost to care 2, 4, 6 and 4, 8, 12 over 40 days: 0.10 and 0.20 a day; the paired differences
  // 0.05, 0.10, 0.15 have the smallest half-width, 4.303 x 0.05 / sqrt(3) = 0.124: two
  // significant digits, 2 decimals for the whole row.
  // Relapses 0, 0, 2 against none: 0.0167 ±0.0717 a day, one significant digit, 2 decimals; the
  // difference -0.0167 [-0.0884, 0.0550]; the other scenario's zero is a bare 0.
  for (int i = 0; i < 3; ++i) {
    runs[0].results[i].system.lost_to_care = 2 * (i + 1);
    runs[1].results[i].system.lost_to_care = 4 * (i + 1);
    runs[0].results[i].system.relapses = i == 2 ? 2 : 0;
    runs[1].results[i].system.relapses = 0;
  }
  const std::string table = comparison_table(runs);
  EXPECT_TRUE(has_line(table,
                       "  lost to care/day                           0.10 ±0.12               "
                       "0.20 ±0.25                  +0.10 [-0.02, 0.22]"))
      << table;
  EXPECT_TRUE(has_line(table,
                       "  relapses/day                               0.02 ±0.07               "
                       "         0                  -0.02 [-0.09, 0.06]"))
      << table;
}

// The turned away (referrals refused by a full waitlist, `max_length`) have their row, as in
// comparison.json and .csv: one slot, stays of 2 days, a referral a day and no waitlist turn every
// other referral away; 100 slots turn none away.
TEST(CompareTable, TheTurnedAwayHaveTheirRow) {
  auto bounded = [](const std::string& name, int capacity) {
    return load_scenario_text("name: " + name +
                                  "\nhorizon_days: 40\nwarmup_days: 20\nreplications: 3\n"
                                  "arrivals:\n  - name: community\n"
                                  "    interarrival: {distribution: fixed, value: 1}\n"
                                  "    entry: {clinic: 1}\n"
                                  "levels:\n  clinic:\n    capacity: " +
                                  std::to_string(capacity) +
                                  "\n    length_of_stay: {distribution: fixed, value: 2}\n"
                                  "    waitlist: {max_length: 0}\n",
                              name + ".yaml");
  };
  const std::string table = comparison_table(compared({bounded("a", 1), bounded("b", 100)}));
  EXPECT_TRUE(has_line(table,
                       "  turned away                                50.0 ±0.0%                  "
                       "      0              -50.0 [-50.0, -50.0] pp*"))
      << table;
  // Right after the abandoned, as in comparison.csv's order.
  EXPECT_NE(table.find("(none in either)\n  turned away "), std::string::npos) << table;
}

// A level that neither scenario of a pair has (a third scenario's) gets no block in that pair's;
// a level one of them lacks shows "-" there.
TEST(CompareTable, ALevelOfAnotherScenarioOnlyIsLeftOutOfThePair) {
  Scenario extra = load_scenario_text(
      "name: c\nhorizon_days: 40\nwarmup_days: 20\nreplications: 3\n"
      "arrivals:\n  - name: community\n    interarrival: {distribution: fixed, value: 1}\n"
      "    entry: {clinic: 1}\n"
      "levels:\n  clinic:\n    capacity: 100\n"
      "    length_of_stay: {distribution: fixed, value: 10}\n    next: {annex: 1}\n"
      "  annex:\n    capacity: 100\n    length_of_stay: {distribution: fixed, value: 2}\n",
      "c.yaml");
  const std::string table = comparison_table(compared({clinic("a", 10), clinic("b", 20), extra}));
  const std::string pair_b =
      table.substr(table.find("== b against a =="),
                   table.find("== c against a ==") - table.find("== b against a =="));
  EXPECT_EQ(pair_b.find("\nannex "), std::string::npos) << pair_b;
  const std::string pair_c = table.substr(table.find("== c against a =="));
  EXPECT_TRUE(has_line(pair_c,
                       "  admissions/day                                      -               "
                       "1.00 ±0.00                                    -"))
      << pair_c;
}

}  // namespace
}  // namespace continuum
