// The daily series store: one fixed-size record per replication, at r x record, in memory or in
// an unlinked temporary file (pwrite/pread at the replication's own offset, so any completion
// order gives the same file).
#include "continuum/stats/daily_series_store.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "continuum/core/diagnostics.hpp"
#include "continuum/model/staffing_rules.hpp"

namespace continuum {

std::size_t daily_memory_budget() {
  const char* text = std::getenv("CONTINUUM_DAILY_MEMORY_BUDGET");
  if (text == nullptr || *text == '\0') return kDailyMemoryBudget;
  char* end = nullptr;
  const unsigned long long value = std::strtoull(text, &end, 10);
  if (end == text || *end != '\0') return kDailyMemoryBudget;
  return static_cast<std::size_t>(value);
}

std::string daily_spill_directory() {
  const char* dir = std::getenv("TMPDIR");
  return dir != nullptr && *dir != '\0' ? dir : "/tmp";
}

std::optional<std::string> daily_spill_refusal(double bytes, std::size_t budget) {
  if (bytes <= static_cast<double>(budget)) return std::nullopt;
  const std::string dir = daily_spill_directory();
  struct statvfs fs {};
  if (::statvfs(dir.c_str(), &fs) != 0)
    return fmt::format(
        "the daily series ({:.1f} MiB) cannot fit in memory ({:.1f} MiB) and "
        "the temporary directory {} cannot be read ({}); set TMPDIR, or use "
        "--no-daily or fewer replications",
        bytes / 1048576.0, static_cast<double>(budget) / 1048576.0, dir, std::strerror(errno));
  const double free = static_cast<double>(fs.f_bavail) * static_cast<double>(fs.f_frsize);
  if (bytes <= free) return std::nullopt;
  return fmt::format(
      "the daily series ({:.1f} MiB) cannot fit in memory ({:.1f} MiB) nor in "
      "the free space of the temporary directory {} ({:.1f} MiB); set TMPDIR to "
      "a larger file system, or use --no-daily or fewer replications",
      bytes / 1048576.0, static_cast<double>(budget) / 1048576.0, dir, free / 1048576.0);
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

DailySeriesStore::~DailySeriesStore() {
  if (fd_ >= 0) ::close(fd_);
}

void DailySeriesStore::lay_out(const ReplicationResult& result) {
  cells_ = result.daily_census.size();
  class_cells_ = result.daily_class_census.size();
  record_ = 2 * cells_ + class_cells_;
  const double bytes =
      static_cast<double>(record_) * sizeof(float) * static_cast<double>(replications_);
  if (bytes <= static_cast<double>(budget_)) {
    memory_.assign(record_ * replications_, 0.0f);
    return;
  }
  std::string path = daily_spill_directory() + "/continuum-daily-XXXXXX";
  fd_ = ::mkstemp(path.data());
  if (fd_ < 0)
    throw std::runtime_error(
        fmt::format("cannot create a temporary file in {} for the daily "
                    "series: {}",
                    daily_spill_directory(), std::strerror(errno)));
  ::unlink(path.c_str());  // gone when the store closes it, or the process ends
}

void DailySeriesStore::write(std::size_t r, std::size_t at, const std::vector<float>& values) {
  if (values.empty()) return;
  const std::size_t first = r * record_ + at;
  if (fd_ < 0) {
    std::memcpy(&memory_[first], values.data(), values.size() * sizeof(float));
    return;
  }
  const char* p = reinterpret_cast<const char*>(values.data());
  std::size_t left = values.size() * sizeof(float);
  auto offset = static_cast<off_t>(first * sizeof(float));
  while (left > 0) {
    const ssize_t n = ::pwrite(fd_, p, left, offset);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw std::runtime_error(fmt::format("cannot write the daily series to {}: {}",
                                           daily_spill_directory(),
                                           n < 0 ? std::strerror(errno) : "no space left"));
    p += n;
    offset += n;
    left -= static_cast<std::size_t>(n);
  }
}

void DailySeriesStore::read(std::size_t r, std::size_t at, std::size_t count, float* out) const {
  if (count == 0) return;
  const std::size_t first = r * record_ + at;
  if (fd_ < 0) {
    std::memcpy(out, &memory_[first], count * sizeof(float));
    return;
  }
  char* p = reinterpret_cast<char*>(out);
  std::size_t left = count * sizeof(float);
  auto offset = static_cast<off_t>(first * sizeof(float));
  while (left > 0) {
    const ssize_t n = ::pread(fd_, p, left, offset);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw std::runtime_error(fmt::format("cannot read the daily series back from {}: {}",
                                           daily_spill_directory(),
                                           n < 0 ? std::strerror(errno) : "short file"));
    p += n;
    offset += n;
    left -= static_cast<std::size_t>(n);
  }
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
    if (fd_ < 0) {  // in memory: copied under the lock (the first put sizes memory_)
      write(r, 0, result.daily_census);
      write(r, cells_, result.daily_waitlist);
      write(r, 2 * cells_, result.daily_class_census);
    }
  }
  if (fd_ >= 0) {  // pwrite at r's own offset: concurrent puts of other replications are fine
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
  scratch.resize(record_);
  read(r, 0, record_, scratch.data());
  const std::span<const float> all(scratch);
  return {all.subspan(0, cells_), all.subspan(cells_, cells_), all.subspan(2 * cells_)};
}

void DailySeriesStore::read_block(DailySeriesKind kind, std::size_t first, std::size_t count,
                                  std::size_t reps, std::vector<float>& out) const {
  CONTINUUM_ASSERT(reps <= replications_ && first + count <= cells_);
  out.resize(reps * count);
  const std::size_t at = (kind == DailySeriesKind::kCensus ? 0 : cells_) + first;
  for (std::size_t r = 0; r < reps; ++r)
    read(r, at, count, &out[r * count]);
}

DailySeriesRef daily_series(const std::vector<ReplicationResult>& results,
                            const DailySeriesStore* store, std::size_t r,
                            std::vector<float>& scratch) {
  if (store != nullptr && store->holds()) return store->load(r, scratch);
  const ReplicationResult& res = results[r];
  return {res.daily_census, res.daily_waitlist, res.daily_class_census};
}

}  // namespace continuum
