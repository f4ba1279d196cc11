// Plans and executors: a plan of several variants gives exactly what each variant gives alone,
// whatever the thread count or the split of its jobs; compare, sweep and size hand their plans
// to whichever executor the options name, and their results do not depend on it.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "continuum/engine/engine.hpp"
#include "continuum/experiment/compare.hpp"
#include "continuum/experiment/executor.hpp"
#include "continuum/experiment/plan.hpp"
#include "continuum/experiment/runner.hpp"
#include "continuum/experiment/sizing.hpp"
#include "continuum/model/model.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

// Two M/M/c clinics (8 referrals a day each) and a 30% relapse back to them.
Scenario clinics(int north, int south) {
  return load_scenario_text(
      "name: clinics\nhorizon_days: 120\nwarmup_days: 10\n"
      "replications: 5\nseed: 11\n"
      "staff:\n  roles:\n    counselor: {cost_per_fte_year: 50000}\n"
      "arrivals:\n  - {name: a, rate_per_day: 16, "
      "entry: {north: 0.5, south: 0.5}}\n"
      "levels:\n  north:\n    capacity: " +
          std::to_string(north) +
          "\n    length_of_stay: {distribution: exponential, mean: 1}\n"
          "    staffing: {counselor: {caseload: 4}}\n"
          "  south:\n    capacity: " +
          std::to_string(south) +
          "\n    length_of_stay: {distribution: exponential, mean: 1}\n"
          "    staffing: {counselor: {caseload: 4}}\n"
          "relapse:\n  probability: 0.3\n"
          "  time_to_relapse: {distribution: exponential, mean: 20}\n"
          "  reentry: {north: 1}\n",
      "clinics.yaml");
}

// Exact equality, NaN equal to NaN (a metric undefined in both).
void expect_same(double a, double b, const std::string& what) {
  EXPECT_EQ(std::bit_cast<std::uint64_t>(a), std::bit_cast<std::uint64_t>(b))
      << what << ": " << a << " vs " << b;
}

void expect_same(const ReplicationResult& a, const ReplicationResult& b) {
  EXPECT_EQ(a.events, b.events);
  expect_same(a.window_days, b.window_days, "window_days");
  EXPECT_EQ(a.daily_census, b.daily_census);
  EXPECT_EQ(a.daily_waitlist, b.daily_waitlist);
  ASSERT_EQ(a.levels.size(), b.levels.size());
  for (std::size_t l = 0; l < a.levels.size(); ++l) {
    const auto ma = level_metrics(a, l, 10), mb = level_metrics(b, l, 10);
    for (LevelMetric m : all_metrics<LevelMetric>())
      expect_same(ma[m], mb[m], std::string(metric_info(m).name));
  }
  const auto sa = system_metrics(a), sb = system_metrics(b);
  for (SystemMetric m : all_metrics<SystemMetric>())
    expect_same(sa[m], sb[m], std::string(metric_info(m).name));
  ASSERT_EQ(a.trace.size(), b.trace.size());
  for (std::size_t i = 0; i < a.trace.size(); ++i) {
    const TraceRecord &x = a.trace[i], &y = b.trace[i];
    EXPECT_TRUE(x.time == y.time && x.event == y.event && x.patient == y.patient &&
                x.level == y.level && x.other == y.other && x.value == y.value)
        << "trace record " << i;
  }
}

void expect_same(const PlanResults& a, const PlanResults& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t v = 0; v < a.size(); ++v) {
    ASSERT_EQ(a[v].size(), b[v].size()) << "variant " << v;
    for (std::size_t r = 0; r < a[v].size(); ++r)
      expect_same(a[v][r], b[v][r]);
  }
}

void expect_same(const Summary& a, const Summary& b) {
  EXPECT_EQ(a.replications, b.replications);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.events, b.events);
  auto same = [](const Estimate& x, const Estimate& y) {
    expect_same(x.mean, y.mean, "mean");
    expect_same(x.lo, y.lo, "lo");
    expect_same(x.hi, y.hi, "hi");
    EXPECT_EQ(x.n, y.n);
  };
  ASSERT_EQ(a.levels.size(), b.levels.size());
  for (std::size_t l = 0; l < a.levels.size(); ++l)
    for (LevelMetric m : all_metrics<LevelMetric>())
      same(a.levels[l][m], b.levels[l][m]);
  for (SystemMetric m : all_metrics<SystemMetric>())
    same(a.system[m], b.system[m]);
  EXPECT_EQ(a.days, b.days);
}

