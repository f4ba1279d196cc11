// report.html: self-contained (nothing loaded from anywhere), and drawn by a real headless
// Chromium with no error for all three kinds of page; the page's script reports what it drew
// into #report-status, which --dump-dom reads back.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>

#include "continuum/config/load.hpp"
#include "continuum/output/files.hpp"
#include "continuum/output/html_report.hpp"
#include "continuum/output/schema.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;
using testing::read_file;
using testing::run_cli;
using testing::temp_dir;

std::string chromium() {
  for (const char* path : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
    if (fs::exists(path)) return path;
  return "";
}

#define REQUIRE_CHROMIUM()                                                               \
  if (chromium().empty())                                                                \
  GTEST_SKIP() << "chromium is not installed (scripts/setup installs it); the page was " \
                  "not drawn"

// The page's DOM after its scripts ran, from headless Chromium with no network services and a
// fresh profile.
std::string dump_dom(const fs::path& page, const std::string& fragment = "") {
  const fs::path dir = page.parent_path();
  const fs::path profile = dir / ("profile-" + page.stem().string());
  fs::remove_all(profile);
  const std::string cmd = "timeout 180 " + chromium() +
                          " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
                          " --disable-background-networking --disable-component-update"
                          " --disable-sync --window-size=1280,2000 --user-data-dir=" +
                          profile.string() + " --dump-dom 'file://" + page.string() + fragment +
                          "' >" + (dir / "dom.html").string() + " 2>" +
                          (dir / "chromium.log").string();
  const int status = std::system(cmd.c_str());
  EXPECT_EQ(status, 0) << cmd << "\n" << read_file(dir / "chromium.log");
  fs::remove_all(profile);
  return read_file(dir / "dom.html");
}

// The attributes of the first element whose opening tag contains `marker`.
std::map<std::string, std::string> attributes(const std::string& html, const std::string& marker,
                                              std::size_t from = 0) {
  std::map<std::string, std::string> out;
  const std::size_t at = html.find(marker, from);
  if (at == std::string::npos) return out;
  const std::size_t begin = html.rfind('<', at);
  const std::string tag = html.substr(begin, html.find('>', at) - begin);
  static const std::regex kAttribute(R"re(([\w-]+)="([^"]*)")re");
  for (std::sregex_iterator it(tag.begin(), tag.end(), kAttribute), end; it != end; ++it)
    out[(*it)[1]] = (*it)[2];
  return out;
}

// What the page says it drew, and every chart's own counts (by its aria-label).
struct Drawn {
  std::map<std::string, std::string> status;
  std::string errors;  // the text of #report-status
  std::map<std::string, std::map<std::string, std::string>> canvases;
};

Drawn drawn(const std::string& dom) {
  Drawn d;
  d.status = attributes(dom, "id=\"report-status\"");
  const std::size_t at = dom.find("id=\"report-status\"");
  if (at != std::string::npos) {
    const std::size_t open = dom.find('>', at) + 1;
    d.errors = dom.substr(open, dom.find("</div>", open) - open);
  }
  for (std::size_t from = dom.find("<canvas"); from != std::string::npos;
       from = dom.find("<canvas", from + 1)) {
    auto a = attributes(dom, "<canvas", from);
    d.canvases[a["aria-label"]] = a;
  }
  return d;
}

// Draws `report` in Chromium and checks the page ran clean and painted every chart.
Drawn draw_clean(const Json& report, const std::string& name) {
  const fs::path dir = temp_dir("html-" + name);
  write_file_atomic(dir / "report.html", render_report_html(report));
  const Drawn d = drawn(dump_dom(dir / "report.html"));
  EXPECT_EQ(d.status.at("data-state"), "rendered") << d.errors;
  EXPECT_EQ(d.status.at("data-errors"), "0") << d.errors;
  EXPECT_EQ(d.errors, "");
  EXPECT_EQ(d.status.at("data-painted"), d.status.at("data-charts"));
  for (const auto& [label, a] : d.canvases) {
    EXPECT_GT(std::stoi(a.at("data-points")), 0) << label;
    EXPECT_GE(std::stoi(a.at("data-coloured-pixels")), 50) << label;
  }
  fs::remove_all(dir);
  return d;
}

// Every src and href value of the page: none may reach outside it.
void expect_nothing_external(const std::string& html) {
  static const std::regex kLink(R"re(\b(src|href|action|poster)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))re",
                                std::regex::icase);
  for (std::sregex_iterator it(html.begin(), html.end(), kLink), end; it != end; ++it) {
    const std::string value = (*it)[2];
    EXPECT_EQ(value.find("://"), std::string::npos) << it->str();
    EXPECT_NE(value.rfind("\"//", 0), 0u) << it->str();
  }
  static const std::regex kExternal(R"re((src|href)\s*=\s*["']?\s*https?:)re", std::regex::icase);
  EXPECT_FALSE(std::regex_search(html, kExternal));
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find("<script src"), std::string::npos);
}

Json estimate(double mean, double lo, double hi) {
  return {{"mean", mean}, {"ci95", {lo, hi}}};
}

// A summary_json()-shaped document with one level, small enough to write by hand.
Json tiny_summary(const std::string& name, double wait, double census) {
  Json s;
  s["schema_version"] = kSummarySchemaVersion;
  s["scenario"] = {
      {"name", name},      {"description", "hand-made " + name},         {"horizon_days", 100},
      {"warmup_days", 10}, {"levels", {{"clinic", {{"capacity", 10}}}}}, {"replications", 4},
      {"seed", 1}};
  s["levels"]["clinic"] = {
      {"admissions_per_day", estimate(8, 7.9, 8.1)},
      {"mean_census", estimate(census, census - 0.2, census + 0.2)},
      {"utilization", estimate(census / 10, census / 10 - 0.02, census / 10 + 0.02)},
      {"mean_waitlist", estimate(wait * 8, wait * 7, wait * 9)},
      {"mean_wait_days", estimate(wait, wait * 0.9, wait * 1.1)},
      {"p90_wait_days", estimate(wait * 3, wait * 2.5, wait * 3.5)},
      {"abandonment_fraction", estimate(0.05, 0.04, 0.06)}};
  s["system"] = {{"lost_to_care_per_day", estimate(0.3, 0.2, 0.4)},
                 {"mean_days_to_first_admission", estimate(wait, wait * 0.9, wait * 1.1)}};
  s["events"] = 1000;
  return s;
}

Json tiny_daily(double level) {
  Json series = {{"mean", {level, level + 1, level}},
                 {"p10", {level - 1, level, level - 1}},
                 {"p90", {level + 1, level + 2, level + 1}}};
  return {{"window_days", 3},
          {"bin_days", 1},
          {"points", 3},
          {"levels", {{"clinic", {{"census", series}, {"waitlist", series}}}}}};
}

Json tiny_difference(double wait) {
  Json d;
  for (const char* m : {"admissions_per_day", "mean_census", "utilization", "mean_waitlist",
                        "abandonment_fraction"})
    d["levels"]["clinic"][m] = estimate(0.01, -0.02, 0.04);                            // not clear
  d["levels"]["clinic"]["mean_wait_days"] = estimate(wait, wait - 0.05, wait + 0.05);  // clear
  d["levels"]["clinic"]["p90_wait_days"] = estimate(wait * 3, wait * 2, wait * 4);     // clear
  d["system"] = {{"lost_to_care_per_day", estimate(0.1, 0.05, 0.15)},
                 {"mean_days_to_first_admission", estimate(wait, -1, 1)}};
  return d;
}

// The page fits the window (1,280 px in dump_dom): nothing wider than it, and no table needing a
// scroll bar to show a column.
void expect_fits_the_window(const Drawn& d) {
  EXPECT_EQ(d.status.at("data-window-width"), "1280");
  EXPECT_LE(std::stoi(d.status.at("data-scroll-width")), 1280);
  EXPECT_EQ(d.status.at("data-overflowing-tables"), "0");
}

// The text of `html` without its tags.
std::string text_of(const std::string& html) {
  static const std::regex kTag("<[^>]*>");
  return std::regex_replace(html, kTag, "");
}

// The cells (<td>...</td>, tags removed) of `html`.
std::vector<std::string> cells_of(const std::string& html) {
  std::vector<std::string> out;
  static const std::regex kCell("<td[^>]*>(.*?)</td>");
  for (std::sregex_iterator it(html.begin(), html.end(), kCell), end; it != end; ++it)
    out.push_back(text_of((*it)[1]));
  return out;
}

// The part of `dom` from the element whose opening tag contains `marker` to `end` after it.
std::string part_of(const std::string& dom, const std::string& marker,
                    const std::string& end = "</section>") {
  const std::size_t at = dom.find(marker);
  if (at == std::string::npos) return "";
  return dom.substr(at, dom.find(end, at) - at);
}

TEST(HtmlReport, UnknownKindIsRejected) {
  try {
    render_report_html({{"kind", "pie"}});
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "report: \"kind\" must be \"run\", \"compare\" or \"sweep\" (got \"pie\")");
  }
  EXPECT_THROW(render_report_html(Json::array()), std::invalid_argument);
}

TEST(HtmlReport, PageIsSelfContainedAndEscapesItsData) {
  Json report = {{"kind", "run"},
                 {"title", "a </script><script>alert(1)</script> & <b>"},
                 {"summary", tiny_summary("x</script>", 0.2, 8)},
                 {"daily", nullptr}};
  const std::string html = render_report_html(report);
  expect_nothing_external(html);
  // Four script elements (error capture, data, Chart.js, the page's script) and no more.
  std::size_t closes = 0;
  for (std::size_t at = html.find("</script"); at != std::string::npos;
       at = html.find("</script", at + 1))
    ++closes;
  EXPECT_EQ(closes, 4u);
  EXPECT_NE(html.find("<title>a &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; "
                      "&lt;b&gt; · Continuum run report</title>"),
            std::string::npos);
  EXPECT_NE(html.find("Chart.js v3"), std::string::npos);  // the library is inline
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
  // The data block reads back as the same document.
  const std::string open = "<script type=\"application/json\" id=\"report-data\">";
  const std::size_t begin = html.find(open) + open.size();
  EXPECT_EQ(Json::parse(html.substr(begin, html.find("</script>", begin) - begin)), report);
  EXPECT_EQ(render_report_html(report), html);  // deterministic
}

TEST(HtmlReport, DailySeriesAreAveragedIntoWeeksWhenLong) {
  const Scenario s = load_scenario(testing::source_path("scenarios/validation/mmc.yaml"));
  Summary summary;
  summary.days = 20;
  summary.daily_census.assign(20, DailyPoint{1, 0, 2});
  summary.daily_waitlist.resize(20);
  for (std::size_t d = 0; d < 20; ++d)
    summary.daily_waitlist[d] = {static_cast<float>(d), 0, static_cast<float>(2 * d)};
  EXPECT_EQ(daily_report_json(s, summary, 20)["bin_days"], 1);
  const Json weekly = daily_report_json(s, summary, 5);
  EXPECT_EQ(weekly["bin_days"], 7);
  EXPECT_EQ(weekly["points"], 3);
  // Days 0-6, 7-13 and 14-19 (the last bin is short).
  EXPECT_EQ(weekly["levels"]["clinic"]["waitlist"]["mean"], Json({3.0, 10.0, 16.5}));
  EXPECT_EQ(weekly["levels"]["clinic"]["waitlist"]["p90"], Json({6.0, 20.0, 33.0}));
  EXPECT_EQ(weekly["levels"]["clinic"]["census"]["p10"], Json({0.0, 0.0, 0.0}));
  summary.days = 0;
  EXPECT_TRUE(daily_report_json(s, summary).is_null());
}

TEST(HtmlReport, RunWritesAReportThatChromiumDrawsClean) {
  REQUIRE_CHROMIUM();
  const fs::path dir = temp_dir("html-run");
  const auto r =
      run_cli("run scenarios/validation/mmc.yaml --replications 4 --out " + (dir / "out").string());
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string html = read_file(dir / "out" / "report.html");
  expect_nothing_external(html);
  const std::string dom = dump_dom(dir / "out" / "report.html");
  expect_nothing_external(dom);
  const Drawn d = drawn(dom);
  EXPECT_EQ(d.status.at("data-state"), "rendered") << d.errors;
  EXPECT_EQ(d.status.at("data-errors"), "0") << d.errors;
  // One level: waitlist and census fan charts, utilization and waits; M/M/c loses no one, so
  // the losses chart is left out and named in a note.
  EXPECT_EQ(d.status.at("data-charts"), "4");
  EXPECT_EQ(d.status.at("data-painted"), "4");
  EXPECT_NE(dom.find("Not drawn, as every value is zero or missing: Lost from the waitlist by "
                     "level."),
            std::string::npos);
  // 2000 days in weekly points: 286 each for the mean, p10 and p90 (and 2 for the capacity).
  EXPECT_EQ(d.canvases.at("Waitlist · clinic").at("data-points"), "858");
  EXPECT_EQ(d.canvases.at("Census · clinic").at("data-points"), "860");
  EXPECT_EQ(d.canvases.at("Wait for admission by level").at("data-points"), "2");
  for (const auto& [label, a] : d.canvases)
    EXPECT_GE(std::stoi(a.at("data-coloured-pixels")), 50) << label;
  EXPECT_NE(dom.find("Key results by level"), std::string::npos);
  fs::remove_all(dir);
}

// The part of `dom` from the opening tag containing `marker` to the next "</section>".
std::string section_of(const std::string& dom, const std::string& marker) {
  const std::size_t at = dom.find(marker);
  if (at == std::string::npos) return "";
  return dom.substr(at, dom.find("</section>", at) - at);
}

// The run's warnings come first, as summary.json has them: a level whose waitlist grows (2
// referrals a day, 10 slots of 10-day stays) gets its line above the tables; a page whose
// document has an empty list says there are none.
TEST(HtmlReport, RunShowsItsWarningsBeforeTheTables) {
  REQUIRE_CHROMIUM();
  const fs::path dir = temp_dir("html-warnings");
  // 10 replications: the waitlist warning alone (at 5, the waits' interval can be wide enough
  // for a precision warning too: it was, once the draws were keyed to patients).
  write_file_atomic(dir / "overloaded.yaml",
                    "name: overloaded\nhorizon_days: 730\nwarmup_days: 30\nreplications: 10\n"
                    "seed: 3\narrivals:\n  - {name: referrals, rate_per_day: 2, entry: {iop: 1}}\n"
                    "levels:\n  iop:\n    capacity: 10\n"
                    "    length_of_stay: {distribution: exponential, mean: 10}\n");
  const auto r = run_cli("run " + (dir / "overloaded.yaml").string() + " --threads 2 --out " +
                         (dir / "out").string());
  ASSERT_EQ(r.status, 0) << r.err;
  const auto summary = Json::parse(read_file(dir / "out" / "summary.json"));
  ASSERT_EQ(summary["warnings"].size(), 1u);
  const std::string message = summary["warnings"][0]["message"];
  const std::string dom = dump_dom(dir / "out" / "report.html");
  const Drawn d = drawn(dom);
  EXPECT_EQ(d.status.at("data-errors"), "0") << d.errors;
  EXPECT_EQ(attributes(dom, "id=\"warnings\"")["data-warnings"], "1");
  const std::string block = section_of(dom, "id=\"warnings\"");
  EXPECT_NE(block.find("<li data-kind=\"waitlist_growth\"><strong>Growing waitlist</strong> " +
                       message + "</li>"),
            std::string::npos)
      << block;
  EXPECT_LT(dom.find("id=\"warnings\""), dom.find("Key results by level"));

  Scenario mmc = load_scenario("scenarios/validation/mmc.yaml");
  mmc.replications = 2;
  Json report = run_report_json(mmc, testing::run_summary(mmc));
  report["warnings"] = Json::array();
  write_file_atomic(dir / "none.html", render_report_html(report));
  const std::string none = dump_dom(dir / "none.html");
  EXPECT_EQ(attributes(none, "id=\"warnings\"")["data-warnings"], "0");
  EXPECT_NE(section_of(none, "id=\"warnings\"").find("None: no waitlist grows without bound"),
            std::string::npos);
  // Checks that could not run (--no-daily) are named, never claimed: the headline says so and
  // the section's "None" covers only the check that ran.
  report["checks_not_run"] =
      Json::parse(R"([{"check":"waitlist_growth","reason":"needs the daily series: run without )"
                  R"(--no-daily"},{"check":"warmup","reason":"needs the daily series: run )"
                  R"(without --no-daily"}])");
  write_file_atomic(dir / "unchecked.html", render_report_html(report));
  const std::string unchecked = dump_dom(dir / "unchecked.html");
  const std::string section = section_of(unchecked, "id=\"warnings\"");
  EXPECT_NE(section.find("None: every headline metric's 95% half-width is within 10% of its "
                         "mean.</p><p class=\"intro not-checked\">Not checked: growing waitlists "
                         "(needs the daily series: run without --no-daily); warm-up (needs the "
                         "daily series: run without --no-daily).</p>"),
            std::string::npos)
      << section;
  EXPECT_EQ(section.find("no waitlist grows without bound"), std::string::npos) << section;
  const std::string tile = part_of(unchecked, "id=\"headline-warnings\"", "</div></div>");
  EXPECT_NE(tile.find("<div class=\"value\">0</div><div class=\"detail\">none from the checks "
                      "that ran; not checked: growing waitlists, warm-up"),
            std::string::npos)
      << tile;
  fs::remove_all(dir);
}

