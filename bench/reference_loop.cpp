// Minimal hand-written event loops: a 4-ary heap of plain 16-byte events, xoshiro256++ and
// exponential draws by inversion; nothing else. Deliberately independent of the engine's code.
#include "reference_loop.hpp"

#include <bit>
#include <cmath>
#include <vector>

namespace continuum::bench {

namespace {

class Xoshiro {
 public:
  explicit Xoshiro(std::uint64_t seed) {
    for (auto& w : s_) {
      std::uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      w = z ^ (z >> 31);
    }
  }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[0] + s_[3], 23) + s_[0];
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  double exponential(double mean) { return -mean * std::log1p(-uniform()); }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

struct Ev {
  double time;
  std::uint32_t kind;     // 0 arrival, 1 discharge, 2 abandonment; bits 2-31: patient's token
  std::uint32_t subject;  // patient
};

class Heap {
 public:
  bool empty() const { return h_.empty(); }
  const Ev& top() const { return h_.front(); }
  void push(Ev e) {
    std::size_t i = h_.size();
    h_.push_back(e);
    while (i > 0) {
      std::size_t parent = (i - 1) / 4;
      if (!(e.time < h_[parent].time)) break;
      h_[i] = h_[parent];
      i = parent;
    }
    h_[i] = e;
  }
  void pop() {
    Ev last = h_.back();
    h_.pop_back();
    const std::size_t n = h_.size();
    if (n == 0) return;
    std::size_t i = 0;
    for (;;) {
      std::size_t first = 4 * i + 1;
      if (first >= n) break;
      std::size_t best = first, end = first + 4 < n ? first + 4 : n;
      for (std::size_t c = first + 1; c < end; ++c)
        if (h_[c].time < h_[best].time) best = c;
      if (!(h_[best].time < last.time)) break;
      h_[i] = h_[best];
      i = best;
    }
    h_[i] = last;
  }

 private:
  std::vector<Ev> h_;
};

// A growable FIFO ring of 64-bit words.
class Fifo {
 public:
  bool empty() const { return size_ == 0; }
  void push(std::uint64_t v) {
    if (size_ == buf_.size()) {
      std::vector<std::uint64_t> bigger(buf_.empty() ? 64 : buf_.size() * 2);
      for (std::size_t i = 0; i < size_; ++i)
        bigger[i] = buf_[(head_ + i) & (buf_.size() - 1)];
      buf_.swap(bigger);
      head_ = 0;
    }
    buf_[(head_ + size_++) & (buf_.size() - 1)] = v;
  }
  std::uint64_t pop() {
    std::uint64_t v = buf_[head_];
    head_ = (head_ + 1) & (buf_.size() - 1);
    --size_;
    return v;
  }

 private:
  std::vector<std::uint64_t> buf_;
  std::size_t head_ = 0, size_ = 0;
};

}  // namespace

ReferenceResult reference_mmc(int servers, double rate, double mean_stay, double horizon,
                              std::uint64_t seed) {
  Xoshiro rng(seed);
  Heap heap;
  Fifo waiting;  // arrival times, as bit patterns
  ReferenceResult out;
  int busy = 0;
  heap.push({rng.exponential(1 / rate), 0, 0});
  while (!heap.empty()) {
    const Ev e = heap.top();
    if (e.time >= horizon) break;
    heap.pop();
    ++out.events;
    if (e.kind == 0) {
      ++out.patients;
      if (busy < servers) {
        ++busy;
        heap.push({e.time + rng.exponential(mean_stay), 1, 0});
      } else {
        waiting.push(std::bit_cast<std::uint64_t>(e.time));
      }
      heap.push({e.time + rng.exponential(1 / rate), 0, 0});
    } else if (!waiting.empty()) {
      out.checksum += e.time - std::bit_cast<double>(waiting.pop());  // the wait
      heap.push({e.time + rng.exponential(mean_stay), 1, 0});
    } else {
      --busy;
    }
  }
  return out;
}

ReferenceResult reference_continuum6(double horizon, std::uint64_t seed) {
  constexpr int kLevels = 6;
  constexpr int kCapacity[kLevels] = {16, 40, 20, 60, 100, 200};
  constexpr double kMeanStay[kLevels] = {5, 30, 14, 42, 90, 180};
  constexpr double kRate = 3, kPatience = 30;
  struct Patient {
    std::uint32_t token, level, next_free;
  };
  Xoshiro rng(seed);
  Heap heap;
  std::vector<Patient> patients;
  std::uint32_t free_head = UINT32_MAX;
  Fifo queue[kLevels];  // (token << 32) | patient
  int in_care[kLevels] = {};
  int waiting[kLevels] = {};
  ReferenceResult out;

  auto release = [&](std::uint32_t p) {
    ++patients[p].token;
    patients[p].next_free = free_head;
    free_head = p;
  };
  auto admit = [&](std::uint32_t p, int level, double now) {
    ++in_care[level];
    ++patients[p].token;
    patients[p].level = static_cast<std::uint32_t>(level);
    heap.push({now + rng.exponential(kMeanStay[level]), 1, p});
  };
  auto refer = [&](std::uint32_t p, int level, double now) {
    patients[p].level = static_cast<std::uint32_t>(level);
    if (in_care[level] < kCapacity[level] && waiting[level] == 0) {
      admit(p, level, now);
    } else {
      ++waiting[level];
      queue[level].push((std::uint64_t{patients[p].token} << 32) | p);
      heap.push({now + rng.exponential(kPatience), 2 | (patients[p].token << 2), p});
    }
  };
  heap.push({rng.exponential(1 / kRate), 0, 0});
  while (!heap.empty()) {
    const Ev e = heap.top();
    if (e.time >= horizon) break;
    heap.pop();
    const std::uint32_t kind = e.kind & 3;
    if (kind == 0) {
      std::uint32_t p;
      if (free_head != UINT32_MAX) {
        p = free_head;
        free_head = patients[p].next_free;
      } else {
        p = static_cast<std::uint32_t>(patients.size());
        patients.push_back({0, 0, 0});
      }
      ++out.patients;
      refer(p, 0, e.time);
      heap.push({e.time + rng.exponential(1 / kRate), 0, 0});
    } else if (kind == 1) {
      const std::uint32_t p = e.subject;
      const int level = static_cast<int>(patients[p].level);
      --in_care[level];
      const double u = rng.uniform();
      if (level == kLevels - 1 || (u >= 0.7 && u < 0.9)) {
        release(p);
      } else {
        refer(p, u < 0.7 ? level + 1 : 0, e.time);
      }
      while (in_care[level] < kCapacity[level] && waiting[level] > 0) {
        const std::uint64_t entry = queue[level].pop();
        const auto q = static_cast<std::uint32_t>(entry);
        if (patients[q].token != static_cast<std::uint32_t>(entry >> 32)) continue;  // abandoned
        --waiting[level];
        out.checksum += e.time;
        admit(q, level, e.time);
      }
    } else {
      const std::uint32_t p = e.subject;
      if ((patients[p].token & 0x3fffffff) != e.kind >> 2) continue;  // admitted meanwhile
      --waiting[patients[p].level];
      release(p);
    }
    ++out.events;
  }
  return out;
}

}  // namespace continuum::bench
