// Replications as a one-variant plan, then estimates across them in replication order.
#include "continuum/experiment/runner.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "continuum/experiment/executor.hpp"
#include "continuum/experiment/plan.hpp"

namespace continuum {

std::vector<ReplicationResult> run_replications(const Scenario& scenario,
                                                const RunOptions& options) {
  const RunSpec spec = resolve_run_spec(scenario, options);
  Plan plan;
  plan.add(scenario, spec.replications, spec.seed,
           {options.record_daily, options.trace, options.watches});
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
                       {options.record_daily, options.trace, options.watches}});
  std::vector<ReplicationResult> more = std::move(execute(plan, options).front());
  for (int r = from; r < to; ++r)
    results.push_back(std::move(more[static_cast<std::size_t>(r)]));
}

namespace {

// Each metric's estimate across replications, per level (`level_of(result, level)`) and for the
// system (`system_of(result)`): the one shape of the whole run's, each class's and each
// window's figures.
template <class LevelOf, class SystemOf>
void estimate_block(const std::vector<ReplicationResult>& results, std::size_t n_levels,
                    LevelOf level_of, SystemOf system_of,
                    std::vector<MetricValues<LevelMetric, Estimate>>& levels,
                    MetricValues<SystemMetric, Estimate>& system) {
  for (std::size_t l = 0; l < n_levels; ++l) {
    std::vector<MetricValues<LevelMetric>> values;
    for (const auto& r : results)
      values.push_back(level_of(r, l));
    levels.push_back(estimate_each(values));
  }
  std::vector<MetricValues<SystemMetric>> values;
  for (const auto& r : results)
    values.push_back(system_of(r));
  system = estimate_each(values);
}

// The daily band of one series: per cell (day x level), the mean over replications (summed in
// replication order) and the 10th and 90th percentiles. Read in blocks of cells across all
// replications, at most kDailyBlockBytes at once, from `daily` (null: the results' own series):
// the same bits either way.
void daily_band(const std::vector<ReplicationResult>& results, const DailySeriesStore* daily,
                DailySeriesKind kind, std::vector<DailyPoint>& out) {
  const std::size_t reps = results.size(), cells = out.size();
  const std::size_t block = std::max<std::size_t>(1, kDailyBlockBytes / (sizeof(float) * reps));
  std::vector<float> values;
  std::vector<double> column(reps);
  for (std::size_t first = 0; first < cells; first += block) {
    const std::size_t count = std::min(block, cells - first);
    if (daily != nullptr) {
      daily->read_block(kind, first, count, reps, values);
    } else {
      values.resize(reps * count);
      for (std::size_t r = 0; r < reps; ++r) {
        const std::vector<float>& series =
            kind == DailySeriesKind::kCensus ? results[r].daily_census : results[r].daily_waitlist;
        std::copy_n(series.begin() + static_cast<std::ptrdiff_t>(first), count,
                    values.begin() + static_cast<std::ptrdiff_t>(r * count));
      }
    }
    for (std::size_t i = 0; i < count; ++i) {
      double sum = 0;
      for (std::size_t r = 0; r < reps; ++r)
        sum += column[r] = values[r * count + i];
      const auto [p10, p90] = sample_quantiles_10_90(column);
      out[first + i] = {static_cast<float>(sum / static_cast<double>(reps)),
                        static_cast<float>(p10), static_cast<float>(p90)};
    }
  }
}

}  // namespace

