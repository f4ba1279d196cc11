// The staffing and cost report: FTE by each day's census (staffing_rules.hpp) over the days of
// every replication, days at capacity, and costs; estimates across replications.
#include "continuum/stats/staffing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include "continuum/core/diagnostics.hpp"
#include "continuum/core/units.hpp"
#include "continuum/model/capacity.hpp"

namespace continuum {

namespace {

constexpr std::uint64_t kSignBit = std::uint64_t{1} << 63;

// A key whose unsigned order is the order of the doubles (NaN aside; -0 just below +0).
std::uint64_t order_key(double v) {
  const auto u = std::bit_cast<std::uint64_t>(v);
  return (u & kSignBit) != 0 ? ~u : u | kSignBit;
}
double key_value(std::uint64_t k) {
  return std::bit_cast<double>((k & kSignBit) != 0 ? k & ~kSignBit : ~k);
}

// One order statistic being found: its rank (0-based), the interval of keys [lo, hi] known to
// hold it, how many values lie below lo and how many inside.
struct Rank {
  std::size_t rank, below = 0, inside;
  std::uint64_t lo = 0, hi = ~std::uint64_t{0};
  bool found = false;
  double value = NAN;
};

// An interval shared by the ranks still in it, with its histogram (or its values) of one pass.
struct Interval {
  std::uint64_t lo = 0, hi = 0;
  int shift = 0;                     // bucket = (key - lo) >> shift, at most 65,536 buckets
  std::vector<std::uint64_t> count;  // per bucket (histogram passes)
  std::vector<std::uint64_t> keys;   // the keys inside (the last pass)
};

constexpr int kBucketBits = 16;

// The distinct intervals of the ranks not found that `pending` accepts; index[k] is rank k's.
std::vector<Interval> intervals_of(const std::vector<Rank>& ranks, std::vector<std::size_t>& index,
                                   bool (*pending)(const Rank&, std::size_t), std::size_t hold) {
  std::vector<Interval> out;
  index.assign(ranks.size(), std::string::npos);
  for (std::size_t k = 0; k < ranks.size(); ++k) {
    if (!pending(ranks[k], hold)) continue;
    std::size_t i = 0;
    while (i < out.size() && (out[i].lo != ranks[k].lo || out[i].hi != ranks[k].hi))
      ++i;
    if (i == out.size()) {
      out.emplace_back();
      out.back().lo = ranks[k].lo;
      out.back().hi = ranks[k].hi;
    }
    index[k] = i;
  }
  return out;
}

// Calls visit(key) for each of the pooled values, part by part.
template <class Visit>
void each_key(std::size_t parts, const std::function<std::span<const double>(std::size_t)>& part,
              Visit visit) {
  for (std::size_t p = 0; p < parts; ++p)
    for (double v : part(p))
      visit(order_key(v));
}

}  // namespace

std::vector<double> pooled_quantiles(
    std::size_t n, std::size_t parts,
    const std::function<std::span<const double>(std::size_t)>& part, const std::vector<double>& qs,
    std::size_t hold) {
  std::vector<double> out(qs.size(), NAN);
  if (n == 0) return out;
  // The order statistics lo = floor(h) and min(lo + 1, n - 1), h = (n - 1) q, of sample_quantile.
  std::vector<Rank> ranks;
  for (double q : qs) {
    const double h = (static_cast<double>(n) - 1) * q;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    ranks.push_back({.rank = lo, .inside = n});
    ranks.push_back({.rank = std::min(lo + 1, n - 1), .inside = n});
  }
  std::vector<std::size_t> index;
  // Histogram passes while some interval holds more than `hold` values of more than one key.
  const auto narrowing = [](const Rank& r, std::size_t h) { return !r.found && r.inside > h; };
  for (;;) {
    std::vector<Interval> cut = intervals_of(ranks, index, narrowing, hold);
    if (cut.empty()) break;
    for (Interval& iv : cut) {
      iv.shift = std::max(0, static_cast<int>(std::bit_width(iv.hi - iv.lo)) - kBucketBits);
      iv.count.assign(static_cast<std::size_t>((iv.hi - iv.lo) >> iv.shift) + 1, 0);
    }
    each_key(parts, part, [&](std::uint64_t key) {
      for (Interval& iv : cut)
        if (key >= iv.lo && key <= iv.hi)
          ++iv.count[static_cast<std::size_t>((key - iv.lo) >> iv.shift)];
    });
    for (std::size_t k = 0; k < ranks.size(); ++k) {
      if (index[k] == std::string::npos) continue;
      Rank& r = ranks[k];
      const Interval& iv = cut[index[k]];
      std::size_t b = 0, below = r.below;
      while (below + iv.count[b] <= r.rank)
        below += iv.count[b++];
      r.below = below;
      r.inside = static_cast<std::size_t>(iv.count[b]);
      r.lo = iv.lo + (static_cast<std::uint64_t>(b) << iv.shift);
      if (b + 1 < iv.count.size()) r.hi = r.lo + ((std::uint64_t{1} << iv.shift) - 1);
      if (r.lo == r.hi) {  // one key: every value inside is the statistic
        r.found = true;
        r.value = key_value(r.lo);
      }
    }
  }
  // The last pass: gather the (at most `hold`) values of each interval left and select.
  const auto gathering = [](const Rank& r, std::size_t) { return !r.found; };
  std::vector<Interval> cut = intervals_of(ranks, index, gathering, hold);
  if (!cut.empty()) {
    each_key(parts, part, [&](std::uint64_t key) {
      for (Interval& iv : cut)
        if (key >= iv.lo && key <= iv.hi) iv.keys.push_back(key);
    });
    for (std::size_t k = 0; k < ranks.size(); ++k) {
      if (index[k] == std::string::npos) continue;
      std::vector<std::uint64_t>& keys = cut[index[k]].keys;
      // The last pass sees the values the histograms counted: as many as counted inside.
      CONTINUUM_ASSERT(keys.size() == ranks[k].inside);
      const auto at = keys.begin() + static_cast<std::ptrdiff_t>(ranks[k].rank - ranks[k].below);
      std::nth_element(keys.begin(), at, keys.end());
      ranks[k].value = key_value(*at);
    }
  }
  for (std::size_t i = 0; i < qs.size(); ++i) {  // as sample_quantile interpolates
    const double h = (static_cast<double>(n) - 1) * qs[i];
    const double lo = ranks[2 * i].value, hi = ranks[2 * i + 1].value;
    out[i] = lo + (h - std::floor(h)) * (hi - lo);
  }
  return out;
}

bool has_staffing(const Scenario& scenario) {
  if (!scenario.staff_roles.empty()) return true;
  return std::any_of(scenario.levels.begin(), scenario.levels.end(),
                     [](const LevelSpec& l) { return l.cost_per_patient_day > 0; });
}

namespace {

// Where replication r's daily series are: results[r]'s own, or the store's replication
// first + r (staffing_report). The last replication read is kept.
class SeriesSource {
 public:
  SeriesSource(const ResultSource& results, const DailySeriesStore* store, std::size_t first)
      : results_(results),
        store_(store != nullptr && store->holds() ? store : nullptr),
        first_(first) {}
  DailySeriesRef operator()(std::size_t r) {
    if (store_ == nullptr) {
      if (const ReplicationResult* items = results_.in_memory())
        return {items[r].daily_census, items[r].daily_waitlist, items[r].daily_class_census};
    }
    if (loaded_ != r) {
      ref_ = store_ != nullptr ? store_->load(first_ + r, scratch_)
                               : daily_series(results_, nullptr, r, scratch_);
      loaded_ = r;
    }
    return ref_;
  }

