// The spill file of the stores (stats/spill_file.hpp): mkstemp + unlink, pread/pwrite loops,
// and the statvfs check.
#include "continuum/stats/spill_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace continuum {

std::string spill_directory() {
  const char* dir = std::getenv("TMPDIR");
  return dir != nullptr && *dir != '\0' ? dir : "/tmp";
}

std::optional<std::string> spill_refusal(std::string_view what, double bytes, std::size_t budget,
                                         std::string_view instead) {
  if (bytes <= static_cast<double>(budget)) return std::nullopt;
  const std::string dir = spill_directory();
  struct statvfs fs {};
  if (::statvfs(dir.c_str(), &fs) != 0)
    return fmt::format(
        "{} ({:.1f} MiB) cannot fit in memory ({:.1f} MiB) and the temporary directory {} "
        "cannot be read ({}); set TMPDIR, or use {}",
        what, bytes / 1048576.0, static_cast<double>(budget) / 1048576.0, dir, std::strerror(errno),
        instead);
  const double free = static_cast<double>(fs.f_bavail) * static_cast<double>(fs.f_frsize);
  if (bytes <= free) return std::nullopt;
  return fmt::format(
      "{} ({:.1f} MiB) cannot fit in memory ({:.1f} MiB) nor in the free space of the "
      "temporary directory {} ({:.1f} MiB); set TMPDIR to a larger file system, or use {}",
      what, bytes / 1048576.0, static_cast<double>(budget) / 1048576.0, dir, free / 1048576.0,
      instead);
}

std::size_t budget_from_env(const char* name, std::size_t fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return fallback;
  char* end = nullptr;
  const unsigned long long value = std::strtoull(text, &end, 10);
  if (end == text || *end != '\0') return fallback;
  return static_cast<std::size_t>(value);
}

SpillFile::~SpillFile() {
  if (fd_ >= 0) ::close(fd_);
}

void SpillFile::open(std::string_view tag, std::string_view what) {
  what_ = what;
  std::string path = fmt::format("{}/continuum-{}-XXXXXX", spill_directory(), tag);
  fd_ = ::mkstemp(path.data());
  if (fd_ < 0)
    throw std::runtime_error(fmt::format("cannot create a temporary file in {} for {}: {}",
                                         spill_directory(), what_, std::strerror(errno)));
  ::unlink(path.c_str());  // gone when the file is closed, or the process ends
}

void SpillFile::write(const void* data, std::size_t bytes, std::uint64_t offset) const {
  const char* p = static_cast<const char*>(data);
  auto at = static_cast<off_t>(offset);
  while (bytes > 0) {
    const ssize_t n = ::pwrite(fd_, p, bytes, at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw std::runtime_error(fmt::format("cannot write {} to {}: {}", what_, spill_directory(),
                                           n < 0 ? std::strerror(errno) : "no space left"));
    p += n;
    at += n;
    bytes -= static_cast<std::size_t>(n);
  }
}

void SpillFile::read(void* out, std::size_t bytes, std::uint64_t offset) const {
  char* p = static_cast<char*>(out);
  auto at = static_cast<off_t>(offset);
  while (bytes > 0) {
    const ssize_t n = ::pread(fd_, p, bytes, at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw std::runtime_error(fmt::format("cannot read {} back from {}: {}", what_,
                                           spill_directory(),
                                           n < 0 ? std::strerror(errno) : "short file"));
    p += n;
    at += n;
    bytes -= static_cast<std::size_t>(n);
  }
}

}  // namespace continuum
