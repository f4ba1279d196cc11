// Executors run a Plan's jobs and gather the results by (variant, replication): the thread
// pool here, a cluster (MPI) later. Reductions happen afterwards, in replication order.
#pragma once

#include <functional>
#include <vector>

#include "continuum/experiment/plan.hpp"
#include "continuum/experiment/run_spec.hpp"
#include "continuum/stats/statistics.hpp"

namespace continuum {

// results[variant][replication], replication in [0, plan.replications(variant)); those below
// plan.first_replication(variant) (a plan extending an earlier run) are left empty.
using PlanResults = std::vector<std::vector<ReplicationResult>>;

// The contract every executor keeps, so that outputs are byte-identical and common random
// numbers hold whatever executes the plan:
//  - run() simulates every replication r of every job exactly once, as
//    Engine(plan.variants[job.variant], {job.recording.daily}).run(r, job.seed), with the event
//    log in ReplicationResult::trace when job.recording.trace, and nothing else: no state is
//    shared between replications, so who runs which replication, in what order, on how many
//    workers, does not change any result;
//  - it returns the results keyed by (variant, replication) as PlanResults, whatever the jobs'
//    split; it reduces nothing (callers summarize in replication order);
//  - on failure it stops, and rethrows one failure's exception; no partial results.
class Executor {
 public:
  virtual ~Executor() = default;
  virtual PlanResults run(const Plan& plan) = 0;

  // Called once per replication as its result arrives, before it is stored: (variant,
  // replication, result), from the worker threads (ThreadExecutor) or on rank 0 as a result
  // comes back (MpiExecutor; the other ranks never call it). It may take parts out of the
  // result (RunOptions::finished: the daily series into a DailySeriesStore). May be empty.
  std::function<void(std::size_t, int, ReplicationResult&)> finished;
};

// A pool of threads taking (job, replication) pairs from one atomic counter, in plan order;
// each thread keeps one Engine per job it works on.
class ThreadExecutor final : public Executor {
 public:
  // threads 0: all hardware threads (never more than the plan's replications). progress(done,
  // total) is called from the worker threads after each replication, total being the plan's;
  // it may be empty.
  explicit ThreadExecutor(int threads = 0, std::function<void(int, int)> progress = {});
  PlanResults run(const Plan& plan) override;

 private:
  int threads_;
  std::function<void(int, int)> progress_;
};

// Runs the plan on options.executor, or on a ThreadExecutor of options.threads reporting to
// options.progress.
PlanResults execute(const Plan& plan, const RunOptions& options);

}  // namespace continuum
