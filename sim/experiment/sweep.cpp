// Parameter sweeps: every point of a grid of settings as a variant of one plan (in slices that
// bound the memory held), all with the same seed (common random numbers).
#include <algorithm>
#include <optional>
#include <utility>

#include "continuum/experiment/compare.hpp"
#include "continuum/experiment/executor.hpp"
#include "continuum/experiment/plan.hpp"

namespace continuum {

namespace {

// Results held at once: a ReplicationResult keeps a 13 KB wait histogram per level, so a
// slice of points holds about this many replications (at least one point).
constexpr int kReplicationsPerSlice = 1024;

// The grid's points (the last axis varies fastest), each with its parameters and scenario.
std::vector<SweepPointResult> grid_points(const Scenario& base,
                                          const std::vector<SweepAxis>& axes) {
  std::size_t count = 1;
  for (const auto& axis : axes)
    count *= axis.values.size();
  std::vector<SweepPointResult> points(count);
  for (std::size_t i = 0; i < count; ++i) {
    SweepPointResult& point = points[i];
    point.scenario = base;
    point.parameters.resize(axes.size());
    std::size_t rest = i;
    for (std::size_t a = axes.size(); a-- > 0;) {
      point.parameters[a] = axes[a].values[rest % axes[a].values.size()];
      rest /= axes[a].values.size();
    }
    for (std::size_t a = 0; a < axes.size(); ++a)
      apply_setting(point.scenario, axes[a].path, point.parameters[a]);
  }
  return points;
}

}  // namespace

std::vector<SweepPointResult> run_sweep(const Scenario& base, const std::vector<SweepAxis>& axes,
                                        const RunOptions& options, const SweepPointHook& hook) {
  const RunSpec spec = resolve_run_spec(base, options);
  const Recording recording{options.record_daily || static_cast<bool>(hook), options.trace};
  std::vector<SweepPointResult> points = grid_points(base, axes);
  const std::size_t per_slice =
      static_cast<std::size_t>(std::max(1, kReplicationsPerSlice / std::max(1, spec.replications)));
  for (std::size_t first = 0; first < points.size(); first += per_slice) {
    const std::size_t last = std::min(points.size(), first + per_slice);
    Plan plan;
    for (std::size_t p = first; p < last; ++p)
      plan.add(points[p].scenario, spec.replications, spec.seed, recording);
    PlanResults results = execute(plan, options);
    for (std::size_t p = first; p < last; ++p) {
      const Scenario& scenario = points[p].scenario;
      std::vector<ReplicationResult>& point_results = results[p - first];
      // The hook's daily series move to a store: the summary and costs below are a sweep's
      // without them, as they were before the hook.
      std::optional<DailySeriesStore> daily;
      if (hook && !options.record_daily) {
        daily.emplace(point_results.size());
        for (std::size_t r = 0; r < point_results.size(); ++r)
          daily->put(r, point_results[r]);
      }
      points[p].summary = summarize(scenario, point_results, spec.seed);
      const AnnualCosts costs =
          has_costs(scenario) ? annual_costs(scenario, point_results) : AnnualCosts{};
      if (has_costs(scenario)) points[p].costs = summarize_costs(costs);
      if (has_revenue(scenario))
        points[p].revenue =
            summarize_revenue(scenario, annual_revenue(scenario, point_results, costs));
      if (hook) {
        // With the series still in the results (a sweep that records them), the point's own
        // summary already has them: only a store needs a second summary.
        if (daily)
          hook(p, points[p], summarize(scenario, point_results, spec.seed, &*daily), point_results,
               &*daily);
        else
          hook(p, points[p], points[p].summary, point_results, nullptr);
      }
    }
  }
  return points;
}

}  // namespace continuum
