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
  const RunSpec spec = resolve_run_spec(scenarios.front(), options);
  Plan plan = common_random_numbers_plan(scenarios, spec, {options.record_daily, options.trace});
  PlanResults results = execute(plan, options);
  std::vector<ScenarioRun> runs;
  for (std::size_t v = 0; v < plan.variants.size(); ++v) {
    ScenarioRun run{std::move(plan.variants[v]), std::move(results[v]), {}};
    run.summary = summarize(run.scenario, run.results, spec.seed);
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

SweepAxis parse_sweep_axis(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw std::invalid_argument(
        fmt::format("--set '{}': expected PATH=LO:HI:STEP or PATH=V1,V2,...", text));
  SweepAxis axis{text.substr(0, eq), {}};
  const std::string spec = text.substr(eq + 1);
  auto number = [&](const std::string& s) {
    std::size_t used = 0;
    double v = 0;
    try {
      v = std::stod(s, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != s.size() || !std::isfinite(v))
      throw std::invalid_argument(fmt::format("--set '{}': '{}' is not a number", text, s));
    return v;
  };
  if (spec.find(':') != std::string::npos) {
    const auto c1 = spec.find(':'), c2 = spec.find(':', c1 + 1);
    if (c2 == std::string::npos)
      throw std::invalid_argument(fmt::format("--set '{}': expected LO:HI:STEP", text));
    const double lo = number(spec.substr(0, c1)), hi = number(spec.substr(c1 + 1, c2 - c1 - 1)),
                 step = number(spec.substr(c2 + 1));
    if (step <= 0 || hi < lo)
      throw std::invalid_argument(fmt::format("--set '{}': needs LO <= HI and STEP > 0", text));
    const int n = static_cast<int>(std::floor((hi - lo) / step + 1e-9)) + 1;
    if (n > 1000)
      throw std::invalid_argument(fmt::format("--set '{}': more than 1000 values", text));
    for (int i = 0; i < n; ++i)
      axis.values.push_back(lo + i * step);
  } else {
    std::size_t start = 0;
    for (;;) {
      const auto comma = spec.find(',', start);
      axis.values.push_back(number(spec.substr(start, comma - start)));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return axis;
}

void apply_setting(Scenario& scenario, const std::string& path, double value) {
  const auto dot1 = path.find('.'), dot2 = path.rfind('.');
  if (dot1 == std::string::npos || dot2 == dot1)
    throw std::invalid_argument(fmt::format(
        "--set {}: can set levels.<level>.capacity or arrivals.<stream>.rate_per_day", path));
  const std::string head = path.substr(0, dot1), tail = path.substr(dot2 + 1),
                    middle = path.substr(dot1 + 1, dot2 - dot1 - 1);
  if (head == "levels" && tail == "capacity") {
    const int l = scenario.level_index(middle);
    if (l < 0) throw std::invalid_argument(fmt::format("--set {}: no level '{}'", path, middle));
    if (value < 1 || value > 1e6 || value != std::floor(value))
      throw std::invalid_argument(
          fmt::format("--set {}: capacity must be a whole number from 1 (got {:g})", path, value));
    scenario.levels[static_cast<std::size_t>(l)].capacity = static_cast<int>(value);
    return;
  }
  if (head == "arrivals" && tail == "rate_per_day") {
    for (auto& a : scenario.arrivals) {
      if (a.name != middle) continue;
      if (!a.poisson)
        throw std::invalid_argument(
            fmt::format("--set {}: the stream is given by interarrival", path));
      if (value <= 0 || value > 1e5)
        throw std::invalid_argument(
            fmt::format("--set {}: rate must be in (0, 100000] (got {:g})", path, value));
      a.rate_per_day = value;
      a.interarrival = Exponential{1 / value};
      return;
    }
    throw std::invalid_argument(fmt::format("--set {}: no arrival stream '{}'", path, middle));
  }
  throw std::invalid_argument(fmt::format(
      "--set {}: can set levels.<level>.capacity or arrivals.<stream>.rate_per_day", path));
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