// compare's and sweep's pages carry each scenario's / grid point's warnings as
// comparison.json has them, above the numbers: an option whose waitlist grows without bound
// (2 referrals a day, 10 slots of 10-day stays) is named with its warning and marked in the
// answer table's head or its grid rows; the option without warnings gets one line.
TEST(HtmlReport, CompareAndSweepShowEachScenariosWarnings) {
  REQUIRE_CHROMIUM();
  const fs::path dir = temp_dir("html-compare-warnings");
  const std::string overloaded =
      "name: overloaded\nhorizon_days: 730\nwarmup_days: 30\nreplications: 10\n"
      "seed: 3\narrivals:\n  - {name: referrals, rate_per_day: 2, entry: {iop: 1}}\n"
      "levels:\n  iop:\n    capacity: 10\n"
      "    length_of_stay: {distribution: exponential, mean: 10}\n";
  write_file_atomic(dir / "overloaded.yaml", overloaded);
  write_file_atomic(
      dir / "roomy.yaml",
      std::regex_replace(std::regex_replace(overloaded, std::regex("overloaded"), "roomy"),
                         std::regex("capacity: 10"), "capacity: 40"));
  const auto r = run_cli("compare " + (dir / "roomy.yaml").string() + " " +
                         (dir / "overloaded.yaml").string() + " --threads 2 --out " +
                         (dir / "compare").string());
  ASSERT_EQ(r.status, 0) << r.err;
  const auto comparison = Json::parse(read_file(dir / "compare" / "comparison.json"));
  ASSERT_EQ(comparison["scenarios"][0]["warnings"].size(), 0u);
  ASSERT_EQ(comparison["scenarios"][1]["warnings"].size(), 1u);
  const std::string message = comparison["scenarios"][1]["warnings"][0]["message"];
  EXPECT_EQ(message.rfind("levels.iop: the waitlist grows without bound: +", 0), 0u) << message;
  const std::string item =
      "<li data-kind=\"waitlist_growth\"><strong>Growing waitlist</strong> " + message + "</li>";

  const std::string dom = dump_dom(dir / "compare" / "report.html");
  const Drawn d = drawn(dom);
  EXPECT_EQ(d.status.at("data-errors"), "0") << d.errors;
  EXPECT_EQ(attributes(dom, "<section id=\"warnings\"")["data-warnings"], "1");
  EXPECT_LT(dom.find("<section id=\"warnings\""), dom.find("<section id=\"answer\""));
  const std::string block = section_of(dom, "<section id=\"warnings\"");
  EXPECT_NE(block.find("<h2>Warnings (1)</h2><p class=\"intro\">Read the numbers of overloaded "
                       "with its warnings in mind: a value, or a difference marked clear, can "
                       "still come from a waitlist that never settles, a warm-up too short or "
                       "too few replications.</p>"),
            std::string::npos)
      << block;
  EXPECT_NE(block.find("<div class=\"entry-warnings\" data-label=\"overloaded\" "
                       "data-warnings=\"1\"><h3>overloaded: 1 warning</h3><ul>" +
                       item + "</ul></div>"),
            std::string::npos)
      << block;
  EXPECT_NE(block.find("<p class=\"intro quiet\">roomy: no warnings from the checks that ran "
                       "(growing waitlists, warm-up, and precision).</p>"),
            std::string::npos)
      << block;
  EXPECT_EQ(block.find("data-label=\"roomy\""), std::string::npos) << block;
  // The answer table's head marks the scenario, its warning in the mark's tooltip.
  const std::string head =
      part_of(section_of(dom, "<section id=\"answer\""), "<thead>", "</thead>");
  EXPECT_NE(head.find("overloaded<a class=\"warning-mark\" href=\"#warnings\" title=\"" + message +
                      "\"> ⚠ 1</a>"),
            std::string::npos)
      << head;
  EXPECT_EQ(head.find("roomy<a"), std::string::npos) << head;

  // sweep: the same scenario at capacity 10 (its warning, the same draws) and 40 (none).
  const auto s =
      run_cli("sweep " + (dir / "overloaded.yaml").string() +
              " --set levels.iop.capacity=10,40 --threads 2 --out " + (dir / "sweep").string());
  ASSERT_EQ(s.status, 0) << s.err;
  const std::string sweep = dump_dom(dir / "sweep" / "report.html");
  EXPECT_EQ(drawn(sweep).status.at("data-errors"), "0") << drawn(sweep).errors;
  EXPECT_LT(sweep.find("<section id=\"warnings\""), sweep.find("<section id=\"chart\""));
  const std::string points = section_of(sweep, "<section id=\"warnings\"");
  EXPECT_NE(points.find("<div class=\"entry-warnings\" data-label=\"levels.iop.capacity = 10\" "
                        "data-warnings=\"1\"><h3>levels.iop.capacity = 10: 1 warning</h3><ul>" +
                        item + "</ul></div>"),
            std::string::npos)
      << points;
  EXPECT_NE(points.find("<p class=\"intro quiet\">levels.iop.capacity = 40: no warnings from "
                        "the checks that ran (growing waitlists, warm-up, and precision).</p>"),
            std::string::npos)
      << points;
  // Every grid table marks the point with warnings, and only it.
  const std::string grid = section_of(sweep, "<section id=\"points\"");
  const std::string marked =
      "<tr class=\"warned\" data-warnings=\"1\"><td>10<a "
      "class=\"warning-mark\" href=\"#warnings\" title=\"" +
      message + "\"> ⚠ 1</a></td>";
  std::size_t count = 0;
  for (std::size_t at = grid.find(marked); at != std::string::npos; at = grid.find(marked, at + 1))
    ++count;
  EXPECT_EQ(count, 3u) << grid;  // mean wait, utilization, lost to care
  EXPECT_EQ(grid.find("<td>40<a"), std::string::npos) << grid;

  // A scenario without warnings but with a check not run gets its block: the checks that ran
  // found nothing, and the one that did not run is named, never passed.
  std::vector<CompareEntry> entries(2);
  entries[0] = {"", tiny_summary("baseline", 0.2, 8), tiny_daily(2), nullptr};
  entries[1] = {"growing", tiny_summary("growing", 0.3, 8), tiny_daily(2), tiny_difference(0.1)};
  Json report = compare_report_json("Unchecked", entries);
  report["scenarios"][0]["warnings"] = Json::array();
  report["scenarios"][0]["checks_not_run"] = Json::array();
  report["scenarios"][1]["warnings"] = Json::array();
  report["scenarios"][1]["checks_not_run"] = Json::parse(
      R"([{"check":"warmup","reason":"needs 100 days before the window's first deliberate )"
      R"(change"}])");
  write_file_atomic(dir / "unchecked.html", render_report_html(report));
  const std::string unchecked = section_of(dump_dom(dir / "unchecked.html"), "id=\"warnings\"");
  EXPECT_NE(
      unchecked.find("<h2>Warnings</h2><div class=\"entry-warnings\" data-label=\"growing\" "
                     "data-warnings=\"0\"><h3>growing: no warnings from the checks that ran</h3><p "
                     "class=\"intro\">None: no waitlist grows without bound and every headline "
                     "metric's 95% half-width is within 10% of its mean.</p><p class=\"intro "
                     "not-checked\">Not checked: warm-up (needs 100 days before the window's first "
                     "deliberate change).</p></div><p class=\"intro quiet\">baseline: no warnings "
                     "from the checks that ran (growing waitlists, warm-up, and precision).</p>"),
      std::string::npos)
      << unchecked;
  fs::remove_all(dir);
}

