// Whole scenarios: the two issue-6 models against the hand-written reference loop (the ratio
// is the number to drive down), the baseline county, the statewide system, thread scaling.
#include <time.h>

#include <chrono>
#include <map>
#include <thread>

#include "bench_util.hpp"
#include "continuum/config/load.hpp"
#include "continuum/experiment/runner.hpp"
#include "continuum/model/class_view.hpp"
#include "reference_loop.hpp"

namespace continuum::bench {
namespace {

const Scenario& scenario(const std::string& relative) {
  // Loaded once per path (the benchmarks run one at a time, on the main thread).
  static std::map<std::string, Scenario> cache;
  auto it = cache.find(relative);
  if (it == cache.end()) it = cache.emplace(relative, load_scenario(source_path(relative))).first;
  return it->second;
}

struct Totals {
  std::uint64_t events = 0, patients = 0;
};

// The engine as the command line runs it (statistics and daily series on), minus file output.
Totals run_engine(const Scenario& s, int threads, bool record_daily, int replications = 0) {
  RunOptions options;
  options.threads = threads;
  options.record_daily = record_daily;
  if (replications > 0) options.replications = replications;
  const auto results = run_replications(s, options);
  Totals t;
  for (const auto& r : results) {
    t.events += r.events;
    t.patients += static_cast<std::uint64_t>(r.system.arrivals);
  }
  return t;
}

// The reference loops, with the replication counts and horizons of the scenario files.
Totals run_reference_mmc(const Scenario& s) {
  Totals t;
  for (int r = 0; r < s.replications; ++r) {
    auto out = reference_mmc(10, 9, 1, s.horizon_days, s.seed * 1000 + static_cast<unsigned>(r));
    benchmark::DoNotOptimize(out.checksum);
    t.events += out.events;
    t.patients += out.patients;
  }
  return t;
}
Totals run_reference_continuum6(const Scenario& s) {
  Totals t;
  for (int r = 0; r < s.replications; ++r) {
    auto out = reference_continuum6(s.horizon_days, s.seed * 1000 + static_cast<unsigned>(r));
    benchmark::DoNotOptimize(out.checksum);
    t.events += out.events;
    t.patients += out.patients;
  }
  return t;
}

// Runs `once` per benchmark iteration and reports events and patients per second.
template <class Run>
void measure(benchmark::State& state, Run once) {
  Totals t;
  for (auto _ : state) {
    const Totals o = once();
    t.events += o.events, t.patients += o.patients;
  }
  report(state, t.events, t.patients);
}

constexpr const char* kMmc = "bench/scenarios/mmc.yaml";
constexpr const char* kContinuum6 = "bench/scenarios/continuum6.yaml";
constexpr const char* kBaseline = "scenarios/baseline.yaml";
constexpr const char* kStatewide = "bench/scenarios/statewide.yaml";
constexpr const char* kState = "bench/scenarios/state.yaml";

void BM_Reference_MMc(benchmark::State& state) {
  const Scenario& s = scenario(kMmc);
  measure(state, [&] { return run_reference_mmc(s); });
}
BENCHMARK(BM_Reference_MMc)->Unit(benchmark::kMillisecond);

void BM_Engine_MMc(benchmark::State& state) {
  const Scenario& s = scenario(kMmc);
  measure(state, [&] { return run_engine(s, 1, true); });
}
BENCHMARK(BM_Engine_MMc)->Unit(benchmark::kMillisecond);

void BM_Reference_Continuum6(benchmark::State& state) {
  const Scenario& s = scenario(kContinuum6);
  measure(state, [&] { return run_reference_continuum6(s); });
}
BENCHMARK(BM_Reference_Continuum6)->Unit(benchmark::kMillisecond);

void BM_Engine_Continuum6(benchmark::State& state) {
  const Scenario& s = scenario(kContinuum6);
  measure(state, [&] { return run_engine(s, 1, true); });
}
BENCHMARK(BM_Engine_Continuum6)->Unit(benchmark::kMillisecond);

// This thread's CPU time in seconds: unlike the wall clock, it does not count time spent
// descheduled when other work shares the machine.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Engine and reference timed alternately in every iteration (thread CPU time), so drift in
// the machine's speed hits both alike. `ratio` = engine time per event / reference time per
// event: the number to drive down (target <= 1.5).
template <class Reference>
void engine_vs_reference(benchmark::State& state, const char* path, Reference reference) {
  const Scenario& s = scenario(path);
  double engine_s = 0, reference_s = 0;
  Totals e, r;
  for (auto _ : state) {
    const double t0 = thread_cpu_seconds();
    Totals re = reference(s);
    const double t1 = thread_cpu_seconds();
    Totals en = run_engine(s, 1, true);
    const double t2 = thread_cpu_seconds();
    reference_s += t1 - t0;
    engine_s += t2 - t1;
    r.events += re.events, e.events += en.events;
  }
  const double engine_ns = engine_s * 1e9 / static_cast<double>(e.events);
  const double reference_ns = reference_s * 1e9 / static_cast<double>(r.events);
  state.counters["engine_ns_per_event"] = engine_ns;
  state.counters["reference_ns_per_event"] = reference_ns;
  state.counters["engine_events_per_s"] = 1e9 / engine_ns;
  state.counters["ratio"] = engine_ns / reference_ns;
}
void BM_EngineVsReference_MMc(benchmark::State& state) {
  engine_vs_reference(state, kMmc, run_reference_mmc);
}
BENCHMARK(BM_EngineVsReference_MMc)->Unit(benchmark::kMillisecond)->Iterations(iterations(5));
void BM_EngineVsReference_Continuum6(benchmark::State& state) {
  engine_vs_reference(state, kContinuum6, run_reference_continuum6);
}
BENCHMARK(BM_EngineVsReference_Continuum6)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(iterations(5));

void BM_Baseline(benchmark::State& state) {
  const Scenario& s = scenario(kBaseline);
  measure(state, [&] { return run_engine(s, 1, true); });
}
BENCHMARK(BM_Baseline)->Unit(benchmark::kMillisecond);

// The baseline as one class (model/class_view.hpp, without_classes): the same file with
// `classes:` and every per-class key cleared, so the engine compiles it as a scenario without
// classes. Levels' own `relapse` keys stay (they do not need classes).

// The issue-10 pair: the baseline with its patient classes, and as one class. Events per
// second are the figures to compare (target: with classes >= 85% of without); the runs differ
// in their events, not only in their speed, so compare rates, not times.
void BM_Baseline_Classes(benchmark::State& state) {
  const Scenario& s = scenario(kBaseline);
  measure(state, [&] { return run_engine(s, 1, true); });
}
BENCHMARK(BM_Baseline_Classes)->Unit(benchmark::kMillisecond);

void BM_Baseline_OneClass(benchmark::State& state) {
  const Scenario s = without_classes(scenario(kBaseline));
  measure(state, [&] { return run_engine(s, 1, true); });
}
BENCHMARK(BM_Baseline_OneClass)->Unit(benchmark::kMillisecond);

// The pair above timed alternately in every iteration (thread CPU time), so drift in the
// machine's speed hits both alike. `ratio` = events/s with classes / events/s as one class.
void BM_BaselineClassesVsOneClass(benchmark::State& state) {
  const Scenario& with = scenario(kBaseline);
  const Scenario without = without_classes(with);
  double with_s = 0, without_s = 0;
  Totals w, o;
  for (auto _ : state) {
    const double t0 = thread_cpu_seconds();
    const Totals one = run_engine(without, 1, true);
    const double t1 = thread_cpu_seconds();
    const Totals many = run_engine(with, 1, true);
    const double t2 = thread_cpu_seconds();
    without_s += t1 - t0;
    with_s += t2 - t1;
    o.events += one.events, w.events += many.events;
  }
  const double with_rate = static_cast<double>(w.events) / with_s;
  const double without_rate = static_cast<double>(o.events) / without_s;
  state.counters["classes_events_per_s"] = with_rate;
  state.counters["one_class_events_per_s"] = without_rate;
  state.counters["ratio"] = with_rate / without_rate;
}
BENCHMARK(BM_BaselineClassesVsOneClass)->Unit(benchmark::kMillisecond)->Iterations(iterations(3));

double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Replications on 1 and on N threads in the same iteration. `speedup` = 1-thread wall time /
// N-thread wall time (target >= 1.8 on two cores): meaningful only on an otherwise idle
// machine. `cpu_per_replication_ratio` = CPU time of the 1-thread run / total CPU time of the
// N-thread run: 1 when threads do not slow each other down (no shared state, no contention),
// whatever else runs on the machine; `speedup` on idle cores is then close to N times it.
void BM_ThreadScaling_Continuum6(benchmark::State& state) {
  const Scenario& s = scenario(kContinuum6);
  const int threads = static_cast<int>(state.range(0));
  using Clock = std::chrono::steady_clock;
  double one_s = 0, many_s = 0, one_cpu = 0, many_cpu = 0;
  std::uint64_t events = 0;
  for (auto _ : state) {
    const double c0 = process_cpu_seconds();
    auto t0 = Clock::now();
    run_engine(s, 1, true);
    auto t1 = Clock::now();
    const double c1 = process_cpu_seconds();
    events += run_engine(s, threads, true).events;
    auto t2 = Clock::now();
    const double c2 = process_cpu_seconds();
    one_s += std::chrono::duration<double>(t1 - t0).count();
    many_s += std::chrono::duration<double>(t2 - t1).count();
    one_cpu += c1 - c0;
    many_cpu += c2 - c1;
  }
  state.counters["threads"] = threads;
  state.counters["speedup"] = one_s / many_s;
  state.counters["cpu_per_replication_ratio"] = one_cpu / many_cpu;
  state.counters["events_per_s"] = static_cast<double>(events) / many_s;
}
BENCHMARK(BM_ThreadScaling_Continuum6)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(iterations(3))
    ->UseRealTime();

// The statewide system, one replication, daily series off: the peak memory must not depend on
// the horizon, so the same system runs for 5 and for 20 years and reports the peak of each.
void BM_Statewide(benchmark::State& state) {
  Scenario s = scenario(kStatewide);
  s.horizon_days = 365.0 * static_cast<double>(state.range(0));
  Totals t;
  reset_peak_rss();
  const double before = peak_rss_mib();
  for (auto _ : state) {
    Totals once = run_engine(s, 1, false, 1);
    t.events += once.events, t.patients += once.patients;
  }
  report(state, t.events, t.patients);
  state.counters["years"] = static_cast<double>(state.range(0));
  state.counters["peak_rss_growth_MiB"] = peak_rss_mib() - before;
}
BENCHMARK(BM_Statewide)->Arg(5)->Arg(20)->Unit(benchmark::kMillisecond)->Iterations(1);

// The state-sized system (issue 14: bench/scenarios/state.yaml, the statewide system scaled
// 1.6x: 60 levels, 240 referrals a day, 20 years after a 2-year warm-up) x 100 replications on
// 2 threads, daily series on (in a DailySeriesStore), summarized as `continuum run` does (about 650
// M events; 2 replications in the short mode, one per thread). Against it, two copies of the
// reference loop (continuum6) run side by side on the same 2 threads: `reference_ns_per_event` is
// their wall time per event processed by both, and `ratio` = the engine's wall time / what the two
// copies would take for the engine's events at that speed (target <= 1.1). Wall-clock: meaningful
// on idle cores.
void BM_State(benchmark::State& state) {
  const Scenario& s = scenario(kState);
  const int replications = iterations(100) == 1 ? 2 : 100;  // short: one per thread
  const Scenario& c6 = scenario(kContinuum6);
  using Clock = std::chrono::steady_clock;
  double engine_s = 0, reference_s = 0;
  std::uint64_t events = 0, patients = 0, reference_events = 0;
  reset_peak_rss();
  for (auto _ : state) {
    const auto t0 = Clock::now();
    Totals copies[2];
    std::thread other([&] { copies[1] = run_reference_continuum6(c6); });
    copies[0] = run_reference_continuum6(c6);
    other.join();
    const auto t1 = Clock::now();
    RunOptions options;
    options.threads = 2;
    options.replications = replications;
    // As run does: the daily series leave each result for the store as it finishes.
    DailySeriesStore daily(static_cast<std::size_t>(replications));
    options.finished = [&daily](std::size_t, int r, ReplicationResult& result) {
      daily.put(static_cast<std::size_t>(r), result);
    };
    const auto results = run_replications(s, options);
    const Summary summary = summarize(s, results, resolve_run_spec(s, options).seed, &daily);
    const auto t2 = Clock::now();
    benchmark::DoNotOptimize(summary.daily_census.data());
    for (const auto& r : results) {
      events += r.events;
      patients += static_cast<std::uint64_t>(r.system.arrivals);
    }
    reference_events += copies[0].events + copies[1].events;
    reference_s += std::chrono::duration<double>(t1 - t0).count();
    engine_s += std::chrono::duration<double>(t2 - t1).count();
  }
  const double reference_ns = reference_s * 1e9 / static_cast<double>(reference_events);
  state.counters["replications"] = replications;
  state.counters["events"] = static_cast<double>(events) / static_cast<double>(state.iterations());
  state.counters["engine_s"] = engine_s / static_cast<double>(state.iterations());
  state.counters["events_per_s"] = static_cast<double>(events) / engine_s;
  state.counters["patients_per_s"] = static_cast<double>(patients) / engine_s;
  state.counters["reference_ns_per_event"] = reference_ns;
  state.counters["ratio"] = engine_s * 1e9 / static_cast<double>(events) / reference_ns;
  state.counters["peak_rss_MiB"] = peak_rss_mib();
}
BENCHMARK(BM_State)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

}  // namespace
}  // namespace continuum::bench