// Runs a plan as the contract allows any executor to (an MPI rank would): last job first, each
// job's replications backwards, a fresh engine for every replication.
class BackwardsExecutor final : public Executor {
 public:
  PlanResults run(const Plan& plan) override {
    ++plans;
    PlanResults results(plan.variants.size());
    for (std::size_t v = 0; v < plan.variants.size(); ++v)
      results[v].resize(static_cast<std::size_t>(plan.replications(v)));
    for (auto job = plan.jobs.rbegin(); job != plan.jobs.rend(); ++job)
      for (int r = job->last; r-- > job->first;) {
        Engine engine(compile(plan.variants[job->variant]), EngineOptions{job->recording.daily});
        TraceBuffer trace;
        if (job->recording.trace) engine.set_trace(&trace);
        auto& result = results[job->variant][static_cast<std::size_t>(r)];
        result = engine.run(static_cast<std::uint32_t>(r), job->seed);
        result.trace = std::move(trace.records);
        ++replications;
      }
    return results;
  }
  int plans = 0;
  int replications = 0;
};

TEST(RunSpec, TheScenarioDefaultsUnlessOverridden) {
  const Scenario s = clinics(10, 10);
  RunOptions options;
  RunSpec spec = resolve_run_spec(s, options);
  EXPECT_EQ(spec.replications, 5);
  EXPECT_EQ(spec.seed, 11u);
  EXPECT_EQ(spec.threads, 0);
  options.replications = 3;
  options.seed = 42;
  options.threads = 2;
  spec = resolve_run_spec(s, options);
  EXPECT_EQ(spec.replications, 3);
  EXPECT_EQ(spec.seed, 42u);
  EXPECT_EQ(spec.threads, 2);
}

TEST(Plan, CommonRandomNumbersGiveEveryVariantTheSameReplicationsAndSeed) {
  const Plan plan =
      common_random_numbers_plan({clinics(9, 10), clinics(10, 10)}, {4, 77, 0}, {false, true});
  ASSERT_EQ(plan.variants.size(), 2u);
  ASSERT_EQ(plan.jobs.size(), 2u);
  for (std::size_t v = 0; v < 2; ++v) {
    EXPECT_EQ(plan.jobs[v].variant, v);
    EXPECT_EQ(plan.jobs[v].first, 0);
    EXPECT_EQ(plan.jobs[v].last, 4);
    EXPECT_EQ(plan.jobs[v].seed, 77u);
    EXPECT_FALSE(plan.jobs[v].recording.daily);
    EXPECT_TRUE(plan.jobs[v].recording.trace);
    EXPECT_EQ(plan.replications(v), 4);
  }
  EXPECT_EQ(plan.total_replications(), 8);
}

TEST(Executor, SeveralVariantsInOnePlanEqualEachVariantRunAlone) {
  const std::vector<Scenario> variants = {clinics(9, 10), clinics(10, 10), clinics(11, 12)};
  const Plan plan = common_random_numbers_plan(variants, {4, 5, 0}, {true, false});
  const PlanResults together = ThreadExecutor(2).run(plan);
  PlanResults alone;
  for (const Scenario& s : variants) {
    RunOptions options;
    options.replications = 4;
    options.seed = 5;
    options.threads = 1;
    alone.push_back(run_replications(s, options));
  }
  expect_same(together, alone);
  EXPECT_EQ(together[0][0].daily_census.size(), 120u * 2);  // horizon days x levels: recorded
}

TEST(Executor, OneTwoOrThreeThreadsGiveTheSameResults) {
  Plan plan = common_random_numbers_plan({clinics(9, 10), clinics(12, 8)}, {5, 3, 0}, {});
  plan.add(clinics(10, 10), 3, 4, {true, true});  // another seed, traced
  const PlanResults one = ThreadExecutor(1).run(plan);
  expect_same(one, ThreadExecutor(2).run(plan));
  expect_same(one, ThreadExecutor(3).run(plan));
  EXPECT_FALSE(one[2][0].trace.empty());
  EXPECT_TRUE(one[0][0].trace.empty());
}

