// The result store (stats/result_store.hpp): encoded results appended as they finish, in memory
// up to the budget, then in an unlinked temporary file; an index of (offset, length) per
// replication. And the two-pass estimates over a source.
#include "continuum/stats/result_store.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "continuum/core/diagnostics.hpp"
#include "continuum/stats/result_codec.hpp"

namespace continuum {

std::size_t result_memory_budget() {
  return budget_from_env("CONTINUUM_RESULT_MEMORY_BUDGET", kResultMemoryBudget);
}

double result_store_bytes(const Scenario& scenario, int replications) {
  // Per level: the tallies and p90s, per class and per report window the same again (counters
  // of about that size), plus 1 KiB of system counters and vector lengths.
  const double levels = static_cast<double>(scenario.levels.size());
  const double classes =
      scenario.classes.size() > 1 ? static_cast<double>(scenario.classes.size()) : 0.0;
  const double windows = static_cast<double>(scenario.report_windows.size());
  return (levels * static_cast<double>(sizeof(LevelResult)) * (1 + classes + windows) + 1024) *
         replications;
}

std::optional<std::string> result_spill_refusal(double bytes, std::size_t budget) {
  return spill_refusal("the replications' results", bytes, budget, "fewer replications");
}

ResultStore::ResultStore(std::size_t replications, std::size_t budget)
    : budget_(budget), index_(replications), memory_(replications) {}

void ResultStore::spill() {
  file_.open("results", "the replications' results");
  for (std::size_t r = 0; r < index_.size(); ++r) {
    if (!index_[r].put || memory_[r].empty()) continue;
    file_.write(memory_[r].data(), memory_[r].size(), index_[r].offset);
    std::string().swap(memory_[r]);
  }
  std::vector<std::string>().swap(memory_);
}

void ResultStore::put(std::size_t r, ReplicationResult& result) {
  std::string bytes;
  encode_result(result, bytes);
  result = ReplicationResult{};
  std::uint64_t offset = 0;
  {
    std::lock_guard lock(mutex_);
    CONTINUUM_ASSERT(r < index_.size() && !index_[r].put);
    Place& place = index_[r];
    place = {end_, bytes.size(), true};
    end_ += bytes.size();
    if (!file_.is_open() && end_ <= budget_) {
      memory_[r] = std::move(bytes);
      return;
    }
    if (!file_.is_open()) spill();
    offset = place.offset;
  }
  // The record's range is its own: written outside the lock.
  file_.write(bytes.data(), bytes.size(), offset);
}

void ResultStore::load(std::size_t r, ReplicationResult& out) const {
  std::string buffer;
  Place place;
  {
    std::lock_guard lock(mutex_);
    CONTINUUM_ASSERT(r < index_.size());
    place = index_[r];
    if (!place.put)
      throw std::logic_error(fmt::format("replication {} is not in the result store", r));
    if (!file_.is_open()) {
      std::size_t pos = 0;
      out = decode_result(memory_[r], pos);
      CONTINUUM_ASSERT(pos == place.length);
      return;
    }
  }
  buffer.resize(place.length);
  file_.read(buffer.data(), buffer.size(), place.offset);
  std::size_t pos = 0;
  out = decode_result(buffer, pos);
  CONTINUUM_ASSERT(pos == place.length);
}

const ReplicationResult& ResultSource::get(std::size_t r, ReplicationResult& scratch) const {
  CONTINUUM_ASSERT(r < size_);
  if (store_ == nullptr) return items_[r];
  store_->load(r, scratch);
  return scratch;
}

void EstimateAccumulator::next_pass() {
  mean_.resize(sum_.size());
  for (std::size_t i = 0; i < sum_.size(); ++i)
    mean_[i] = n_[i] > 0 ? sum_[i] / n_[i] : NAN;
  second_ = true;
}

std::vector<Estimate> EstimateAccumulator::estimates() const {
  std::vector<Estimate> out(sum_.size());
  for (std::size_t i = 0; i < sum_.size(); ++i)
    out[i] = estimate_from_sums(n_[i], sum_[i], ss_[i]);
  return out;
}

}  // namespace continuum
