// The sweep's CSV (every metric) and stdout table (the waits and losses), point by point.
#include "continuum/output/sweep_output.hpp"

#include <fmt/format.h>

#include <vector>

#include "continuum/output/bounds.hpp"
#include "continuum/output/format.hpp"

namespace continuum {

namespace {
// "scope,metric,mean,ci_lo,ci_hi" after the point's values; the interval clipped to the metric's
// range (bounds.hpp).
std::string csv_row(const std::string& prefix, std::string_view scope, const MetricInfo& info,
                    const Estimate& estimate, const std::string& suffix) {
  const Estimate e = clipped(estimate, info);
  return fmt::format("{}{},{},{},{},{}{}\n", prefix, csv_field(scope), info.name,
                     csv_number(e.mean), csv_number(e.lo), csv_number(e.hi), suffix);
}
}  // namespace

std::string sweep_csv(const Scenario& base, const std::vector<SweepAxis>& axes,
                      const std::vector<SweepPointResult>& points,
                      const std::vector<RunChecks>& checks) {
  std::string out;
  for (const auto& axis : axes)
    out += csv_field(axis.path) + ",";
  out += "scope,metric,mean,ci_lo,ci_hi,warnings,not_checked\n";
  for (std::size_t p = 0; p < points.size(); ++p) {
    const SweepPointResult& point = points[p];
    std::string prefix;
    for (double v : point.parameters)
      prefix += csv_number(v) + ",";
    const std::string suffix = p < checks.size()
                                   ? "," + csv_field(warnings_cell(checks[p].warnings)) + "," +
                                         csv_field(checks_not_run_cell(checks[p].not_run))
                                   : std::string(",,");
    for (std::size_t l = 0; l < base.levels.size(); ++l)
      for (LevelMetric m : all_metrics<LevelMetric>())
        out += csv_row(prefix, base.levels[l].name, metric_info(m), point.summary.levels[l][m],
                       suffix);
    for (SystemMetric m : all_metrics<SystemMetric>())
      out += csv_row(prefix, "system", metric_info(m), point.summary.system[m], suffix);
    if (point.costs)
      for (CostKind kind : kCostKinds) {
        const Estimate e = clipped(point.costs->of(kind), kNonnegative);
        out += fmt::format("{}costs,{},{},{},{}{}\n", prefix, cost_name(kind), csv_number(e.mean),
                           csv_number(e.lo), csv_number(e.hi), suffix);
      }
    if (point.revenue)
      for (RevenueKind kind : kRevenueKinds) {
        const Estimate e = clipped(point.revenue->of(kind), revenue_bounds(kind));
        out += fmt::format("{}revenue,{},{},{},{}{}\n", prefix, revenue_name(kind),
                           csv_number(e.mean), csv_number(e.lo), csv_number(e.hi), suffix);
      }
  }
  return out;
}

namespace {
// A column of the table: one metric over the points, in the decimals of its smallest half-width
// (shared_style, format.hpp); "-" when undefined, as in the other tables.
std::vector<std::string> sweep_column(const std::vector<Estimate>& column, const MetricInfo& info) {
  const Style style = shared_style(column, info.precision);
  std::vector<std::string> cells;
  for (const Estimate& e : column)
    cells.push_back(styled_cell(e, style));
  return cells;
}
}  // namespace

std::string sweep_table(const Scenario& base, const std::vector<SweepAxis>& axes,
                        const std::vector<SweepPointResult>& points) {
  const MetricInfo& wait = metric_info(LevelMetric::kMeanWaitDays);
  const MetricInfo& lost = metric_info(SystemMetric::kLostToCarePerDay);
  std::vector<std::vector<std::string>> waits;  // [level][point]
  for (std::size_t l = 0; l < base.levels.size(); ++l) {
    std::vector<Estimate> column;
    for (const auto& point : points)
      column.push_back(point.summary.level_metric(l, LevelMetric::kMeanWaitDays));
    waits.push_back(sweep_column(column, wait));
  }
  std::vector<Estimate> lost_column;
  for (const auto& point : points)
    lost_column.push_back(point.summary.system_metric(SystemMetric::kLostToCarePerDay));
  const std::vector<std::string> losts = sweep_column(lost_column, lost);

  std::string out;
  for (const auto& axis : axes)
    out += fmt::format("{:>28} ", axis.path);
  for (const auto& level : base.levels)
    out += fmt::format("{:>22} ", level.name + " wait (d)");
  const bool costs = !points.empty() && points.front().costs.has_value();
  const bool revenue = !points.empty() && points.front().revenue.has_value();
  out += fmt::format("{:>20}", lost.heading);
  if (costs) out += fmt::format(" {:>26}", "total cost/year");
  if (revenue) out += fmt::format(" {:>26} {:>26}", "revenue/year", "net cost/year");
  out += '\n';
  for (std::size_t p = 0; p < points.size(); ++p) {
    const auto& point = points[p];
    for (double v : point.parameters)
      out += fmt::format("{:>28} ", plain(v));
    for (const auto& column : waits)
      out += fmt::format("{:>22} ", column[p]);
    out += fmt::format("{:>20}", losts[p]);
    if (costs)
      out +=
          fmt::format(" {:>26}", point.costs ? money_cell(point.costs->total, base.currency) : "-");
    if (revenue)
      out += point.revenue
                 ? fmt::format(" {:>26} {:>26}", money_cell(point.revenue->total, base.currency),
                               money_cell(point.revenue->net_cost, base.currency))
                 : fmt::format(" {:>26} {:>26}", "-", "-");
    out += '\n';
  }
  return out;
}

}  // namespace continuum