TEST(Executor, HowTheJobsAreSplitDoesNotMatter) {
  Plan whole = common_random_numbers_plan({clinics(9, 10), clinics(10, 11)}, {5, 8, 0}, {});
  Plan split;
  split.variants = whole.variants;
  split.jobs = {{1, 3, 5, 8, {}}, {0, 0, 2, 8, {}}, {1, 0, 3, 8, {}}, {0, 2, 5, 8, {}}};
  EXPECT_EQ(split.replications(0), 5);
  EXPECT_EQ(split.total_replications(), 10);
  const PlanResults expected = ThreadExecutor(1).run(whole);
  expect_same(expected, ThreadExecutor(2).run(split));
  BackwardsExecutor backwards;
  expect_same(expected, backwards.run(split));
}

TEST(Executor, ProgressCountsEveryReplicationOfThePlan) {
  const Plan plan = common_random_numbers_plan({clinics(9, 10), clinics(10, 10)}, {3, 1, 0}, {});
  std::vector<int> totals;
  int last = 0;
  ThreadExecutor(1, [&](int done, int total) {
    last = done;
    totals.push_back(total);
  }).run(plan);
  EXPECT_EQ(last, 6);
  EXPECT_EQ(totals, std::vector<int>(6, 6));
}

// RunOptions::finished (Executor::finished) is called once for every replication, from the worker
// threads, with the result it may take parts of; what it takes is gone from the results, what it
// leaves is there; an exception it throws on a worker thread ends the run with that exception.
TEST(Executor, FinishedSeesEveryReplicationOnceFromTheWorkerThreads) {
  const Scenario s = clinics(3, 3);
  RunOptions plain;
  plain.replications = 12;
  plain.threads = 3;
  const std::vector<ReplicationResult> expected = run_replications(s, plain);
  std::mutex mutex;
  std::vector<int> seen(12, 0);
  std::vector<std::vector<float>> taken(12);
  std::vector<std::thread::id> threads;
  RunOptions options = plain;
  options.finished = [&](std::size_t variant, int r, ReplicationResult& result) {
    EXPECT_EQ(variant, 0u);
    std::lock_guard lock(mutex);
    ++seen.at(static_cast<std::size_t>(r));
    taken[static_cast<std::size_t>(r)] = std::move(result.daily_census);
    result.daily_census.clear();
    threads.push_back(std::this_thread::get_id());
  };
  const std::vector<ReplicationResult> results = run_replications(s, options);
  ASSERT_EQ(results.size(), 12u);
  for (std::size_t r = 0; r < 12; ++r) {
    EXPECT_EQ(seen[r], 1) << r;
    EXPECT_EQ(taken[r], expected[r].daily_census) << r;  // each its own replication's series
    EXPECT_FALSE(taken[r].empty()) << r;
    EXPECT_TRUE(results[r].daily_census.empty()) << r;
    EXPECT_EQ(results[r].daily_waitlist, expected[r].daily_waitlist) << r;  // left in place
    EXPECT_EQ(results[r].events, expected[r].events) << r;
  }
  for (const std::thread::id id : threads)
    EXPECT_NE(id, std::this_thread::get_id());  // on the pool's threads, not the caller's

  RunOptions failing = plain;
  failing.finished = [](std::size_t, int r, ReplicationResult&) {
    if (r == 5) throw std::runtime_error("the daily series store is full");
  };
  try {
    run_replications(s, failing);
    ADD_FAILURE() << "a throwing finished hook must end the run";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "the daily series store is full");
  }
}

TEST(Experiment, CompareIsEachScenarioRunAloneWithTheFirstOnesSeed) {
  Scenario other = clinics(12, 12);
  other.name = "other";
  other.seed = 99;  // ignored: the comparison uses the first scenario's seed and replications
  other.replications = 2;
  RunOptions options;
  options.threads = 2;
  const auto runs = run_comparison({clinics(10, 10), other}, options);
  ASSERT_EQ(runs.size(), 2u);
  RunOptions alone;
  alone.replications = 5;
  alone.seed = 11;
  expect_same(
      PlanResults{runs[0].results, runs[1].results},
      PlanResults{run_replications(clinics(10, 10), alone), run_replications(other, alone)});
  EXPECT_EQ(runs[1].scenario.name, "other");
  EXPECT_EQ(runs[1].summary.seed, 11u);
  expect_same(runs[1].summary, summarize(other, runs[1].results, 11));
}

