// Paired differences between scenarios under common random numbers, and grid sweeps.
#include "continuum/experiment/compare.hpp"

#include <fmt/format.h>
#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "continuum/output/report.hpp"

namespace continuum {

namespace {

std::size_t metric_index(const std::vector<std::string>& names, const std::string& metric) {
  auto at = std::find(names.begin(), names.end(), metric);
  if (at == names.end()) throw std::invalid_argument("unknown metric " + metric);
  return static_cast<std::size_t>(at - names.begin());
}

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

std::string csv_number(double v) {
  return std::isnan(v) ? "" : fmt::format("{:.6g}", v);
}

}  // namespace

std::vector<double> metric_values(const ScenarioRun& run, const std::string& level,
                                  const std::string& metric) {
  std::vector<double> out;
  if (level.empty()) {
    const std::size_t m = metric_index(system_metric_names(), metric);
    for (const auto& r : run.results)
      out.push_back(system_metrics(r)[m]);
    return out;
  }
  const std::size_t m = metric_index(level_metric_names(), metric);
  const int l = run.scenario.level_index(level);
  for (const auto& r : run.results)
    out.push_back(
        l < 0 ? NAN
              : level_metrics(r, static_cast<std::size_t>(l),
                              run.scenario.levels[static_cast<std::size_t>(l)].capacity)[m]);
  return out;
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

std::vector<ScenarioRun> run_comparison(const std::vector<Scenario>& scenarios,
                                        const RunOptions& options) {
  RunOptions common = options;
  if (!common.replications) common.replications = scenarios.front().replications;
  if (!common.seed) common.seed = scenarios.front().seed;
  std::vector<ScenarioRun> runs;
  for (const Scenario& s : scenarios) {
    ScenarioRun run{s, run_replications(s, common), {}};
    run.summary = summarize(s, run.results, *common.seed);
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

namespace {
using Json = nlohmann::ordered_json;

Json metric_comparison(const std::vector<ScenarioRun>& runs, const std::string& level,
                       const std::string& metric) {
  Json j;
  std::vector<std::vector<double>> values;
  for (const auto& run : runs) {
    values.push_back(metric_values(run, level, metric));
    j[run.scenario.name] = estimate_json(estimate(values.back()));
  }
  Json diff = Json::object();
  for (std::size_t k = 1; k < runs.size(); ++k) {
    const Difference d = difference(values[0], values[k]);
    Json entry = estimate_json(d.paired);
    entry["unpaired_ci95"] = estimate_json(d.unpaired)["ci95"];
    entry["clear"] = d.clear;
    diff[runs[k].scenario.name] = entry;
  }
  j["difference"] = diff;
  return j;
}
}  // namespace

nlohmann::ordered_json comparison_json(const std::vector<ScenarioRun>& runs) {
  Json j;
  j["schema_version"] = 1;
  j["reference"] = runs.front().scenario.name;
  Json scenarios = Json::array();
  for (const auto& run : runs) {
    Json sc = scenario_json(run.scenario);
    sc["replications"] = run.summary.replications;
    sc["seed"] = run.summary.seed;
    scenarios.push_back(sc);
  }
  j["scenarios"] = scenarios;
  Json levels = Json::object();
  for (const auto& level : union_levels(runs)) {
    Json metrics;
    for (const auto& metric : level_metric_names())
      metrics[metric] = metric_comparison(runs, level, metric);
    levels[level] = metrics;
  }
  j["levels"] = levels;
  Json system;
  for (const auto& metric : system_metric_names())
    system[metric] = metric_comparison(runs, "", metric);
  j["system"] = system;
  return j;
}

std::string comparison_csv(const std::vector<ScenarioRun>& runs) {
  std::string out =
      "scope,metric,scenario,mean,ci_lo,ci_hi,difference,difference_ci_lo,difference_ci_hi,"
      "unpaired_ci_lo,unpaired_ci_hi,clear\n";
  auto rows = [&](const std::string& scope, const std::string& level, const std::string& metric) {
    std::vector<std::vector<double>> values;
    for (const auto& run : runs)
      values.push_back(metric_values(run, level, metric));
    for (std::size_t k = 0; k < runs.size(); ++k) {
      const Estimate e = estimate(values[k]);
      fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{}", scope, metric,
                     runs[k].scenario.name, csv_number(e.mean), csv_number(e.lo), csv_number(e.hi));
      if (k == 0) {
        out += ",,,,,,\n";
        continue;
      }
      const Difference d = difference(values[0], values[k]);
      fmt::format_to(std::back_inserter(out), ",{},{},{},{},{},{}\n", csv_number(d.paired.mean),
                     csv_number(d.paired.lo), csv_number(d.paired.hi), csv_number(d.unpaired.lo),
                     csv_number(d.unpaired.hi), d.clear ? "true" : "false");
    }
  };
  for (const auto& level : union_levels(runs))
    for (const auto& metric : level_metric_names())
      rows(level, level, metric);
  for (const auto& metric : system_metric_names())
    rows("system", "", metric);
  return out;
}

std::string comparison_table(const std::vector<ScenarioRun>& runs) {
  static const std::vector<std::string> kHeadline = {"admissions_per_day", "utilization",
                                                     "mean_waitlist",      "mean_wait_days",
                                                     "p90_wait_days",      "abandonment_fraction"};
  std::string out = fmt::format(
      "Compared with {} ({} replications, seed {}, common random numbers); differences with 95% "
      "paired intervals, * = clear (the interval excludes 0)\n",
      runs.front().scenario.name, runs.front().summary.replications, runs.front().summary.seed);
  auto cell = [](double mean, double lo, double hi) {
    if (std::isnan(mean)) return std::string("-");
    if (std::isnan(lo)) return fmt::format("{:.3g}", mean);
    return fmt::format("{:.3g} [{:.3g}, {:.3g}]", mean, lo, hi);
  };
  auto block = [&](const std::string& title, const std::string& level,
                   const std::vector<std::string>& metrics) {
    out += fmt::format("\n{}\n", title);
    out += fmt::format("  {:<30}", "metric");
    for (const auto& run : runs)
      out += fmt::format(" {:>26}", run.scenario.name);
    for (std::size_t k = 1; k < runs.size(); ++k)
      out += fmt::format(" {:>34}", "diff " + runs[k].scenario.name);
    out += "\n";
    for (const auto& metric : metrics) {
      std::vector<std::vector<double>> values;
      for (const auto& run : runs)
        values.push_back(metric_values(run, level, metric));
      out += fmt::format("  {:<30}", metric);
      for (const auto& v : values) {
        const Estimate e = estimate(v);
        out += fmt::format(" {:>26}", cell(e.mean, e.lo, e.hi));
      }
      for (std::size_t k = 1; k < runs.size(); ++k) {
        const Difference d = difference(values[0], values[k]);
        out += fmt::format(" {:>33}{}", cell(d.paired.mean, d.paired.lo, d.paired.hi),
                           d.clear ? "*" : " ");
      }
      out += "\n";
    }
  };
  for (const auto& level : union_levels(runs))
    block(level, level, kHeadline);
  block("system", "", system_metric_names());
  return out;
}

std::vector<SweepPointResult> run_sweep(const Scenario& base, const std::vector<SweepAxis>& axes,
                                        const RunOptions& options) {
  std::vector<SweepPointResult> points;
  std::vector<std::size_t> at(axes.size(), 0);
  RunOptions common = options;
  const std::uint64_t seed = options.seed.value_or(base.seed);
  common.seed = seed;
  for (;;) {
    Scenario s = base;
    SweepPointResult point;
    for (std::size_t a = 0; a < axes.size(); ++a) {
      point.parameters.push_back(axes[a].values[at[a]]);
      apply_setting(s, axes[a].path, axes[a].values[at[a]]);
    }
    point.summary = summarize(s, run_replications(s, common), seed);
    points.push_back(std::move(point));
    std::size_t a = axes.size();
    while (a > 0) {
      --a;
      if (++at[a] < axes[a].values.size()) break;
      at[a] = 0;
      if (a == 0) return points;
    }
    if (axes.empty()) return points;
  }
}

std::string sweep_csv(const Scenario& base, const std::vector<SweepAxis>& axes,
                      const std::vector<SweepPointResult>& points) {
  std::string out;
  for (const auto& axis : axes)
    out += axis.path + ",";
  out += "scope,metric,mean,ci_lo,ci_hi\n";
  for (const auto& point : points) {
    std::string prefix;
    for (double v : point.parameters)
      prefix += fmt::format("{:g},", v);
    for (std::size_t l = 0; l < base.levels.size(); ++l)
      for (std::size_t m = 0; m < level_metric_names().size(); ++m) {
        const Estimate& e = point.summary.levels[l][m];
        out +=
            fmt::format("{}{},{},{},{},{}\n", prefix, base.levels[l].name, level_metric_names()[m],
                        csv_number(e.mean), csv_number(e.lo), csv_number(e.hi));
      }
    for (std::size_t m = 0; m < system_metric_names().size(); ++m) {
      const Estimate& e = point.summary.system[m];
      out += fmt::format("{}system,{},{},{},{}\n", prefix, system_metric_names()[m],
                         csv_number(e.mean), csv_number(e.lo), csv_number(e.hi));
    }
  }
  return out;
}

std::string sweep_table(const Scenario& base, const std::vector<SweepAxis>& axes,
                        const std::vector<SweepPointResult>& points) {
  std::string out;
  for (const auto& axis : axes)
    out += fmt::format("{:>28} ", axis.path);
  for (const auto& level : base.levels)
    out += fmt::format("{:>22} ", level.name + " wait (d)");
  out += fmt::format("{:>20}\n", "lost to care/day");
  for (const auto& point : points) {
    for (double v : point.parameters)
      out += fmt::format("{:>28g} ", v);
    for (std::size_t l = 0; l < base.levels.size(); ++l) {
      const Estimate& e = point.summary.level_metric(l, "mean_wait_days");
      out += fmt::format("{:>22} ", std::isnan(e.lo)
                                        ? fmt::format("{:.2f}", e.mean)
                                        : fmt::format("{:.2f} ±{:.2f}", e.mean, (e.hi - e.lo) / 2));
    }
    const Estimate& lost = point.summary.system_metric("lost_to_care_per_day");
    out += fmt::format("{:>20}\n", std::isnan(lost.lo) ? fmt::format("{:.3f}", lost.mean)
                                                       : fmt::format("{:.3f} ±{:.3f}", lost.mean,
                                                                     (lost.hi - lost.lo) / 2));
  }
  return out;
}

}  // namespace continuum
