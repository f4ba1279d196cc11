// The sweep's CSV (every metric) and stdout table (the waits and losses), point by point.
#include "continuum/output/sweep_output.hpp"

#include <fmt/format.h>

#include <cmath>

#include "continuum/output/format.hpp"

namespace continuum {

namespace {
// "scope,metric,mean,ci_lo,ci_hi" after the point's values.
std::string csv_row(const std::string& prefix, std::string_view scope, const MetricInfo& info,
                    const Estimate& e) {
  return fmt::format("{}{},{},{},{},{}\n", prefix, csv_field(scope), info.name, csv_number(e.mean),
                     csv_number(e.lo), csv_number(e.hi));
}
}  // namespace

std::string sweep_csv(const Scenario& base, const std::vector<SweepAxis>& axes,
                      const std::vector<SweepPointResult>& points) {
  std::string out;
  for (const auto& axis : axes)
    out += csv_field(axis.path) + ",";
  out += "scope,metric,mean,ci_lo,ci_hi\n";
  for (const auto& point : points) {
    std::string prefix;
    for (double v : point.parameters)
      prefix += fmt::format("{:g},", v);
    for (std::size_t l = 0; l < base.levels.size(); ++l)
      for (LevelMetric m : all_metrics<LevelMetric>())
        out += csv_row(prefix, base.levels[l].name, metric_info(m), point.summary.levels[l][m]);
    for (SystemMetric m : all_metrics<SystemMetric>())
      out += csv_row(prefix, "system", metric_info(m), point.summary.system[m]);
    if (point.costs)
      for (CostKind kind : kCostKinds) {
        const Estimate& e = point.costs->of(kind);
        out += fmt::format("{}costs,{},{},{},{}\n", prefix, cost_name(kind), csv_number(e.mean),
                           csv_number(e.lo), csv_number(e.hi));
      }
    if (point.revenue)
      for (RevenueKind kind : kRevenueKinds) {
        const Estimate& e = point.revenue->of(kind);
        out += fmt::format("{}revenue,{},{},{},{}\n", prefix, revenue_name(kind),
                           csv_number(e.mean), csv_number(e.lo), csv_number(e.hi));
      }
  }
  return out;
}

namespace {
// One decimal more than the run table: neighbouring points differ by little. An undefined
// mean prints "nan" here (the other tables print "-"), as this table always has.
std::string sweep_cell(const Estimate& e, const MetricInfo& info) {
  const int precision = info.precision + 1;
  if (std::isnan(e.mean)) return fmt::format("{:.{}f}", e.mean, precision);
  return cell(e, precision);
}
}  // namespace

std::string sweep_table(const Scenario& base, const std::vector<SweepAxis>& axes,
                        const std::vector<SweepPointResult>& points) {
  const MetricInfo& wait = metric_info(LevelMetric::kMeanWaitDays);
  const MetricInfo& lost = metric_info(SystemMetric::kLostToCarePerDay);
  std::string out;
  for (const auto& axis : axes)
    out += fmt::format("{:>28} ", axis.path);
  for (const auto& level : base.levels)
    out += fmt::format("{:>22} ", level.name + " wait (d)");
  const bool costs = !points.empty() && points.front().costs.has_value();
  out += fmt::format("{:>20}", lost.heading);
  out += costs ? fmt::format(" {:>26}\n", "total cost/year") : "\n";
  for (const auto& point : points) {
    for (double v : point.parameters)
      out += fmt::format("{:>28} ", plain(v));
    for (std::size_t l = 0; l < base.levels.size(); ++l)
      out += fmt::format(
          "{:>22} ", sweep_cell(point.summary.level_metric(l, LevelMetric::kMeanWaitDays), wait));
    out += fmt::format(
        "{:>20}", sweep_cell(point.summary.system_metric(SystemMetric::kLostToCarePerDay), lost));
    out += costs && point.costs
               ? fmt::format(" {:>26}\n", money_cell(point.costs->total, base.currency))
               : "\n";
  }
  return out;
}

}  // namespace continuum
