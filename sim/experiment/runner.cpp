// Replications on a pool of threads (an atomic work counter), then estimates across them.
#include "continuum/experiment/runner.hpp"

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <thread>

namespace continuum {

std::vector<ReplicationResult> run_replications(const Scenario& scenario,
                                                const RunOptions& options) {
  const int n = options.replications.value_or(scenario.replications);
  const std::uint64_t seed = options.seed.value_or(scenario.seed);
  int threads = options.threads > 0
                    ? options.threads
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = std::min(threads, n);
  std::vector<ReplicationResult> results(static_cast<std::size_t>(n));
  std::atomic<int> next{0}, done{0};
  std::exception_ptr failure;
  std::atomic<bool> failed{false};

  auto worker = [&] {
    try {
      Engine engine(compile(scenario), EngineOptions{options.record_daily});
      TraceBuffer trace;
      if (options.trace) engine.set_trace(&trace);
      for (int r = next++; r < n && !failed; r = next++) {
        auto& result = results[static_cast<std::size_t>(r)];
        result = engine.run(static_cast<std::uint32_t>(r), seed);
        if (options.trace) result.trace = std::move(trace.records);
        trace.records.clear();
        const int finished = ++done;
        if (options.progress) options.progress(finished, n);
      }
    } catch (...) {
      if (!failed.exchange(true)) failure = std::current_exception();
    }
  };
  if (threads <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
      pool.emplace_back(worker);
    for (auto& t : pool)
      t.join();
  }
  if (failure) std::rethrow_exception(failure);
  return results;
}

const Estimate& Summary::level_metric(std::size_t level, const std::string& metric) const {
  const auto& names = level_metric_names();
  auto at = std::find(names.begin(), names.end(), metric);
  if (at == names.end()) throw std::out_of_range("no level metric " + metric);
  return levels.at(level).at(static_cast<std::size_t>(at - names.begin()));
}

const Estimate& Summary::system_metric(const std::string& metric) const {
  const auto& names = system_metric_names();
  auto at = std::find(names.begin(), names.end(), metric);
  if (at == names.end()) throw std::out_of_range("no system metric " + metric);
  return system.at(static_cast<std::size_t>(at - names.begin()));
}

Summary summarize(const Scenario& scenario, const std::vector<ReplicationResult>& results,
                  std::uint64_t seed) {
  Summary s;
  s.replications = static_cast<int>(results.size());
  s.seed = seed;
  const std::size_t n_levels = scenario.levels.size();
  const std::size_t n_level_metrics = level_metric_names().size();
  for (const auto& r : results)
    s.events += r.events;

  for (std::size_t l = 0; l < n_levels; ++l) {
    std::vector<std::vector<double>> per_metric(n_level_metrics);
    for (const auto& r : results) {
      auto values = level_metrics(r, l, scenario.levels[l].capacity);
      for (std::size_t m = 0; m < n_level_metrics; ++m)
        per_metric[m].push_back(values[m]);
    }
    std::vector<Estimate> estimates;
    for (auto& values : per_metric)
      estimates.push_back(estimate(values));
    s.levels.push_back(std::move(estimates));
  }
  std::vector<std::vector<double>> per_system(system_metric_names().size());
  for (const auto& r : results) {
    auto values = system_metrics(r);
    for (std::size_t m = 0; m < values.size(); ++m)
      per_system[m].push_back(values[m]);
  }
  for (auto& values : per_system)
    s.system.push_back(estimate(values));

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