// More than 4 precision warnings of one scenario fold under their count; its growing waitlist
// stays shown before them (3 replications of two noisy, overloaded levels: most metrics'
// intervals are wide).
TEST(HtmlReport, ManyPrecisionWarningsFoldUnderTheirCount) {
  REQUIRE_CHROMIUM();
  const fs::path dir = temp_dir("html-compare-fold");
  const std::string noisy =
      "name: noisy\nhorizon_days: 365\nwarmup_days: 30\nreplications: 3\n"
      "seed: 5\narrivals:\n  - {name: referrals, rate_per_day: 4, entry: {iop: 0.5, php: 0.5}}\n"
      "levels:\n  iop:\n    capacity: 10\n"
      "    length_of_stay: {distribution: exponential, mean: 10}\n"
      "    waitlist: {patience: {distribution: exponential, mean: 400}}\n"
      "  php:\n    capacity: 10\n"
      "    length_of_stay: {distribution: exponential, mean: 10}\n"
      "    waitlist: {patience: {distribution: exponential, mean: 400}}\n";
  write_file_atomic(dir / "noisy.yaml", noisy);
  write_file_atomic(dir / "noisy2.yaml",
                    std::regex_replace(noisy, std::regex("name: noisy"), "name: noisy2"));
  const auto r = run_cli("compare " + (dir / "noisy.yaml").string() + " " +
                         (dir / "noisy2.yaml").string() + " --out " + (dir / "compare").string());
  ASSERT_EQ(r.status, 0) << r.err;
  const auto comparison = Json::parse(read_file(dir / "compare" / "comparison.json"));
  std::size_t precision = 0, others = 0;
  for (const auto& w : comparison["scenarios"][1]["warnings"])
    (w["kind"] == "precision" ? precision : others) += 1;
  ASSERT_GT(precision, 4u) << comparison["scenarios"][1]["warnings"].dump();
  const std::string block =
      section_of(dump_dom(dir / "compare" / "report.html"), "<section id=\"warnings\"");
  const std::string folded = "<details class=\"precision-warnings\"><summary>Show the " +
                             std::to_string(precision) +
                             " precision warnings (add replications)</summary><ul>";
  const auto at = block.find(folded);
  ASSERT_NE(at, std::string::npos) << block;
  if (others > 0) {
    const auto growth = block.find("<li data-kind=\"waitlist_growth\">");
    EXPECT_LT(growth, at) << block;  // shown, before the fold
  }
  // Inside the fold: precision warnings only.
  const std::string inside = block.substr(at, block.find("</details>", at) - at);
  EXPECT_EQ(inside.find("data-kind=\"waitlist_growth\""), std::string::npos) << inside;
}

TEST(HtmlReport, ClassSelectorShowsTheChosenClassInTheTables) {
  REQUIRE_CHROMIUM();
  const fs::path dir = temp_dir("html-classes");
  // Fixed gaps and stays: admissions per day low 1, high 2; mean census low 2, high 4.
  write_file_atomic(dir / "classes.yaml", R"(name: classes
horizon_days: 50
warmup_days: 10
replications: 2
seed: 1
classes: {low: {}, high: {priority: 1}}
arrivals:
  - {name: lows, interarrival: {distribution: fixed, value: 1}, classes: {low: 1}, entry: {clinic: 1}}
  - {name: highs, interarrival: {distribution: fixed, value: 0.5}, classes: {high: 1}, entry: {clinic: 1}}
levels:
  clinic: {capacity: unlimited, length_of_stay: {distribution: fixed, value: 2}}
)");
  const auto r = run_cli("run " + (dir / "classes.yaml").string() + " --threads 1 --out " +
                         (dir / "out").string());
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string admissions =
      "<td>Admissions<span class=\"unit\"> (patients/day)</span></td><td>";
  const std::string census = "<td>Mean census<span class=\"unit\"> (patients)</span></td><td>";
  for (const auto& [fragment, cls] : std::vector<std::pair<std::string, std::string>>{
           {"", ""}, {"#class=high", "high"}, {"#class=low", "low"}}) {
    const std::string dom = dump_dom(dir / "out" / "report.html", fragment);
    const Drawn d = drawn(dom);
    EXPECT_EQ(d.status.at("data-state"), "rendered") << d.errors;
    EXPECT_EQ(d.status.at("data-errors"), "0") << d.errors;
    const std::string results = section_of(dom, "<section id=\"results\"");
    const std::string system = section_of(dom, "<section id=\"system\"");
    EXPECT_EQ(attributes(dom, "<section id=\"results\"")["data-class"], cls) << fragment;
    EXPECT_NE(results.find("<select id=\"class-select\"><option value=\"\">All patients</option>"
                           "<option value=\"low\">low (priority 0)</option>"
                           "<option value=\"high\">high (priority 1)</option></select>"),
              std::string::npos)
        << results;
    const std::string rate = cls == "" ? "3.00" : cls == "high" ? "2.00" : "1.00";
    // Every replication the same (fixed gaps and stays): no half-width, so each row takes its
    // metric's decimals (the tables' rule: admissions 2, census 1), for a class too.
    const std::string mean_census = cls == "" ? "6.0" : cls == "high" ? "4.0" : "2.0";
    EXPECT_NE(results.find(admissions + rate + "<span class=\"ci\">[" + rate + ", " + rate +
                           "]</span></td>"),
              std::string::npos)
        << fragment << "\n"
        << results;
    EXPECT_NE(results.find(census + mean_census + "<span class=\"ci\">"), std::string::npos)
        << fragment;
    EXPECT_NE(results.find(cls.empty() ? "<h2>Key results by level</h2>"
                                       : "<h2>Key results by level · class " + cls + "</h2>"),
              std::string::npos)
        << fragment;
    EXPECT_NE(system.find("<td>External referrals<span class=\"unit\"> (patients/day)</span></td>"
                          "<td>" +
                          rate + "</td><td>[" + rate + ", " + rate + "]</td>"),
              std::string::npos)
        << fragment << "\n"
        << system;
  }
  fs::remove_all(dir);
}

