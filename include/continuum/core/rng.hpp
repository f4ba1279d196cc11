// Random streams: xoshiro256++ seeded per (seed, replication, stream) through SplitMix64.
//
// Boost 1.74 has no xoshiro engine (it arrived in Boost 1.83); this 20-line generator is the
// published reference algorithm (Blackman & Vigna). It satisfies UniformRandomBitGenerator, so
// every Boost.Random distribution draws from it.
#pragma once

#include <cstdint>
#include <limits>

namespace continuum {

constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Purposes of random streams; a stream id is (purpose, index), so adding a level or an arrival
// stream never shifts the numbers another stream sees (common random numbers). Only what defines
// the referrals has a stream: every draw of a patient's care is keyed to the patient
// (patient_rng.hpp), so the values 2 to 5 (once per-level stays, routing, patience, relapse) are
// retired.
enum class StreamPurpose : std::uint32_t {
  kArrivals = 1,  // index: arrival stream — inter-arrival times and entry level
  kClass = 6,     // index: arrival stream or level — the class of a referral (with classes)
  kRecentlyDischarged = 7,  // index: level — the initial state's relapse pool (its size, times)
};

class Rng {
 public:
  using result_type = std::uint64_t;

  Rng() : Rng(0) {}
  explicit Rng(std::uint64_t seed) {
    std::uint64_t sm = seed;
    for (auto& word : s_)
      word = splitmix64(sm);
  }
  // The stream for one purpose of one replication; a fixed mixing function of the three ids.
  static Rng stream(std::uint64_t seed, std::uint32_t replication, StreamPurpose purpose,
                    std::uint32_t index) {
    std::uint64_t mix = seed;
    std::uint64_t a = splitmix64(mix) ^ (std::uint64_t{replication} * 0xd1b54a32d192ed03ULL);
    std::uint64_t b = splitmix64(a) ^ ((std::uint64_t{static_cast<std::uint32_t>(purpose)} << 32) |
                                       std::uint64_t{index});
    return Rng(splitmix64(b));
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  result_type operator()() {
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

  // Uniform on [0, 1) with 53 random bits.
  double uniform01() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

}  // namespace continuum
