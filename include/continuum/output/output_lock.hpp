// The lock on an output directory: one run at a time writes into a directory.
#pragma once

#include <filesystem>

namespace continuum {

// An exclusive flock(2) on `<target>.lock` beside the target directory, taken at once or refused.
// The kernel drops the lock when the process ends, even on a crash or a kill, so a stale lock
// file never blocks a later run. Movable, not copyable; releasing removes the lock file.
class OutputLock {
 public:
  // Creates the target's parent directory if needed and locks. Throws std::runtime_error naming
  // `target` when another process holds the lock or the lock file cannot be made.
  explicit OutputLock(const std::filesystem::path& target);
  OutputLock(OutputLock&& other) noexcept;
  OutputLock& operator=(OutputLock&&) = delete;
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;
  ~OutputLock();

  // The target directory as an absolute, normal path without a trailing separator.
  const std::filesystem::path& target() const { return target_; }
  // The target as the caller named it (for messages).
  const std::filesystem::path& given() const { return given_; }

 private:
  std::filesystem::path given_;
  std::filesystem::path target_;
  std::filesystem::path lock_path_;
  int fd_ = -1;
};

}  // namespace continuum