TEST(HtmlReport, RunWithoutDailySeriesStillDraws) {
  REQUIRE_CHROMIUM();
  const fs::path dir = temp_dir("html-nodaily");
  const auto r = run_cli("run scenarios/validation/mmc.yaml --replications 3 --no-daily --out " +
                         (dir / "out").string());
  ASSERT_EQ(r.status, 0) << r.err;
  const Drawn d = drawn(dump_dom(dir / "out" / "report.html"));
  EXPECT_EQ(d.status.at("data-state"), "rendered") << d.errors;
  EXPECT_EQ(d.status.at("data-errors"), "0") << d.errors;
  EXPECT_EQ(d.status.at("data-charts"), "2");  // utilization, waits (no losses: not drawn)
  EXPECT_EQ(d.status.at("data-painted"), "2");
  fs::remove_all(dir);
}

TEST(HtmlReport, RunWithStaffingDrawsIt) {
  REQUIRE_CHROMIUM();
  Json report = {{"kind", "run"},
                 {"schema_version", kReportSchemaVersion},
                 {"title", "staffed"},
                 {"metrics", metric_info_json()},
                 {"summary", tiny_summary("staffed", 0.2, 8)},
                 {"daily", tiny_daily(2)}};
  report["staffing"] = {{"unit", "FTE"},
                        {"rows",
                         {{{"level", "clinic"},
                           {"role", "counselor"},
                           {"basis", "1 per 8 patients"},
                           {"required", estimate(1.0, 0.9, 1.1)},
                           {"available", 2}},
                          {{"level", "clinic"},
                           {"role", "nurse"},
                           {"basis", "2 on duty"},
                           {"required", estimate(9.7, 9.7, 9.7)},
                           {"available", nullptr}}}}};
  const Drawn d = draw_clean(report, "staffing");
  // Waitlist and census fans, utilization, waits, losses and staffing.
  EXPECT_EQ(d.status.at("data-charts"), "6");
  EXPECT_EQ(d.canvases.at("Staff required and available by level").at("data-points"), "3");
}

TEST(HtmlReport, RunWithWatchMarksTheCrossingDaysOnTheFanChart) {
  REQUIRE_CHROMIUM();
  Json report = {{"kind", "run"},
                 {"schema_version", kReportSchemaVersion},
                 {"title", "watched"},
                 {"metrics", metric_info_json()},
                 {"summary", tiny_summary("watched", 0.2, 8)},
                 {"daily", tiny_daily(2)}};
  // The waitlist question crosses: mean on day 1, 50% by day 1, 90% never (two markers); the
  // system one has no chart; the census has no question and no markers.
  report["watch"] = {{{"expression", "levels.clinic.waitlist>2.5"},
                      {"level", "clinic"},
                      {"quantity", "waitlist"},
                      {"threshold", 2.5},
                      {"mean_first_day", 1},
                      {"p50_first_day", 1},
                      {"p90_first_day", nullptr}},
                     {{"expression", "system.census>1"},
                      {"level", nullptr},
                      {"quantity", "census"},
                      {"threshold", 1},
                      {"mean_first_day", 0},
                      {"p50_first_day", 0},
                      {"p90_first_day", 0}}};
  const Drawn d = draw_clean(report, "watch");
  EXPECT_EQ(d.canvases.at("Waitlist · clinic").at("data-watch-markers"), "2");
  EXPECT_EQ(d.canvases.at("Census · clinic").count("data-watch-markers"), 0u);
}

