// The staffing and cost report of a run: FTE over the days of every replication, the share of
// days at capacity, and costs per year, per admission and per completion.
#pragma once

#include <cmath>
#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "continuum/model/scenario.hpp"
#include "continuum/model/staffing_rules.hpp"
#include "continuum/stats/daily_series_store.hpp"
#include "continuum/stats/result_store.hpp"
#include "continuum/stats/statistics.hpp"

namespace continuum {

struct StaffingRow {
  std::string level, role, basis;
  Estimate mean_fte;                       // mean over days; interval across replications
  double p50 = NAN, p90 = NAN, p95 = NAN;  // FTE covering that share of days, pooled
  Estimate p50_ci, p90_ci, p95_ci;         // per-replication quantiles: mean and interval
  double on_hand = NAN;                    // staff_on_hand, NaN when not given
  Estimate cost_per_year;                  // mean FTE x cost_per_fte_year
};
struct LevelCost {
  std::string level;
  int beds = 0;  // capacity as given (INT_MAX: unlimited)
  EffectiveCapacity effective;
  std::string binding;        // "beds" (the capacity), the role that binds, or "none"
  std::string unit;           // the level's unit ("beds" or "slots"): what binds in texts
  Estimate days_at_capacity;  // share of days with mean census >= effective capacity - 0.5
  Estimate staff_cost_per_year, non_staff_cost_per_year, total_cost_per_year;
  Estimate cost_per_admission, cost_per_completion;
};
struct StaffingReport {
  std::vector<StaffingRow> rows;
  std::vector<LevelCost> levels;  // levels with staffing or a non-staff cost
  Estimate total_cost_per_year;
  // The FTE's basis: each day's census (true), or, for replications without daily series
  // (run --no-daily), each replication's mean census.
  bool daily_basis = true;
};

// The values a staffing row pools, gathered (8 bytes each) only up to this many bytes, and at
// most daily_memory_budget(); beyond it, pooled_quantiles selects them in passes.
inline constexpr std::size_t kPooledGatherBytes = std::size_t{4} << 20;

// sample_quantile(pooled, q) for each q of `qs`, bit for bit, where `pooled` is the n values of
// part(0), ..., part(parts - 1), without gathering them: each pass over the parts narrows, for
// every order statistic the quantiles interpolate, an interval of values (by the bits of the
// values' order-preserving 64-bit keys, 16 a pass, at most four passes), until the interval holds
// one distinct value or at most `hold` values (then gathered in a last pass and selected). Holds
// at most a 65,536-count histogram per distinct interval and `hold` values. NaN for n = 0.
// A part's span must stay valid until the next call of part.
std::vector<double> pooled_quantiles(
    std::size_t n, std::size_t parts,
    const std::function<std::span<const double>(std::size_t)>& part, const std::vector<double>& qs,
    std::size_t hold);

// True when the scenario defines staff roles or any level has a cost: worth a report.
bool has_staffing(const Scenario& scenario);
// From replications run with daily recording (without it, the quantiles are NaN and the mean
// day is taken at each replication's mean census).
// `daily`: where the daily series are when the results no longer hold them (results[r]'s are the
// store's replication first + r); null or empty: the results' own.
// `results`: a vector of results, or run's ResultStore (one result decoded at a time, the last
// kept: each staffed role of each level reads each replication once).
StaffingReport staffing_report(const Scenario& scenario, const ResultSource& results,
                               const DailySeriesStore* daily = nullptr, std::size_t first = 0);

// The FTE of `role` at `level` with every place filled (census = `capacity`): `continuum size`'s
// staff at full census, by the rules of the staffing report. A rule with `by_class` counts each
// class at its share of the level's census in `results` (the class mix simulated; the rule's own
// ratios when no census by class was kept). Session groups (levels.L.sessions) at full census:
// the sessions per week and attendance share of `results`, each session forming
// E[ceil(X / group_size_max)] groups, X ~ Binomial(capacity, attendance). Each approximation
// made adds a sentence to `notes` (once).
double full_census_fte(const Scenario& scenario, std::size_t level, int role, int capacity,
                       std::span<const ReplicationResult> results, std::vector<std::string>& notes);

}  // namespace continuum
