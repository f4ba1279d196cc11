// Output bytes written in pieces through one small buffer that is handed on whenever it fills
// (to a file and its hash, or to a string): a large output (daily.csv, report.html) is never
// whole in memory. On the machines this project is measured on, each fresh 4 KiB page costs
// about 5 µs on first touch even when mapped ahead (docs/performance.md, "Ninth pass"), so a
// megabyte built in a string before it is written costs more than formatting it; the 64 KiB
// buffer here stays in cache and is reused block after block.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

namespace continuum {

class ByteSink {
 public:
  static constexpr std::size_t kBlockBytes = std::size_t{64} << 10;

  ByteSink() = default;
  ByteSink(const ByteSink&) = delete;
  ByteSink& operator=(const ByteSink&) = delete;
  virtual ~ByteSink() = default;

  // Room for `n` contiguous bytes (n <= kBlockBytes) at the returned pointer; write up to n
  // bytes there and pass the end to commit().
  char* room(std::size_t n) {
    if (static_cast<std::size_t>(end() - at_) < n) flush();
    return at_;
  }
  void commit(char* end_of_written) { at_ = end_of_written; }
  // Any number of bytes.
  void append(std::string_view bytes) {
    while (!bytes.empty()) {
      if (at_ == end()) flush();
      const std::size_t n = std::min(bytes.size(), static_cast<std::size_t>(end() - at_));
      at_ = std::copy_n(bytes.data(), n, at_);
      bytes.remove_prefix(n);
    }
  }
  ByteSink& operator<<(std::string_view bytes) {
    append(bytes);
    return *this;
  }
  // Hands on what the buffer holds (the writer calls it once at the end).
  void flush() {
    if (at_ == buffer_) return;
    take(std::string_view(buffer_, static_cast<std::size_t>(at_ - buffer_)));
    at_ = buffer_;
  }

 protected:
  // Receives each full (or final) block, in order.
  virtual void take(std::string_view block) = 0;

 private:
  char* end() { return buffer_ + kBlockBytes; }
  char buffer_[kBlockBytes];
  char* at_ = buffer_;
};

// A sink that appends to a string; flush() at the end (written_bytes() does).
class StringSink final : public ByteSink {
 public:
  explicit StringSink(std::string& out) : out_(out) {}

 private:
  void take(std::string_view block) override { out_.append(block); }
  std::string& out_;
};

// The bytes `write(sink)` writes, as one string (tests, and callers that want them whole).
template <class Write>
std::string written_bytes(Write&& write) {
  std::string out;
  StringSink sink(out);
  write(static_cast<ByteSink&>(sink));
  sink.flush();
  return out;
}

}  // namespace continuum
