// The replications' results kept apart from the executor's vector as they finish, and read back
// one at a time: a run's memory does not grow with its replications (docs/performance.md,
// "Memory in replications"). ResultStore holds each result encoded exactly (result_codec.hpp):
// in memory up to a budget, beyond it in an unlinked temporary file (spill_file.hpp).
// ResultSource is what the summaries read: a store's results, or a vector of results in memory
// (compare, sweep, size, tests), replication by replication in replication order.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "continuum/model/scenario.hpp"
#include "continuum/stats/spill_file.hpp"
#include "continuum/stats/statistics.hpp"

namespace continuum {

// The default memory budget of a result store: 1 MiB of encoded results over all replications
// (about 65 replications of a 60-level system, 500 of a 6-level one).
inline constexpr std::size_t kResultMemoryBudget = std::size_t{1} << 20;
// The budget: CONTINUUM_RESULT_MEMORY_BUDGET (bytes; 0 spills every run's first result) when
// set, else kResultMemoryBudget.
std::size_t result_memory_budget();
// About the bytes of `replications` encoded results of `scenario` (without traces): an upper
// bound from the structs' sizes, for the free-space check.
double result_store_bytes(const Scenario& scenario, int replications);
// A refusal when `bytes` of results over `budget` would not fit in the spill directory's free
// space; nullopt when they fit or stay in memory.
std::optional<std::string> result_spill_refusal(double bytes, std::size_t budget);

class ResultStore {
 public:
  // Room for replications [0, replications); each kept in memory while the encoded results put
  // so far fit in `budget` bytes, all of them in a temporary file from the first that does not.
  explicit ResultStore(std::size_t replications, std::size_t budget = result_memory_budget());
  ResultStore(const ResultStore&) = delete;
  ResultStore& operator=(const ResultStore&) = delete;

  // Encodes replication r's result into the store and leaves `result` empty (its memory freed):
  // any order, from any thread, each r once. Records are appended as they come; an index keeps
  // each one's place, so any completion order reads back the same results.
  void put(std::size_t r, ReplicationResult& result);
  // Replication r's result, decoded into `out` (r must have been put).
  void load(std::size_t r, ReplicationResult& out) const;

  std::size_t replications() const { return index_.size(); }
  bool spilled() const { return file_.is_open(); }
  std::uint64_t bytes() const { return end_; }  // encoded bytes put so far

 private:
  struct Place {
    std::uint64_t offset = 0, length = 0;
    bool put = false;
  };
  void spill();  // under mutex_: moves the records held in memory to the file

  std::size_t budget_;
  std::vector<Place> index_;
  std::vector<std::string> memory_;  // per replication while in memory
  std::uint64_t end_ = 0;            // bytes appended (the file's size once spilled)
  SpillFile file_;
  mutable std::mutex mutex_;
};

// Replications [0, size()) of a run: a vector's (or span's) own results, or the first `count`
// of a store's. Cheap to copy; the vector or store must outlive it.
class ResultSource {
 public:
  ResultSource(const std::vector<ReplicationResult>& results)  // NOLINT: implicit on purpose
      : items_(results.data()), size_(results.size()) {}
  ResultSource(std::span<const ReplicationResult> results)  // NOLINT
      : items_(results.data()), size_(results.size()) {}
  ResultSource(const ResultStore& store, std::size_t count) : store_(&store), size_(count) {}

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // The results when they are in memory (null for a store).
  const ReplicationResult* in_memory() const { return store_ == nullptr ? items_ : nullptr; }
  // Replication r's result: the vector's own, or decoded into `scratch`.
  const ReplicationResult& get(std::size_t r, ReplicationResult& scratch) const;
  // f(r, result) for r = 0, 1, ..., size() - 1 in that order, decoding one result at a time.
  template <class F>
  void visit(F&& f) const {
    ReplicationResult scratch;
    for (std::size_t r = 0; r < size_; ++r)
      f(r, get(r, scratch));
  }

 private:
  const ReplicationResult* items_ = nullptr;
  const ResultStore* store_ = nullptr;
  std::size_t size_ = 0;
};

// Random access with the last replication read kept (loops that read each replication several
// times in a row).
class ResultReader {
 public:
  explicit ResultReader(const ResultSource& source) : source_(source) {}
  const ReplicationResult& operator[](std::size_t r) {
    if (r != loaded_) {
      current_ = &source_.get(r, scratch_);
      loaded_ = r;
    }
    return *current_;
  }

 private:
  ResultSource source_;
  ReplicationResult scratch_;
  const ReplicationResult* current_ = nullptr;
  std::size_t loaded_ = static_cast<std::size_t>(-1);
};

// estimate() of k quantities across replications without holding their values: every
// replication's values are added in replication order once (pass 1: the sums and counts of
// the non-NaN values), then next_pass(), then added again in the same order (pass 2: the
// squared deviations from the means); estimates() then gives, for each quantity, the bits
// estimate() gives on its values in that order (the same expressions in the same order).
class EstimateAccumulator {
 public:
  explicit EstimateAccumulator(std::size_t k) : sum_(k, 0.0), ss_(k, 0.0), n_(k, 0) {}
  std::size_t size() const { return sum_.size(); }
  void add(std::size_t i, double v) {
    if (std::isnan(v)) return;
    if (!second_) {
      sum_[i] += v;
      ++n_[i];
    } else {
      ss_[i] += (v - mean_[i]) * (v - mean_[i]);
    }
  }
  void next_pass();
  bool second_pass() const { return second_; }
  std::vector<Estimate> estimates() const;

 private:
  std::vector<double> sum_, ss_, mean_;
  std::vector<int> n_;
  bool second_ = false;
};

// The estimates of the quantities fill(result, values) appends to `values` (cleared before each
// replication; the same number each time, NaN where undefined), in that order: two passes over
// the source in replication order, the same bits as estimate() on each quantity's values.
template <class Fill>
std::vector<Estimate> estimate_across(const ResultSource& source, Fill fill) {
  std::optional<EstimateAccumulator> acc;
  std::vector<double> values;
  for (int pass = 0; pass < 2; ++pass) {
    source.visit([&](std::size_t, const ReplicationResult& result) {
      values.clear();
      fill(result, values);
      if (!acc) acc.emplace(values.size());
      if (values.size() != acc->size())
        throw std::logic_error("estimate_across: replications of different shapes");
      for (std::size_t i = 0; i < values.size(); ++i)
        acc->add(i, values[i]);
    });
    if (!acc) return {};
    if (pass == 0) acc->next_pass();
  }
  return acc->estimates();
}

}  // namespace continuum
