// results.xlsx: the tables of a run, a comparison, a sweep or a sizing as worksheets of typed,
// formatted cells, written by libxlsxwriter to a temporary file and read back as bytes (the
// output set is then written whole, files.hpp).
#include "continuum/output/xlsx.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <variant>

#include "continuum/core/module.hpp"
#include "continuum/model/capacity.hpp"
#include "continuum/output/bounds.hpp"
#include "continuum/output/compare_output.hpp"
#include "continuum/output/sizing_output.hpp"
#include "continuum/output/staffing_output.hpp"

namespace continuum {

XlsxCell XlsxCell::of(std::string text) {
  XlsxCell c;
  c.kind = Kind::kText;
  c.text = std::move(text);
  return c;
}

XlsxCell XlsxCell::of(double number, XlsxFormat format) {
  XlsxCell c;
  if (std::isnan(number) || std::isinf(number)) return c;
  c.kind = Kind::kNumber;
  c.number = number;
  c.format = format;
  return c;
}

XlsxCell XlsxCell::boolean(bool value) {
  XlsxCell c;
  c.kind = Kind::kBoolean;
  c.number = value ? 1 : 0;
  return c;
}

namespace {

constexpr const char* kXlsxModule = "libcontinuum_xlsx.so";

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// ---- the sheets' cells -----------------------------------------------------------------------

XlsxFormat format_of(const MetricInfo& info) {
  switch (info.unit) {
    case Unit::kFraction:
      return XlsxFormat::kPercent;
    case Unit::kDays:
      return XlsxFormat::kDays;
    case Unit::kCurrency:
      return XlsxFormat::kMoney;
    case Unit::kPerDay:
    case Unit::kPatients:
      break;
  }
  return XlsxFormat::kDecimal;
}

// NAME, NAME ci95_low, NAME ci95_high.
void estimate_header(std::vector<std::string>& header, const std::string& name) {
  header.push_back(name);
  header.push_back(name + " ci95_low");
  header.push_back(name + " ci95_high");
}
// The interval clipped to `range` (bounds.hpp).
void estimate_cells(std::vector<XlsxCell>& row, const Estimate& raw, XlsxFormat format,
                    Bounds range) {
  const Estimate e = clipped(raw, range);
  row.push_back(XlsxCell::of(e.mean, format));
  row.push_back(XlsxCell::of(e.lo, format));
  row.push_back(XlsxCell::of(e.hi, format));
}

XlsxCell capacity_cell(int capacity) {
  return is_unlimited(capacity) ? XlsxCell::of(std::string("unlimited"))
                                : XlsxCell::of(capacity, XlsxFormat::kInteger);
}

// A row per level (after `lead` columns), every level metric as an estimate's three columns.
XlsxSheet levels_sheet(std::vector<std::string> lead) {
  XlsxSheet sheet{"levels", std::move(lead), {}};
  sheet.header.push_back("capacity");
  for (LevelMetric m : all_metrics<LevelMetric>())
    estimate_header(sheet.header, std::string(metric_info(m).name));
  return sheet;
}
std::vector<XlsxCell> level_row(std::vector<XlsxCell> lead, const Scenario& scenario,
                                const Summary& summary, std::size_t l) {
  lead.push_back(capacity_cell(scenario.levels[l].capacity));
  for (LevelMetric m : all_metrics<LevelMetric>())
    estimate_cells(lead, summary.levels[l][m], format_of(metric_info(m)),
                   metric_bounds(metric_info(m)));
  return lead;
}

// A row per metric: scope, metric, label, unit, then the estimate.
const std::vector<std::string> kLongHeader = {"scope", "metric",   "label",    "unit",
                                              "mean",  "ci95_low", "ci95_high"};
std::vector<XlsxCell> long_row(std::vector<XlsxCell> lead, const std::string& scope,
                               const MetricInfo& info, const Estimate& e) {
  lead.push_back(XlsxCell::of(scope));
  lead.push_back(XlsxCell::of(std::string(info.name)));
  lead.push_back(XlsxCell::of(std::string(info.label)));
  lead.push_back(XlsxCell::of(std::string(info.unit_label)));
  estimate_cells(lead, e, format_of(info), metric_bounds(info));
  return lead;
}

XlsxSheet system_sheet(std::vector<std::string> lead) {
  XlsxSheet sheet{"system", std::move(lead), {}};
  for (std::size_t i = 1; i < kLongHeader.size(); ++i)  // no scope: every row is the system's
    sheet.header.push_back(kLongHeader[i]);
  return sheet;
}
void system_rows(XlsxSheet& sheet, const std::vector<XlsxCell>& lead, const Summary& summary) {
  for (SystemMetric m : all_metrics<SystemMetric>()) {
    auto row = long_row(lead, "", metric_info(m), summary.system[m]);
    row.erase(row.begin() + static_cast<std::ptrdiff_t>(lead.size()));
    sheet.rows.push_back(std::move(row));
  }
}

XlsxSheet staffing_sheet(const StaffingReport& report) {
  XlsxSheet sheet{"staffing", {"level", "role", "basis"}, {}};
  estimate_header(sheet.header, "mean_fte");
  for (const char* h : {"p50_fte", "p90_fte", "p95_fte", "on_hand_fte"})
    sheet.header.push_back(h);
  estimate_header(sheet.header, "cost_per_year");
  for (const StaffingRow& r : report.rows) {
    std::vector<XlsxCell> row = {XlsxCell::of(r.level), XlsxCell::of(r.role),
                                 XlsxCell::of(r.basis)};
    estimate_cells(row, r.mean_fte, XlsxFormat::kFte, kNonnegative);
    for (double v : {r.p50, r.p90, r.p95, r.on_hand})
      row.push_back(XlsxCell::of(v, XlsxFormat::kFte));
    estimate_cells(row, r.cost_per_year, XlsxFormat::kMoney, kNonnegative);
    sheet.rows.push_back(std::move(row));
  }
  return sheet;
}

XlsxSheet costs_sheet(const StaffingReport& report, const CostSummary* totals) {
  XlsxSheet sheet{"costs", {"level", "capacity", "effective_capacity", "binding_constraint"}, {}};
  estimate_header(sheet.header, "days_at_capacity");
  for (CostKind kind : kCostKinds)
    estimate_header(sheet.header, cost_name(kind));
  estimate_header(sheet.header, "cost_per_admission");
  estimate_header(sheet.header, "cost_per_completion");
  for (const LevelCost& c : report.levels) {
    std::vector<XlsxCell> row = {XlsxCell::of(c.level), capacity_cell(c.beds),
                                 capacity_cell(c.effective.capacity),
                                 XlsxCell::of(binding_text(c))};
    estimate_cells(row, c.days_at_capacity, XlsxFormat::kPercent, kShare);
    estimate_cells(row, c.staff_cost_per_year, XlsxFormat::kMoney, kNonnegative);
    estimate_cells(row, c.non_staff_cost_per_year, XlsxFormat::kMoney, kNonnegative);
    estimate_cells(row, c.total_cost_per_year, XlsxFormat::kMoney, kNonnegative);
    estimate_cells(row, c.cost_per_admission, XlsxFormat::kMoney, kNonnegative);
    estimate_cells(row, c.cost_per_completion, XlsxFormat::kMoney, kNonnegative);
    sheet.rows.push_back(std::move(row));
  }
  if (totals) {
    std::vector<XlsxCell> row = {XlsxCell::of(std::string("total")), {}, {}, {}, {}, {}, {}};
    for (CostKind kind : kCostKinds)
      estimate_cells(row, totals->of(kind), XlsxFormat::kMoney, kNonnegative);
    sheet.rows.push_back(std::move(row));
  }
  return sheet;
}

// A revenue kind's words, as cost_label gives a cost's.
const char* revenue_label(RevenueKind kind) {
  return kind == RevenueKind::kTotal ? "revenue" : "net cost (total cost - revenue)";
}

// A run's revenue per year: a row per payer, the total, then the net cost (money).
XlsxSheet revenue_sheet(const RevenueSummary& revenue) {
  XlsxSheet sheet{"revenue", {"payer"}, {}};
  estimate_header(sheet.header, "per_year");
  for (std::size_t p = 0; p < revenue.payers.size() && p < revenue.by_payer.size(); ++p) {
    std::vector<XlsxCell> row = {XlsxCell::of(revenue.payers[p])};
    estimate_cells(row, revenue.by_payer[p], XlsxFormat::kMoney, kNonnegative);
    sheet.rows.push_back(std::move(row));
  }
  for (RevenueKind kind : kRevenueKinds) {
    std::vector<XlsxCell> row = {XlsxCell::of(std::string(revenue_name(kind)))};
    estimate_cells(row, revenue.of(kind), XlsxFormat::kMoney, revenue_bounds(kind));
    sheet.rows.push_back(std::move(row));
  }
  return sheet;
}

XlsxSheet classes_sheet(const Scenario& scenario, const Summary& summary) {
  XlsxSheet sheet{"classes", {"class"}, {}};
  for (std::size_t i = 0; i < kLongHeader.size(); ++i)
    sheet.header.push_back(kLongHeader[i]);
  for (const ClassSummary& cs : summary.classes) {
    const std::vector<XlsxCell> lead = {XlsxCell::of(cs.name)};
    for (std::size_t l = 0; l < scenario.levels.size() && l < cs.levels.size(); ++l)
      for (LevelMetric m : all_metrics<LevelMetric>())
        sheet.rows.push_back(
            long_row(lead, scenario.levels[l].name, metric_info(m), cs.levels[l][m]));
    for (SystemMetric m : all_metrics<SystemMetric>())
      sheet.rows.push_back(long_row(lead, "system", metric_info(m), cs.system[m]));
  }
  return sheet;
}

// daily.csv's columns; dated (calendar:), `date` after `day` as a real Excel date.
XlsxSheet daily_sheet(const Scenario& scenario, const Summary& summary) {
  XlsxSheet sheet{"daily",
                  {"day", "level", "census_mean", "census_p10", "census_p90", "waitlist_mean",
                   "waitlist_p10", "waitlist_p90"},
                  {}};
  const bool dated = scenario.calendar.has_value();
  if (dated) sheet.header.insert(sheet.header.begin() + 1, "date");
  // Excel's day 0 is 1899-12-30, 25569 days before 1970-01-01.
  constexpr double kExcelEpoch = 25569;
  const std::size_t n = scenario.levels.size();
  for (std::size_t d = 0; d < summary.days; ++d)
    for (std::size_t l = 0; l < n; ++l) {
      const DailyPoint& c = summary.daily_census[d * n + l];
      const DailyPoint& w = summary.daily_waitlist[d * n + l];
      sheet.rows.push_back(
          {XlsxCell::of(static_cast<double>(d), XlsxFormat::kInteger),
           XlsxCell::of(scenario.levels[l].name), XlsxCell::of(c.mean, XlsxFormat::kDecimal),
           XlsxCell::of(c.p10, XlsxFormat::kDecimal), XlsxCell::of(c.p90, XlsxFormat::kDecimal),
           XlsxCell::of(w.mean, XlsxFormat::kDecimal), XlsxCell::of(w.p10, XlsxFormat::kDecimal),
           XlsxCell::of(w.p90, XlsxFormat::kDecimal)});
      if (dated)
        sheet.rows.back().insert(
            sheet.rows.back().begin() + 1,
            XlsxCell::of(kExcelEpoch + scenario.calendar->start_date + static_cast<double>(d),
                         XlsxFormat::kDate));
    }
  return sheet;
}

// comparison.csv's rows of one metric: each scenario's estimate, then (after the first) its
// paired difference from the first, the unpaired interval and whether it is clear.
void comparison_rows(XlsxSheet& sheet, const std::vector<ScenarioRun>& runs,
                     const std::string& scope, const std::string& metric, XlsxFormat format,
                     Bounds range, const std::vector<std::vector<double>>& values,
                     double min_difference) {
  for (std::size_t k = 0; k < runs.size(); ++k) {
    std::vector<XlsxCell> row = {XlsxCell::of(scope), XlsxCell::of(metric),
                                 XlsxCell::of(runs[k].scenario.name)};
    estimate_cells(row, estimate(values[k]), format, range);
    if (k > 0) {
      const Difference d = difference(values[0], values[k], min_difference);
      estimate_cells(row, d.paired, format, kUnbounded);
      row.push_back(XlsxCell::of(d.unpaired.lo, format));
      row.push_back(XlsxCell::of(d.unpaired.hi, format));
      row.push_back(XlsxCell::boolean(d.clear));
    }
    sheet.rows.push_back(std::move(row));
  }
}

}  // namespace

namespace {
using XlsxWrite = bool (*)(const char*, const std::vector<XlsxSheet>*, const char*, std::string*);
XlsxWrite xlsx_write() {
  return reinterpret_cast<XlsxWrite>(module_symbol(kXlsxModule, "continuum_xlsx_write"));
}
}  // namespace

void require_xlsx_module() {
  try {
    xlsx_write();
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("--xlsx, nothing simulated: ") + e.what());
  }
}

