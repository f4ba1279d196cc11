// A temporary file for what does not fit in memory (the daily series store, the result store):
// created with mkstemp in $TMPDIR (else /tmp) and unlinked at once, so nothing is left behind,
// even on a crash; read and written at given offsets (pread/pwrite, whole or an exception), so
// writers of distinct ranges need no lock. Plus the free-space check made before a run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace continuum {

// Where stores spill: $TMPDIR when set, else /tmp.
std::string spill_directory();

// A refusal when `bytes` of `what` ("the daily series") over `budget` would not fit in the spill
// directory's free space (statvfs); nullopt when they fit or stay in memory. `instead` ends
// the advice ("--no-daily or fewer replications").
std::optional<std::string> spill_refusal(std::string_view what, double bytes, std::size_t budget,
                                         std::string_view instead);

// A byte budget from environment variable `name` (a decimal number of bytes) when set and
// valid, else `fallback`.
std::size_t budget_from_env(const char* name, std::size_t fallback);

class SpillFile {
 public:
  SpillFile() = default;
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  // Creates the unlinked file continuum-<tag>-XXXXXX in spill_directory(); `what` names the
  // contents in errors ("the daily series"). Throws std::runtime_error when it cannot.
  void open(std::string_view tag, std::string_view what);
  bool is_open() const { return fd_ >= 0; }
  // All `bytes` at `offset`, or std::runtime_error (a full disk, a short file).
  void write(const void* data, std::size_t bytes, std::uint64_t offset) const;
  void read(void* out, std::size_t bytes, std::uint64_t offset) const;

 private:
  int fd_ = -1;
  std::string what_;
};

}  // namespace continuum
