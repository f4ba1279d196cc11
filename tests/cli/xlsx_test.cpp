// Costs everywhere and results.xlsx: exact costs on a deterministic scenario (stdout with the
// currency and separators, summary.json with plain numbers and "currency"), a comparison whose
// cost difference is the difference of two runs, and results.xlsx read back with unzip: sheet
// names, header cells, numbers stored as number cells, formats, and the same bytes twice.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace continuum {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using testing::read_file;
using testing::run_cli;
using testing::temp_dir;

// Arrivals every day exactly, stays of exactly 5 days: the census is 5 every day after the
// warm-up, so one case manager (caseload 5) at 60,000 a year and 100 a patient-day cost
// 60,000 + 5 x 100 x 365 = 242,500 a year.
const char* kDeterministic = R"(name: tiny-costs
horizon_days: 100
warmup_days: 20
replications: 3
seed: 5
currency: EUR
staff:
  roles:
    case_manager: {hours_per_fte_week: 40, productive_share: 1, cost_per_fte_year: 60000}
arrivals:
  - name: referrals
    interarrival: {distribution: fixed, value: 1}
    entry: {clinic: 1}
levels:
  clinic:
    capacity: 10
    length_of_stay: {distribution: fixed, value: 5}
    cost_per_patient_day: 100
    staffing:
      case_manager: {caseload: 5}
)";

// Random referrals and stays; `capacity` changes the census and so the costs.
std::string stochastic(const std::string& name, int capacity) {
  return "name: " + name + R"(
horizon_days: 200
warmup_days: 20
replications: 6
seed: 11
staff:
  roles:
    nurse: {hours_per_fte_week: 40, productive_share: 0.8, cost_per_fte_year: 80000}
arrivals:
  - {name: referrals, rate_per_day: 1.2, entry: {clinic: 1}}
levels:
  clinic:
    capacity: )" +
         std::to_string(capacity) +
         R"(
    length_of_stay: {distribution: exponential, mean: 5}
    waitlist: {patience: {distribution: exponential, mean: 4}}
    cost_per_patient_day: 100
    staffing:
      nurse: {hours_per_patient_week: 6}
)";
}

fs::path write_scenario(const fs::path& dir, const std::string& file, const std::string& text) {
  std::ofstream(dir / file) << text;
  return dir / file;
}

// A member of the zip archive, through `unzip -p`.
std::string unzip(const fs::path& archive, const std::string& member) {
  const std::string cmd = "unzip -p '" + archive.string() + "' '" + member + "' 2>/dev/null";
  std::string out;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) return out;
  char buffer[65536];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
    out.append(buffer, n);
  ::pclose(pipe);
  return out;
}

std::string unescape_xml(std::string s) {
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"&quot;", "\""}, {"&lt;", "<"}, {"&gt;", ">"}, {"&apos;", "'"}, {"&amp;", "&"}}) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + 1))
      s.replace(at, from.size(), to);
  }
  return s;
}