std::string xlsx_workbook(const std::vector<XlsxSheet>& sheets, const std::string& currency) {
  std::string pattern = (std::filesystem::temp_directory_path() / "continuum-xlsx-XXXXXX").string();
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) throw std::runtime_error("results.xlsx: cannot create a temporary file");
  ::close(fd);
  const std::filesystem::path path = pattern;
  try {
    // libxlsxwriter is in the module libcontinuum_xlsx.so (sim/xlsx_module/), loaded here only.
    const XlsxWrite write = xlsx_write();
    std::string error;
    if (!write(pattern.c_str(), &sheets, currency.c_str(), &error)) throw std::runtime_error(error);
  } catch (...) {
    std::filesystem::remove(path);
    throw;
  }
  std::string bytes = read_bytes(path);
  std::filesystem::remove(path);
  return bytes;
}

std::vector<XlsxSheet> run_sheets(const Scenario& scenario, const Summary& summary,
                                  const StaffingReport* staffing, const CostSummary* costs,
                                  const RevenueSummary* revenue) {
  std::vector<XlsxSheet> sheets;
  XlsxSheet levels = levels_sheet({"level"});
  for (std::size_t l = 0; l < scenario.levels.size(); ++l)
    levels.rows.push_back(level_row({XlsxCell::of(scenario.levels[l].name)}, scenario, summary, l));
  sheets.push_back(std::move(levels));
  XlsxSheet system = system_sheet({});
  system_rows(system, {}, summary);
  sheets.push_back(std::move(system));
  if (staffing) {
    sheets.push_back(staffing_sheet(*staffing));
    sheets.push_back(costs_sheet(*staffing, costs));
  }
  if (revenue) sheets.push_back(revenue_sheet(*revenue));
  if (!summary.classes.empty()) sheets.push_back(classes_sheet(scenario, summary));
  if (summary.days > 0) sheets.push_back(daily_sheet(scenario, summary));
  return sheets;
}

