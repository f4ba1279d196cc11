// Replications as a one-variant plan, then estimates across them in replication order.
#include "continuum/experiment/runner.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "continuum/experiment/executor.hpp"
#include "continuum/experiment/plan.hpp"

namespace continuum {

std::vector<ReplicationResult> run_replications(const Scenario& scenario,
                                                const RunOptions& options) {
  const RunSpec spec = resolve_run_spec(scenario, options);
  Plan plan;
  plan.add(scenario, spec.replications, spec.seed, {options.record_daily, options.trace});
  return std::move(execute(plan, options).front());
}

void extend_replications(const Scenario& scenario, const RunOptions& options,
                         std::vector<ReplicationResult>& results, int to) {
  const int from = static_cast<int>(results.size());
  if (to <= from) return;
  Plan plan;
  plan.variants.push_back(scenario);
  plan.jobs.push_back({0,
                       from,
                       to,
                       resolve_run_spec(scenario, options).seed,
                       {options.record_daily, options.trace}});
  std::vector<ReplicationResult> more = std::move(execute(plan, options).front());
  for (int r = from; r < to; ++r)
    results.push_back(std::move(more[static_cast<std::size_t>(r)]));
}

Summary summarize(const Scenario& scenario, const std::vector<ReplicationResult>& results,
                  std::uint64_t seed) {
  Summary s;
  s.replications = static_cast<int>(results.size());
  s.seed = seed;
  const std::size_t n_levels = scenario.levels.size();
  for (const auto& r : results) {
    s.events += r.events;
    s.balance += r.balance;
  }

  for (std::size_t l = 0; l < n_levels; ++l) {
    std::vector<MetricValues<LevelMetric>> values;
    for (const auto& r : results)
      values.push_back(level_metrics(r, l, scenario.levels[l].capacity));
    s.levels.push_back(estimate_each(values));
  }
  std::vector<MetricValues<SystemMetric>> system;
  for (const auto& r : results)
    system.push_back(system_metrics(r));
  s.system = estimate_each(system);

  for (std::size_t c = 0; c < scenario.classes.size() && !results.empty(); ++c) {
    if (results[0].class_system.size() != scenario.classes.size()) break;  // one class
    ClassSummary cs{scenario.classes[c].name, {}, {}};
    for (std::size_t l = 0; l < n_levels; ++l) {
      std::vector<MetricValues<LevelMetric>> values;
      for (const auto& r : results)
        values.push_back(class_level_metrics(r, c, l, scenario.levels[l].capacity));
      cs.levels.push_back(estimate_each(values));
    }
    std::vector<MetricValues<SystemMetric>> class_system;
    for (const auto& r : results)
      class_system.push_back(class_system_metrics(r, c));
    cs.system = estimate_each(class_system);
    s.classes.push_back(std::move(cs));
  }

  for (std::size_t w = 0; w < scenario.report_windows.size() && !results.empty(); ++w) {
    if (results[0].windows.size() != scenario.report_windows.size()) break;
    const ReportWindow& window = scenario.report_windows[w];
    WindowSummary ws{window.name, window.from_day, window.to_day, {}, {}};
    for (std::size_t l = 0; l < n_levels; ++l) {
      std::vector<MetricValues<LevelMetric>> values;
      for (const auto& r : results)
        values.push_back(window_level_metrics(r, w, l, scenario.levels[l].capacity));
      ws.levels.push_back(estimate_each(values));
    }
    std::vector<MetricValues<SystemMetric>> window_system;
    for (const auto& r : results)
      window_system.push_back(window_system_metrics(r, w));
    ws.system = estimate_each(window_system);
    s.windows.push_back(std::move(ws));
  }

  if (!results.empty() && !results[0].daily_census.empty()) {
    const std::size_t cells = results[0].daily_census.size();
    s.days = cells / n_levels;
    s.daily_census.resize(cells);
    s.daily_waitlist.resize(cells);
    std::vector<double> column(results.size());
    auto fill = [&](const std::vector<float> ReplicationResult::*series,
                    std::vector<DailyPoint>& out) {
      for (std::size_t i = 0; i < cells; ++i) {
        double sum = 0;
        for (std::size_t r = 0; r < results.size(); ++r)
          sum += column[r] = (results[r].*series)[i];
        out[i] = {static_cast<float>(sum / static_cast<double>(results.size())),
                  static_cast<float>(sample_quantile(column, 0.1)),
                  static_cast<float>(sample_quantile(column, 0.9))};
      }
    };
    fill(&ReplicationResult::daily_census, s.daily_census);
    fill(&ReplicationResult::daily_waitlist, s.daily_waitlist);
  }
  return s;
}

}  // namespace continuum
