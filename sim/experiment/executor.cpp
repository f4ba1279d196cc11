// The thread pool executor: (job, replication) pairs taken from one atomic counter, results
// stored by (variant, replication) so they do not depend on the thread count.
#include "continuum/experiment/executor.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <optional>
#include <thread>
#include <utility>

#include "continuum/core/diagnostics.hpp"
#include "continuum/engine/engine.hpp"
#include "continuum/model/model.hpp"

namespace continuum {

namespace {

struct WorkItem {
  std::size_t job;
  int replication;
};

// Every (job, replication) of the plan, in plan order; checks that the jobs of each variant
// cover its replications [first, n) exactly once (plan.hpp).
std::vector<WorkItem> work_items(const Plan& plan) {
  std::vector<std::vector<int>> covered(plan.variants.size());
  for (std::size_t v = 0; v < plan.variants.size(); ++v)
    covered[v].assign(static_cast<std::size_t>(plan.replications(v)), 0);
  std::vector<WorkItem> items;
  for (std::size_t j = 0; j < plan.jobs.size(); ++j) {
    const Job& job = plan.jobs[j];
    CONTINUUM_ASSERT(job.variant < plan.variants.size() && 0 <= job.first);
    for (int r = job.first; r < job.last; ++r) {
      ++covered[job.variant][static_cast<std::size_t>(r)];
      items.push_back({j, r});
    }
  }
  for (std::size_t v = 0; v < covered.size(); ++v) {
    const auto first = covered[v].begin() + plan.first_replication(v);
    CONTINUUM_ASSERT(std::all_of(first, covered[v].end(), [](int c) { return c == 1; }));
  }
  return items;
}

}  // namespace

ThreadExecutor::ThreadExecutor(int threads, std::function<void(int, int)> progress)
    : threads_(threads), progress_(std::move(progress)) {}

PlanResults ThreadExecutor::run(const Plan& plan) {
  const std::vector<WorkItem> items = work_items(plan);
  std::vector<Model> models;  // each variant compiled once, shared by the threads
  for (const Scenario& variant : plan.variants)
    models.push_back(compile(variant));
  PlanResults results(plan.variants.size());
  for (std::size_t v = 0; v < plan.variants.size(); ++v)
    results[v].resize(static_cast<std::size_t>(plan.replications(v)));
  const int total = static_cast<int>(items.size());
  std::atomic<int> next{0}, done{0};
  std::exception_ptr failure;
  std::atomic<bool> failed{false};

  auto worker = [&] {
    try {
      std::optional<Engine> engine;
      std::size_t engine_job = plan.jobs.size();  // the job `engine` was built for
      TraceBuffer trace;
      for (int i = next++; i < total && !failed; i = next++) {
        const auto [j, r] = items[static_cast<std::size_t>(i)];
        const Job& job = plan.jobs[j];
        if (engine_job != j) {
          engine.emplace(models[job.variant],
                         EngineOptions{job.recording.daily, job.recording.watches});
          engine->set_trace(job.recording.trace ? &trace : nullptr);
          engine_job = j;
        }
        auto& result = results[job.variant][static_cast<std::size_t>(r)];
        result = engine->run(static_cast<std::uint32_t>(r), job.seed);
        if (job.recording.trace) result.trace = std::move(trace.records);
        trace.records.clear();
        if (finished) finished(job.variant, r, result);
        const int finished = ++done;
        if (progress_) progress_(finished, total);
      }
    } catch (...) {
      if (!failed.exchange(true)) failure = std::current_exception();
    }
  };
  const int hardware = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int threads = std::min(threads_ > 0 ? threads_ : hardware, total);
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

PlanResults execute(const Plan& plan, const RunOptions& options) {
  if (options.plan_started) options.plan_started(plan);
  if (options.executor) {
    options.executor->finished = options.finished;
    return options.executor->run(plan);
  }
  ThreadExecutor pool(options.threads, options.progress);
  pool.finished = options.finished;
  return pool.run(plan);
}

}  // namespace continuum
