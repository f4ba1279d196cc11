// Headline metrics and the sequential precision rule (precision.hpp).
#include "continuum/experiment/precision.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "continuum/stats/steady_state.hpp"

namespace continuum {

std::string WatchedMetric::level_name(const Scenario& scenario) const {
  return scope == Scope::kLevel ? scenario.levels.at(level).name : std::string();
}

std::string WatchedMetric::metric_name() const {
  switch (scope) {
    case Scope::kLevel:
      return std::string(metric_info(level_metric).name);
    case Scope::kSystem:
      return std::string(metric_info(system_metric).name);
    case Scope::kCost:
      break;
  }
  return cost_name(cost);
}

std::string WatchedMetric::path(const Scenario& scenario) const {
  switch (scope) {
    case Scope::kLevel:
      return fmt::format("levels.{}.{}", level_name(scenario), metric_name());
    case Scope::kSystem:
      return "system." + metric_name();
    case Scope::kCost:
      break;
  }
  return "costs." + metric_name();
}

std::vector<WatchedMetric> headline_metrics(const Scenario& scenario) {
  std::vector<WatchedMetric> out;
  for (std::size_t l = 0; l < scenario.levels.size(); ++l)
    for (LevelMetric m : {LevelMetric::kMeanWaitDays, LevelMetric::kP90WaitDays,
                          LevelMetric::kMeanWaitlist, LevelMetric::kUtilization}) {
      WatchedMetric w;
      w.scope = WatchedMetric::Scope::kLevel;
      w.level = l;
      w.level_metric = m;
      out.push_back(w);
    }
  WatchedMetric lost;
  lost.scope = WatchedMetric::Scope::kSystem;
  lost.system_metric = SystemMetric::kLostToCarePerDay;
  out.push_back(lost);
  if (has_costs(scenario)) {
    WatchedMetric total;
    total.scope = WatchedMetric::Scope::kCost;
    total.cost = CostKind::kTotal;
    out.push_back(total);
  }
  return out;
}

std::optional<WatchedMetric> parse_watched_metric(const Scenario& scenario, std::string_view path,
                                                  std::string& error) {
  WatchedMetric w;
  const auto dot = path.find('.');
  const std::string_view scope = path.substr(0, dot);
  const std::string_view rest = dot == std::string_view::npos ? "" : path.substr(dot + 1);
  if (scope == "levels") {
    const auto second = rest.find('.');
    const std::string_view level = rest.substr(0, second);
    const std::string_view name = second == std::string_view::npos ? "" : rest.substr(second + 1);
    const int index = scenario.level_index(level);
    if (index < 0) {
      error = fmt::format("\"{}\": no level \"{}\" in the scenario", path, level);
      return std::nullopt;
    }
    const auto metric = parse_level_metric(name);
    if (!metric) {
      error = fmt::format("\"{}\": no level metric \"{}\" (one of: {})", path, name,
                          metric_name_list<LevelMetric>());
      return std::nullopt;
    }
    w.scope = WatchedMetric::Scope::kLevel;
    w.level = static_cast<std::size_t>(index);
    w.level_metric = *metric;
    return w;
  }
  if (scope == "system") {
    const auto metric = parse_system_metric(rest);
    if (!metric) {
      error = fmt::format("\"{}\": no system metric \"{}\" (one of: {})", path, rest,
                          metric_name_list<SystemMetric>());
      return std::nullopt;
    }
    w.scope = WatchedMetric::Scope::kSystem;
    w.system_metric = *metric;
    return w;
  }
  if (scope == "costs") {
    for (CostKind kind : kCostKinds)
      if (rest == cost_name(kind)) {
        if (!has_costs(scenario)) {
          error = fmt::format("\"{}\": the scenario has no costs", path);
          return std::nullopt;
        }
        w.scope = WatchedMetric::Scope::kCost;
        w.cost = kind;
        return w;
      }
    error = fmt::format(
        "\"{}\": no cost \"{}\" (one of: staff_cost_per_year, non_staff_cost_per_year, "
        "total_cost_per_year)",
        path, rest);
    return std::nullopt;
  }
  error = fmt::format("\"{}\": expected levels.<level>.<metric>, system.<metric> or costs.<cost>",
                      path);
  return std::nullopt;
}

double resolution(const WatchedMetric& metric) {
  if (metric.scope == WatchedMetric::Scope::kCost) return 0;
  const MetricInfo& info = metric.scope == WatchedMetric::Scope::kLevel
                               ? metric_info(metric.level_metric)
                               : metric_info(metric.system_metric);
  switch (info.unit) {
    case Unit::kDays:
    case Unit::kPatients:
      return 0.1;
    case Unit::kPerDay:
      return 0.01;
    case Unit::kFraction:
      return 0.005;
    case Unit::kCurrency:
      break;
  }
  return 0;
}

Estimate watched_estimate(const WatchedMetric& metric, const Summary& summary,
                          const CostSummary* costs) {
  switch (metric.scope) {
    case WatchedMetric::Scope::kLevel:
      return summary.level_metric(metric.level, metric.level_metric);
    case WatchedMetric::Scope::kSystem:
      return summary.system_metric(metric.system_metric);
    case WatchedMetric::Scope::kCost:
      break;
  }
  return costs ? costs->of(metric.cost) : Estimate{};
}

double relative_half_width(const Estimate& e) {
  if (std::isnan(e.lo) || std::isnan(e.hi) || std::isnan(e.mean)) return NAN;
  const double half = (e.hi - e.lo) / 2;
  if (half <= 0) return 0;
  if (e.mean == 0) return std::numeric_limits<double>::infinity();
  return half / std::fabs(e.mean);
}

PrecisionCheck check_precision(const std::vector<Estimate>& estimates, int n, double target,
                               int cap, const std::vector<double>& floors) {
  PrecisionCheck out;
  out.reached = true;
  long long next = n + 2;
  for (std::size_t i = 0; i < estimates.size(); ++i) {
    const Estimate& e = estimates[i];
    if (e.n == 0) continue;  // undefined in every replication: nothing to estimate
    if (i < floors.size() && !std::isnan(e.lo) && (e.hi - e.lo) / 2 <= floors[i]) continue;
    const double rel = relative_half_width(e);
    // The worst: no interval first, then the largest relative half-width.
    const bool worse = out.worst < 0 || (std::isnan(rel) && !std::isnan(out.worst_relative)) ||
                       (!std::isnan(out.worst_relative) && rel > out.worst_relative);
    if (worse) {
      out.worst = static_cast<std::ptrdiff_t>(i);
      out.worst_relative = rel;
    }
    if (rel <= target) continue;
    out.reached = false;
    if (std::isnan(rel)) continue;  // no interval yet: n + 2
    const double half = (e.hi - e.lo) / 2;
    const long long needed = std::isinf(rel) ? cap : replications_for(half, e.mean, n, target);
    next = std::max(next, needed < 0 ? static_cast<long long>(cap) : needed);
  }
  out.next = out.reached || n >= cap ? n : static_cast<int>(std::min<long long>(next, cap));
  return out;
}

PrecisionOutcome run_to_precision(const Scenario& scenario, const RunOptions& options,
                                  const PrecisionRequest& request, const DailySeriesStore* daily,
                                  const ResultStore* stored) {
  PrecisionOutcome out;
  out.metrics = request.metrics.empty() ? headline_metrics(scenario) : request.metrics;
  const bool costs_watched =
      std::any_of(out.metrics.begin(), out.metrics.end(),
                  [](const WatchedMetric& m) { return m.scope == WatchedMetric::Scope::kCost; });
  const RunSpec spec = resolve_run_spec(scenario, options);
  int n = spec.replications;
  for (;;) {
    extend_replications(scenario, options, out.results, n);
    out.counts.push_back(n);
    const ResultSource results =
        stored ? ResultSource(*stored, out.results.size()) : ResultSource(out.results);
    const Summary summary = summarize(scenario, results, spec.seed, daily);
    CostSummary costs;
    if (costs_watched) costs = summarize_costs(annual_costs(scenario, results, daily));
    std::vector<Estimate> estimates;
    std::vector<double> floors;
    for (const WatchedMetric& m : out.metrics) {
      estimates.push_back(watched_estimate(m, summary, costs_watched ? &costs : nullptr));
      floors.push_back(resolution(m));
    }
    out.last = check_precision(estimates, n, request.target, request.max_replications, floors);
    if (out.last.next <= n) break;
    n = out.last.next;
  }
  return out;
}

}  // namespace continuum