TEST(Experiment, SweepPointsAreTheirScenariosRunAloneWhateverTheThreads) {
  const Scenario base = clinics(10, 10);
  const std::vector<SweepAxis> axes = {{"levels.north.capacity", {9, 11}},
                                       {"arrivals.a.rate_per_day", {14, 15, 16}}};
  RunOptions options;
  options.record_daily = false;
  options.threads = 1;
  const auto one = run_sweep(base, axes, options);
  options.threads = 2;
  const auto two = run_sweep(base, axes, options);
  ASSERT_EQ(one.size(), 6u);
  ASSERT_EQ(two.size(), 6u);
  for (std::size_t p = 0; p < one.size(); ++p) {
    EXPECT_EQ(one[p].parameters, two[p].parameters);
    expect_same(one[p].summary, two[p].summary);
    const Scenario& s = one[p].scenario;
    EXPECT_EQ(s.levels[0].capacity, static_cast<int>(one[p].parameters[0]));
    EXPECT_EQ(s.arrivals[0].rate_per_day, one[p].parameters[1]);
    expect_same(one[p].summary, summarize(s, run_replications(s, options), s.seed));
  }
  EXPECT_EQ(one[1].parameters, (std::vector<double>{9, 15}));  // the last axis varies fastest
}

TEST(Experiment, EveryExperimentRunsOnTheExecutorItIsGiven) {
  const Scenario base = clinics(10, 10);
  Scenario other = clinics(11, 10);
  other.name = "other";
  BackwardsExecutor backwards;
  RunOptions on_backwards;
  on_backwards.executor = &backwards;
  RunOptions on_threads;
  on_threads.threads = 2;

  const auto runs = run_comparison({base, other}, on_backwards);
  EXPECT_EQ(backwards.plans, 1);  // both variants in one plan
  EXPECT_EQ(backwards.replications, 10);
  const auto expected = run_comparison({base, other}, on_threads);
  for (std::size_t k = 0; k < 2; ++k)
    expect_same(runs[k].summary, expected[k].summary);

  const std::vector<SweepAxis> axes = {{"levels.south.capacity", {9, 10, 11}}};
  const auto points = run_sweep(base, axes, on_backwards);
  EXPECT_EQ(backwards.plans, 2);  // the whole grid in one plan
  const auto expected_points = run_sweep(base, axes, on_threads);
  for (std::size_t p = 0; p < 3; ++p)
    expect_same(points[p].summary, expected_points[p].summary);
}

TEST(Experiment, SizingDecidesTheSameWhateverExecutesIt) {
  const Scenario s = clinics(10, 10);
  const auto targets = parse_sizing_target("mean_wait_days<=0.1", s, {"north", "south"});
  BackwardsExecutor backwards;
  SizingOptions options;
  options.step = {2, 2};
  options.run.executor = &backwards;
  const SizingResult a = size_capacity(s, {"north", "south"}, targets, options);
  options.run.executor = nullptr;
  options.run.threads = 2;
  const SizingResult b = size_capacity(s, {"north", "south"}, targets, options);
  ASSERT_EQ(a.curve.size(), b.curve.size());
  for (std::size_t c = 0; c < a.curve.size(); ++c) {
    EXPECT_EQ(a.curve[c].capacities, b.curve[c].capacities);
    for (std::size_t t = 0; t < targets.size(); ++t)
      expect_same(a.curve[c].values[t].hi, b.curve[c].values[t].hi, targets[t].text);
    expect_same(a.curve[c].annual_cost.mean, b.curve[c].annual_cost.mean, "annual cost");
  }
  EXPECT_EQ(a.met, b.met);
  EXPECT_EQ(a.evaluations, b.evaluations);
  // A greedy round's candidate steps run as one plan: fewer plans than candidates.
  EXPECT_LT(backwards.plans, a.evaluations);
}

}  // namespace
}  // namespace continuum