std::vector<XlsxSheet> compare_sheets(const std::vector<ScenarioRun>& runs, double min_difference) {
  std::vector<XlsxSheet> sheets;
  XlsxSheet levels = levels_sheet({"scenario", "level"});
  XlsxSheet system = system_sheet({"scenario"});
  for (const ScenarioRun& run : runs) {
    for (std::size_t l = 0; l < run.scenario.levels.size(); ++l)
      levels.rows.push_back(
          level_row({XlsxCell::of(run.scenario.name), XlsxCell::of(run.scenario.levels[l].name)},
                    run.scenario, run.summary, l));
    system_rows(system, {XlsxCell::of(run.scenario.name)}, run.summary);
  }
  sheets.push_back(std::move(levels));
  sheets.push_back(std::move(system));
  const bool costs_present = any_costs(runs), revenue_present = any_revenue(runs);
  if (costs_present || revenue_present) {
    // Each scenario's costs, then with revenue its revenue and net cost (money per year).
    XlsxSheet costs{"costs", {"scenario"}, {}};
    if (costs_present)
      for (CostKind kind : kCostKinds)
        estimate_header(costs.header, cost_name(kind));
    if (revenue_present)
      for (RevenueKind kind : kRevenueKinds)
        estimate_header(costs.header, revenue_name(kind));
    for (const ScenarioRun& run : runs) {
      std::vector<XlsxCell> row = {XlsxCell::of(run.scenario.name)};
      const CostSummary c = run.costs.total.empty() ? CostSummary{} : summarize_costs(run.costs);
      if (costs_present)
        for (CostKind kind : kCostKinds)
          estimate_cells(row, c.of(kind), XlsxFormat::kMoney, kNonnegative);
      if (revenue_present)
        for (RevenueKind kind : kRevenueKinds)
          estimate_cells(
              row,
              estimate(run.revenue.total.empty() ? std::vector<double>{} : run.revenue.of(kind)),
              XlsxFormat::kMoney, revenue_bounds(kind));
      costs.rows.push_back(std::move(row));
    }
    sheets.push_back(std::move(costs));
  }
  XlsxSheet comparison{
      "comparison", {"scope", "metric", "scenario", "mean", "ci95_low", "ci95_high"}, {}};
  estimate_header(comparison.header, "difference");
  for (const char* h : {"unpaired_ci95_low", "unpaired_ci95_high", "clear"})
    comparison.header.push_back(h);
  for (const auto& level : union_levels(runs))
    for (LevelMetric m : all_metrics<LevelMetric>())
      comparison_rows(comparison, runs, level, std::string(metric_info(m).name),
                      format_of(metric_info(m)), metric_bounds(metric_info(m)),
                      metric_values_by_run(runs, level, m), min_difference);
  for (SystemMetric m : all_metrics<SystemMetric>())
    comparison_rows(comparison, runs, "system", std::string(metric_info(m).name),
                    format_of(metric_info(m)), metric_bounds(metric_info(m)),
                    metric_values_by_run(runs, "", m), min_difference);
  if (costs_present)
    for (CostKind kind : kCostKinds)
      comparison_rows(comparison, runs, "costs", cost_name(kind), XlsxFormat::kMoney, kNonnegative,
                      cost_values_by_run(runs, kind), min_difference);
  if (revenue_present)
    for (RevenueKind kind : kRevenueKinds)
      comparison_rows(comparison, runs, "revenue", revenue_name(kind), XlsxFormat::kMoney,
                      revenue_bounds(kind), revenue_values_by_run(runs, kind), min_difference);
  sheets.push_back(std::move(comparison));
  return sheets;
}

