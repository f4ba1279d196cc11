// The replications' daily series (census, waitlist, census per class) kept apart from their
// results: in memory up to a budget, beyond it in an unlinked temporary file, so that a run's
// memory does not grow with its replications (docs/performance.md, "Memory in replications").
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "continuum/core/huge_pages.hpp"
#include "continuum/model/scenario.hpp"
#include "continuum/stats/result_store.hpp"
#include "continuum/stats/spill_file.hpp"
#include "continuum/stats/statistics.hpp"

namespace continuum {

// The default memory budget of a store: 32 MiB of daily series over all replications.
inline constexpr std::size_t kDailyMemoryBudget = std::size_t{32} << 20;
// The most a block read (DailySeriesStore::read_block's callers) holds at once: 4 MiB.
inline constexpr std::size_t kDailyBlockBytes = std::size_t{4} << 20;

// The budget: CONTINUUM_DAILY_MEMORY_BUDGET (bytes, for tests: 0 spills every run) when set,
// else kDailyMemoryBudget.
std::size_t daily_memory_budget();
// Where a store spills: $TMPDIR when set, else /tmp.
std::string daily_spill_directory();
// A refusal when `bytes` of daily series over `budget` would not fit in the spill directory's
// free space (statvfs); nullopt when they fit or stay in memory.
std::optional<std::string> daily_spill_refusal(double bytes, std::size_t budget);

// The bytes of `replications` replications' daily series of `scenario` (daily recording on).
double daily_series_bytes(const Scenario& scenario, int replications);

// One replication's daily series, in ReplicationResult's layouts (statistics.hpp).
struct DailySeriesRef {
  std::span<const float> census, waitlist, class_census;
};

enum class DailySeriesKind : std::uint8_t { kCensus, kWaitlist };

class DailySeriesStore {
 public:
  // Room for replications [0, replications); in memory when they fit in `budget` bytes, else in
  // a temporary file of daily_spill_directory(). The layout is fixed by the first put().
  explicit DailySeriesStore(std::size_t replications, std::size_t budget = daily_memory_budget());
  ~DailySeriesStore();
  DailySeriesStore(const DailySeriesStore&) = delete;
  DailySeriesStore& operator=(const DailySeriesStore&) = delete;

  // Moves replication r's daily series out of `result` (its vectors are left empty and freed),
  // to r's own place: any order, from any thread, each r once. Results without series are
  // ignored (the store stays empty).
  void put(std::size_t r, ReplicationResult& result);

  // True once some replication's series were put: consumers then read them here.
  bool holds() const { return record_ > 0; }
  bool spilled() const { return file_.is_open(); }
  std::size_t replications() const { return replications_; }
  std::size_t cells() const { return cells_; }  // days x levels
  std::size_t class_cells() const { return class_cells_; }

  // Replication r's series: in place when the store is in memory, else read into `scratch`
  // (valid until its next use, and while the store lives).
  DailySeriesRef load(std::size_t r, std::vector<float>& scratch) const;
  // Replication r's cells of one series where they lie in memory (no copy); null when the
  // store has spilled to its file.
  const float* cells_in_memory(DailySeriesKind kind, std::size_t r) const;
  // Cells [first, first + count) of one series of replications [0, reps): out[r * count + i].
  void read_block(DailySeriesKind kind, std::size_t first, std::size_t count, std::size_t reps,
                  std::vector<float>& out) const;

 private:
  void lay_out(const ReplicationResult& result);  // under mutex_
  void write(std::size_t r, std::size_t at, const std::vector<float>& values);
  void read(std::size_t r, std::size_t at, std::size_t count, float* out) const;

  std::size_t replications_, budget_;
  std::size_t cells_ = 0, class_cells_ = 0;
  std::size_t record_ = 0;  // floats per replication: census, waitlist, census per class
  // Not zero-filled: every replication's put() writes its whole record before any read.
  std::vector<float, LargeBufferAllocator<float>> memory_;  // huge pages (core/huge_pages.hpp)
  SpillFile file_;
  std::mutex mutex_;
};

// Replication r's series: the store's when it holds them, else results[r]'s own vectors (from
// a result store: decoded, and copied into `scratch`).
DailySeriesRef daily_series(const ResultSource& results, const DailySeriesStore* store,
                            std::size_t r, std::vector<float>& scratch);

}  // namespace continuum
