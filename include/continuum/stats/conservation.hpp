// The patient balance of one replication over the whole run, warm-up included: every patient
// referred is, at the end, in care, waiting, held, in the community awaiting relapse, or has left.
#pragma once

#include <cstdint>

namespace continuum {

struct PatientBalance {
  std::int64_t referred = 0;   // external arrivals plus initial_state patients
  std::int64_t in_care = 0;    // at the end: in care (not waiting elsewhere while holding a slot)
  std::int64_t waiting = 0;    // at the end: on a waitlist, holding no slot
  std::int64_t held = 0;       // at the end: on a waitlist, holding a slot at the level before
  std::int64_t community = 0;  // at the end: left care, relapse pending
  std::int64_t left = 0;       // discharged for good, turned away, abandoned out of care

  bool balanced() const { return referred == in_care + waiting + held + community + left; }
  PatientBalance& operator+=(const PatientBalance& o) {
    referred += o.referred;
    in_care += o.in_care;
    waiting += o.waiting;
    held += o.held;
    community += o.community;
    left += o.left;
    return *this;
  }
};

}  // namespace continuum