// An attribute value as written in the page: the DOM dump escapes <, > and & in attributes.
std::string unescaped(std::string text) {
  for (const auto& [entity, c] : std::vector<std::pair<std::string, std::string>>{
           {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&amp;", "&"}}) {
    for (std::size_t at = text.find(entity); at != std::string::npos;
         at = text.find(entity, at + c.size()))
      text.replace(at, entity.size(), c);
  }
  return text;
}

// Two questions on one chart: each marker's label starts with its question's expression (they
// said only "mean · day 1", "50% · day 1", and the two questions' lines could not be told
// apart); a chart with one question keeps the short labels, its dotted line naming it.
TEST(HtmlReport, TwoWatchesOnOneChartAreLabelledByTheirExpressions) {
  REQUIRE_CHROMIUM();
  Json report = {{"kind", "run"},
                 {"schema_version", kReportSchemaVersion},
                 {"title", "watched"},
                 {"metrics", metric_info_json()},
                 {"summary", tiny_summary("watched", 0.2, 8)},
                 {"daily", tiny_daily(2)}};
  report["watch"] = {{{"expression", "levels.clinic.waitlist>2.5"},
                      {"level", "clinic"},
                      {"quantity", "waitlist"},
                      {"threshold", 2.5},
                      {"mean_first_day", 1},
                      {"p50_first_day", 1},
                      {"p90_first_day", nullptr}},
                     {{"expression", "levels.clinic.waitlist>=3"},
                      {"level", "clinic"},
                      {"quantity", "waitlist"},
                      {"threshold", 3},
                      {"mean_first_day", nullptr},
                      {"p50_first_day", 1},
                      {"p90_first_day", 2}},
                     {{"expression", "levels.clinic.census>2"},
                      {"level", "clinic"},
                      {"quantity", "census"},
                      {"threshold", 2},
                      {"mean_first_day", 0},
                      {"p50_first_day", 0},
                      {"p90_first_day", 1}}};
  const Drawn d = draw_clean(report, "watch-two");
  const auto& waitlist = d.canvases.at("Waitlist · clinic");
  EXPECT_EQ(waitlist.at("data-watch-markers"), "4");
  EXPECT_EQ(waitlist.at("data-watch-thresholds"), "2");
  ASSERT_EQ(waitlist.count("data-watch-labels"), 1u);
  EXPECT_EQ(unescaped(waitlist.at("data-watch-labels")),
            "levels.clinic.waitlist>2.5 · mean · day 1 | levels.clinic.waitlist>2.5 · 50% · day 1 "
            "| levels.clinic.waitlist>=3 · 50% · day 1 | levels.clinic.waitlist>=3 · 90% · "
            "day 2");
  const auto& census = d.canvases.at("Census · clinic");
  EXPECT_EQ(census.at("data-watch-markers"), "3");
  ASSERT_EQ(census.count("data-watch-labels"), 1u);
  EXPECT_EQ(unescaped(census.at("data-watch-labels")), "mean · day 0 | 50% · day 0 | 90% · day 1");
}

// A threshold above every value still shows: the y axis widens to hold it (it stopped at the
// data's top and the line was skipped), and the caption says how the crossing days are counted.
TEST(HtmlReport, RunWithWatchWidensTheAxisToTheThreshold) {
  REQUIRE_CHROMIUM();
  Json report = {{"kind", "run"},
                 {"schema_version", kReportSchemaVersion},
                 {"title", "watched"},
                 {"metrics", metric_info_json()},
                 {"summary", tiny_summary("watched", 0.2, 8)},
                 {"daily", tiny_daily(2)}};  // the waitlist's p90 is at most 4
  report["watch"] = {{{"expression", "levels.clinic.waitlist>10"},
                      {"level", "clinic"},
                      {"quantity", "waitlist"},
                      {"threshold", 10},
                      {"mean_first_day", nullptr},
                      {"p50_first_day", 1},
                      {"p90_first_day", 2},
                      {"replications_crossed", 4},
                      {"replications", 4}}};
  const fs::path dir = temp_dir("html-watch-axis");
  write_file_atomic(dir / "report.html", render_report_html(report));
  const std::string dom = dump_dom(dir / "report.html");
  const Drawn d = drawn(dom);
  EXPECT_EQ(d.status.at("data-errors"), "0") << d.errors;
  const auto& canvas = d.canvases.at("Waitlist · clinic");
  EXPECT_EQ(canvas.at("data-watch-thresholds"), "1");
  EXPECT_GE(std::stod(canvas.at("data-y-max")), 10.0);
  EXPECT_EQ(canvas.at("data-watch-markers"), "2");
  EXPECT_NE(dom.find("Dotted line: levels.clinic.waitlist&gt;10. 4 of 4 replications crossed it "
                     "within the window (50% by day 1, 90% by day 2), each counted on the first "
                     "day its own daily value did; the mean never crosses."),
            std::string::npos)
      << part_of(dom, "<section id=\"waitlist\"");
  fs::remove_all(dir);
}

// run --watch: the watched level's series stays daily when the page averages the others into
// weeks, so the chart shows the values the question is about.
TEST(HtmlReport, WatchedSeriesAreDaily) {
  const Scenario s = load_scenario(testing::source_path("scenarios/validation/mmc.yaml"));
  Summary summary;
  summary.days = 20;
  summary.daily_census.assign(20, DailyPoint{1, 0, 2});
  summary.daily_waitlist.resize(20);
  for (std::size_t d = 0; d < 20; ++d)
    summary.daily_waitlist[d] = {static_cast<float>(d), 0, static_cast<float>(2 * d)};
  Json report = {{"daily", daily_report_json(s, summary, 5)},
                 {"watch",
                  {{{"level", "clinic"}, {"quantity", "waitlist"}, {"threshold", 10}},
                   {{"level", nullptr}, {"quantity", "census"}, {"threshold", 1}}}}};
  add_watched_daily_series(report, s, summary);
  const Json& clinic = report["daily"]["levels"]["clinic"];
  EXPECT_EQ(report["daily"]["bin_days"], 7);
  EXPECT_EQ(clinic["waitlist"]["bin_days"], 1);
  EXPECT_EQ(clinic["waitlist"]["mean"].size(), 20u);
  EXPECT_EQ(clinic["waitlist"]["p90"][19], 38.0);
  EXPECT_EQ(clinic["census"]["mean"].size(), 3u);  // not watched: still weekly
  EXPECT_FALSE(clinic["census"].contains("bin_days"));
}

TEST(HtmlReport, RunWithCostsShowsMoneyWithTheCurrency) {
  REQUIRE_CHROMIUM();
  Json report = {{"kind", "run"},
                 {"schema_version", kReportSchemaVersion},
                 {"title", "costed"},
                 {"metrics", metric_info_json()},
                 {"summary", tiny_summary("costed", 0.2, 8)},
                 {"daily", tiny_daily(2)}};
  CostSummary clinic{
      {60000, 59000, 61000, 4}, {182500.4, NAN, NAN, 1}, {242500, 241000, 244000, 4}};
  report["costs"] = costs_report_json("EUR", "Costs per year.", {{"clinic", clinic}});
  const fs::path dir = temp_dir("html-costs");
  write_file_atomic(dir / "report.html", render_report_html(report));
  const std::string dom = dump_dom(dir / "report.html");
  const Drawn d = drawn(dom);
  EXPECT_EQ(d.status.at("data-state"), "rendered") << d.errors;
  EXPECT_EQ(d.errors, "");
  EXPECT_NE(dom.find("<section id=\"costs\"><h2>Annual costs (EUR per year)</h2>"),
            std::string::npos);
  EXPECT_NE(dom.find("<th>Total (EUR)</th>"), std::string::npos);
  EXPECT_NE(dom.find("<td>EUR 242,500<span class=\"ci\">± 1,500</span></td>"), std::string::npos)
      << dom.substr(dom.find("id=\"costs\""), 1500);
  EXPECT_NE(dom.find("<td>EUR 182,500</td>"), std::string::npos);  // no interval: no ±
  EXPECT_NE(dom.find("href=\"#costs\""), std::string::npos);       // in the header's links
  fs::remove_all(dir);
}

// With payers: the costs table's total row has the revenue and net cost, in two more columns
// (the levels' rows have none), and the headline a net cost tile.
TEST(HtmlReport, RunWithRevenueShowsRevenueAndNetCost) {
  REQUIRE_CHROMIUM();
  Json report = {{"kind", "run"},
                 {"schema_version", kReportSchemaVersion},
                 {"title", "paid"},
                 {"metrics", metric_info_json()},
                 {"summary", tiny_summary("paid", 0.2, 8)},
                 {"daily", tiny_daily(2)}};
  const CostSummary clinic{
      {60000, 59000, 61000, 4}, {182500, 182000, 183000, 4}, {242500, 241000, 244000, 4}};
  report["costs"] =
      costs_report_json("EUR", "Costs per year.", {{"clinic", clinic}, {"total", clinic}});
  RevenueSummary revenue{{"medicaid"},
                         {{300000, 298000, 302000, 4}},
                         {300000, 298000, 302000, 4},
                         {-57500, -60000, -55000, 4}};
  add_run_revenue(report, revenue, "EUR");
  EXPECT_EQ(report["costs"]["rows"][0].count("net_cost_per_year"), 0u);  // the level's row
  const fs::path dir = temp_dir("html-revenue-run");
  write_file_atomic(dir / "report.html", render_report_html(report));
  const std::string dom = dump_dom(dir / "report.html");
  EXPECT_EQ(attributes(dom, "id=\"report-status\"")["data-errors"], "0");
  const std::string costs = section_of(dom, "<section id=\"costs\"");
  EXPECT_NE(costs.find("<h2>Annual costs, revenue and net cost (EUR per year)</h2>"),
            std::string::npos)
      << costs;
  const std::vector<std::string> cells = cells_of(part_of(costs, "<table", "</table>"));
  EXPECT_NE(costs.find("<th>Revenue (EUR)</th><th>Net cost (EUR)</th>"), std::string::npos)
      << costs;
  EXPECT_EQ(cells, (std::vector<std::string>{
                       "clinic", "EUR 60,000± 1,000", "EUR 182,500± 500", "EUR 242,500± 1,500", "–",
                       "–", "total", "EUR 60,000± 1,000", "EUR 182,500± 500", "EUR 242,500± 1,500",
                       "EUR 300,000± 2,000", "EUR -57,500± 2,500"}));
  const std::string headline = section_of(dom, "<section id=\"headline\"");
  EXPECT_NE(text_of(part_of(headline, "id=\"headline-net-cost\"", "</div></div>"))
                .find("Net cost a yearEUR -57,500total cost − revenue; revenue EUR 300,000"),
            std::string::npos)
      << headline;
  fs::remove_all(dir);
}

// The compliance KPIs' own section (plain HTML after the report): each cell the mean and interval
// in percent, each column in the decimals of its smallest half-width over its rows (0.2 -> 2
// decimals, 0.05 -> 2, 0.6 -> 1; a class's row with 0.02 makes its column's 3); 0% when zero in
// every replication.
TEST(HtmlReport, ComplianceSectionCellsHaveTheirIntervalsDecimals) {
  Json summary = tiny_summary("kpis", 0.2, 8);
  summary["compliance"] = {{"levels",
                            {{"clinic",
                              {{"admitted_within_days_share", estimate(0.93139, 0.92939, 0.93339)},
                               {"interim_within_hours_share", estimate(0, 0, 0)},
                               {"capacity_alert_days_share", estimate(2.19e-4, -2.77e-4, 7.15e-4)},
                               {"auth_ran_out_share", estimate(0.0893, 0.0832, 0.0954)}}}}}};
  summary["compliance"]["classes"] = {
      {"adult",
       {{"clinic",
         {{"admitted_within_days_share", estimate(1, 1, 1)},
          {"auth_ran_out_share", estimate(0.0712, 0.0710, 0.0714)}}}}}};
  const Json report = {{"kind", "run"},      {"schema_version", kReportSchemaVersion},
                       {"title", "kpis"},    {"metrics", metric_info_json()},
                       {"summary", summary}, {"daily", tiny_daily(2)}};
  const std::string page = render_report_html(report);
  const std::string row = part_of(page, "<tr><th scope=\"row\">clinic</th>", "</tr>");
  EXPECT_EQ(row,
            "<tr><th scope=\"row\">clinic</th><td>93.14% [92.94, 93.34]</td><td>0%</td><td>-</td>"
            "<td>0.02% [-0.03, 0.07]</td><td>8.930% [8.320, 9.540]</td>");
  EXPECT_EQ(part_of(page, "<tr><th scope=\"row\">clinic / adult</th>", "</tr>"),
            "<tr><th scope=\"row\">clinic / adult</th><td>100%</td><td>-</td><td>-</td><td>-</td>"
            "<td>7.120% [7.100, 7.140]</td>");
  // One id per page: the headline's block has its own.
  EXPECT_NE(page.find("<section id=\"compliance\" class=\"compliance\">"), std::string::npos);
}

TEST(HtmlReport, CompareDrawsValuesDifferencesAndForecastsAsSmallMultiples) {
  REQUIRE_CHROMIUM();
  std::vector<CompareEntry> entries(3);
  entries[0] = {"", tiny_summary("baseline", 0.2, 8), tiny_daily(2), nullptr};
  entries[1] = {"more beds", tiny_summary("more", 0.1, 8), tiny_daily(1), tiny_difference(-0.1)};
  entries[2] = {"", tiny_summary("fewer", 0.5, 9), nullptr, tiny_difference(0.3)};
  const Json report = compare_report_json("Beds", entries);
  EXPECT_EQ(report["scenarios"][2]["label"], "fewer");
  expect_nothing_external(render_report_html(report));
  const Drawn d = draw_clean(report, "compare");
  // Six level and two system metrics, each a value and a difference chart; the waitlist as a
  // panel per scenario with daily series (the third has none: a panel saying so).
  EXPECT_EQ(d.status.at("data-charts"), "18");
  // Band, p10 and mean of three points each, on the same y axis.
  EXPECT_EQ(d.canvases.at("Waitlist · clinic · baseline").at("data-points"), "9");
  EXPECT_EQ(d.canvases.at("Waitlist · clinic · more beds").at("data-points"), "9");
  EXPECT_EQ(d.canvases.at("Waitlist · clinic · baseline").at("data-y-max"), "4");
  EXPECT_EQ(d.canvases.at("Waitlist · clinic · more beds").at("data-y-max"), "4");
  EXPECT_EQ(d.canvases.count("Waitlist · clinic · fewer"), 0u);
}

TEST(HtmlReport, CompareMarksClearDifferences) {
  REQUIRE_CHROMIUM();
  std::vector<CompareEntry> entries = {
      {"", tiny_summary("baseline", 0.2, 8), nullptr, nullptr},
      {"", tiny_summary("more", 0.1, 8), nullptr, tiny_difference(-0.1)}};
  const fs::path dir = temp_dir("html-clear");
  write_file_atomic(dir / "report.html",
                    render_report_html(compare_report_json("Clear or not", entries)));
  const std::string dom = dump_dom(dir / "report.html");
  // mean_wait_days, p90_wait_days and lost_to_care_per_day are clear; the other five are not.
  auto count = [](const std::string& html, const std::string& s) {
    std::size_t n = 0;
    for (std::size_t at = html.find(s); at != std::string::npos; at = html.find(s, at + 1))
      ++n;
    return n;
  };
  const std::string every = section_of(dom, "<section id=\"differences\"");
  EXPECT_EQ(count(every, "class=\"badge clear\""), 3u);
  EXPECT_EQ(count(every, "class=\"badge unclear\""), 5u);
  // The first table: losses and days to first admission, then the clinic's waits (clear),
  // abandonment and utilization (not clear); no costs in these documents.
  const std::string answer = section_of(dom, "<section id=\"answer\"");
  EXPECT_EQ(count(answer, "class=\"badge clear\""), 3u);
  EXPECT_EQ(count(answer, "class=\"badge unclear\""), 3u);
  EXPECT_EQ(answer.find("Annual cost"), std::string::npos);
  // The clinic's mean wait: the row in the decimals of its smallest half-width, the
  // reference's 0.02 (3 decimals), as the stdout tables write it.
  EXPECT_NE(answer.find("<td><span class=\"value nowrap\">0.200</span><span class=\"ci\">[0.180, "
                        "0.220]</span></td><td><span class=\"value nowrap\">0.100</span><span "
                        "class=\"diff\"><span class=\"nowrap\">Δ −0.100 [−0.150, −0.050]</span>"
                        "<span class=\"badge clear\">clear</span></span></td>"),
            std::string::npos)
      << answer;
  // Lost to care: the difference's 0.05, 2 decimals.
  EXPECT_NE(answer.find("Δ +0.10 [+0.05, +0.15]"), std::string::npos) << answer;
  EXPECT_EQ(attributes(dom, "id=\"report-status\"")["data-errors"], "0");
  fs::remove_all(dir);
}

// A difference zero in every replication says so, without a clear / not clear badge, in the
// first table and in the metric's own table.
TEST(HtmlReport, CompareSaysWhenADifferenceIsZeroInEveryReplication) {
  REQUIRE_CHROMIUM();
  Json same = tiny_difference(-0.1);
  same["levels"]["clinic"]["utilization"] = estimate(0, 0, 0);
  const std::vector<CompareEntry> entries = {
      {"", tiny_summary("baseline", 0.2, 8), nullptr, nullptr},
      {"", tiny_summary("more", 0.1, 8), nullptr, same}};
  const fs::path dir = temp_dir("html-same");
  write_file_atomic(dir / "report.html", render_report_html(compare_report_json("Same", entries)));
  const std::string dom = dump_dom(dir / "report.html");
  const std::string answer = section_of(dom, "<section id=\"answer\"");
  const std::string row = part_of(answer, "<td>Utilization", "</tr>");
  EXPECT_EQ(cells_of(row),
            (std::vector<std::string>{"Utilization (% of capacity)", "80.0%[78.0%, 82.0%]",
                                      "80.0%Δ 0 (same in every replication)"}))
      << row;
  const std::string card = part_of(dom, "<h3>Utilization (% of capacity)</h3>", "</table>");
  EXPECT_EQ(cells_of(part_of(card, "<tbody>", "</tbody>")),
            (std::vector<std::string>{"clinic", "80.0%[78.0%, 82.0%]", "80.0%[78.0%, 82.0%]",
                                      "0same in every replication"}))
      << card;
  fs::remove_all(dir);
}

// A row zero in every replication of both scenarios says "none in either", as compare's stdout
// (it said "same in every replication"); a level only the other scenario has gets no badge on
// its undefined difference (it said "– not clear"), just the dash and "not in" the reference.
TEST(HtmlReport, CompareSaysNoneInEitherAndNoBadgeWithoutAReference) {
  REQUIRE_CHROMIUM();
  Json base = tiny_summary("baseline", 0.2, 8), other = tiny_summary("evening", 0.2, 8);
  for (Json* s : {&base, &other})
    (*s)["levels"]["clinic"]["abandonment_fraction"] = estimate(0, 0, 0);
  other["scenario"]["levels"]["late"] = {{"capacity", 4}};
  other["levels"]["late"] = other["levels"]["clinic"];
  Json diff = tiny_difference(-0.1);
  diff["levels"]["clinic"]["abandonment_fraction"] = estimate(0, 0, 0);
  const Json clinic = diff["levels"]["clinic"];
  for (const auto& [metric, e] : clinic.items())
    diff["levels"]["late"][metric] = {{"mean", nullptr}, {"ci95", nullptr}, {"clear", false}};
  const std::vector<CompareEntry> entries = {{"", base, nullptr, nullptr},
                                             {"", other, nullptr, diff}};
  const fs::path dir = temp_dir("html-none");
  write_file_atomic(dir / "report.html", render_report_html(compare_report_json("None", entries)));
  const std::string dom = dump_dom(dir / "report.html");
  EXPECT_EQ(drawn(dom).status.at("data-errors"), "0");
  const std::string card =
      part_of(dom, "<h3>Abandoned the waitlist (% of referrals)</h3>", "</table>");
  EXPECT_EQ(cells_of(part_of(card, "<tbody>", "</tbody>")),
            (std::vector<std::string>{"clinic", "0", "0", "0none in either", "late", "–", "0",
                                      "–not in baseline"}))
      << card;
  const std::string wait = part_of(dom, "<h3>Mean wait (days)</h3>", "</table>");
  const std::vector<std::string> cells = cells_of(part_of(wait, "<tbody>", "</tbody>"));
  ASSERT_EQ(cells.size(), 8u) << wait;
  EXPECT_EQ(cells[7], "–not in baseline");
  EXPECT_EQ(part_of(wait, "<td>late", "</tr>").find("badge"), std::string::npos) << wait;
  fs::remove_all(dir);
}

// Payers' revenue: a "Revenue and net cost" group after the costs in the first table; a
// row's numbers have the decimals of its smallest half-width, as the stdout tables write them.
TEST(HtmlReport, CompareShowsRevenueAndSmallValues) {
  REQUIRE_CHROMIUM();
  std::vector<CompareEntry> entries = {
      {"", tiny_summary("baseline", 3.39e-6, 8), nullptr, nullptr},
      {"", tiny_summary("more", 2e-6, 8), nullptr, tiny_difference(-1.39e-6)}};
  Json report = compare_report_json("Revenue", entries);
  report["currency"] = "USD";
  report["scenarios"][0]["revenue"] = {{"total_revenue_per_year", estimate(127750, 127000, 128500)},
                                       {"net_cost_per_year", estimate(-127750, -128500, -127000)}};
  report["scenarios"][1]["revenue"] = {{"total_revenue_per_year", estimate(153300, 152500, 154100)},
                                       {"net_cost_per_year", estimate(-89425, -90000, -88850)}};
  report["scenarios"][1]["difference"]["revenue"] = {
      {"total_revenue_per_year", estimate(25550, 25000, 26100)},
      {"net_cost_per_year", estimate(38325, 38000, 38650)}};
  const fs::path dir = temp_dir("html-revenue");
  write_file_atomic(dir / "report.html", render_report_html(report));
  const std::string dom = dump_dom(dir / "report.html");
  EXPECT_EQ(attributes(dom, "id=\"report-status\"")["data-errors"], "0");
  const std::string answer = section_of(dom, "<section id=\"answer\"");
  EXPECT_NE(answer.find("<th colspan=\"3\">Revenue and net cost (USD per year)</th>"),
            std::string::npos)
      << answer;
  const std::vector<std::string> cells = cells_of(part_of(answer, "<tbody>", "</tbody>"));
  ASSERT_GE(cells.size(), 6u);
  EXPECT_EQ(cells[0], "Revenue");
  EXPECT_EQ(cells[1], "USD 127,750± 750");
  EXPECT_EQ(cells[2], "USD 153,300Δ +USD 25,550 ± 550clear");
  EXPECT_EQ(cells[3], "Net cost (total cost − revenue)");
  EXPECT_EQ(cells[5], "USD -89,425Δ +USD 38,325 ± 325clear");
  // The clinic's mean wait, 3.39e-6 days: at the row's 3 decimals (its difference's interval,
  // 0.05, shows) it is 0.000, unsigned. Its p90 wait, 1.02e-5: nothing of that row would show
  // at 3 decimals, so the row is in scientific notation.
  EXPECT_NE(answer.find("<span class=\"value nowrap\">0.000</span><span "
                        "class=\"ci\">[0.000, 0.000]</span>"),
            std::string::npos)
      << answer;
  EXPECT_NE(answer.find("Δ 0.000 [−0.050, +0.050]"), std::string::npos) << answer;
  EXPECT_NE(answer.find("<span class=\"value nowrap\">1.02e-5</span><span "
                        "class=\"ci\">[8.48e-6, 1.19e-5]</span>"),
            std::string::npos)
      << answer;
  EXPECT_EQ(answer.find("0.00000"), std::string::npos);
  fs::remove_all(dir);
}

TEST(HtmlReport, SweepDrawsTheChosenMetricAgainstTheParameter) {
  REQUIRE_CHROMIUM();
  std::vector<SweepPoint> points;
  for (int beds : {9, 10, 11, 12})
    points.push_back({{{"levels.clinic.capacity", beds}},
                      tiny_summary("beds-" + std::to_string(beds), 1.0 / beds, 8)});
  const Json report = sweep_report_json("Clinic beds", {"levels.clinic.capacity"}, points,
                                        {"clinic", LevelMetric::kMeanWaitDays});
  EXPECT_EQ(report["x"], "levels.clinic.capacity");
  EXPECT_EQ(report["table_metrics"].size(), 3u);  // the chart's, utilization, lost to care
  const Drawn d = draw_clean(report, "sweep");
  EXPECT_EQ(d.status.at("data-charts"), "1");
  EXPECT_EQ(d.status.at("data-points"), "12");  // upper, lower and mean at four points
  // The grid points: a table per metric, a column per level, each column in the decimals of its
  // smallest half-width: the waits' 0.0083 (one digit, 3 decimals), utilization's 2 points (two
  // digits, 1 decimal), lost to care's 0.10 (2 decimals).
  const fs::path dir = temp_dir("html-sweep-points");
  write_file_atomic(dir / "report.html", render_report_html(report));
  const std::string points_section =
      section_of(dump_dom(dir / "report.html"), "<section id=\"points\"");
  auto table = [&](const std::string& metric) {
    return cells_of(part_of(points_section, "data-metric=\"" + metric + "\"", "</table>"));
  };
  EXPECT_EQ(table("mean_wait_days"),
            (std::vector<std::string>{"9", "0.111[0.100, 0.122]", "10", "0.100[0.090, 0.110]", "11",
                                      "0.091[0.082, 0.100]", "12", "0.083[0.075, 0.092]"}));
  EXPECT_EQ(table("utilization")[1], "80.0%[78.0%, 82.0%]");
  EXPECT_EQ(table("lost_to_care_per_day")[1], "0.30[0.20, 0.40]");
  EXPECT_NE(points_section.find("<th>system</th>"), std::string::npos);
  fs::remove_all(dir);
}

// The checks above would see a failure: an error thrown on the page and a load from the
// network (blocked by the page's content security policy) are both reported.
TEST(HtmlReport, ErrorsAndNetworkLoadsAreCaught) {
  REQUIRE_CHROMIUM();
  const fs::path dir = temp_dir("html-broken");
  std::string html = render_report_html(
      {{"kind", "run"}, {"summary", tiny_summary("x", 0.2, 8)}, {"daily", nullptr}});
  html.replace(html.rfind("</body>"), 7,
               "<img src=\"https://example.invalid/x.png\">"
               "<script>throw new Error('boom');</script></body>");
  write_file_atomic(dir / "report.html", html);
  const Drawn d = drawn(dump_dom(dir / "report.html"));
  EXPECT_GE(std::stoi(d.status.at("data-errors")), 2) << d.errors;
  EXPECT_NE(d.errors.find("boom"), std::string::npos) << d.errors;
  EXPECT_NE(d.errors.find("example.invalid"), std::string::npos) << d.errors;
  fs::remove_all(dir);
}

// A run's first screen: the question (the scenario's description), the headline numbers filled,
// the warnings next; staffing shows the p90 FTE and the binding constraint; all within 1,280 px.
TEST(HtmlReport, RunOpensWithTheQuestionAndTheHeadline) {
  REQUIRE_CHROMIUM();
  const fs::path dir = temp_dir("html-headline");
  const auto r = run_cli("run scenarios/baseline.yaml --replications 10 --threads 2 --out " +
                         (dir / "out").string());
  ASSERT_EQ(r.status, 0) << r.err;
  const auto summary = Json::parse(read_file(dir / "out" / "summary.json"));
  const std::string dom = dump_dom(dir / "out" / "report.html");
  const Drawn d = drawn(dom);
  EXPECT_EQ(d.status.at("data-state"), "rendered") << d.errors;
  EXPECT_EQ(d.status.at("data-errors"), "0") << d.errors;
  expect_fits_the_window(d);
  // Headline, then warnings, then the tables.
  const std::size_t headline = dom.find("<section id=\"headline\"");
  ASSERT_NE(headline, std::string::npos);
  EXPECT_LT(headline, dom.find("<section id=\"warnings\""));
  EXPECT_LT(dom.find("<section id=\"warnings\""), dom.find("<section id=\"results\""));
  const std::string block = section_of(dom, "<section id=\"headline\"");
  const std::string description = summary["scenario"]["description"];
  EXPECT_NE(block.find("<p class=\"question\" data-source=\"description\">" +
                       description.substr(0, description.find_last_not_of(" \n") + 1) + "</p>"),
            std::string::npos)
      << block.substr(0, 800);
  // The tiles: losses a day, the annual cost in dollars, the number of warnings.
  // The losses and both bounds in the same decimals (the tables' rule for the one estimate).
  std::smatch lost;
  const std::string lost_tile = part_of(block, "id=\"headline-lost\"", "</div></div>");
  ASSERT_TRUE(std::regex_search(
      lost_tile, lost,
      std::regex(
          R"re(<div class="value">0\.(\d+) a day</div><div class="detail">95% interval \[0\.(\d+), 0\.(\d+)\])re")))
      << block;
  EXPECT_EQ(lost[1].length(), lost[2].length());
  EXPECT_EQ(lost[1].length(), lost[3].length());
  EXPECT_TRUE(std::regex_search(part_of(block, "id=\"headline-cost\"", "</div></div>"),
                                std::regex(R"re(<div class="value">USD \d,\d\d\d,\d\d\d</div>)re")))
      << block;
  EXPECT_NE(
      part_of(block, "id=\"headline-warnings\"", "</div></div>")
          .find("<div class=\"value\">" + std::to_string(summary["warnings"].size()) + "</div>"),
      std::string::npos);
  // One row per level, every cell filled: level, mean and p90 wait, abandonment, utilization.
  const std::vector<std::string> cells =
      cells_of(part_of(block, "id=\"headline-table\"", "</table>"));
  ASSERT_EQ(cells.size(), 6u * 5u);
  EXPECT_EQ(cells[0], "detox (10)");
  EXPECT_EQ(cells[25], "aftercare (400)");
  for (const std::string& c : cells) {
    EXPECT_FALSE(c.empty());
    EXPECT_EQ(c.find("NaN"), std::string::npos) << c;
    EXPECT_EQ(c.find("undefined"), std::string::npos) << c;
  }
  // Detox abandonment with its interval, the three numbers in the column's decimals (those of
  // its smallest half-width, as run's stdout table).
  EXPECT_TRUE(std::regex_match(cells[3], std::regex(R"re(\d+\.\d+%\[\d+\.\d+%, \d+\.\d+%\])re")))
      << cells[3];
  std::set<std::size_t> decimals;
  static const std::regex kNumber(R"re(\d+\.(\d+)%)re");
  for (std::sregex_iterator it(cells[3].begin(), cells[3].end(), kNumber), end; it != end; ++it)
    decimals.insert((*it)[1].length());
  EXPECT_EQ(decimals.size(), 1u) << cells[3];
  EXPECT_EQ(text_of(block).find("NaN"), std::string::npos);
  EXPECT_EQ(text_of(block).find("undefined"), std::string::npos);
  EXPECT_EQ(block.find("id=\"headline-compliance\""), std::string::npos);  // none asked
  // Staffing: the FTE that covers 90% of days, as summary.json's pooled p90, and what binds.
  const std::string staffing = section_of(dom, "<section id=\"staffing\"");
  EXPECT_NE(staffing.find("<th>Required, 90% of days (FTE)</th>"), std::string::npos);
  const double p90 = summary["staffing"]["roles"][0]["p90_fte"]["pooled"];
  char p90_text[32];
  std::snprintf(p90_text, sizeof p90_text, "%.2f", p90);
  EXPECT_NE(staffing.find(std::string("<td class=\"p90\">") + p90_text + "</td>"),
            std::string::npos)
      << staffing.substr(0, 3000);
  const std::vector<std::string> binding =
      cells_of(part_of(staffing, "id=\"binding\"", "</table>"));
  ASSERT_EQ(binding.size(), 6u * 5u);
  EXPECT_EQ(binding[0], "detox");
  EXPECT_EQ(binding[1], "10");
  EXPECT_EQ(binding[3], "its places (beds or slots)");
  fs::remove_all(dir);
}

// Without a description the question is the scenario's name; a compliance block is drawn by
// its names (per level as a table, the rest as lines); without costs the cost tile says so.
TEST(HtmlReport, RunHeadlineFallsBackToTheNameAndDrawsCompliance) {
  REQUIRE_CHROMIUM();
  Json summary = tiny_summary("plain", 0.2, 8);
  summary["scenario"].erase("description");
  summary["compliance"] = {
      {"thresholds", {{"admit_within_days", 14}, {"capacity_alert_share", 0.9}}},
      {"levels",
       {{"clinic",
         {{"admitted_within_14_days_share", estimate(0.8, 0.75, 0.85)},
          {"days_at_capacity_alert_share", estimate(0.125, 0.1, 0.15)}}}}}};
  const Json report = {{"kind", "run"},      {"schema_version", kReportSchemaVersion},
                       {"title", "plain"},   {"metrics", metric_info_json()},
                       {"summary", summary}, {"daily", tiny_daily(2)}};
  const fs::path dir = temp_dir("html-compliance");
  write_file_atomic(dir / "report.html", render_report_html(report));
  const std::string dom = dump_dom(dir / "report.html");
  const Drawn d = drawn(dom);
  EXPECT_EQ(d.status.at("data-errors"), "0") << d.errors;
  expect_fits_the_window(d);
  const std::string block = section_of(dom, "<section id=\"headline\"");
  EXPECT_NE(block.find("<p class=\"question\" data-source=\"name\">plain</p>"), std::string::npos)
      << block;
  EXPECT_NE(block.find("<div class=\"value\">not modelled</div>"), std::string::npos);
  EXPECT_NE(block.find("<div class=\"value\">not checked</div>"), std::string::npos);  // no list
  const std::string compliance = part_of(block, "id=\"headline-compliance\"", "</ul>");
  EXPECT_EQ(cells_of(compliance),
            (std::vector<std::string>{"admitted within 14 days share", "80% [75%, 85%]",
                                      "days at capacity alert share", "12.5% [10.0%, 15.0%]"}));
  EXPECT_EQ(text_of(part_of(compliance, "<ul", "</ul>")),
            "thresholds · admit within days: 14thresholds · capacity alert share: 90.0%");
  fs::remove_all(dir);
}

// The headline's compliance table: a measure's row (over the levels and the levels by class, as
// stdout's column) in the decimals of its smallest half-width, value and both bounds alike; a
// measure zero in every replication a bare "0" (it was "0.00% [0.00%, 0.00%]", and a cell mixed
// decimals: "100.0% [100.0%, 100%]").
TEST(HtmlReport, RunHeadlineComplianceFollowsTheTablesRule) {
  REQUIRE_CHROMIUM();
  Json summary = tiny_summary("kpis", 0.2, 8);
  summary["scenario"]["levels"]["home"] = {{"capacity", 5}};
  summary["levels"]["home"] = summary["levels"]["clinic"];
  summary["compliance"] = {
      {"levels",
       {{"clinic",
         {{"admitted_within_days_share", estimate(0.92791, 0.92582, 0.93000)},
          {"interim_within_hours_share", estimate(0, 0, 0)}}},
        {"home",
         {{"admitted_within_days_share", estimate(1, 1, 1)},
          {"interim_within_hours_share", estimate(0.9992, 0.9986, 0.9998)}}}}},
      {"classes",
       {{"adult",
         {{"clinic", {{"admitted_within_days_share", estimate(0.99998, 0.99995, 1.00001)}}}}}}}};
  const Json report = {{"kind", "run"},      {"schema_version", kReportSchemaVersion},
                       {"title", "kpis"},    {"metrics", metric_info_json()},
                       {"summary", summary}, {"daily", tiny_daily(2)}};
  const fs::path dir = temp_dir("html-compliance-rule");
  write_file_atomic(dir / "report.html", render_report_html(report));
  const std::string dom = dump_dom(dir / "report.html");
  EXPECT_EQ(drawn(dom).status.at("data-errors"), "0");
  const std::string block = section_of(dom, "<section id=\"headline\"");
  EXPECT_EQ(cells_of(part_of(block, "id=\"headline-compliance\"", "</table>")),
            (std::vector<std::string>{"admitted within days share", "92.791% [92.582%, 93.000%]",
                                      "100.000% [100.000%, 100.000%]", "interim within hours share",
                                      "0", "99.92% [99.86%, 99.98%]"}));
  fs::remove_all(dir);
}

// A chart with nothing but zeros is not drawn: its card is left out and a note names it.
TEST(HtmlReport, ChartsWithoutDataAreNotDrawn) {
  REQUIRE_CHROMIUM();
  Json daily = tiny_daily(2);
  daily["levels"]["clinic"]["waitlist"] = {
      {"mean", {0, 0, 0}}, {"p10", {0, 0, 0}}, {"p90", {0, 0, 0}}};
  Json summary = tiny_summary("calm", 0.2, 8);
  summary["levels"]["clinic"]["abandonment_fraction"] = estimate(0, 0, 0);
  const Json report = {{"kind", "run"},      {"schema_version", kReportSchemaVersion},
                       {"title", "calm"},    {"metrics", metric_info_json()},
                       {"summary", summary}, {"daily", daily}};
  const fs::path dir = temp_dir("html-empty-charts");
  write_file_atomic(dir / "report.html", render_report_html(report));
  const std::string dom = dump_dom(dir / "report.html");
  const Drawn d = drawn(dom);
  EXPECT_EQ(d.status.at("data-errors"), "0") << d.errors;
  EXPECT_EQ(d.status.at("data-painted"), d.status.at("data-charts"));
  // Census fan, utilization, waits: drawn; the waitlist and the losses (no abandonment, no
  // one turned away): not.
  EXPECT_EQ(d.status.at("data-charts"), "3");
  EXPECT_EQ(d.canvases.count("Waitlist · clinic"), 0u);
  EXPECT_EQ(d.canvases.count("Lost from the waitlist by level"), 0u);
  EXPECT_EQ(d.canvases.count("Census · clinic"), 1u);
  EXPECT_NE(section_of(dom, "<section id=\"waitlist\"")
                .find("<p class=\"note skipped\" data-skipped=\"1\">Not drawn, as every value is "
                      "zero or missing: Waitlist · clinic.</p>"),
            std::string::npos);
  EXPECT_NE(section_of(dom, "<section id=\"waits\"")
                .find("Not drawn, as every value is zero or missing: Lost from the waitlist by "
                      "level.</p>"),
            std::string::npos);
  EXPECT_EQ(dom.find("<canvas role=\"img\" aria-label=\"Waitlist"), std::string::npos);
  fs::remove_all(dir);
}

// The README's comparison: the difference table with costs comes first, every column within
// 1,280 px, the waitlists as one panel per scenario on a shared y axis, and "clear" needing
// the --min-difference.
TEST(HtmlReport, CompareOpensWithTheDifferencesAndFitsTheWindow) {
  REQUIRE_CHROMIUM();
  const fs::path dir = temp_dir("html-compare-first");
  const auto r = run_cli(
      "compare scenarios/baseline.yaml scenarios/evening_iop.yaml "
      "scenarios/more_residential_beds.yaml --replications 5 --threads 2 --min-difference 0.05 "
      "--out " +
      (dir / "out").string());
  ASSERT_EQ(r.status, 0) << r.err;
  const auto comparison = Json::parse(read_file(dir / "out" / "comparison.json"));
  const std::string dom = dump_dom(dir / "out" / "report.html");
  const Drawn d = drawn(dom);
  EXPECT_EQ(d.status.at("data-state"), "rendered") << d.errors;
  EXPECT_EQ(d.status.at("data-errors"), "0") << d.errors;
  EXPECT_EQ(d.status.at("data-painted"), d.status.at("data-charts"));
  expect_fits_the_window(d);
  const std::size_t answer = dom.find("<section id=\"answer\"");
  ASSERT_NE(answer, std::string::npos);
  EXPECT_LT(answer, dom.find("<section id=\"scenarios\""));
  EXPECT_LT(answer, dom.find("<section id=\"differences\""));
  const std::string block = section_of(dom, "<section id=\"answer\"");
  EXPECT_NE(block.find("A difference is clear when its interval excludes zero and it is at "
                       "least 5% of county-baseline's value (--min-difference)."),
            std::string::npos);
  // Costs first: the first group and rows are the annual costs, in dollars.
  const std::string body = part_of(block, "<tbody>", "</tbody>");
  EXPECT_EQ(body.rfind("<tbody><tr class=\"group\"><th colspan=\"4\">Annual cost (USD per "
                       "year)</th></tr>",
                       0),
            0u)
      << body.substr(0, 300);
  const std::vector<std::string> cells = cells_of(body);
  ASSERT_GE(cells.size(), 12u);
  EXPECT_EQ(cells[0], "Total");
  EXPECT_EQ(cells[4], "Staff");
  EXPECT_EQ(cells[8], "Non-staff");
  EXPECT_TRUE(std::regex_match(cells[1], std::regex(R"re(USD \d,\d\d\d,\d\d\d± [\d,]+)re")))
      << cells[1];
  for (const std::string& c : cells) {
    EXPECT_FALSE(c.empty());
    EXPECT_EQ(c.find("NaN"), std::string::npos) << c;
    EXPECT_EQ(c.find("undefined"), std::string::npos) << c;
  }
  // The badges follow comparison.json's "clear" (with the 5% rule): the total cost of the
  // evening track, its first difference.
  const bool clear =
      comparison["costs"]["total_cost_per_year"]["difference"]["evening-iop"]["clear"];
  EXPECT_NE(cells[2].find(clear ? "clear" : "not clear"), std::string::npos) << cells[2];
  // The costs table: each scenario's, then each paired difference, signed.
  const std::vector<std::string> costs =
      cells_of(part_of(section_of(dom, "<section id=\"costs\""), "<tbody>", "</tbody>"));
  ASSERT_EQ(costs.size(), 20u);  // 5 rows: 3 scenarios, 2 differences; label and 3 costs each
  EXPECT_EQ(costs[12], "evening-iop − county-baseline");
  for (std::size_t i : {13u, 14u, 15u, 17u, 18u, 19u})
    EXPECT_TRUE(std::regex_match(costs[i], std::regex(R"re((\+|−)USD [\d,]+± [\d,]+)re")))
        << costs[i];
  EXPECT_TRUE(std::regex_match(costs[1], std::regex(R"re(USD [\d,]+± [\d,]+)re"))) << costs[1];
  // Small multiples: a panel per scenario for detox, on one y axis; the evening track's level
  // exists in one scenario only, so the others' panels say so.
  std::set<std::string> tops;
  for (const char* sc : {"county-baseline", "evening-iop", "more-residential-beds"}) {
    const std::string label = std::string("Waitlist · detox · ") + sc;
    ASSERT_EQ(d.canvases.count(label), 1u) << label;
    tops.insert(d.canvases.at(label).at("data-y-max"));
  }
  EXPECT_EQ(tops.size(), 1u);
  EXPECT_GT(std::stod(*tops.begin()), 0.0);
  const std::string evening = part_of(dom, "data-level=\"iop_evening\"", "</p></div></div>");
  EXPECT_NE(evening.find("This scenario has no level iop_evening."), std::string::npos);
  EXPECT_EQ(d.canvases.count("Waitlist · iop_evening · evening-iop"), 1u);
  EXPECT_EQ(d.canvases.count("Waitlist · iop_evening · county-baseline"), 0u);
  fs::remove_all(dir);
}

// Five scenarios with long names: the tables wrap their heads rather than cut a column off.
TEST(HtmlReport, CompareWithManyLongNamesFitsTheWindow) {
  REQUIRE_CHROMIUM();
  std::vector<CompareEntry> entries;
  for (int k = 0; k < 5; ++k)
    entries.push_back(
        {"",
         tiny_summary("a-rather-long-scenario-name-number-" + std::to_string(k), 0.2 + 0.1 * k, 8),
         tiny_daily(2 + k), k ? tiny_difference(0.1 * k) : Json(nullptr)});
  const Drawn d = draw_clean(compare_report_json("Long names", entries), "compare-long");
  expect_fits_the_window(d);
  // Six level and two system metrics, each a value and a difference chart; five panels.
  EXPECT_EQ(d.status.at("data-charts"), "21");
}

// One replication (found by review): the subtitle said "1 replications", the lost-to-care tile
// "95% interval none" and the results caption promised intervals there are none of.
TEST(HtmlReport, RunWithOneReplicationSaysItHasNoIntervals) {
  REQUIRE_CHROMIUM();
  const fs::path dir = temp_dir("html-one");
  const auto r =
      run_cli("run scenarios/validation/mmc.yaml --replications 1 --out " + (dir / "out").string());
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string dom = dump_dom(dir / "out" / "report.html");
  const Drawn d = drawn(dom);
  EXPECT_EQ(d.status.at("data-errors"), "0") << d.errors;
  // The drawn page only: the embedded script holds every wording.
  const std::string header = text_of(part_of(dom, "<header", "</header>"));
  EXPECT_NE(header.find("1 replication · "), std::string::npos) << header;
  EXPECT_EQ(header.find("1 replications"), std::string::npos) << header;
  const std::string headline = text_of(section_of(dom, "id=\"headline\""));
  EXPECT_EQ(headline.find("95% interval none"), std::string::npos) << headline;
  EXPECT_NE(headline.find("no interval: intervals need 2 or more replications"), std::string::npos)
      << headline;
  const std::string results = text_of(section_of(dom, "id=\"results\""));
  EXPECT_NE(results.find("The one replication's values (no confidence intervals: they need 2 "
                         "or more replications), over the statistics window"),
            std::string::npos)
      << results;
  EXPECT_EQ(results.find("Means over replications"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace continuum
