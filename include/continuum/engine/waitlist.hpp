// A level's waitlist: a FIFO of (patient, token) in a growable ring buffer. Entries whose token
// no longer matches the patient's are stale (the patient abandoned) and are skipped when they
// reach the front.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace continuum {

class Waitlist {
 public:
  struct Entry {
    std::uint32_t patient;
    std::uint32_t token;
  };
  void clear() { head_ = size_ = 0; }
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }  // including stale entries
  void push(Entry e) {
    if (size_ == buffer_.size()) grow();
    buffer_[(head_ + size_) & (buffer_.size() - 1)] = e;
    ++size_;
  }
  const Entry& front() const { return buffer_[head_]; }
  Entry pop() {
    Entry e = buffer_[head_];
    head_ = (head_ + 1) & (buffer_.size() - 1);
    --size_;
    return e;
  }

 private:
  void grow();  // doubles the buffer (a power of two, so indices wrap by masking)
  std::vector<Entry> buffer_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace continuum
