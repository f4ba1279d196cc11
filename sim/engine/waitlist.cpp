// The waitlist ring buffer's growth: entries are copied out in FIFO order to the front.
#include "continuum/engine/waitlist.hpp"

namespace continuum {

void Waitlist::grow() {
  std::vector<Entry> bigger(buffer_.empty() ? 16 : buffer_.size() * 2);
  for (std::size_t i = 0; i < size_; ++i)
    bigger[i] = buffer_[(head_ + i) & (buffer_.size() - 1)];
  buffer_.swap(bigger);
  head_ = 0;
}

}  // namespace continuum
