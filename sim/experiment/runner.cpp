// Replications as a one-variant plan, then estimates across them in replication order.
#include "continuum/experiment/runner.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "continuum/core/diagnostics.hpp"
#include "continuum/core/prefault.hpp"
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

// The daily band of one series: per cell (day x level), the mean over replications (summed in
// replication order) and the 10th and 90th percentiles. Read where the store keeps the series
// in memory, else in blocks of cells across all replications, at most kDailyBlockBytes at once,
// from `daily` (null: the results' own series): the same bits either way.
void daily_band(const ResultSource& results, const DailySeriesStore* daily, DailySeriesKind kind,
                std::vector<DailyPoint>& out) {
  const std::size_t reps = results.size(), cells = out.size();
  if (reps == 0 || cells == 0) return;
  std::vector<const float*> rows(reps);  // replication r's cells of the block at rows[r]
  const bool in_memory = daily != nullptr && daily->cells_in_memory(kind, 0) != nullptr;
  const std::size_t block =
      in_memory ? cells : std::max<std::size_t>(1, kDailyBlockBytes / (sizeof(float) * reps));
  std::vector<float> values, scratch;
  std::vector<double> column(reps);
  for (std::size_t first = 0; first < cells; first += block) {
    const std::size_t count = std::min(block, cells - first);
    if (in_memory) {
      for (std::size_t r = 0; r < reps; ++r)
        rows[r] = daily->cells_in_memory(kind, r) + first;
    } else {
      if (daily != nullptr) {
        daily->read_block(kind, first, count, reps, values);
      } else {
        values.resize(reps * count);
        for (std::size_t r = 0; r < reps; ++r) {
          const DailySeriesRef series = daily_series(results, nullptr, r, scratch);
          const std::span<const float> cells_of =
              kind == DailySeriesKind::kCensus ? series.census : series.waitlist;
          std::copy_n(cells_of.begin() + static_cast<std::ptrdiff_t>(first), count,
                      values.begin() + static_cast<std::ptrdiff_t>(r * count));
        }
      }
      for (std::size_t r = 0; r < reps; ++r)
        rows[r] = values.data() + r * count;
    }
    for (std::size_t i = 0; i < count; ++i) {
      double sum = 0;
      for (std::size_t r = 0; r < reps; ++r)
        sum += column[r] = rows[r][i];
      const auto [p10, p90] = sample_quantiles_10_90(column);
      out[first + i] = {static_cast<float>(sum / static_cast<double>(reps)),
                        static_cast<float>(p10), static_cast<float>(p90)};
    }
  }
}

// The shape of the run's metrics, from replication 0: which blocks its results carry.
struct Shape {
  std::size_t levels = 0, classes = 0, windows = 0, interim = 0, compliance = 0, exit_slots = 0;
  std::vector<std::size_t> sessions, drug_testing;  // levels with them, in scenario order
};

Shape shape_of(const Scenario& scenario, const ReplicationResult& first) {
  Shape sh;
  const std::size_t n_levels = sh.levels = scenario.levels.size();
  if (first.class_system.size() == scenario.classes.size()) sh.classes = scenario.classes.size();
  if (first.windows.size() == scenario.report_windows.size())
    sh.windows = scenario.report_windows.size();
  sh.interim = first.interim.size();
  sh.compliance = first.compliance.size();
  const std::size_t slots = scenario.exits.empty() ? 0 : 1 + scenario.exits.size();
  if (first.exit_counts.size() == slots * n_levels) sh.exit_slots = slots;
  for (std::size_t l = 0; l < n_levels; ++l) {
    if (scenario.levels[l].sessions && first.levels.size() == n_levels) sh.sessions.push_back(l);
    if (scenario.levels[l].drug_testing && first.drug_testing.size() == n_levels * kDrugCounts)
      sh.drug_testing.push_back(l);
  }
  return sh;
}

template <class E>
void append(const MetricValues<E>& m, std::vector<double>& out) {
  for (E e : all_metrics<E>())
    out.push_back(m[e]);
}

// Every value one replication contributes to the summary's estimates, in the order summarize
// reads the estimates back.
void replication_values(const Scenario& scenario, const Shape& sh, const ReplicationResult& r,
                        std::vector<double>& out) {
  const std::size_t n_levels = sh.levels;
  for (std::size_t l = 0; l < n_levels; ++l)
    append(level_metrics(r, l, scenario.levels[l].capacity), out);
  append(system_metrics(r), out);
  for (std::size_t c = 0; c < sh.classes; ++c) {
    for (std::size_t l = 0; l < n_levels; ++l)
      append(class_level_metrics(r, c, l, scenario.levels[l].capacity), out);
    append(class_system_metrics(r, c), out);
  }
  for (std::size_t w = 0; w < sh.windows; ++w) {
    for (std::size_t l = 0; l < n_levels; ++l)
      append(window_level_metrics(r, w, l, scenario.levels[l].capacity), out);
    append(window_system_metrics(r, w), out);
  }
  for (std::size_t i = 0; i < sh.interim; ++i)
    for (double v : interim_metrics(r.interim[i], r.window_days))
      out.push_back(v);
  for (std::size_t i = 0; i < sh.compliance; ++i)
    for (double v : compliance_metrics(r.compliance[i]))
      out.push_back(v);
  for (std::size_t k = 0; k < sh.exit_slots; ++k) {
    double all = 0;  // the levels' rates summed in level order
    for (std::size_t l = 0; l < n_levels; ++l) {
      const double one = static_cast<double>(r.exit_counts[l * sh.exit_slots + k]) / r.window_days;
      all += one;
      out.push_back(one);
    }
    out.push_back(all);
  }
  const auto ratio = [](std::int64_t a, std::int64_t b) {
    return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : NAN;
  };
  for (std::size_t l : sh.sessions) {
    const LevelResult& t = r.levels[l];
    out.push_back(ratio(t.sessions_attended, t.session_places));
    out.push_back(static_cast<double>(t.sessions_held));
    out.push_back(static_cast<double>(t.session_groups) * 7 / r.window_days);
    out.push_back(ratio(t.sessions_attended, t.session_groups));
    out.push_back(static_cast<double>(t.no_show_discharges));
  }
  for (std::size_t l : sh.drug_testing) {
    const std::int64_t* c = &r.drug_testing[l * kDrugCounts];
    for (std::size_t k = 0; k < kDrugCounts; ++k)
      out.push_back(static_cast<double>(c[k]));
    out.push_back(c[0] > 0 ? static_cast<double>(c[1]) / static_cast<double>(c[0]) : NAN);
  }
}

