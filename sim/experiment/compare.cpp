// Paired differences between scenarios under common random numbers, and grid sweeps.
#include "continuum/experiment/compare.hpp"

#include <fmt/format.h>
#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "continuum/experiment/executor.hpp"
#include "continuum/experiment/plan.hpp"

namespace continuum {

namespace {

Estimate welch(const std::vector<double>& a, const std::vector<double>& b) {
  auto moments = [](const std::vector<double>& v, double& mean, double& var, int& n) {
    n = 0;
    double sum = 0;
    for (double x : v)
      if (!std::isnan(x)) sum += x, ++n;
    mean = n ? sum / n : NAN;
    double ss = 0;
    for (double x : v)
      if (!std::isnan(x)) ss += (x - mean) * (x - mean);
    var = n > 1 ? ss / (n - 1) : NAN;
  };
  double ma, va, mb, vb;
  int na, nb;
  moments(a, ma, va, na);
  moments(b, mb, vb, nb);
  Estimate e;
  e.n = std::min(na, nb);
  if (na == 0 || nb == 0) return e;
  e.mean = mb - ma;
  if (na < 2 || nb < 2) return e;
  const double sa = va / na, sb = vb / nb;
  const double se = std::sqrt(sa + sb);
  if (se == 0) {
    e.lo = e.hi = e.mean;
    return e;
  }
  const double dof = (sa + sb) * (sa + sb) / (sa * sa / (na - 1) + sb * sb / (nb - 1));
  const boost::math::students_t t(dof);
  const double half = se * boost::math::quantile(boost::math::complement(t, 0.025));
  e.lo = e.mean - half;
  e.hi = e.mean + half;
  return e;
}

}  // namespace

std::vector<double> metric_values(const ScenarioRun& run, const std::string& level,
                                  MetricId metric) {
  std::vector<double> out;
  if (const auto* m = std::get_if<SystemMetric>(&metric)) {
    for (const auto& r : run.results)
      out.push_back(system_metrics(r)[*m]);
    return out;
  }
  const LevelMetric m = std::get<LevelMetric>(metric);
  const int l = run.scenario.level_index(level);
  for (const auto& r : run.results)
    out.push_back(
        l < 0 ? NAN
              : level_metrics(r, static_cast<std::size_t>(l),
                              run.scenario.levels[static_cast<std::size_t>(l)].capacity)[m]);
  return out;
}

std::vector<double> metric_values(const ScenarioRun& run, const std::string& level,
                                  const std::string& metric) {
  if (level.empty()) {
    if (const auto m = parse_system_metric(metric)) return metric_values(run, level, *m);
  } else if (const auto m = parse_level_metric(metric)) {
    return metric_values(run, level, *m);
  }
  throw std::invalid_argument("unknown metric " + metric);
}

Difference difference(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> d(std::min(a.size(), b.size()));
  for (std::size_t i = 0; i < d.size(); ++i)
    d[i] = b[i] - a[i];  // NaN when either is NaN
  Difference out;
  out.paired = estimate(d);
  out.unpaired = welch(a, b);
  out.clear = !std::isnan(out.paired.lo) && (out.paired.lo > 0 || out.paired.hi < 0);
  return out;
}

Difference difference(const std::vector<double>& a, const std::vector<double>& b,
                      double min_relative) {
  Difference out = difference(a, b);
  if (out.clear && min_relative > 0)
    out.clear = std::abs(out.paired.mean) >= min_relative * std::abs(estimate(a).mean);
  return out;
}

std::vector<ScenarioRun> run_comparison(const std::vector<Scenario>& scenarios,
                                        const RunOptions& options) {
  const RunSpec spec = resolve_run_spec(scenarios.front(), options);
  Plan plan = common_random_numbers_plan(scenarios, spec, {options.record_daily, options.trace});
  PlanResults results = execute(plan, options);
  std::vector<ScenarioRun> runs;
  for (std::size_t v = 0; v < plan.variants.size(); ++v) {
    ScenarioRun run{std::move(plan.variants[v]), std::move(results[v]), {}, {}, {}};
    run.summary = summarize(run.scenario, run.results, spec.seed);
    if (has_costs(run.scenario)) run.costs = annual_costs(run.scenario, run.results);
    run.revenue = scenario_revenue(run.scenario, run.results, run.costs);
    runs.push_back(std::move(run));
  }
  return runs;
}

std::vector<std::string> union_levels(const std::vector<ScenarioRun>& runs) {
  std::vector<std::string> names;
  for (const auto& run : runs)
    for (const auto& level : run.scenario.levels)
      if (std::find(names.begin(), names.end(), level.name) == names.end())
        names.push_back(level.name);
  return names;
}

}  // namespace continuum
