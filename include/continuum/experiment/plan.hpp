// A plan: the scenario variants of an experiment and the jobs (replication ranges, seed, what
// to record) to simulate on them. Built by run, compare, sweep and size; run by an Executor.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "continuum/experiment/run_spec.hpp"
#include "continuum/model/scenario.hpp"
#include "continuum/stats/daily_watch.hpp"

namespace continuum {

// What each replication of a job keeps besides its counters.
struct Recording {
  bool daily = true;   // per-day census and waitlist (ReplicationResult::daily_*)
  bool trace = false;  // the event log (ReplicationResult::trace)
  // Daily series whose first crossing day each replication notes (run --watch; needs daily).
  std::vector<DailyWatch> watches = {};
};

// Replications [first, last) of one variant. Replication r of a job is a pure function of
// (the variant's scenario, r, seed, recording): whoever runs it, the result is the same bytes.
struct Job {
  std::size_t variant = 0;  // index into Plan::variants; results are keyed by it
  int first = 0;
  int last = 0;
  std::uint64_t seed = 0;  // base seed: replication r draws from the streams of (seed, r)
  Recording recording;
};

struct Plan {
  std::vector<Scenario> variants;
  // The jobs of each variant cover its replications [first, n) exactly once, in any order and
  // split in any way (an executor may split them further). `first` is 0 but for a plan that
  // extends an earlier run of replications [0, first) (run --precision): replication r being a
  // pure function of r, the extension's results are those the whole range would give.
  std::vector<Job> jobs;

  // Adds `variant` with replications [0, replications) as one job; returns its index.
  std::size_t add(Scenario variant, int replications, std::uint64_t seed, Recording recording);
  // n for `variant`: one past its last replication.
  int replications(std::size_t variant) const;
  // `first` for `variant`: its lowest replication (0 unless the plan extends an earlier run).
  int first_replication(std::size_t variant) const;
  // Over all variants.
  int total_replications() const;
};

// Every scenario as a variant with the same replications and seed: common random numbers, so
// replication r of each variant sees the same referrals.
Plan common_random_numbers_plan(std::vector<Scenario> variants, const RunSpec& spec,
                                Recording recording);

}  // namespace continuum