// The workbook's sheet names in order (xl/workbook.xml).
std::vector<std::string> sheet_names(const fs::path& xlsx) {
  const std::string book = unzip(xlsx, "xl/workbook.xml");
  std::vector<std::string> names;
  static const std::regex kSheet(R"re(<sheet name="([^"]*)")re");
  for (std::sregex_iterator it(book.begin(), book.end(), kSheet), end; it != end; ++it)
    names.push_back(unescape_xml((*it)[1]));
  return names;
}

struct Cell {
  std::string type;   // the t attribute: "s" shared string, "b" boolean, "" number
  std::string value;  // the <v> text; for "s" the string itself
  std::string style;  // the s attribute
};

// Every cell of sheet `n` (1-based) by reference ("A1"), shared strings resolved.
std::map<std::string, Cell> sheet_cells(const fs::path& xlsx, int n) {
  std::vector<std::string> strings;
  const std::string shared = unzip(xlsx, "xl/sharedStrings.xml");
  static const std::regex kString(R"re(<si><t[^>]*>([^<]*)</t></si>)re");
  for (std::sregex_iterator it(shared.begin(), shared.end(), kString), end; it != end; ++it)
    strings.push_back(unescape_xml((*it)[1]));
  const std::string sheet = unzip(xlsx, "xl/worksheets/sheet" + std::to_string(n) + ".xml");
  std::map<std::string, Cell> cells;
  static const std::regex kCell(R"re(<c r="([A-Z]+[0-9]+)"([^>]*)>(?:<v>([^<]*)</v>)?</c>)re");
  static const std::regex kType(R"re(t="(\w+)")re"), kStyle(R"re(s="(\d+)")re");
  for (std::sregex_iterator it(sheet.begin(), sheet.end(), kCell), end; it != end; ++it) {
    Cell c;
    const std::string attributes = (*it)[2];
    std::smatch m;
    if (std::regex_search(attributes, m, kType)) c.type = m[1];
    if (std::regex_search(attributes, m, kStyle)) c.style = m[1];
    c.value = (*it)[3];
    if (c.type == "s") c.value = strings.at(std::stoul(c.value));
    cells[(*it)[1]] = c;
  }
  return cells;
}

// The column letter of the header cell reading `name` in row 1 ("" when absent).
std::string column_of(const std::map<std::string, Cell>& cells, const std::string& name) {
  for (const auto& [ref, cell] : cells)
    if (ref.size() >= 2 && ref.substr(ref.find_first_of("0123456789")) == "1" && cell.value == name)
      return ref.substr(0, ref.find_first_of("0123456789"));
  return "";
}

// A number cell: no t attribute (not a shared string, inline string or boolean) and a value.
void expect_number(const std::map<std::string, Cell>& cells, const std::string& ref,
                   double expected, double tolerance) {
  ASSERT_TRUE(cells.count(ref)) << ref;
  EXPECT_EQ(cells.at(ref).type, "") << ref << " is not a number cell";
  EXPECT_NEAR(std::stod(cells.at(ref).value), expected, tolerance) << ref;
}

TEST(Costs, RunPrintsExactCostsWithTheCurrencyAndSeparators) {
  const fs::path dir = temp_dir("xlsx-run-costs");
  const fs::path scenario = write_scenario(dir, "tiny.yaml", kDeterministic);
  const auto r = run_cli("run " + scenario.string() + " --out " + (dir / "out").string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("total cost per year: EUR 242,500 ± 0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("EUR 60,000 ± 0"), std::string::npos) << r.out;   // staff
  EXPECT_NE(r.out.find("EUR 182,500 ± 0"), std::string::npos) << r.out;  // non-staff
  const Json summary = Json::parse(read_file(dir / "out" / "summary.json"));
  EXPECT_EQ(summary["staffing"]["currency"], "EUR");
  EXPECT_NEAR(summary["staffing"]["total_cost_per_year"]["mean"].get<double>(), 242500, 1e-6);
  const std::string report = read_file(dir / "out" / "report.html");
  EXPECT_NE(report.find(R"("costs":{"currency":"EUR")"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir / "out" / "results.xlsx"));  // only with --xlsx
  fs::remove_all(dir);
}

TEST(Xlsx, RunWritesTypedFormattedSheetsAndTheSameBytesTwice) {
  const fs::path dir = temp_dir("xlsx-run");
  const fs::path scenario = write_scenario(dir, "tiny.yaml", kDeterministic);
  for (const char* out : {"a", "b"}) {
    const auto r = run_cli("run " + scenario.string() + " --xlsx --out " + (dir / out).string());
    ASSERT_EQ(r.status, 0) << r.err;
  }
  const fs::path xlsx = dir / "a" / "results.xlsx";
  ASSERT_TRUE(fs::exists(xlsx));
  EXPECT_EQ(read_file(xlsx), read_file(dir / "b" / "results.xlsx"));  // byte-identical
  EXPECT_NE(read_file(dir / "a" / "manifest.json").find("\"results.xlsx\""), std::string::npos);
  EXPECT_EQ(sheet_names(xlsx),
            (std::vector<std::string>{"levels", "system", "staffing", "costs", "daily"}));

  const Json summary = Json::parse(read_file(dir / "a" / "summary.json"));
  const auto levels = sheet_cells(xlsx, 1);
  EXPECT_EQ(levels.at("A1").value, "level");
  EXPECT_EQ(levels.at("B1").value, "capacity");
  EXPECT_EQ(levels.at("A2").value, "clinic");
  EXPECT_EQ(levels.at("A2").type, "s");
  expect_number(levels, "B2", 10, 0);
  const std::string census = column_of(levels, "mean_census");
  ASSERT_FALSE(census.empty());
  EXPECT_EQ(column_of(levels, "mean_census ci95_low"), std::string(1, census[0] + 1));
  expect_number(levels, census + "2",
                summary["levels"]["clinic"]["mean_census"]["mean"].get<double>(), 1e-9);
  // The header row is frozen.
  EXPECT_NE(unzip(xlsx, "xl/worksheets/sheet1.xml").find("state=\"frozen\""), std::string::npos);

  const auto costs = sheet_cells(xlsx, 4);
  const std::string total = column_of(costs, "total_cost_per_year");
  ASSERT_FALSE(total.empty());
  expect_number(costs, total + "2", 242500, 1e-6);  // the level's
  EXPECT_EQ(costs.at("A3").value, "total");
  expect_number(costs, column_of(costs, "staff_cost_per_year") + "3", 60000, 1e-6);
  expect_number(costs, column_of(costs, "non_staff_cost_per_year") + "3", 182500, 1e-6);

  // Money in the currency, fractions as percentages, a bold header.
  const std::string styles = unescape_xml(unzip(xlsx, "xl/styles.xml"));
  EXPECT_NE(styles.find(R"(formatCode=""EUR "#,##0;"-EUR "#,##0")"), std::string::npos) << styles;
  EXPECT_NE(styles.find(R"(formatCode="0.0%")"), std::string::npos);
  EXPECT_NE(styles.find("<b/>"), std::string::npos);
  EXPECT_EQ(costs.at(total + "2").style, costs.at(total + "3").style);  // both money

  const auto daily = sheet_cells(xlsx, 5);
  EXPECT_EQ(daily.at("C1").value, "census_mean");
  expect_number(daily, "C2", 5, 1e-9);  // day 0: five in care
  fs::remove_all(dir);
}

// A dated scenario (calendar:): the daily sheet has `date` after `day` as real Excel dates
// (serial numbers shown yyyy-mm-dd), daily.csv the same dates as text, and --watch's answers
// the date of each day.
TEST(Xlsx, DatedRunsHaveExcelDatesInTheDailySheet) {
  const fs::path dir = temp_dir("xlsx-dated");
  const fs::path scenario = write_scenario(
      dir, "dated.yaml", std::string(kDeterministic) + "calendar:\n  start_date: 2027-01-04\n");
  const auto r =
      run_cli("run " + scenario.string() + " --xlsx --watch 'levels.clinic.census>4.5' --out " +
              (dir / "a").string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("levels.clinic.census>4.5: the mean crosses on day 0 (2027-01-04); 50% of "
                       "replications have crossed by day 0 (2027-01-04), 90% by day 0 "
                       "(2027-01-04) (3 of 3 crossed)\n"),
            std::string::npos)
      << r.out;
  const fs::path xlsx = dir / "a" / "results.xlsx";
  const auto daily = sheet_cells(xlsx, 5);
  EXPECT_EQ(daily.at("A1").value, "day");
  EXPECT_EQ(daily.at("B1").value, "date");
  EXPECT_EQ(daily.at("C1").value, "level");
  expect_number(daily, "B2", 46391, 0);  // 2027-01-04: days since 1899-12-30
  expect_number(daily, "B3", 46392, 0);
  expect_number(daily, "D2", 5, 1e-9);  // census_mean, one column to the right
  const std::string styles = unescape_xml(unzip(xlsx, "xl/styles.xml"));
  EXPECT_NE(styles.find(R"(formatCode="yyyy-mm-dd")"), std::string::npos) << styles;
  const std::string csv = read_file(dir / "a" / "daily.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n', csv.find('\n') + 1)),
            "day,date,level,census_mean,census_p10,census_p90,waitlist_mean,waitlist_p10,"
            "waitlist_p90\n0,2027-01-04,clinic,5.000,5.000,5.000,0.000,0.000,0.000");
  const Json summary = Json::parse(read_file(dir / "a" / "summary.json"));
  EXPECT_EQ(summary["calendar"]["start_date"], "2027-01-04");
  EXPECT_EQ(summary["calendar"]["end_date"], "2027-04-13");  // day 99
  EXPECT_EQ(summary["watch"][0]["mean_first_date"], "2027-01-04");
  fs::remove_all(dir);
}

TEST(Xlsx, ClassesGetTheirSheetAndNoDailyMeansNoDailySheet) {
  const fs::path dir = temp_dir("xlsx-classes");
  const auto r = run_cli("run scenarios/baseline.yaml --replications 2 --no-daily --xlsx --out " +
                         (dir / "out").string());
  ASSERT_EQ(r.status, 0) << r.err;
  const fs::path xlsx = dir / "out" / "results.xlsx";
  EXPECT_EQ(sheet_names(xlsx),
            (std::vector<std::string>{"levels", "system", "staffing", "costs", "classes"}));
  const auto classes = sheet_cells(xlsx, 5);
  EXPECT_EQ(classes.at("A1").value, "class");
  EXPECT_EQ(classes.at("B1").value, "scope");
  EXPECT_EQ(classes.at("F1").value, "mean");
  // In class order, as summary.json writes them.
  const auto summary = nlohmann::ordered_json::parse(read_file(dir / "out" / "summary.json"));
  const std::string first_class = summary["classes"].begin().key();
  EXPECT_EQ(classes.at("A2").value, first_class);
  EXPECT_EQ(classes.at("B2").value, "detox");
  EXPECT_EQ(classes.at("C2").value, "referrals_per_day");
  expect_number(
      classes, "F2",
      summary["classes"][first_class]["levels"]["detox"]["referrals_per_day"]["mean"].get<double>(),
      1e-9);
  fs::remove_all(dir);
}

TEST(Xlsx, CompareCostDifferenceIsTheDifferenceOfTheTwoRuns) {
  const fs::path dir = temp_dir("xlsx-compare");
  const fs::path a = write_scenario(dir, "a.yaml", stochastic("small", 5));
  const fs::path b = write_scenario(dir, "b.yaml", stochastic("large", 8));
  auto r = run_cli("compare " + a.string() + " " + b.string() + " --xlsx --out " +
                   (dir / "cmp").string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("costs per year"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("USD "), std::string::npos) << r.out;
  double run_total[2];
  for (int k = 0; k < 2; ++k) {
    const fs::path out = dir / (k ? "rb" : "ra");
    r = run_cli("run " + (k ? b : a).string() + " --out " + out.string());
    ASSERT_EQ(r.status, 0) << r.err;
    run_total[k] =
        Json::parse(read_file(out / "summary.json"))["staffing"]["total_cost_per_year"]["mean"]
            .get<double>();
  }
  const Json cmp = Json::parse(read_file(dir / "cmp" / "comparison.json"));
  const Json& total = cmp["costs"]["total_cost_per_year"];
  EXPECT_EQ(cmp["costs"]["currency"], "USD");
  EXPECT_NEAR(total["small"]["mean"].get<double>(), run_total[0], 1e-6 * run_total[0]);
  EXPECT_NEAR(total["large"]["mean"].get<double>(), run_total[1], 1e-6 * run_total[1]);
  const double diff = total["difference"]["large"]["mean"].get<double>();
  EXPECT_GT(diff, 1000);  // more beds, more census, more cost
  EXPECT_NEAR(diff, run_total[1] - run_total[0], 1e-6 * run_total[0]);
  EXPECT_TRUE(total["difference"]["large"]["ci95"].is_array());

  const fs::path xlsx = dir / "cmp" / "results.xlsx";
  EXPECT_EQ(sheet_names(xlsx),
            (std::vector<std::string>{"levels", "system", "costs", "comparison"}));
  const auto comparison = sheet_cells(xlsx, 4);
  EXPECT_EQ(comparison.at("A1").value, "scope");
  EXPECT_EQ(comparison.at("G1").value, "difference");
  // The last rows are the costs; the very last, total cost's difference for "large".
  std::string last = "A2";
  for (const auto& [ref, cell] : comparison)
    if (ref[0] == 'A' && std::stoi(ref.substr(1)) > std::stoi(last.substr(1))) last = ref;
  const std::string row = last.substr(1);
  EXPECT_EQ(comparison.at("A" + row).value, "costs");
  EXPECT_EQ(comparison.at("B" + row).value, "total_cost_per_year");
  EXPECT_EQ(comparison.at("C" + row).value, "large");
  expect_number(comparison, "G" + row, diff, 1e-6 * std::abs(diff));
  EXPECT_EQ(comparison.at("L" + row).type, "b");  // clear: a boolean
  const std::string report = read_file(dir / "cmp" / "report.html");
  EXPECT_NE(report.find("\"label\":\"large − small\""), std::string::npos);
  fs::remove_all(dir);
}

TEST(Xlsx, SweepAndSizeWriteTheirTablesWithCosts) {
  const fs::path dir = temp_dir("xlsx-sweep-size");
  const fs::path a = write_scenario(dir, "a.yaml", stochastic("small", 5));
  auto r = run_cli("sweep " + a.string() +
                   " --set levels.clinic.capacity=4,8 --xlsx --replications 3 --out " +
                   (dir / "sweep").string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("total cost/year"), std::string::npos) << r.out;
  const std::string csv = read_file(dir / "sweep" / "sweep.csv");
  EXPECT_NE(csv.find("\n4,costs,total_cost_per_year,"), std::string::npos) << csv;
  const fs::path sweep_xlsx = dir / "sweep" / "results.xlsx";
  EXPECT_EQ(sheet_names(sweep_xlsx), std::vector<std::string>{"points"});
  const auto points = sheet_cells(sweep_xlsx, 1);
  EXPECT_EQ(points.at("A1").value, "levels.clinic.capacity");
  expect_number(points, "A2", 4, 0);

  r = run_cli("size " + a.string() +
              " --level clinic --target \"mean_wait_days<=5\" --replications 3 --xlsx --json "
              "--out " +
              (dir / "size").string());
  ASSERT_EQ(r.status, 0) << r.err;
  const Json size = Json::parse(r.out);
  EXPECT_EQ(size["currency"], "USD");
  ASSERT_FALSE(size["curve"].empty());
  const Json& first = size["curve"][0];
  EXPECT_GT(first["total_cost_per_year"]["mean"].get<double>(), 0);
  const fs::path size_xlsx = dir / "size" / "results.xlsx";
  EXPECT_EQ(sheet_names(size_xlsx), (std::vector<std::string>{"candidates", "answer"}));
  const auto candidates = sheet_cells(size_xlsx, 1);
  EXPECT_EQ(candidates.at("A1").value, "clinic capacity");
  expect_number(candidates, "A2", first["capacity"]["clinic"].get<double>(), 0);
  const std::string total = column_of(candidates, "total_cost_per_year");
  ASSERT_FALSE(total.empty());
  expect_number(candidates, total + "2", first["total_cost_per_year"]["mean"].get<double>(),
                1e-6 * first["total_cost_per_year"]["mean"].get<double>());
  EXPECT_NE(read_file(dir / "size" / "manifest.json").find("\"results.xlsx\""), std::string::npos);
  // Met: the answer sheet has met true, no why_not_met and the recommended capacity.
  ASSERT_TRUE(size["met"].get<bool>());
  const auto answer = sheet_cells(size_xlsx, 2);
  EXPECT_EQ(answer.at("A1").value, "met");
  EXPECT_EQ(answer.at("B1").value, "why_not_met");
  EXPECT_EQ(answer.at("C1").value, "clinic capacity");
  EXPECT_EQ(answer.at("A2").type, "b");
  EXPECT_EQ(answer.at("A2").value, "1");
  EXPECT_EQ(answer.count("B2"), 0u);
  expect_number(answer, "C2", size["recommendation"]["clinic"]["capacity"].get<double>(), 0);
  fs::remove_all(dir);
}

// NOT MET: nothing up to --max-capacity meets the target. The workbook says so as stdout and the
// JSON do: the answer sheet's met is false and why_not_met is the NOT MET line's text, and each
// candidate's why_not says why it does not meet (the sheet used to have the met booleans only).
TEST(Xlsx, SizeNotMetIsInTheWorkbook) {
  const fs::path dir = temp_dir("xlsx-size-not-met");
  const fs::path a = write_scenario(dir, "a.yaml", stochastic("small", 5));
  const std::string args = "size " + a.string() +
                           " --level clinic --target \"utilization<=0.01\" --max-capacity 8 "
                           "--replications 3 --quiet";
  auto r = run_cli(args + " --xlsx --out " + (dir / "size").string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\nNOT MET: no capacity tried (clinic up to 8) meets the targets with 95% "
                       "confidence\n"),
            std::string::npos)
      << r.out;
  const Json size = Json::parse(run_cli(args + " --json").out);
  ASSERT_FALSE(size["met"].get<bool>());
  const fs::path xlsx = dir / "size" / "results.xlsx";
  EXPECT_EQ(sheet_names(xlsx), (std::vector<std::string>{"candidates", "answer"}));
  const auto answer = sheet_cells(xlsx, 2);
  EXPECT_EQ(answer.at("A2").type, "b");
  EXPECT_EQ(answer.at("A2").value, "0");
  EXPECT_EQ(answer.at("B2").value,
            "no capacity tried (clinic up to 8) meets the targets with 95% confidence");
  EXPECT_EQ(answer.at("B2").value, size["why_not_met"].get<std::string>());
  EXPECT_EQ(answer.count("C2"), 0u);  // no recommendation
  const auto candidates = sheet_cells(xlsx, 1);
  const std::string why = column_of(candidates, "why_not");
  const std::string met = column_of(candidates, "met");
  ASSERT_FALSE(why.empty());
  ASSERT_FALSE(size["curve"].empty());
  for (std::size_t i = 0; i < size["curve"].size(); ++i) {
    const std::string row = std::to_string(i + 2);
    EXPECT_EQ(candidates.at(met + row).value, "0") << row;
    EXPECT_EQ(candidates.at(why + row).value, size["curve"][i]["why_not"].get<std::string>())
        << row;
    EXPECT_EQ(candidates.at(why + row).value, "clinic.utilization<=0.01 not met") << row;
  }
  fs::remove_all(dir);
}

// Referrals every day, stays of exactly 2 days: a census of 2, all of payer medicaid at `rate` a
// patient-day and 50 of cost: revenue rate x 2 x 365, non-staff cost 36,500, net cost 36,500 -
// revenue.
std::string paying(const std::string& name, int rate) {
  return "name: " + name +
         "\nhorizon_days: 20\nwarmup_days: 5\nreplications: 2\n"
         "payers:\n  medicaid: {}\n"
         "arrivals:\n  - name: community\n    interarrival: {distribution: fixed, value: 1}\n"
         "    payers: {medicaid: 1}\n    entry: {clinic: 1}\n"
         "levels:\n  clinic:\n    capacity: 4\n"
         "    length_of_stay: {distribution: fixed, value: 2}\n"
         "    revenue_per_patient_day: {medicaid: " +
         std::to_string(rate) + "}\n    cost_per_patient_day: 50\n";
}

// The row number of the first cell in column `column` reading `value` ("" when none).
std::string row_of(const std::map<std::string, Cell>& cells, const std::string& column,
                   const std::string& value) {
  for (const auto& [ref, cell] : cells)
    if (ref.substr(0, ref.find_first_of("0123456789")) == column && cell.value == value)
      return ref.substr(column.size());
  return "";
}

// Wherever a workbook or a report shows costs, a scenario with revenue has its revenue and net
// cost beside them: run (a revenue sheet; the report's total row), compare (the costs sheet's
// columns, the comparison sheet's rows), sweep (rows of scope revenue), size (columns).
TEST(Xlsx, RevenueAndNetCostStandBesideTheCosts) {
  const fs::path dir = temp_dir("xlsx-revenue");
  const fs::path a = write_scenario(dir, "a.yaml", paying("a", 100));
  const fs::path b = write_scenario(dir, "b.yaml", paying("b", 120));
  auto r = run_cli("run " + a.string() + " --xlsx --out " + (dir / "run").string());
  ASSERT_EQ(r.status, 0) << r.err;
  const fs::path run_xlsx = dir / "run" / "results.xlsx";
  EXPECT_EQ(sheet_names(run_xlsx), (std::vector<std::string>{"levels", "system", "staffing",
                                                             "costs", "revenue", "daily"}));
  const auto revenue = sheet_cells(run_xlsx, 5);
  EXPECT_EQ(revenue.at("A1").value, "payer");
  EXPECT_EQ(revenue.at("B1").value, "per_year");
  EXPECT_EQ(revenue.at("A2").value, "medicaid");
  expect_number(revenue, "B2", 73000, 1e-6);
  EXPECT_EQ(revenue.at("A3").value, "total_revenue_per_year");
  expect_number(revenue, "B3", 73000, 1e-6);
  EXPECT_EQ(revenue.at("A4").value, "net_cost_per_year");
  expect_number(revenue, "B4", -36500, 1e-6);
  const std::string run_report = read_file(dir / "run" / "report.html");
  EXPECT_NE(run_report.find("\"total_revenue_per_year\":{\"mean\":73000.0"), std::string::npos);
  EXPECT_NE(run_report.find("\"net_cost_per_year\":{\"mean\":-36500.0"), std::string::npos);

  r = run_cli("compare " + a.string() + " " + b.string() + " --xlsx --out " +
              (dir / "cmp").string());
  ASSERT_EQ(r.status, 0) << r.err;
  const fs::path cmp_xlsx = dir / "cmp" / "results.xlsx";
  EXPECT_EQ(sheet_names(cmp_xlsx),
            (std::vector<std::string>{"levels", "system", "costs", "comparison"}));
  const auto costs = sheet_cells(cmp_xlsx, 3);
  const std::string rev = column_of(costs, "total_revenue_per_year");
  const std::string net = column_of(costs, "net_cost_per_year");
  ASSERT_FALSE(rev.empty());
  ASSERT_FALSE(net.empty());
  expect_number(costs, rev + "2", 73000, 1e-6);
  expect_number(costs, rev + "3", 87600, 1e-6);
  expect_number(costs, net + "3", 36500 - 87600, 1e-6);
  const auto comparison = sheet_cells(cmp_xlsx, 4);
  std::string row;
  for (const auto& [ref, cell] : comparison)  // the net cost's row of b
    if (ref[0] == 'B' && cell.value == "net_cost_per_year" &&
        comparison.at("C" + ref.substr(1)).value == "b")
      row = ref.substr(1);
  ASSERT_FALSE(row.empty());
  EXPECT_EQ(comparison.at("A" + row).value, "revenue");
  expect_number(comparison, "G" + row, -14600, 1e-6);
  const std::string cmp_report = read_file(dir / "cmp" / "report.html");
  EXPECT_NE(cmp_report.find("\"label\":\"b − a\""), std::string::npos);
  EXPECT_NE(cmp_report.find("\"total_revenue_per_year\":{\"mean\":14600.0"), std::string::npos);

  r = run_cli("sweep " + a.string() + " --set levels.clinic.capacity=3,4 --xlsx --out " +
              (dir / "sweep").string());
  ASSERT_EQ(r.status, 0) << r.err;
  const auto points = sheet_cells(dir / "sweep" / "results.xlsx", 1);
  const std::string net_row = row_of(points, "C", "net_cost_per_year");
  ASSERT_FALSE(net_row.empty());
  EXPECT_EQ(points.at("B" + net_row).value, "revenue");
  expect_number(points, "F" + net_row, -36500, 1e-6);
  EXPECT_NE(
      read_file(dir / "sweep" / "report.html").find("\"net_cost_per_year\":{\"mean\":-36500.0"),
      std::string::npos);

  r = run_cli("size " + a.string() +
              " --level clinic --target \"mean_wait_days<=0.5\" --xlsx --out " +
              (dir / "size").string());
  ASSERT_EQ(r.status, 0) << r.err;
  const auto candidates = sheet_cells(dir / "size" / "results.xlsx", 1);
  const std::string size_net = column_of(candidates, "net_cost_per_year");
  ASSERT_FALSE(size_net.empty());
  // At 1 slot the census is 1: net cost 18,250 - 36,500; from 2 slots it is 2.
  const std::string one = row_of(candidates, "A", "1"), four = row_of(candidates, "A", "4");
  ASSERT_FALSE(one.empty());
  ASSERT_FALSE(four.empty());
  expect_number(candidates, size_net + one, -18250, 1e-6);
  expect_number(candidates, size_net + four, -36500, 1e-6);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace continuum