// The estimates back, in replication_values' order.
class EstimateCursor {
 public:
  explicit EstimateCursor(const std::vector<Estimate>& e) : e_(e) {}
  const Estimate& next() { return e_.at(i_++); }
  template <class E>
  MetricValues<E, Estimate> metrics() {
    MetricValues<E, Estimate> out;
    for (E m : all_metrics<E>())
      out[m] = next();
    return out;
  }
  void block(std::size_t n_levels, std::vector<MetricValues<LevelMetric, Estimate>>& levels,
             MetricValues<SystemMetric, Estimate>& system) {
    for (std::size_t l = 0; l < n_levels; ++l)
      levels.push_back(metrics<LevelMetric>());
    system = metrics<SystemMetric>();
  }
  KpiEstimates kpis() {
    KpiEstimates out;
    for (Estimate& e : out)
      e = next();
    return out;
  }
  bool done() const { return i_ == e_.size(); }

 private:
  const std::vector<Estimate>& e_;
  std::size_t i_ = 0;
};

}  // namespace

Summary summarize(const Scenario& scenario, const ResultSource& results, std::uint64_t seed,
                  const DailySeriesStore* daily) {
  Summary s;
  s.replications = static_cast<int>(results.size());
  s.seed = seed;
  const std::size_t n_levels = scenario.levels.size();
  if (results.empty()) {  // every estimate undefined
    s.levels.resize(n_levels);
    return s;
  }
  Shape sh;
  {
    ReplicationResult scratch;
    sh = shape_of(scenario, results.get(0, scratch));
  }
  // Every estimate in two passes over the replications (one result decoded at a time); the
  // first also sums the events and the balance in replication order.
  std::size_t seen = 0;
  const std::vector<Estimate> estimates =
      estimate_across(results, [&](const ReplicationResult& r, std::vector<double>& values) {
        if (seen++ < results.size()) {
          s.events += r.events;
          s.balance += r.balance;
        }
        replication_values(scenario, sh, r, values);
      });
  EstimateCursor next(estimates);
  next.block(n_levels, s.levels, s.system);
  for (std::size_t c = 0; c < sh.classes; ++c) {
    ClassSummary cs{scenario.classes[c].name, {}, {}};
    next.block(n_levels, cs.levels, cs.system);
    s.classes.push_back(std::move(cs));
  }
  for (std::size_t w = 0; w < sh.windows; ++w) {
    const ReportWindow& window = scenario.report_windows[w];
    WindowSummary ws{window.name, window.from_day, window.to_day, {}, {}};
    next.block(n_levels, ws.levels, ws.system);
    s.windows.push_back(std::move(ws));
  }
  for (std::size_t i = 0; i < sh.interim; ++i)
    s.interim.push_back(next.kpis());
  for (std::size_t i = 0; i < sh.compliance; ++i)
    s.compliance.push_back(next.kpis());
  for (std::size_t k = 0; k < sh.exit_slots; ++k) {
    ExitSummary es{k == 0 ? "exit" : scenario.exits[k - 1].substr(5), {}, {}};
    for (std::size_t l = 0; l < n_levels; ++l)
      es.levels_per_day.push_back(next.next());
    es.per_day = next.next();
    s.exits.push_back(std::move(es));
  }
  for (std::size_t l : sh.sessions) {
    SessionSummary ss;
    ss.level = l;
    ss.attendance_rate = next.next();
    ss.sessions_held = next.next();
    ss.groups_per_week = next.next();
    ss.mean_group_size = next.next();
    ss.no_show_discharges = next.next();
    s.sessions.push_back(ss);
  }
  for (std::size_t l : sh.drug_testing) {
    DrugTestingSummary ds;
    ds.level = l;
    for (std::size_t k = 0; k < kDrugCounts; ++k)
      ds.counts[k] = next.next();
    ds.positive_share = next.next();
    s.drug_testing.push_back(ds);
  }
  CONTINUUM_ASSERT(next.done());

  const bool stored = daily != nullptr && daily->holds();
  std::vector<float> scratch;
  const std::size_t cells =
      stored ? daily->cells() : daily_series(results, nullptr, 0, scratch).census.size();
  if (cells > 0) {
    s.days = cells / n_levels;
    reserve_prefaulted(s.daily_census, cells);
    reserve_prefaulted(s.daily_waitlist, cells);
    s.daily_census.resize(cells);
    s.daily_waitlist.resize(cells);
    daily_band(results, stored ? daily : nullptr, DailySeriesKind::kCensus, s.daily_census);
    daily_band(results, stored ? daily : nullptr, DailySeriesKind::kWaitlist, s.daily_waitlist);
  }
  return s;
}

}  // namespace continuum