Summary summarize(const Scenario& scenario, const std::vector<ReplicationResult>& results,
                  std::uint64_t seed, const DailySeriesStore* daily) {
  Summary s;
  s.replications = static_cast<int>(results.size());
  s.seed = seed;
  const std::size_t n_levels = scenario.levels.size();
  for (const auto& r : results) {
    s.events += r.events;
    s.balance += r.balance;
  }

  estimate_block(
      results, n_levels,
      [&](const ReplicationResult& r, std::size_t l) {
        return level_metrics(r, l, scenario.levels[l].capacity);
      },
      [](const ReplicationResult& r) { return system_metrics(r); }, s.levels, s.system);

  for (std::size_t c = 0; c < scenario.classes.size() && !results.empty(); ++c) {
    if (results[0].class_system.size() != scenario.classes.size()) break;  // one class
    ClassSummary cs{scenario.classes[c].name, {}, {}};
    estimate_block(
        results, n_levels,
        [&](const ReplicationResult& r, std::size_t l) {
          return class_level_metrics(r, c, l, scenario.levels[l].capacity);
        },
        [&](const ReplicationResult& r) { return class_system_metrics(r, c); }, cs.levels,
        cs.system);
    s.classes.push_back(std::move(cs));
  }

  for (std::size_t w = 0; w < scenario.report_windows.size() && !results.empty(); ++w) {
    if (results[0].windows.size() != scenario.report_windows.size()) break;
    const ReportWindow& window = scenario.report_windows[w];
    WindowSummary ws{window.name, window.from_day, window.to_day, {}, {}};
    estimate_block(
        results, n_levels,
        [&](const ReplicationResult& r, std::size_t l) {
          return window_level_metrics(r, w, l, scenario.levels[l].capacity);
        },
        [&](const ReplicationResult& r) { return window_system_metrics(r, w); }, ws.levels,
        ws.system);
    s.windows.push_back(std::move(ws));
  }

  s.interim = estimate_interim(results);
  s.compliance = estimate_compliance(results);

  const std::size_t slots = scenario.exits.empty() ? 0 : 1 + scenario.exits.size();
  for (std::size_t k = 0; k < slots && !results.empty(); ++k) {
    if (results[0].exit_counts.size() != slots * n_levels) break;
    ExitSummary es{k == 0 ? "exit" : scenario.exits[k - 1].substr(5), {}, {}};
    std::vector<double> all(results.size(), 0.0), one(results.size());
    for (std::size_t l = 0; l < n_levels; ++l) {
      for (std::size_t r = 0; r < results.size(); ++r) {
        const double days = results[r].window_days;
        one[r] = static_cast<double>(results[r].exit_counts[l * slots + k]) / days;
        all[r] += one[r];
      }
      es.levels_per_day.push_back(estimate(one));
    }
    es.per_day = estimate(all);
    s.exits.push_back(std::move(es));
  }

  for (std::size_t l = 0; l < n_levels && !results.empty(); ++l) {
    if (scenario.levels[l].sessions && results[0].levels.size() == n_levels) {
      const auto ratio = [](std::int64_t a, std::int64_t b) {
        return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : NAN;
      };
      std::vector<double> rate, held, groups, size, no_show;
      for (const ReplicationResult& r : results) {
        const LevelResult& t = r.levels[l];
        rate.push_back(ratio(t.sessions_attended, t.session_places));
        held.push_back(static_cast<double>(t.sessions_held));
        groups.push_back(static_cast<double>(t.session_groups) * 7 / r.window_days);
        size.push_back(ratio(t.sessions_attended, t.session_groups));
        no_show.push_back(static_cast<double>(t.no_show_discharges));
      }
      s.sessions.push_back(
          {l, estimate(rate), estimate(held), estimate(groups), estimate(size), estimate(no_show)});
    }
    if (!scenario.levels[l].drug_testing ||
        results[0].drug_testing.size() != n_levels * kDrugCounts)
      continue;
    DrugTestingSummary ds;
    ds.level = l;
    std::vector<double> values(results.size());
    for (std::size_t k = 0; k < kDrugCounts; ++k) {
      for (std::size_t r = 0; r < results.size(); ++r)
        values[r] = static_cast<double>(results[r].drug_testing[l * kDrugCounts + k]);
      ds.counts[k] = estimate(values);
    }
    for (std::size_t r = 0; r < results.size(); ++r) {
      const std::int64_t* c = &results[r].drug_testing[l * kDrugCounts];
      values[r] = c[0] > 0 ? static_cast<double>(c[1]) / static_cast<double>(c[0]) : NAN;
    }
    ds.positive_share = estimate(values);
    s.drug_testing.push_back(ds);
  }

  const bool stored = daily != nullptr && daily->holds();
  const std::size_t cells = results.empty() ? 0
                            : stored        ? daily->cells()
                                            : results[0].daily_census.size();
  if (cells > 0) {
    s.days = cells / n_levels;
    s.daily_census.resize(cells);
    s.daily_waitlist.resize(cells);
    daily_band(results, stored ? daily : nullptr, DailySeriesKind::kCensus, s.daily_census);
    daily_band(results, stored ? daily : nullptr, DailySeriesKind::kWaitlist, s.daily_waitlist);
  }
  return s;
}

}  // namespace continuum
