// The exact event log of one replication (continuum run --trace): what happened to whom, when.
// The engine reports each step of the patient flow to a TraceSink when one is attached; the
// CSV writer (trace_csv) names levels and streams.
#pragma once

#include <cstdint>
#include <vector>

namespace continuum {

// What a trace row says happened. The meaning of `level`, `other` and `value` per kind is
// documented in docs/outputs.md (trace.csv).
enum class TraceEvent : std::uint8_t {
  kWarmupEnd,   // statistics start
  kArrival,     // external referral: level = entry level, other = arrival stream
  kRelapse,     // referred again after relapse: level = re-entry level
  kAdmitted,    // level = level admitted to, value = days waited
  kWaitlisted,  // joined level's waitlist: value = waitlist length after joining
  kHeld,        // waits for level while keeping its slot at `other`
  kTurnedAway,  // level's waitlist was full: lost to care (a held slot is released); a held
                // step-up stays in care at `other`, where it holds its slot
  kAbandoned,   // left level's waitlist: other = level referred to, or -1 (lost to care)
  kCompleted,   // stay at level ended: other = next level, or -1 (left care)
  kDroppedOut,  // stay at level ended early: left care
  kRelapseDue,  // left care and will relapse: value = day of the relapse
  kCapacity,    // level's capacity changed (changes:): value = new capacity
  kRate,        // arrival stream `other` changed rate: value = referrals per day
  kDenied,      // authorization denied at level: discharged early to `other` (a level, kExit
                // or a named exit), value = days of the planned stay not authorized
  kDrugTest,    // drug test at level: value = 1 positive, 0 negative
  kStepUp,      // referred from level to step-up level `other`: value = 1 holds its slot, else 0
  kSteppedUp,   // step-up discharge from level on admission to `other`
};

struct TraceRecord {
  double time;  // days since the end of warm-up (negative during warm-up)
  TraceEvent event;
  std::uint32_t patient;  // per replication, in order of first referral; kNoPatient if none
  std::int32_t level;     // -1 if none
  std::int32_t other;     // -1 if none
  double value;
};
inline constexpr std::uint32_t kNoPatient = 0xffffffffu;

class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void record(const TraceRecord& r) = 0;
};

// Collects records in memory (one replication's trace).
class TraceBuffer final : public TraceSink {
 public:
  void record(const TraceRecord& r) override { records.push_back(r); }
  std::vector<TraceRecord> records;
};

}  // namespace continuum
