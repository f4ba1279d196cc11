// Random numbers keyed to the patient: every draw a patient's care makes (stay or dropout,
// routing, patience, relapse) comes from a counter-based generator on (patient key, purpose,
// level, visit), where the patient key is (seed, replication, arrival stream, arrival index).
// Two scenarios that differ only in capacity thus give the same referral the same stays and
// routes, whoever else is admitted first (common random numbers per patient, docs/model.md).
//
// The draws are SplitMix64 (Steele, Lea & Flood 2014): output i of a stream is the strong 64-bit
// finalizer mix64 of (start + i * golden gamma), a counter-based generator that passes BigCrush.
// A stream starts at mix64((key ^ salt) + visit * odd constant), where salt is mix64 of the
// (purpose, level) word, so streams for different patients, purposes, levels and visits start
// at unrelated points.
// Philox (Salmon et al. 2011) would do too, but Boost 1.74 has none. Constructing a stream is a
// few multiplications: no state is kept between draws, nothing is allocated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>

#include "continuum/core/rng.hpp"

namespace continuum {

// What a patient's draw is for. Each is drawn at most once per (level, visit), so a draw never
// depends on how many draws the patient made for other purposes (e.g. whether it waited).
enum class DrawPurpose : std::uint8_t {
  kStay = 0,           // the dropout decision, then the stay or the time to dropout
  kRouting = 1,        // the next level on completing
  kPatience = 2,       // waitlist patience
  kAbandonTarget = 3,  // where an abandoner goes (on_abandon)
  kRelapse = 4,        // the relapse decision, then the time to relapse
  kReentry = 5,        // the level a relapse re-enters at
  kAttendance = 6,     // whether the patient attends each session (levels.L.sessions)
  kDrugTest = 7,       // test days and results (levels.L.drug_testing)
  kStepUp = 8,         // the level a step-up refers to (drug_testing.step_up.to)
  kReview = 9,         // authorization reviews at admission: one approval draw per review
  kPayer = 10,         // the payer (keyed by the arrival stream or initial-state level; visit 0)
};
inline constexpr std::size_t kDrawPurposes = 11;

// Where a patient comes from: a referral of an arrival stream, or the initial state of a level.
// kRecentlyDischarged: the initial state's relapse pool (initial_state.recently_discharged).
enum class PatientOrigin : std::uint32_t { kArrival = 1, kInitial = 2, kRecentlyDischarged = 3 };

class PatientRng {
 public:
  using result_type = std::uint64_t;
  static constexpr std::uint64_t kGamma = 0x9e3779b97f4a7c15ULL;
  static constexpr std::uint64_t kVisitGamma = 0xd1b54a32d192ed03ULL;  // odd: visits stay apart

  // The strong mixer of SplitMix64 (Stafford's variant 13): a bijection on 64 bits.
  static constexpr std::uint64_t mix64(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // The base of the keys of one origin (an arrival stream or a level, by its stream_key) in one
  // replication; set up once per replication.
  static std::uint64_t key_base(std::uint64_t seed, std::uint32_t replication, PatientOrigin origin,
                                std::uint32_t stream_key) {
    std::uint64_t s = seed;
    std::uint64_t a = splitmix64(s) ^ (std::uint64_t{replication} * 0xd1b54a32d192ed03ULL);
    std::uint64_t b = splitmix64(a) ^ ((std::uint64_t{static_cast<std::uint32_t>(origin)} << 32) |
                                       std::uint64_t{stream_key});
    return splitmix64(b);
  }
  // The key of the index-th patient (0, 1, ...) of an origin: distinct indices, distinct keys.
  static constexpr std::uint64_t key(std::uint64_t base, std::uint64_t index) {
    return mix64(base + (index + 1) * kGamma);
  }

  // What a draw is for at a level (by its stream_key, so that adding a level shifts no other
  // level's draws), as a word mixed into the patient key; the engine keeps one per purpose and
  // level.
  static constexpr std::uint64_t salt(DrawPurpose purpose, std::uint32_t level_key) {
    return mix64((std::uint64_t{static_cast<std::uint8_t>(purpose)} << 32) | level_key);
  }
  // The draws of patient `key` for a purpose at a level (`salt`) on its `visit`-th referral.
  constexpr PatientRng(std::uint64_t key, std::uint64_t salt, std::uint32_t visit)
      : state_(mix64((key ^ salt) + std::uint64_t{visit} * kVisitGamma)) {}
  constexpr PatientRng(std::uint64_t key, DrawPurpose purpose, std::uint32_t level_key,
                       std::uint32_t visit)
      : PatientRng(key, salt(purpose, level_key), visit) {}

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  constexpr result_type operator()() { return mix64(state_ += kGamma); }
  // Uniform on [0, 1) with 53 random bits (as Rng::uniform01).
  constexpr double uniform01() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

}  // namespace continuum