 private:
  ResultSource results_;
  const DailySeriesStore* store_;
  std::size_t first_;
  std::size_t loaded_ = std::string::npos;
  std::vector<float> scratch_;
  DailySeriesRef ref_;
};

// Days in a replication's daily series (0 when daily recording was off).
std::size_t days_of(const DailySeriesRef& series, std::size_t n_levels) {
  return series.census.size() / n_levels;
}

// The census of each class at `level` (class order) for rules with by_class: a day's (`day`
// below the days recorded per class) or the window's mean (`day` = npos). Empty when the
// replication kept no counters per class (one class: the level's census is the class's).
std::vector<double> class_census(const Scenario& scenario, const ReplicationResult& res,
                                 const DailySeriesRef& series, std::size_t level, std::size_t day) {
  const std::size_t n_levels = scenario.levels.size(), classes = scenario.classes.size();
  std::vector<double> out;
  if (classes < 2 || res.class_levels.size() != classes * n_levels) return out;
  out.resize(classes);
  const auto& kept = res.daily_class_levels;
  const auto at = std::find(kept.begin(), kept.end(), static_cast<std::uint32_t>(level));
  const std::size_t k = static_cast<std::size_t>(at - kept.begin());
  const bool daily = day != std::string::npos && at != kept.end() &&
                     series.class_census.size() >= (day + 1) * classes * kept.size();
  for (std::size_t c = 0; c < classes; ++c)
    out[c] = daily ? series.class_census[(day * classes + c) * kept.size() + k]
                   : res.class_levels[c * n_levels + level].census_area / res.window_days;
  return out;
}

// Beds, effective capacity and what binds; the estimates are filled in later.
LevelCost level_capacity(const Scenario& scenario, std::size_t level) {
  const LevelSpec& spec = scenario.levels[level];
  LevelCost cost;
  cost.level = spec.name;
  cost.beds = spec.capacity;
  cost.unit = spec.unit;
  cost.effective = effective_capacity(scenario, level);
  // Unlimited places and no staff on hand that limits them: nothing binds.
  cost.binding =
      cost.effective.binding_role >= 0
          ? scenario.staff_roles[static_cast<std::size_t>(cost.effective.binding_role)].name
          : (is_unlimited(cost.beds) ? "none" : "beds");
  return cost;
}

// Per replication: the share of days whose mean census reaches the effective capacity (NaN
// without daily series or with unlimited capacity).
std::vector<double> days_at_capacity(const ResultSource& results, SeriesSource& series,
                                     std::size_t n_levels, std::size_t level, int capacity) {
  std::vector<double> at_capacity(results.size(), NAN);
  for (std::size_t r = 0; r < results.size(); ++r) {
    if (is_unlimited(capacity)) continue;
    const DailySeriesRef daily = series(r);
    const std::size_t days = days_of(daily, n_levels);
    if (days == 0) continue;
    std::size_t full = 0;
    for (std::size_t d = 0; d < days; ++d)
      if (daily.census[d * n_levels + level] >= capacity - 0.5) ++full;
    at_capacity[r] = static_cast<double>(full) / static_cast<double>(days);
  }
  return at_capacity;
}

// Per-replication quantiles across replications; the pooled ones are set by role_row.
void set_quantiles(StaffingRow& row, const std::vector<double>& q50, const std::vector<double>& q90,
                   const std::vector<double>& q95) {
  row.p50_ci = estimate(q50);
  row.p90_ci = estimate(q90);
  row.p95_ci = estimate(q95);
}

// With sessions (levels.L.sessions): the FTE of the role's group rules at `groups_per_week`,
// groups per week x facilitators_per_group x sessions.hours.
double group_fte_at(const LevelSpec& spec, const StaffRole& role, int role_index,
                    double groups_per_week) {
  double hours = 0;
  for (const StaffRule& rule : spec.staffing)
    if (rule.role == role_index && rule.facilitators_per_group > 0)
      hours += groups_per_week * rule.facilitators_per_group * spec.sessions->hours;
  return hours / (role.hours_per_fte_week * role.productive_share);
}
// The same from the groups replication `res` actually formed, the same on every day of the window
// (the census-based group rule needs `schedule:`, which a level with sessions has not).
double session_group_fte(const LevelSpec& spec, const StaffRole& role, int role_index,
                         const ReplicationResult& res, std::size_t level) {
  if (!spec.sessions || res.window_days <= 0) return 0;
  const double groups_per_week =
      static_cast<double>(res.levels[level].session_groups) * 7 / res.window_days;
  return group_fte_at(spec, role, role_index, groups_per_week);
}

// Replication r's FTE of `role` at `level` on each of its `days` days into `daily`, with the
// session groups' `group_fte` added; returns their sum (summed as the days go).
double daily_fte(const Scenario& scenario, std::size_t level, int role, bool by_class,
                 const ReplicationResult& res, const DailySeriesRef& series, std::size_t days,
                 double group_fte, std::vector<double>& daily) {
  const LevelSpec& spec = scenario.levels[level];
  const std::size_t n_levels = scenario.levels.size();
  daily.resize(days);
  double sum = 0;
  for (std::size_t d = 0; d < days; ++d) {
    const double census = series.census[d * n_levels + level];
    sum += daily[d] = by_class ? role_fte(scenario, spec, role, census,
                                          class_census(scenario, res, series, level, d))
                               : role_fte(scenario, spec, role, census);
    daily[d] += group_fte;
    sum += group_fte;
  }
  return sum;
}

// One role at one level: FTE by day and its cost; adds each replication's cost to `staff_cost`.
// The pooled quantiles (over every day of every replication) sort the gathered values when they
// fit in kPooledGatherBytes and the daily memory budget; beyond, pooled_quantiles selects them
// in passes over the replications, the same bits without holding them.
StaffingRow role_row(const Scenario& scenario, std::size_t level, int role, ResultReader& results,
                     std::size_t reps, SeriesSource& series, std::vector<double>& staff_cost,
                     bool& daily_basis) {
  const LevelSpec& spec = scenario.levels[level];
  const std::size_t n_levels = scenario.levels.size();
  const StaffRole& sr = scenario.staff_roles[static_cast<std::size_t>(role)];
  StaffingRow row;
  row.level = spec.name;
  row.role = sr.name;
  row.basis = role_basis(scenario, spec, role);
  const bool by_class = role_by_class(spec, role);
  for (const auto& [rl, fte] : spec.staff_on_hand)
    if (rl == role) row.on_hand = fte;
  const std::size_t gather = std::min(kPooledGatherBytes, daily_memory_budget()) / sizeof(double);
  std::vector<double> pooled, daily, means(reps), q50(reps, NAN), q90(reps, NAN), q95(reps, NAN);
  std::vector<double> costs(reps);
  std::size_t n_pooled = 0;
  // Staff on hand are paid whether needed or not: a day costs max(on hand, that day's FTE).
  const bool on_hand = !std::isnan(row.on_hand);
  for (std::size_t r = 0; r < reps; ++r) {
    double paid = 0;  // the mean day's paid FTE
    const ReplicationResult& res = results[r];
    const DailySeriesRef daily_series = series(r);
    const std::size_t days = days_of(daily_series, n_levels);
    const double group_fte = session_group_fte(spec, sr, role, res, level);
    if (days == 0) {
      daily_basis = false;
      const double census = res.levels[level].census_area / res.window_days;
      means[r] = by_class
                     ? role_fte(scenario, spec, role, census,
                                class_census(scenario, res, daily_series, level, std::string::npos))
                     : role_fte(scenario, spec, role, census);
      means[r] += group_fte;
      paid = on_hand ? std::max(row.on_hand, means[r]) : means[r];
    } else {
      const double sum =
          daily_fte(scenario, level, role, by_class, res, daily_series, days, group_fte, daily);
      means[r] = sum / static_cast<double>(days);
      paid = means[r];
      if (on_hand) {
        double paid_sum = 0;
        for (double f : daily)
          paid_sum += std::max(row.on_hand, f);
        paid = paid_sum / static_cast<double>(days);
      }
      n_pooled += days;
      if (n_pooled <= gather) {
        pooled.insert(pooled.end(), daily.begin(), daily.end());
      } else if (!pooled.empty()) {
        pooled = {};  // past the bound: selected in passes below
      }
      std::sort(daily.begin(), daily.end());
      q50[r] = sample_quantile(daily, 0.5);
      q90[r] = sample_quantile(daily, 0.9);
      q95[r] = sample_quantile(daily, 0.95);
    }
    costs[r] = paid * sr.cost_per_fte_year;
    staff_cost[r] += costs[r];
  }
  row.mean_fte = estimate(means);
  row.cost_per_year = estimate(costs);
  if (n_pooled > 0 && n_pooled <= gather) {
    std::sort(pooled.begin(), pooled.end());
    row.p50 = sample_quantile(pooled, 0.5);
    row.p90 = sample_quantile(pooled, 0.9);
    row.p95 = sample_quantile(pooled, 0.95);
  } else if (n_pooled > 0) {
    // At most 6 intervals of gather / 6 values each in the last pass.
    const std::vector<double> p = pooled_quantiles(
        n_pooled, reps,
        [&](std::size_t r) -> std::span<const double> {
          const DailySeriesRef s = series(r);
          const std::size_t days = days_of(s, n_levels);
          if (days == 0) return {};
          const double group_fte = session_group_fte(spec, sr, role, results[r], level);
          daily_fte(scenario, level, role, by_class, results[r], s, days, group_fte, daily);
          return daily;
        },
        {0.5, 0.9, 0.95}, gather / 6);
    row.p50 = p[0];
    row.p90 = p[1];
    row.p95 = p[2];
  }
  set_quantiles(row, q50, q90, q95);
  return row;
}

// Staff and non-staff cost per year and per admission and completion; adds each replication's
// total to `total_cost`.
void set_costs(LevelCost& cost, ResultReader& results, std::size_t reps, std::size_t level,
               const std::vector<double>& staff_cost, const std::vector<double>& non_staff,
               std::vector<double>& total_cost) {
  std::vector<double> total(reps), per_admission(reps), per_completion(reps);
  for (std::size_t r = 0; r < reps; ++r) {
    const LevelResult& c = results[r].levels[level];
    total[r] = staff_cost[r] + non_staff[r];
    total_cost[r] += total[r];
    const double window_cost = total[r] / kDaysPerYear * results[r].window_days;
    per_admission[r] = c.admissions > 0 ? window_cost / static_cast<double>(c.admissions) : NAN;
    per_completion[r] = c.completions > 0 ? window_cost / static_cast<double>(c.completions) : NAN;
  }
  cost.staff_cost_per_year = estimate(staff_cost);
  cost.non_staff_cost_per_year = estimate(non_staff);
  cost.total_cost_per_year = estimate(total);
  cost.cost_per_admission = estimate(per_admission);
  cost.cost_per_completion = estimate(per_completion);
}

}  // namespace

StaffingReport staffing_report(const Scenario& scenario, const ResultSource& source,
                               const DailySeriesStore* daily, std::size_t first) {
  StaffingReport report;
  SeriesSource series(source, daily, first);
  ResultReader results(source);  // one result decoded at a time (a store's), the last kept
  const std::size_t n_levels = scenario.levels.size();
  const std::size_t reps = source.size();
  std::vector<double> total_cost(reps, 0.0);
  for (std::size_t l = 0; l < n_levels; ++l) {
    const LevelSpec& spec = scenario.levels[l];
    if (spec.staffing.empty() && spec.cost_per_patient_day <= 0) continue;
    LevelCost cost = level_capacity(scenario, l);
    std::vector<double> staff_cost(reps, 0.0), non_staff(reps, 0.0);
    for (std::size_t r = 0; r < reps; ++r) {
      const double mean_census = results[r].levels[l].census_area / results[r].window_days;
      non_staff[r] = mean_census * spec.cost_per_patient_day * kDaysPerYear;
    }
    for (int role : level_roles(scenario, spec))
      report.rows.push_back(
          role_row(scenario, l, role, results, reps, series, staff_cost, report.daily_basis));
    cost.days_at_capacity =
        estimate(days_at_capacity(source, series, n_levels, l, cost.effective.capacity));
    set_costs(cost, results, reps, l, staff_cost, non_staff, total_cost);
    report.levels.push_back(std::move(cost));
  }
  report.total_cost_per_year = estimate(total_cost);
  return report;
}

double full_census_fte(const Scenario& scenario, std::size_t level, int role, int capacity,
                       std::span<const ReplicationResult> results,
                       std::vector<std::string>& notes) {
  const LevelSpec& spec = scenario.levels[level];
  const StaffRole& sr = scenario.staff_roles[static_cast<std::size_t>(role)];
  const std::size_t n_levels = scenario.levels.size(), classes = scenario.classes.size();
  const double census = std::max(0, capacity);
  auto note = [&notes](std::string text) {
    if (std::find(notes.begin(), notes.end(), text) == notes.end()) notes.push_back(text);
  };
  double fte = 0;
  if (role_by_class(spec, role)) {
    // The class mix: each class's share of the level's census over every replication.
    std::vector<double> area(classes, 0.0);
    double total = 0;
    for (const ReplicationResult& res : results) {
      if (res.class_levels.size() != classes * n_levels) continue;
      for (std::size_t c = 0; c < classes; ++c) {
        area[c] += res.class_levels[c * n_levels + level].census_area;
        total += res.class_levels[c * n_levels + level].census_area;
      }
    }
    if (total > 0) {
      for (double& a : area)
        a = census * a / total;
      fte = role_fte(scenario, spec, role, census, area);
      note(fmt::format("{}: class ratios (by_class) at the class mix simulated", spec.name));
    } else {
      fte = role_fte(scenario, spec, role, census);
      note(fmt::format("{}: class ratios (by_class) not applied (no census by class simulated)",
                       spec.name));
    }
  } else {
    fte = role_fte(scenario, spec, role, census);
  }
  const bool has_group_rule =
      std::any_of(spec.staffing.begin(), spec.staffing.end(), [role](const StaffRule& rule) {
        return rule.role == role && rule.facilitators_per_group > 0;
      });
  if (spec.sessions && has_group_rule) {
    // Sessions per week as scheduled (the session days; sessions_held counts only sessions
    // someone attended, fewer at a candidate's census than at full census), the attendance share
    // as simulated; the groups of one session at full census: E[ceil(X / group_size_max)],
    // X ~ Binomial(capacity, attendance).
    double places = 0, attended = 0;
    for (const ReplicationResult& res : results) {
      places += static_cast<double>(res.levels[level].session_places);
      attended += static_cast<double>(res.levels[level].sessions_attended);
    }
    const double p = places > 0 ? attended / places : spec.sessions->attendance;
    const auto per_week = static_cast<double>(std::popcount(spec.sessions->days));
    const auto n = static_cast<std::int64_t>(census);
    const auto g = static_cast<std::int64_t>(std::max(1, spec.sessions->group_size_max));
    double groups = 0;
    if (p >= 1) {
      groups = static_cast<double>((n + g - 1) / g);
    } else if (p > 0) {
      // pmf by logs (n up to the capacity bound): k attendees, ceil(k / g) groups.
      const double lp = std::log(p), lq = std::log1p(-p);
      for (std::int64_t k = 1; k <= n; ++k) {
        const double log_pmf = std::lgamma(static_cast<double>(n) + 1) -
                               std::lgamma(static_cast<double>(k) + 1) -
                               std::lgamma(static_cast<double>(n - k) + 1) +
                               static_cast<double>(k) * lp + static_cast<double>(n - k) * lq;
        groups += std::exp(log_pmf) * static_cast<double>((k + g - 1) / g);
      }
    }
    fte += group_fte_at(spec, sr, role, groups * per_week);
    note(fmt::format(
        "{}: session groups at full census from the sessions per week as scheduled ({:g}, "
        "closed days not deducted) and the attendance simulated ({:.1f}%), each patient "
        "attending independently",
        spec.name, per_week, 100 * p));
  }
  return fte;
}

}  // namespace continuum
