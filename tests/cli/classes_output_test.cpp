// Outputs per patient class: summary.json's "classes" block, the stdout block per class and
// report.html's class selector, on a deterministic case (fixed gaps and stays, unlimited
// capacity: every rate and census is exact); and none of them without `classes:`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "continuum/output/files.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;
using testing::read_file;
using testing::run_cli;
using testing::temp_dir;

// low: one referral a day; high: two a day; none: never referred. Clinic 2 days, then
// aftercare 3 days: per day admissions low 1, high 2, none 0 at both levels; mean census
// low 2 and 3, high 4 and 6.
constexpr const char* kScenario = R"(name: two-classes
horizon_days: 100
warmup_days: 10
replications: 3
seed: 5
classes:
  low: {}
  high: {priority: 1}
  none: {}
arrivals:
  - name: lows
    interarrival: {distribution: fixed, value: 1}
    classes: {low: 1}
    entry: {clinic: 1}
  - name: highs
    interarrival: {distribution: fixed, value: 0.5}
    classes: {high: 1}
    entry: {clinic: 1}
levels:
  clinic:
    capacity: unlimited
    length_of_stay: {distribution: fixed, value: 2}
    next: {aftercare: 1}
  aftercare:
    capacity: unlimited
    length_of_stay: {distribution: fixed, value: 3}
)";

struct ClassRun {
  fs::path out;
  std::string stdout_text;
};

ClassRun run_classes(const std::string& name) {
  const fs::path dir = temp_dir("classes-" + name);
  write_file_atomic(dir / "classes.yaml", kScenario);
  const auto r = run_cli("run " + (dir / "classes.yaml").string() + " --threads 1 --out " +
                         (dir / "out").string());
  EXPECT_EQ(r.status, 0) << r.err;
  return {dir / "out", r.out};
}

std::vector<std::string> keys(const Json& j) {
  std::vector<std::string> out;
  for (const auto& [k, v] : j.items())
    out.push_back(k);
  return out;
}

TEST(ClassesOutput, SummaryJsonHasEveryMetricPerClass) {
  const ClassRun run = run_classes("json");
  const Json s = Json::parse(read_file(run.out / "summary.json"));
  EXPECT_EQ(keys(s),
            (std::vector<std::string>{"schema_version", "scenario", "levels", "system", "classes",
                                      "events", "conservation", "warnings", "checks_not_run"}));
  const Json& c = s["classes"];
  ASSERT_EQ(keys(c), (std::vector<std::string>{"low", "high", "none"}));
  EXPECT_EQ(c["low"]["priority"], 0);
  EXPECT_EQ(c["high"]["priority"], 1);
  EXPECT_EQ(c["none"]["priority"], 0);
  for (const auto& [name, cls] : c.items()) {
    EXPECT_EQ(keys(cls), (std::vector<std::string>{"priority", "levels", "system"})) << name;
    EXPECT_EQ(keys(cls["levels"]), (std::vector<std::string>{"clinic", "aftercare"})) << name;
    for (const char* level : {"clinic", "aftercare"})
      EXPECT_EQ(keys(cls["levels"][level]), keys(s["levels"][level])) << name << " " << level;
    EXPECT_EQ(keys(cls["system"]), keys(s["system"])) << name;
  }
  const auto mean = [&](const char* cls, const char* level, const char* metric) {
    return c[cls]["levels"][level][metric]["mean"];
  };
  EXPECT_EQ(mean("low", "clinic", "admissions_per_day"), 1.0);
  EXPECT_EQ(mean("high", "clinic", "admissions_per_day"), 2.0);
  EXPECT_EQ(mean("none", "clinic", "admissions_per_day"), 0.0);
  EXPECT_EQ(mean("low", "aftercare", "admissions_per_day"), 1.0);
  EXPECT_EQ(mean("high", "aftercare", "admissions_per_day"), 2.0);
  EXPECT_EQ(mean("none", "aftercare", "admissions_per_day"), 0.0);
  EXPECT_EQ(s["levels"]["clinic"]["admissions_per_day"]["mean"], 3.0);
  EXPECT_EQ(mean("low", "clinic", "mean_census"), 2.0);
  EXPECT_EQ(mean("high", "clinic", "mean_census"), 4.0);
  EXPECT_EQ(mean("low", "aftercare", "mean_census"), 3.0);
  EXPECT_EQ(mean("high", "aftercare", "mean_census"), 6.0);
  EXPECT_EQ(mean("none", "aftercare", "mean_census"), 0.0);
  EXPECT_EQ(c["low"]["levels"]["clinic"]["admissions_per_day"]["ci95"], Json({1.0, 1.0}));
  // The class never referred: counts 0 (with an interval), means without a value null.
  EXPECT_EQ(c["none"]["levels"]["clinic"]["referrals_per_day"]["ci95"], Json({0.0, 0.0}));
  EXPECT_TRUE(mean("none", "clinic", "mean_wait_days").is_null());
  EXPECT_EQ(c["none"]["system"]["arrivals_per_day"]["mean"], 0.0);
  EXPECT_TRUE(c["none"]["system"]["mean_days_to_first_admission"]["mean"].is_null());
  EXPECT_EQ(c["high"]["system"]["arrivals_per_day"]["mean"], 2.0);
  EXPECT_EQ(c["low"]["system"]["arrivals_per_day"]["mean"], 1.0);
}

