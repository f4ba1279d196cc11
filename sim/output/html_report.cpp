// report.html: the page's input documents, and the page itself with everything inline.
#include "continuum/output/html_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

#include "continuum/output/format.hpp"
#include "continuum/output/summary_json.hpp"
#include "html_assets.hpp"

namespace continuum {

using Json = nlohmann::ordered_json;

namespace {

// Runs before anything else on the page: records uncaught errors, rejected promises, console
// errors and blocked loads into #report-status (data-errors and its text), where a headless
// browser's --dump-dom reads them, and shows them in a banner.
constexpr const char* kErrorCapture = R"js(
(function () {
  var errors = [];
  function record(message) {
    errors.push(String(message));
    var status = document.getElementById('report-status');
    if (status) {
      status.setAttribute('data-errors', String(errors.length));
      status.textContent = errors.join('\n');
      status.hidden = false;
    }
  }
  window.reportErrors = errors;
  window.reportRecordError = record;
  window.addEventListener('error', function (e) {
    var where = e.filename ? ' (' + e.filename + ':' + e.lineno + ')' : '';
    var what = e.message || ('failed to load ' + (e.target && (e.target.src || e.target.href)));
    record('error: ' + what + where);
  }, true);
  window.addEventListener('unhandledrejection', function (e) {
    record('unhandled rejection: ' + e.reason);
  });
  document.addEventListener('securitypolicyviolation', function (e) {
    record('blocked by the content security policy: ' + e.blockedURI);
  });
  var consoleError = console.error;
  console.error = function () {
    record('console.error: ' + Array.prototype.join.call(arguments, ' '));
    return consoleError.apply(console, arguments);
  };
})();
)js";

// With `classes:` only (pages without classes are unchanged): runs after report.js and puts the
// #class-selector template's <select> above the key results; choosing a class shows that
// class's values in the level and system tables (the charts stay for all patients). The page
// opens on the class in its address's "#class=NAME", and the choice is written there.
constexpr const char* kClassSelector = R"js(
(function () {
  'use strict';
  try {
    const report = JSON.parse(document.getElementById('report-data').textContent);
    const summary = report.summary || {};
    const classes = summary.classes || {};
    const results = document.getElementById('results');
    const system = document.getElementById('system');
    const template = document.getElementById('class-selector');
    if (!results || !system || !template)
      throw new Error('class selector: the page has no results, system or selector');
    const tables = window.reportTables;
    if (!tables) throw new Error('class selector: report.js exposes no reportTables');
    const levels = Object.keys(summary.levels || {});
    const names = [];
    for (const l of levels)
      for (const m of Object.keys(summary.levels[l])) if (!names.includes(m)) names.push(m);
    const systemNames = Object.keys(summary.system || {});
    const levelRows = results.querySelectorAll('tbody tr');
    const systemRows = system.querySelectorAll('tbody tr');
    const headings = [results.querySelector('h2'), system.querySelector('h2')];
    const titles = headings.map((h) => h ? h.textContent : '');

    results.insertBefore(template.content.cloneNode(true), results.querySelector('.table-wrap'));
    const select = document.getElementById('class-select');
    function show(name) {
      const of = name && classes[name] ? classes[name] : summary;
      // As report.js draws them: each row (a metric over the levels) in the decimals of its
      // smallest half-width, each system metric in its own.
      names.forEach((m, i) => {
        const row = levelRows[i];
        if (!row) return;
        const style = tables.levelRowStyle(of, levels, m);
        levels.forEach((l, j) => {
          if (!row.cells[j + 1]) return;
          const cell = tables.styledCell(((of.levels || {})[l] || {})[m], m, style, false);
          row.cells[j + 1].replaceChildren(...cell.childNodes);
        });
      });
      systemNames.forEach((m, i) => {
        const row = systemRows[i];
        if (!row || row.cells.length < 3) return;
        const [mean, interval] = tables.systemTexts((of.system || {})[m], m);
        row.cells[1].textContent = mean;
        row.cells[2].textContent = interval;
      });
      headings.forEach((h, i) => {
        if (h) h.textContent = titles[i] + (of === summary ? '' : ' \u00b7 class ' + name);
      });
      select.value = of === summary ? '' : name;
      results.setAttribute('data-class', select.value);
      system.setAttribute('data-class', select.value);
    }
    select.addEventListener('change', () => {
      show(select.value);
      try {
        history.replaceState(null, '', select.value ?
            '#class=' + encodeURIComponent(select.value) : location.pathname + location.search);
      } catch (e) { /* a page opened from a file may refuse; the choice still shows */ }
    });
    const asked = /^#class=(.*)$/.exec(location.hash);
    show(asked ? decodeURIComponent(asked[1]) : '');
  } catch (e) {
    window.reportRecordError('error: ' + (e && e.stack ? e.stack : e));
  }
})();
)js";

