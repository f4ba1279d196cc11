// results.xlsx (--xlsx on run, compare, sweep and size): one worksheet per table, written with
// libxlsxwriter. Every number is a number cell (never text), formatted by what it is: fractions
// as percentages, money in the scenario's currency, days with two decimals. Estimates take
// three numeric columns, NAME, NAME ci95_low and NAME ci95_high, as summary.json's
// {"mean", "ci95": [lo, hi]}. The header row is bold and frozen. The same inputs give the same
// bytes (the creation time in docProps/core.xml is fixed).
#pragma once

#include <string>
#include <vector>

#include "continuum/experiment/compare.hpp"
#include "continuum/experiment/costs.hpp"
#include "continuum/experiment/runner.hpp"
#include "continuum/experiment/sizing.hpp"
#include "continuum/experiment/sweep_axis.hpp"
#include "continuum/model/scenario.hpp"
#include "continuum/stats/staffing.hpp"

namespace continuum {

// How a number cell is shown.
// kDate: an Excel date (days since 1899-12-30), shown yyyy-mm-dd.
enum class XlsxFormat { kGeneral, kInteger, kDecimal, kDays, kPercent, kMoney, kFte, kDate };

struct XlsxCell {
  enum class Kind { kEmpty, kText, kNumber, kBoolean } kind = Kind::kEmpty;
  std::string text;
  double number = 0;
  XlsxFormat format = XlsxFormat::kGeneral;

  static XlsxCell of(std::string text);
  // An empty cell when `number` is NaN (undefined).
  static XlsxCell of(double number, XlsxFormat format);
  static XlsxCell boolean(bool value);
};

struct XlsxSheet {
  std::string name;  // at most 31 characters, none of []:*?/\ (Excel's rules)
  std::vector<std::string> header;
  std::vector<std::vector<XlsxCell>> rows;
};

// The workbook's bytes; `currency` (an ISO 4217 code) is the money cells' format. Throws
// std::runtime_error when libxlsxwriter fails.
std::string xlsx_workbook(const std::vector<XlsxSheet>& sheets, const std::string& currency);
// Loads the workbook's module (libcontinuum_xlsx.so) now: the commands call it before simulating
// when --xlsx asks for a workbook, so that a missing or broken module fails at once, not after the
// simulation. Throws std::runtime_error naming the module.
void require_xlsx_module();

// run: levels, system, staffing and costs (with staff or costs), revenue (with revenue: a row
// per payer, total_revenue_per_year, net_cost_per_year), classes (with `classes:`), daily (when
// recorded). `costs` are the totals over levels (null: none); `revenue` null: none.
std::vector<XlsxSheet> run_sheets(const Scenario& scenario, const Summary& summary,
                                  const StaffingReport* staffing, const CostSummary* costs,
                                  const RevenueSummary* revenue = nullptr);
// compare: levels and system (every scenario's estimates), costs (with costs or revenue: each
// scenario's costs, then its revenue and net cost), comparison (the rows of comparison.csv: each
// scenario's estimate and its paired difference from the first, revenue rows included).
std::vector<XlsxSheet> compare_sheets(const std::vector<ScenarioRun>& runs,
                                      double min_difference = 0);  // as comparison_json
// sweep: points (the rows of sweep.csv, cost and revenue rows included).
std::vector<XlsxSheet> sweep_sheets(const Scenario& base, const std::vector<SweepAxis>& axes,
                                    const std::vector<SweepPointResult>& points);
// size: candidates (capacities, targets, waitlists, met, annual costs, with revenue the revenue
// and net cost per year), one row per candidate.
std::vector<XlsxSheet> sizing_sheets(const SizingResult& result);

}  // namespace continuum
