// What a caller asks of a run (overrides of the scenario file's defaults, what to record, who
// executes it) and the replications, seed and threads that result.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "continuum/model/scenario.hpp"
#include "continuum/stats/daily_watch.hpp"

namespace continuum {

class Executor;
struct Plan;
struct ReplicationResult;

struct RunOptions {
  std::optional<int> replications;    // default: the scenario's
  std::optional<std::uint64_t> seed;  // default: the scenario's
  int threads = 0;                    // 0: all hardware threads
  bool record_daily = true;
  bool trace = false;  // keep every replication's event log in ReplicationResult::trace
  // run --watch: daily series whose first crossing day each replication notes (with daily).
  std::vector<DailyWatch> watches;
  // Called from worker threads after each replication, with (done, total) over the plan being
  // executed; may be empty.
  std::function<void(int, int)> progress;
  // Called before each plan is executed (size and sweep execute several), with the plan; may be
  // empty. The progress line learns from it which variants the (done, total) count is over.
  std::function<void(const Plan&)> plan_started;
  // Executes the plans (not owned); null: a ThreadExecutor of `threads` threads that reports
  // to `progress`.
  Executor* executor = nullptr;
  // Handed to the executor (Executor::finished) for each plan: called once per replication as
  // it finishes, with (variant, replication, result); may be empty.
  std::function<void(std::size_t, int, ReplicationResult&)> finished;
};

// The replications, seed and threads of a run: the scenario file's defaults (Scenario::
// replications and seed) unless the caller overrides them.
struct RunSpec {
  int replications = 1;
  std::uint64_t seed = 0;
  int threads = 0;  // 0: all hardware threads
};

RunSpec resolve_run_spec(const Scenario& defaults, const RunOptions& options);

}  // namespace continuum
