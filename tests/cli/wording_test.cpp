// What stdout says: the compare table within 120 columns, levels' units in "binds", plural
// forms, analyze at saturation, and sweep --set's numeric paths.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "continuum/output/format.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

namespace fs = std::filesystem;
using testing::run_cli;

// Columns of a UTF-8 line (code points: "±" is one).
std::size_t columns(const std::string& line) {
  std::size_t n = 0;
  for (unsigned char c : line)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::size_t widest_line(const std::string& text) {
  std::size_t widest = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    widest = std::max(widest, columns(line));
  return widest;
}

// A value that would show as zero keeps three significant digits: in plain decimals down to
// 0.001, in scientific notation below (never a long run of zeros).
TEST(Wording, SmallNumbersKeepThreeSignificantDigits) {
  EXPECT_EQ(fixed(2.56e-05, 2), "2.56e-5");
  EXPECT_EQ(fixed(-2.56e-05, 2), "-2.56e-5");
  EXPECT_EQ(fixed(3.3912e-06, 2), "3.39e-6");
  EXPECT_EQ(fixed(9.99e-4, 1), "9.99e-4");
  EXPECT_EQ(fixed(0.001, 2), "0.00100");
  EXPECT_EQ(fixed(0.004, 2), "0.00400");
  EXPECT_EQ(fixed(-0.0332, 1), "-0.0332");
  EXPECT_EQ(fixed(0.006, 2), "0.01");
  EXPECT_EQ(fixed(0, 2), "0.00");
  EXPECT_EQ(fixed(1e6, 0), "1000000");
  EXPECT_EQ(fixed(1.5e-12, 0), "1.50e-12");
  EXPECT_EQ(plain(1e6), "1000000");
  EXPECT_EQ(plain(0.25), "0.25");
  EXPECT_EQ(plain(2.56e-05), "0.0000256");  // a setting as written, not a measured value
  // The half-width: in the mean's decimals, or its own number beside a scientific mean.
  EXPECT_EQ(cell({2.56e-05, 1.56e-05, 3.56e-05, 10}, 2), "2.56e-5 ±1.00e-5");
  EXPECT_EQ(cell({1.64e-4, -2.9e-4, 6.18e-4, 5}, 2), "1.64e-4 ±4.54e-4");
  EXPECT_EQ(cell({3.39e-6, -0.02, 0.02, 5}, 2), "3.39e-6 ±0.02");
  EXPECT_EQ(cell({3.39e-6, NAN, NAN, 1}, 2), "3.39e-6");
  EXPECT_EQ(cell({0.004, 0.0028, 0.0052, 10}, 2), "0.00400 ±0.00120");
  EXPECT_EQ(cell({12.344, 12.34, 12.348, 10}, 2), "12.34 ±0.00");
  // A fraction as a percentage: 0.000332 is 0.0332%.
  EXPECT_EQ(
      metric_cell({3.32e-4, -6e-4, 1.252e-3, 5}, metric_info(LevelMetric::kAbandonmentFraction)),
      "0.0332 ±0.0926%");
  EXPECT_EQ(metric_cell({5.14e-6, -9.12e-6, 1.94e-5, 5}, metric_info(LevelMetric::kMeanWaitlist)),
            "5.14e-6 ±1.43e-5");
  EXPECT_EQ(count_of(1, "level"), "1 level");
  EXPECT_EQ(count_of(2, "level"), "2 levels");
  EXPECT_EQ(count_of(0, "arrival stream"), "0 arrival streams");
}

TEST(Wording, CompareFitsIn120ColumnsWithOneBlockPerScenario) {
  const auto dir = testing::temp_dir("wording-compare");
  const auto r = run_cli(
      "compare scenarios/baseline.yaml scenarios/evening_iop.yaml "
      "scenarios/more_residential_beds.yaml --replications 3 --threads 2 --out " +
      (dir / "out").string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_LE(widest_line(r.out), 120u) << r.out;
  EXPECT_GE(widest_line(r.out), 100u);  // the difference column is there
  EXPECT_NE(r.out.find("== evening-iop against county-baseline =="), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("difference [95% CI]"), std::string::npos);
  EXPECT_EQ(r.out.find("0.0000"), std::string::npos) << r.out;  // no long run of zeros
  EXPECT_NE(r.out.find(" pp"), std::string::npos);              // fractions in percentage points
  EXPECT_NE(r.out.find("3 replications"), std::string::npos);
  EXPECT_NE(r.out.find("3 scenarios in "), std::string::npos);
  fs::remove_all(dir);
}

// Two scenario names longer than their columns are cut one column short, so that the block's
// head keeps two spaces between them ("county-baseline a-really-long-~" read as one name).
TEST(Wording, LongScenarioNamesKeepTwoSpacesBetweenThem) {
  const auto dir = testing::temp_dir("wording-long-names");
  std::ifstream in("scenarios/validation/mmc.yaml");
  std::stringstream text;
  text << in.rdbuf();
  const std::string base = text.str();
  const std::string a = std::string(40, 'a'), b = std::string(40, 'b');
  for (const auto& [file, name] : {std::pair{"a.yaml", a}, std::pair{"b.yaml", b}}) {
    std::string yaml = base;
    yaml.replace(yaml.find("name: validation-mmc"), 20, "name: " + name);
    yaml.replace(yaml.find("horizon_days: 2000"), 18, "horizon_days: 100");
    std::ofstream(dir / file) << yaml;
  }
  const auto r = run_cli("compare " + (dir / "a.yaml").string() + " " + (dir / "b.yaml").string() +
                         " --replications 2 --out " + (dir / "out").string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find(" " + std::string(22, 'a') + "~  " + std::string(22, 'b') + "~ "),
            std::string::npos)
      << r.out;
  fs::remove_all(dir);
}

TEST(Wording, BindsSaysTheLevelsUnit) {
  const auto dir = testing::temp_dir("wording-run");
  const auto r = run_cli("run scenarios/baseline.yaml --replications 2 --no-daily --out " +
                         (dir / "out").string());
  ASSERT_EQ(r.status, 0) << r.err;
  // The staffing block's level rows: capacity, effective, binds.
  std::istringstream lines(r.out);
  std::string detox, iop;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("detox ", 0) == 0 && line.find(" beds ") != std::string::npos) detox = line;
    if (line.rfind("iop ", 0) == 0 && line.find(" slots ") != std::string::npos) iop = line;
  }
  EXPECT_NE(detox, "") << r.out;
  EXPECT_NE(iop, "") << r.out;
  EXPECT_EQ(iop.find(" beds "), std::string::npos) << iop;
  fs::remove_all(dir);
}

