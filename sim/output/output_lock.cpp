// flock(2) on `<target>.lock`: taken at once or refused; the kernel releases it when the process
// ends however it ends.
#include "continuum/output/output_lock.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace continuum {

namespace fs = std::filesystem;

namespace {
// "results/x/", "results/./x" and "x/.." name a directory by its last component: normalise.
fs::path absolute_target(const fs::path& given) {
  fs::path p = fs::absolute(given).lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  if (p == p.root_path())
    throw std::runtime_error(
        fmt::format("{}: the root directory cannot be an output directory", given.string()));
  return p;
}

// True when `fd` is the file now at `path`: a run releasing the lock removes the file, so a
// lock taken on the removed file locks nothing.
bool is_file_at(int fd, const fs::path& path) {
  struct stat held {};
  struct stat named {};
  return ::fstat(fd, &held) == 0 && ::stat(path.c_str(), &named) == 0 &&
         held.st_dev == named.st_dev && held.st_ino == named.st_ino;
}
}  // namespace

OutputLock::OutputLock(const fs::path& target) : given_(target), target_(absolute_target(target)) {
  lock_path_ = target_;
  lock_path_ += ".lock";
  std::error_code ec;
  fs::create_directories(target_.parent_path(), ec);
  if (ec)
    throw std::runtime_error(fmt::format("{}: cannot create directory: {}",
                                         target_.parent_path().string(), ec.message()));
  for (int attempt = 0; attempt < 16; ++attempt) {
    fd_ = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0)
      throw std::runtime_error(fmt::format("{}: cannot create the lock file: {}",
                                           lock_path_.string(), std::strerror(errno)));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      ::close(fd_);
      fd_ = -1;
      if (error == EWOULDBLOCK)
        throw std::runtime_error(fmt::format(
            "{}: another continuum run is writing into this directory; wait for it to end or "
            "choose another --out",
            given_.string()));
      throw std::runtime_error(
          fmt::format("{}: cannot lock: {}", lock_path_.string(), std::strerror(error)));
    }
    if (is_file_at(fd_, lock_path_)) return;
    ::close(fd_);  // locked a file its holder has just removed: lock the new one
    fd_ = -1;
  }
  throw std::runtime_error(
      fmt::format("{}: cannot lock: the lock file keeps changing", lock_path_.string()));
}

OutputLock::OutputLock(OutputLock&& other) noexcept
    : given_(std::move(other.given_)),
      target_(std::move(other.target_)),
      lock_path_(std::move(other.lock_path_)),
      fd_(other.fd_) {
  other.fd_ = -1;
}

OutputLock::~OutputLock() {
  if (fd_ < 0) return;
  ::unlink(lock_path_.c_str());  // before unlocking: a waiting run then locks a fresh file
  ::close(fd_);
}

}  // namespace continuum