std::vector<XlsxSheet> sweep_sheets(const Scenario& base, const std::vector<SweepAxis>& axes,
                                    const std::vector<SweepPointResult>& points) {
  XlsxSheet sheet{"points", {}, {}};
  sheet.header.reserve(axes.size() + kLongHeader.size());
  for (const auto& axis : axes)
    sheet.header.push_back(axis.path);
  for (const auto& h : kLongHeader)
    sheet.header.push_back(h);
  for (const auto& point : points) {
    std::vector<XlsxCell> prefix;
    for (double v : point.parameters)
      prefix.push_back(XlsxCell::of(v, XlsxFormat::kGeneral));
    for (std::size_t l = 0; l < base.levels.size(); ++l)
      for (LevelMetric m : all_metrics<LevelMetric>())
        sheet.rows.push_back(
            long_row(prefix, base.levels[l].name, metric_info(m), point.summary.levels[l][m]));
    for (SystemMetric m : all_metrics<SystemMetric>())
      sheet.rows.push_back(long_row(prefix, "system", metric_info(m), point.summary.system[m]));
    if (point.costs)
      for (CostKind kind : kCostKinds) {
        std::vector<XlsxCell> row = prefix;
        for (const char* text : {"costs", cost_name(kind), cost_label(kind), "per year"})
          row.push_back(XlsxCell::of(std::string(text)));
        estimate_cells(row, point.costs->of(kind), XlsxFormat::kMoney, kNonnegative);
        sheet.rows.push_back(std::move(row));
      }
    if (point.revenue)
      for (RevenueKind kind : kRevenueKinds) {
        std::vector<XlsxCell> row = prefix;
        for (const char* text : {"revenue", revenue_name(kind), revenue_label(kind), "per year"})
          row.push_back(XlsxCell::of(std::string(text)));
        estimate_cells(row, point.revenue->of(kind), XlsxFormat::kMoney, revenue_bounds(kind));
        sheet.rows.push_back(std::move(row));
      }
  }
  return {sheet};
}