// The lines of `text` from `from` (a line's start) on.
std::vector<std::string> lines_from(const std::string& text, std::size_t from, std::size_t n) {
  std::vector<std::string> out;
  while (out.size() < n && from < text.size()) {
    const std::size_t end = text.find('\n', from);
    out.push_back(text.substr(from, end - from));
    if (end == std::string::npos) break;
    from = end + 1;
  }
  return out;
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

TEST(ClassesOutput, StdoutHasABlockPerClass) {
  const ClassRun run = run_classes("stdout");
  const std::string& out = run.stdout_text;
  const std::string header = lines_from(out, out.find("level "), 1).at(0);
  EXPECT_TRUE(starts_with(lines_from(out, out.find("clinic "), 1).at(0),
                          "clinic         unlimited       3.00 ±0.00           6.0 ±0.0"));
  struct Block {
    std::string title, clinic, aftercare, system;
  };
  const std::vector<Block> blocks = {
      {"class low (priority 0)", "clinic         unlimited       1.00 ±0.00           2.0 ±0.0",
       "aftercare      unlimited       1.00 ±0.00           3.0 ±0.0",
       "system: arrivals/day 1.00 ±0.00, relapses/day 0,"},
      {"class high (priority 1)", "clinic         unlimited       2.00 ±0.00           4.0 ±0.0",
       "aftercare      unlimited       2.00 ±0.00           6.0 ±0.0",
       "system: arrivals/day 2.00 ±0.00, relapses/day 0,"},
      // No patient of the class: zero in every replication, a bare 0 (format.hpp).
      {"class none (priority 0)", "clinic         unlimited                0                  0",
       "aftercare      unlimited                0                  0",
       "system: arrivals/day 0, relapses/day 0,"}};
  std::size_t previous = out.find("\nsystem: ");
  ASSERT_NE(previous, std::string::npos) << out;
  for (const Block& b : blocks) {
    const std::size_t at = out.find("\n\n" + b.title + "\n");
    ASSERT_NE(at, std::string::npos) << b.title << "\n" << out;
    EXPECT_GT(at, previous) << b.title;  // after the whole's system line, in class order
    previous = at;
    const auto lines = lines_from(out, at + 2, 6);
    ASSERT_EQ(lines.size(), 6u) << out;
    EXPECT_EQ(lines[1], header);  // the same columns
    EXPECT_TRUE(starts_with(lines[2], b.clinic)) << lines[2];
    EXPECT_TRUE(starts_with(lines[3], b.aftercare)) << lines[3];
    EXPECT_EQ(lines[4], "");
    EXPECT_TRUE(starts_with(lines[5], b.system)) << lines[5];
  }
}

TEST(ClassesOutput, ReportHasTheClassSelector) {
  const ClassRun run = run_classes("report");
  const std::string html = read_file(run.out / "report.html");
  EXPECT_NE(html.find("<select id=\"class-select\"><option value=\"\">All patients</option>"
                      "<option value=\"low\">low (priority 0)</option>"
                      "<option value=\"high\">high (priority 1)</option>"
                      "<option value=\"none\">none (priority 0)</option></select>"),
            std::string::npos);
  EXPECT_NE(html.find("\"classes\":{\"low\":{\"priority\":0,\"levels\":{\"clinic\":"),
            std::string::npos);
}

TEST(ClassesOutput, WithoutClassesNothingIsAdded) {
  const fs::path dir = temp_dir("classes-none");
  const auto r = run_cli("run scenarios/validation/mmc.yaml --replications 2 --threads 1 --out " +
                         (dir / "out").string());
  ASSERT_EQ(r.status, 0) << r.err;
  const Json s = Json::parse(read_file(dir / "out" / "summary.json"));
  EXPECT_FALSE(s.contains("classes"));
  EXPECT_EQ(r.out.find("\nclass "), std::string::npos);
  const std::string html = read_file(dir / "out" / "report.html");
  EXPECT_EQ(html.find("class-select"), std::string::npos);
  EXPECT_EQ(html.find("\"classes\""), std::string::npos);
}

}  // namespace
}  // namespace continuum