std::string escape_html(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// JSON safe inside <script>: '<', '>' and '&' occur only inside strings, where \u escapes
// mean the same, so no "</script>" or "<!--" can end or confuse the block.
std::string script_safe_json(const Json& j) {
  const std::string text = j.dump();
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A script inline, appended to `page`: "</script" would end the element early, so it is broken
// up (inside a JS string, template or regular expression "<\/" means the same; Chart.js has
// none). Appended in place: no copy of the script (Chart.js is 200 KB) on the way.
void append_inline_script(ByteSink& page, std::string_view js) {
  std::size_t from = 0;
  for (std::size_t at = 0; (at = js.find("</", at)) != std::string_view::npos; ++at) {
    std::string next(js.substr(at + 2, 6));
    std::transform(next.begin(), next.end(), next.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (next != "script") continue;
    page.append(js.substr(from, at - from));
    page.append("<\\/");
    from = at + 2;
  }
  page.append(js.substr(from));
}

// A run's class selector (its template and script), or nothing for a page without classes.
std::string class_selector(const Json& report) {
  if (report.value("kind", "") != "run" || !report.contains("summary") ||
      !report["summary"].is_object() || !report["summary"].contains("classes") ||
      !report["summary"]["classes"].is_object())
    return "";
  std::string out =
      "<template id=\"class-selector\"><p class=\"class-selector\"><label>Patients "
      "<select id=\"class-select\"><option value=\"\">All patients</option>";
  for (const auto& [name, values] : report["summary"]["classes"].items()) {
    const Json priority = values.is_object() ? values.value("priority", Json(0)) : Json(0);
    out += fmt::format("<option value=\"{}\">{} (priority {})</option>", escape_html(name),
                       escape_html(name), priority.dump());
  }
  out +=
      "</select></label> <span class=\"unit\">the tables show the chosen patients; the charts "
      "show all patients</span></p></template>\n<script>";
  out += kClassSelector;
  out += "</script>\n";
  return out;
}

// The class selector's script made to choose a report window (summary.windows) instead.
std::string window_selector_script() {
  std::string js = kClassSelector;
  const std::pair<std::string_view, std::string_view> swaps[] = {
      {"summary.classes", "summary.windows"},
      {"'class-selector'", "'window-selector'"},
      {"'class-select'", "'window-select'"},
      {"class selector:", "window selector:"},
      {"' \\u00b7 class '", "' \\u00b7 window '"},
      {"'data-class'", "'data-window'"},
      {"'#class='", "'#window='"},
      {"/^#class=(.*)$/", "/^#window=(.*)$/"},
  };
  for (const auto& [from, to] : swaps)
    for (std::size_t at = js.find(from); at != std::string::npos; at = js.find(from, at))
      js.replace(at, from.size(), to), at += to.size();
  return js;
}

// A run's report-window selector (its template and script), or nothing for a page without
// report_windows: choosing a window shows its values in the level and system tables.
std::string window_selector(const Json& report) {
  if (report.value("kind", "") != "run" || !report.contains("summary") ||
      !report["summary"].is_object() || !report["summary"].contains("windows") ||
      !report["summary"]["windows"].is_object())
    return "";
  std::string out =
      "<template id=\"window-selector\"><p class=\"class-selector\"><label>Period "
      "<select id=\"window-select\"><option value=\"\">Whole statistics window</option>";
  for (const auto& [name, values] : report["summary"]["windows"].items()) {
    const double from = values.is_object() ? values.value("from_day", 0.0) : 0.0;
    const double to = values.is_object() ? values.value("to_day", 0.0) : 0.0;
    out += fmt::format("<option value=\"{}\">{} (days {:g} to {:g})</option>", escape_html(name),
                       escape_html(name), from, to);
  }
  out +=
      "</select></label> <span class=\"unit\">the tables show the chosen report window; the "
      "charts show the whole statistics window</span></p></template>\n<script>";
  out += window_selector_script();
  out += "</script>\n";
  return out;
}

// Three significant decimals are far below the replications' noise and keep the page small.
Json rounded(double v) {
  if (!std::isfinite(v)) return nullptr;
  return std::round(v * 1000) / 1000;
}

// The daily series of one level: point i averages days [i * bin, (i+1) * bin).
Json series_json(const std::vector<DailyPoint>& daily, std::size_t days, std::size_t levels,
                 std::size_t level, std::size_t bin) {
  Json mean = Json::array(), p10 = Json::array(), p90 = Json::array();
  for (std::size_t start = 0; start < days; start += bin) {
    const std::size_t end = std::min(days, start + bin);
    double m = 0, lo = 0, hi = 0;
    for (std::size_t d = start; d < end; ++d) {
      const DailyPoint& p = daily[d * levels + level];
      m += p.mean, lo += p.p10, hi += p.p90;
    }
    const auto n = static_cast<double>(end - start);
    mean.push_back(rounded(m / n));
    p10.push_back(rounded(lo / n));
    p90.push_back(rounded(hi / n));
  }
  return {{"mean", mean}, {"p10", p10}, {"p90", p90}};
}

Json metric_ref_json(const MetricRef& m) {
  return {{"level", m.level.empty() ? Json(nullptr) : Json(m.level)},
          {"metric", metric_info(m.metric).name}};
}

// The names of the metrics, as a JSON array.
template <class E, std::size_t N>
Json names_json(const std::array<E, N>& metrics) {
  Json j = Json::array();
  for (E m : metrics)
    j.push_back(metric_info(m).name);
  return j;
}

// What a comparison's page charts: the headline waits, use and losses.
constexpr std::array kCompareLevelCharts = {
    LevelMetric::kMeanWaitDays, LevelMetric::kP90WaitDays,         LevelMetric::kMeanWaitlist,
    LevelMetric::kUtilization,  LevelMetric::kAbandonmentFraction, LevelMetric::kAdmissionsPerDay};
constexpr std::array kCompareSystemCharts = {SystemMetric::kLostToCarePerDay,
                                             SystemMetric::kMeanDaysToFirstAdmission};

}  // namespace

Json metric_info_json() {
  Json j = Json::object();
  auto add = [&j](const MetricInfo& i) {
    j[std::string(i.name)] = {{"label", i.label},
                              {"unit", i.unit_label},
                              {"percent", i.unit == Unit::kFraction},
                              {"precision", i.precision}};
  };
  for (const MetricInfo& i : kLevelMetricInfo)
    add(i);
  for (const MetricInfo& i : kSystemMetricInfo)
    add(i);
  return j;
}

Json daily_report_json(const Scenario& scenario, const Summary& summary, std::size_t max_points) {
  const std::size_t levels = scenario.levels.size();
  if (summary.days == 0 || summary.daily_census.size() != summary.days * levels) return nullptr;
  // Whole weeks, fortnights, ... so the x axis stays in plain calendar units; day-to-day noise
  // of a long window would hide the trend anyway.
  std::size_t bin = 1;
  for (std::size_t b : {1, 7, 14, 28, 91, 182, 364}) {
    bin = b;
    if ((summary.days + b - 1) / b <= max_points) break;
  }
  if ((summary.days + bin - 1) / bin > max_points)
    bin = (summary.days + max_points - 1) / max_points;
  Json by_level = Json::object();
  for (std::size_t l = 0; l < levels; ++l)
    by_level[scenario.levels[l].name] = {
        {"census", series_json(summary.daily_census, summary.days, levels, l, bin)},
        {"waitlist", series_json(summary.daily_waitlist, summary.days, levels, l, bin)}};
  Json out = {{"window_days", summary.days},
              {"bin_days", bin},
              {"points", (summary.days + bin - 1) / bin},
              {"levels", by_level}};
  // Dated (calendar:): the x axes show the dates of the days from window day 0's.
  if (scenario.calendar) out["start_date"] = format_date(scenario.calendar->start_date);
  return out;
}

void add_watched_daily_series(Json& report, const Scenario& scenario, const Summary& summary) {
  if (!report.contains("watch") || !report.contains("daily") || report["daily"].is_null()) return;
  Json& daily = report["daily"];
  if (daily.value("bin_days", std::size_t{1}) == 1) return;
  const std::size_t levels = scenario.levels.size();
  for (const Json& w : report["watch"]) {
    if (!w.value("level", Json()).is_string()) continue;  // system.*: no chart
    const std::string level = w["level"].get<std::string>();
    const std::string quantity = w.value("quantity", "");
    for (std::size_t l = 0; l < levels; ++l) {
      if (scenario.levels[l].name != level || !daily["levels"].contains(level)) continue;
      const auto& source = quantity == "census" ? summary.daily_census : summary.daily_waitlist;
      if (quantity != "census" && quantity != "waitlist") continue;
      Json series = series_json(source, summary.days, levels, l, 1);
      series["bin_days"] = 1;
      daily["levels"][level][quantity] = series;
    }
  }
}

Json costs_report_json(const std::string& currency, const std::string& intro,
                       const std::vector<std::pair<std::string, CostSummary>>& rows) {
  Json out = {{"currency", currency}, {"intro", intro}, {"rows", Json::array()}};
  for (const auto& [label, costs] : rows) {
    Json row = {{"label", label}};
    for (CostKind kind : kCostKinds)
      row[cost_name(kind)] = estimate_json(costs.of(kind));
    out["rows"].push_back(row);
  }
  return out;
}

void add_revenue(Json& row, const Estimate& revenue, const Estimate& net_cost) {
  row[revenue_name(RevenueKind::kTotal)] = estimate_json(revenue);
  row[revenue_name(RevenueKind::kNetCost)] = estimate_json(net_cost);
}

void add_run_revenue(Json& report, const RevenueSummary& revenue, const std::string& currency) {
  if (!report.contains("costs"))
    report["costs"] = costs_report_json(
        currency,
        "Revenue (revenue per patient-day × patient-days in care, by payer) and net cost "
        "(total cost − revenue) per year: means over replications with the half-width of their "
        "95% interval.",
        {{"total", CostSummary{}}});
  else
    report["costs"]["intro"] = report["costs"]["intro"].get<std::string>() +
                               " Revenue (by payer: revenue per patient-day × patient-days in "
                               "care) and net cost (total cost − revenue) are the whole "
                               "scenario's, on the total row.";
  for (Json& row : report["costs"]["rows"])
    if (row.value("label", "") == "total") add_revenue(row, revenue.total, revenue.net_cost);
}

Json run_report_json(const Scenario& scenario, const Summary& summary) {
  Json j;
  j["kind"] = "run";
  j["schema_version"] = kReportSchemaVersion;
  j["title"] = scenario.name;
  j["metrics"] = metric_info_json();
  j["summary"] = summary_json(scenario, summary);
  j["daily"] = daily_report_json(scenario, summary);
  return j;
}

Json compare_report_json(const std::string& title, const std::vector<CompareEntry>& scenarios) {
  Json j;
  j["kind"] = "compare";
  j["schema_version"] = kReportSchemaVersion;
  j["title"] = title;
  j["metrics"] = metric_info_json();
  Json list = Json::array();
  for (const CompareEntry& e : scenarios) {
    std::string label = e.label;
    if (label.empty() && e.summary.contains("scenario"))
      label = e.summary["scenario"].value("name", "");
    list.push_back({{"label", label},
                    {"summary", e.summary},
                    {"daily", e.daily},
                    {"difference", e.difference}});
  }
  j["scenarios"] = list;
  j["level_metrics"] = names_json(kCompareLevelCharts);
  j["system_metrics"] = names_json(kCompareSystemCharts);
  return j;
}

Json sweep_report_json(const std::string& title, const std::vector<std::string>& parameters,
                       const std::vector<SweepPoint>& points, const MetricRef& chart_metric) {
  if (parameters.empty()) throw std::invalid_argument("sweep report: no swept parameter");
  Json j;
  j["kind"] = "sweep";
  j["schema_version"] = kReportSchemaVersion;
  j["title"] = title;
  j["metrics"] = metric_info_json();
  j["parameters"] = parameters;
  j["x"] = parameters.front();
  Json table = Json::array({metric_ref_json(chart_metric)});
  auto add = [&table](const MetricRef& m) {
    const Json ref = metric_ref_json(m);
    if (std::find(table.begin(), table.end(), ref) == table.end()) table.push_back(ref);
  };
  if (!points.empty() && points.front().summary.contains("levels"))
    for (const auto& [level, metrics] : points.front().summary["levels"].items()) {
      add({level, LevelMetric::kMeanWaitDays});
      add({level, LevelMetric::kUtilization});
    }
  add({"", SystemMetric::kLostToCarePerDay});
  j["table_metrics"] = table;
  j["chart_metric"] = metric_ref_json(chart_metric);
  Json list = Json::array();
  for (const SweepPoint& p : points)
    list.push_back({{"parameters", p.parameters}, {"summary", p.summary}});
  j["points"] = list;
  return j;
}

// The compliance KPIs (summary.json's "compliance", run reports only) as a plain table of its own,
// after the report (which report.js moves above its footer): one row per level, then per class and
// level; each cell the mean and its 95% interval as percentages. "" when the run kept no compliance
// KPIs.
std::string compliance_section(const Json& report) {
  if (!report.contains("summary") || !report["summary"].contains("compliance")) return "";
  const Json& c = report["summary"]["compliance"];
  const Json t = c.value("thresholds", Json::object());  // defaults where a key is absent
  // "93.1% [92.6, 93.6]": the mean and interval in percent, each column in the decimals of its
  // smallest half-width over its rows (shared_style, format.hpp: the tables' rule, docs/outputs.md
  // "Numbers in the tables"); "0%" and "100%" when so in every replication.
  static constexpr const char* kKeys[] = {
      "admitted_within_days_share", "interim_within_hours_share", "admitted_within_days_max_share",
      "capacity_alert_days_share", "auth_ran_out_share"};
  auto shown_of = [](const Json& e) -> std::optional<Estimate> {
    if (!e.is_object() || !e.contains("mean") || !e["mean"].is_number()) return std::nullopt;
    Estimate shown{.mean = 100 * e["mean"].get<double>(), .n = 2};
    if (e.contains("ci95") && e["ci95"].is_array() && e["ci95"].size() == 2 &&
        e["ci95"][0].is_number() && e["ci95"][1].is_number()) {
      shown.lo = 100 * e["ci95"][0].get<double>();
      shown.hi = 100 * e["ci95"][1].get<double>();
    } else {
      shown.n = 1;
    }
    return shown;
  };
  std::vector<std::pair<std::string, const Json*>> rows;  // (row name, its KPIs)
  if (c.contains("levels") && c["levels"].is_object())
    for (const auto& [level, kpis] : c["levels"].items())
      rows.emplace_back(level, &kpis);
  if (c.contains("classes") && c["classes"].is_object())
    for (const auto& [cls, levels] : c["classes"].items())
      if (levels.is_object())
        for (const auto& [level, kpis] : levels.items())
          rows.emplace_back(level + " / " + cls, &kpis);
  std::vector<Style> styles;
  for (const char* key : kKeys) {
    std::vector<Estimate> column;
    for (const auto& [name, kpis] : rows)
      if (kpis->is_object() && kpis->contains(key))
        if (std::optional<Estimate> e = shown_of((*kpis)[key])) column.push_back(*e);
    styles.push_back(shared_style(column, 1));
  }
  auto kpi_cell = [&](const Json& e, const Style& style) -> std::string {
    const std::optional<Estimate> shown = shown_of(e);
    if (!shown) return "<td>-</td>";
    if (exactly_zero(*shown)) return "<td>0%</td>";
    if (shown->mean == 100 && shown->lo == 100 && shown->hi == 100)  // in every replication
      return "<td>100%</td>";
    std::string text = styled(shown->mean, style) + "%";
    if (!std::isnan(shown->lo))
      text += fmt::format(" [{}, {}]", styled(shown->lo, style), styled(shown->hi, style));
    return "<td>" + text + "</td>";
  };
  auto row = [&](const std::string& name, const Json& kpis) {
    std::string out = "<tr><th scope=\"row\">" + escape_html(name) + "</th>";
    for (std::size_t k = 0; k < std::size(kKeys); ++k)
      out += kpis.is_object() && kpis.contains(kKeys[k]) ? kpi_cell(kpis[kKeys[k]], styles[k])
                                                         : std::string("<td>-</td>");
    return out + "</tr>\n";
  };
  std::string out = "<section id=\"compliance\" class=\"compliance\">\n<h2>Compliance</h2>\n";
  out += "<table>\n<thead><tr><th scope=\"col\">Level</th>";
  out += fmt::format(
      "<th scope=\"col\">Admitted within {:g} days</th><th scope=\"col\">Interim within {:g} "
      "hours (of those not admitted in {:g} days)</th><th scope=\"col\">Admitted within {:g} "
      "days</th><th scope=\"col\">Days at &ge; {:g}% of capacity</th><th scope=\"col\">Stays "
      "ended by authorized days running out</th></tr></thead>\n<tbody>\n",
      t.value("admit_within_days", 14.0), t.value("interim_within_hours", 48.0),
      t.value("admit_within_days", 14.0), t.value("admit_within_days_max", 120.0),
      100 * t.value("capacity_alert_share", 0.9));
  for (const auto& [name, kpis] : rows)
    out += row(name, *kpis);
  out +=
      "</tbody>\n</table>\n<p>Referrals to each level in the statistics window; an N-day "
      "share counts only referrals made more than N days before the end.</p>\n</section>\n";
  return out;
}

void write_report_html(ByteSink& page, const Json& report) {
  const std::string kind = report.is_object() ? report.value("kind", "") : "";
  if (kind != "run" && kind != "compare" && kind != "sweep")
    throw std::invalid_argument(fmt::format(
        "report: \"kind\" must be \"run\", \"compare\" or \"sweep\" (got \"{}\")", kind));
  const std::string title = report.value("title", "Continuum report");
  const std::string data = script_safe_json(report);
  page << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  page << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // Nothing may be loaded from anywhere: the page works offline and leaks nothing.
  page << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n";
  page << "<meta name=\"generator\" content=\"Continuum\">\n";
  page << fmt::format("<title>{} · Continuum {} report</title>\n", escape_html(title), kind);
  page << "<style>\n";
  page << assets::report_css();
  page << "</style>\n<script>";
  page << kErrorCapture;
  page << "</script>\n</head>\n<body>\n";
  page << "<div id=\"report-status\" class=\"status\" role=\"alert\" hidden data-state=\"loading\" "
          "data-errors=\"0\"></div>\n";
  page << "<noscript><p class=\"status\">This report draws its charts with JavaScript; "
          "please enable it.</p></noscript>\n";
  page << "<main id=\"report\"></main>\n";
  page << compliance_section(report);
  page << "<script type=\"application/json\" id=\"report-data\">";
  page << data;
  page << "</script>\n<script>\n";
  append_inline_script(page, assets::chart_js());
  page << "\n</script>\n<script>\n";
  append_inline_script(page, assets::report_js());
  page << "\n</script>\n";
  page << class_selector(report);
  page << window_selector(report);
  page << "</body>\n</html>\n";
}

std::string render_report_html(const Json& report) {
  return written_bytes([&report](ByteSink& sink) { write_report_html(sink, report); });
}

}  // namespace continuum