std::vector<XlsxSheet> sizing_sheets(const SizingResult& r) {
  XlsxSheet sheet{"candidates", {}, {}};
  for (const auto& level : r.levels)
    sheet.header.push_back(level + " capacity");
  for (const auto& t : r.targets) {
    estimate_header(sheet.header, t.text);
    sheet.header.push_back(t.text + " met");
  }
  for (const auto& level : r.levels)
    estimate_header(sheet.header, level + " mean_waitlist");
  for (const auto& level : r.levels) {
    estimate_header(sheet.header, level + " abandonment_fraction");
    estimate_header(sheet.header, level + " turned_away_fraction");
  }
  estimate_header(sheet.header, "lost_to_care_per_day");
  sheet.header.push_back("loses_patients");
  sheet.header.push_back("met");
  sheet.header.push_back("why_not");
  estimate_header(sheet.header, "annual_cost");
  const bool costs = !r.curve.empty() && r.curve.front().costs.has_value();
  if (costs)
    for (CostKind kind : kCostKinds)
      estimate_header(sheet.header, cost_name(kind));
  const bool revenue = !r.curve.empty() && r.curve.front().revenue.has_value();
  if (revenue)
    for (RevenueKind kind : kRevenueKinds)
      estimate_header(sheet.header, revenue_name(kind));
  for (const SizingCandidate& c : r.curve) {
    std::vector<XlsxCell> row;
    for (int cap : c.capacities)
      row.push_back(XlsxCell::of(cap, XlsxFormat::kInteger));
    for (std::size_t t = 0; t < r.targets.size(); ++t) {
      const MetricInfo& info =
          std::visit([](auto m) { return metric_info(m); }, r.targets[t].metric);
      estimate_cells(row, c.values[t], format_of(info), metric_bounds(info));
      row.push_back(XlsxCell::boolean(c.target_met[t]));
    }
    for (const Estimate& w : c.mean_waitlist)
      estimate_cells(row, w, XlsxFormat::kDecimal, kNonnegative);
    for (std::size_t k = 0; k < r.levels.size(); ++k) {
      estimate_cells(row, c.losses.abandonment[k], XlsxFormat::kPercent, kShare);
      estimate_cells(row, c.losses.turned_away[k], XlsxFormat::kPercent, kShare);
    }
    estimate_cells(row, c.losses.lost_to_care, XlsxFormat::kDecimal, kNonnegative);
    row.push_back(XlsxCell::boolean(c.loses_patients()));
    row.push_back(XlsxCell::boolean(c.met));
    const std::string why = sizing_why_not(r, c);
    row.push_back(why.empty() ? XlsxCell{} : XlsxCell::of(why));
    estimate_cells(row, c.annual_cost, XlsxFormat::kMoney, kNonnegative);
    if (costs && c.costs)
      for (CostKind kind : kCostKinds)
        estimate_cells(row, c.costs->of(kind), XlsxFormat::kMoney, kNonnegative);
    if (revenue && c.revenue)
      for (RevenueKind kind : kRevenueKinds)
        estimate_cells(row, c.revenue->of(kind), XlsxFormat::kMoney, revenue_bounds(kind));
    sheet.rows.push_back(std::move(row));
  }
  // The answer, as stdout's last line and the JSON's `met`, `why_not_met` and `recommendation`:
  // with NOT MET, met is false, why_not_met says why and the capacities are empty.
  XlsxSheet answer{"answer", {"met", "why_not_met"}, {}};
  for (const auto& level : r.levels)
    answer.header.push_back(level + " capacity");
  std::vector<XlsxCell> row{XlsxCell::boolean(r.met),
                            r.recommendation ? XlsxCell{} : XlsxCell::of(sizing_not_met_text(r))};
  for (std::size_t k = 0; k < r.levels.size(); ++k)
    row.push_back(r.recommendation
                      ? XlsxCell::of(r.recommendation->capacities[k], XlsxFormat::kInteger)
                      : XlsxCell{});
  answer.rows.push_back(std::move(row));
  return {sheet, answer};
}

}  // namespace continuum
