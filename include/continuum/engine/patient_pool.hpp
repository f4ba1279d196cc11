// The patients of one replication: plain records in a vector, reused through a free list, so a
// run allocates only while its population grows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "continuum/core/huge_pages.hpp"

namespace continuum {

inline constexpr std::uint8_t kNoPayer = 0xff;  // Patient::payer of an uninsured patient

enum class PatientState : std::uint8_t { kFree, kWaiting, kHeld, kInCare, kCommunity };

// One cache line (64 bytes, checked below): on a state-sized system each event reads one record
// of tens of thousands at random, and a record across two lines costs two misses. Fields a model
// may not use live beside the pool (the engine's interim and session tables), level indices are
// 16 bits (Engine refuses a model of more levels), and two pairs of fields never needed at once
// share their storage.
struct Patient {
  union {
    double arrival_time;  // first external referral: read only before the first admission
    double left_time;     // when it last left care (cascade: readmission), if left_level >= 0:
                          // set only after an admission, when arrival_time is no longer read
  };
  double referral_time;   // referral to the level waited for (start of the wait)
  double admission_time;  // admission to the level in care at
  std::uint64_t key;      // keys its draws (patient_rng.hpp): set by whoever allocates it
  std::uint32_t token;    // bumped on admission and abandonment: cancels stale events/entries
  union {
    std::uint32_t id;  // per replication, in order of first referral (traces, error messages)
    std::uint32_t next_free;  // a free record: the next one on the pool's free list
  };
  std::uint32_t visit;      // referrals so far (the initial state counts as one): keys its draws
  std::int16_t level;       // level in care at, or waited for; -1 before the first referral
  std::int16_t held_at;     // the level whose slot a held patient keeps, else -1
  std::int16_t link_from;   // completed there and was routed on, not yet admitted; else -1
  std::int16_t left_level;  // the level it last left care from, not yet readmitted; else -1
  PatientState state;
  std::uint8_t cls;        // the patient's class (Model::classes), kept through every level
  std::uint8_t payer;      // the patient's payer (Model::payers), kNoPayer: uninsured
  std::uint16_t episodes;  // admissions so far in this run (warm-up included), saturating
  bool admitted_ever;
  bool dropout;  // the stay in progress ends in dropout
  // Interim services and compliance on this visit (engine/interim.cpp, flow.cpp): kInInterim,
  // kInterimFast, kComplianceReferral bits.
  std::uint8_t interim;
  bool step_up;  // referred by a drug-testing step-up, not yet admitted (drug_testing.cpp)
};
static_assert(sizeof(Patient) == 64, "a patient record is one cache line");
// The most levels a model may have: Patient keeps level indices in 16 bits.
inline constexpr std::size_t kMaxLevels = 32767;
inline constexpr std::uint8_t kInInterim = 1;    // in interim service now
inline constexpr std::uint8_t kInterimFast = 2;  // placed within compliance's interim_within_hours
// Counted as a referral by compliance (not a patient of initial_state, found waiting): only
// such a visit's admission and interim placement count in compliance's shares.
inline constexpr std::uint8_t kComplianceReferral = 4;

class PatientPool {
 public:
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

  void clear() {
    patients_.clear();
    records_ = 0;
    free_head_ = kNone;
    next_id_ = 0;
    alive_ = 0;
  }
  // A new patient in the community, first referred at `now`; returns its index.
  std::uint32_t allocate(double now) {
    std::uint32_t p;
    if (free_head_ != kNone) {
      p = free_head_;
      free_head_ = patients_[p].next_free;
    } else {
      p = records_++;
      patients_.push_back(Patient{});
    }
    Patient& patient = patients_[p];
    patient.arrival_time = now;
    patient.referral_time = now;
    patient.admission_time = now;
    patient.level = -1;
    patient.held_at = -1;
    patient.link_from = -1;
    patient.left_level = -1;
    patient.key = 0;
    patient.visit = 0;
    patient.episodes = 0;
    patient.id = next_id_++;  // (in place of next_free)
    patient.state = PatientState::kCommunity;
    patient.cls = 0;
    patient.payer = kNoPayer;
    patient.admitted_ever = false;
    patient.dropout = false;
    patient.interim = 0;
    patient.step_up = false;
    ++alive_;
    // token keeps counting across reuse, so stale events and waitlist entries stay stale
    return p;
  }
  // Back to the free list; its pending events and waitlist entries become stale.
  void release(std::uint32_t p) {
    Patient& patient = patients_[p];
    patient.state = PatientState::kFree;
    ++patient.token;
    patient.next_free = free_head_;
    free_head_ = p;
    --alive_;
  }
  // Records in use or free (indices 0 .. size() - 1), and those in use.
  // (A count of its own: the hot path asks at every event, and the vector's would divide its
  // byte size by the record's.)
  std::uint32_t size() const { return records_; }
  std::uint32_t alive() const { return alive_; }
  Patient& operator[](std::uint32_t p) { return patients_[p]; }
  const Patient& operator[](std::uint32_t p) const { return patients_[p]; }

 private:
  // Tens of megabytes on a state-sized system, read at random: huge pages (core/huge_pages.hpp).
  std::vector<Patient, HugePageAllocator<Patient>> patients_;
  std::uint32_t records_ = 0;  // patients_.size()
  std::uint32_t free_head_ = kNone;
  std::uint32_t next_id_ = 0;
  std::uint32_t alive_ = 0;  // allocated and not yet released
};

}  // namespace continuum