TEST(Wording, ValidateCountsInTheSingular) {
  const auto dir = testing::temp_dir("wording-validate");
  const std::string file = (dir / "one.yaml").string();
  std::ofstream(file) << "name: one\nhorizon_days: 100\narrivals:\n"
                         "  - {name: community, rate_per_week: 7, entry: {iop: 1}}\n"
                         "levels:\n  iop: {capacity: 10, length_of_stay: "
                         "{distribution: fixed, value: 5}}\n";
  const auto r = run_cli("validate " + file);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), file + ": ok (1 level, 1 arrival stream)");
  fs::remove_all(dir);
}

TEST(Wording, AnalyzeFlagsALevelAtSaturation) {
  const auto dir = testing::temp_dir("wording-analyze");
  const std::string file = (dir / "full.yaml").string();
  // Offered load 0.9995 x 100 = 99.95 on 100 beds.
  std::ofstream(file) << "name: full\nhorizon_days: 100\narrivals:\n"
                         "  - {name: community, rate_per_day: 0.9995, entry: {detox: 1}}\n"
                         "levels:\n  detox: {capacity: 100, length_of_stay: "
                         "{distribution: exponential, mean: 100}}\n";
  const auto r = run_cli("analyze " + file);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("99.95%           at saturation"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("detox: at saturation: utilization 99.95%; within 0.1% of its 100 beds"),
            std::string::npos)
      << r.out;
  fs::remove_all(dir);
}

TEST(Wording, SweepSetTakesAnyNumericPath) {
  const auto dir = testing::temp_dir("wording-sweep");
  auto r = run_cli(
      "sweep scenarios/baseline.yaml --set levels.iop.length_of_stay.mean=30,40 "
      "--set arrivals.community.rate_per_week=20 --replications 2 --out " +
      (dir / "a").string());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("2 grid points in "), std::string::npos) << r.out;
  r = run_cli("sweep scenarios/baseline.yaml --set levels.iop.next=1,2 --out " +
              (dir / "b").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err.substr(0, r.err.find(';')),
            "continuum: error: --set levels.iop.next: not a numeric setting");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace continuum
