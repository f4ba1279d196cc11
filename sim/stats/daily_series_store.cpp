// The daily series store: one fixed-size record per replication, at r x record, in memory or in
// an unlinked temporary file (pwrite/pread at the replication's own offset, so any completion
// order gives the same file).
#include "continuum/stats/daily_series_store.hpp"

#include <cmath>
#include <cstring>

#include "continuum/core/diagnostics.hpp"
#include "continuum/core/prefault.hpp"
#include "continuum/model/staffing_rules.hpp"

namespace continuum {

std::size_t daily_memory_budget() {
  return budget_from_env("CONTINUUM_DAILY_MEMORY_BUDGET", kDailyMemoryBudget);
}

std::string daily_spill_directory() {
  return spill_directory();
}

std::optional<std::string> daily_spill_refusal(double bytes, std::size_t budget) {
  return spill_refusal("the daily series", bytes, budget, "--no-daily or fewer replications");
}

double daily_series_bytes(const Scenario& scenario, int replications) {
  const double days = std::ceil(scenario.horizon_days);
  const double levels = static_cast<double>(scenario.levels.size());
  double per_day = 2 * levels * sizeof(float);  // census and waitlist
  if (scenario.classes.size() > 1)
    for (const LevelSpec& level : scenario.levels)
      if (level_needs_daily_class_census(level))
        per_day += static_cast<double>(scenario.classes.size()) * sizeof(float);
  return days * per_day * replications;
}

DailySeriesStore::DailySeriesStore(std::size_t replications, std::size_t budget)
    : replications_(replications), budget_(budget) {}

DailySeriesStore::~DailySeriesStore() = default;

void DailySeriesStore::lay_out(const ReplicationResult& result) {
  cells_ = result.daily_census.size();
  class_cells_ = result.daily_class_census.size();
  record_ = 2 * cells_ + class_cells_;
  const double bytes =
      static_cast<double>(record_) * sizeof(float) * static_cast<double>(replications_);
  if (bytes <= static_cast<double>(budget_)) {
    reserve_prefaulted(memory_, record_ * replications_);  // one call, not a fault per page
    memory_.resize(record_ * replications_);  // left unset: each put() fills its record
    return;
  }
  file_.open("daily", "the daily series");
}

void DailySeriesStore::write(std::size_t r, std::size_t at, const std::vector<float>& values) {
  if (values.empty()) return;
  const std::size_t first = r * record_ + at;
  if (!file_.is_open()) {
    std::memcpy(&memory_[first], values.data(), values.size() * sizeof(float));
    return;
  }
  file_.write(values.data(), values.size() * sizeof(float), first * sizeof(float));
}

void DailySeriesStore::read(std::size_t r, std::size_t at, std::size_t count, float* out) const {
  if (count == 0) return;
  const std::size_t first = r * record_ + at;
  if (!file_.is_open()) {
    std::memcpy(out, &memory_[first], count * sizeof(float));
    return;
  }
  file_.read(out, count * sizeof(float), first * sizeof(float));
}

void DailySeriesStore::put(std::size_t r, ReplicationResult& result) {
  if (result.daily_census.empty()) return;
  CONTINUUM_ASSERT(r < replications_);
  {
    std::lock_guard lock(mutex_);
    if (record_ == 0) lay_out(result);
    CONTINUUM_ASSERT(result.daily_census.size() == cells_ &&
                     result.daily_waitlist.size() == cells_ &&
                     result.daily_class_census.size() == class_cells_);
    if (!file_.is_open()) {  // in memory: copied under the lock (the first put sizes memory_)
      write(r, 0, result.daily_census);
      write(r, cells_, result.daily_waitlist);
      write(r, 2 * cells_, result.daily_class_census);
    }
  }
  if (file_
          .is_open()) {  // pwrite at r's own offset: concurrent puts of other replications are fine
    write(r, 0, result.daily_census);
    write(r, cells_, result.daily_waitlist);
    write(r, 2 * cells_, result.daily_class_census);
  }
  std::vector<float>().swap(result.daily_census);
  std::vector<float>().swap(result.daily_waitlist);
  std::vector<float>().swap(result.daily_class_census);
}

DailySeriesRef DailySeriesStore::load(std::size_t r, std::vector<float>& scratch) const {
  CONTINUUM_ASSERT(r < replications_ && record_ > 0);
  std::span<const float> all;
  if (!file_.is_open()) {  // in place: no copy
    all = std::span<const float>(memory_).subspan(r * record_, record_);
  } else {
    scratch.resize(record_);
    read(r, 0, record_, scratch.data());
    all = scratch;
  }
  return {all.subspan(0, cells_), all.subspan(cells_, cells_), all.subspan(2 * cells_)};
}

const float* DailySeriesStore::cells_in_memory(DailySeriesKind kind, std::size_t r) const {
  CONTINUUM_ASSERT(r < replications_ && record_ > 0);
  if (file_.is_open()) return nullptr;
  return memory_.data() + r * record_ + (kind == DailySeriesKind::kCensus ? 0 : cells_);
}

void DailySeriesStore::read_block(DailySeriesKind kind, std::size_t first, std::size_t count,
                                  std::size_t reps, std::vector<float>& out) const {
  CONTINUUM_ASSERT(reps <= replications_ && first + count <= cells_);
  reserve_prefaulted(out, reps * count);
  out.resize(reps * count);
  const std::size_t at = (kind == DailySeriesKind::kCensus ? 0 : cells_) + first;
  for (std::size_t r = 0; r < reps; ++r)
    read(r, at, count, &out[r * count]);
}

DailySeriesRef daily_series(const ResultSource& results, const DailySeriesStore* store,
                            std::size_t r, std::vector<float>& scratch) {
  if (store != nullptr && store->holds()) return store->load(r, scratch);
  if (const ReplicationResult* items = results.in_memory()) {
    const ReplicationResult& res = items[r];
    return {res.daily_census, res.daily_waitlist, res.daily_class_census};
  }
  ReplicationResult res;
  results.get(r, res);
  const std::size_t cells = res.daily_census.size(), classes = res.daily_class_census.size();
  scratch = std::move(res.daily_census);
  scratch.insert(scratch.end(), res.daily_waitlist.begin(), res.daily_waitlist.end());
  scratch.insert(scratch.end(), res.daily_class_census.begin(), res.daily_class_census.end());
  const std::span<const float> all(scratch);
  return {all.subspan(0, cells), all.subspan(cells, cells), all.subspan(2 * cells, classes)};
}

}  // namespace continuum
