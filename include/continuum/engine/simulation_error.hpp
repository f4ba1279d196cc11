// Run-time errors that say where and when: a broken engine invariant reported with simulated
// time, patient, level and event, e.g. "t=12.5 patient 4711 level 'iop' event discharge: in
// care count went negative". The checks are compiled in with CONTINUUM_ENGINE_CHECKS (the
// sanitizer build) and cost nothing otherwise.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace continuum {

#ifdef CONTINUUM_ENGINE_CHECKS
inline constexpr bool kEngineChecks = true;
#else
inline constexpr bool kEngineChecks = false;
#endif

class SimulationError : public std::runtime_error {
 public:
  // `time`: days since the end of warm-up (the trace's clock); `patient`: the per-replication
  // id, or kNoPatient; `level`: empty when none.
  SimulationError(double time, std::uint32_t patient, std::string_view level,
                  std::string_view event, std::string_view what);
};

// "t=TIME[ patient ID][ level 'NAME'] event EVENT: WHAT".
std::string simulation_error_message(double time, std::uint32_t patient, std::string_view level,
                                     std::string_view event, std::string_view what);

}  // namespace continuum

// Inside Engine members: when `cond` fails, throws SimulationError for patient index `p` (or
// PatientPool::kNone) at `level` (or -1). Without CONTINUUM_ENGINE_CHECKS nothing is evaluated.
#ifdef CONTINUUM_ENGINE_CHECKS
#define CONTINUUM_ENGINE_CHECK(cond, now, p, level, what) \
  ((cond) ? static_cast<void>(0) : check_failed(now, p, level, what))
#else
#define CONTINUUM_ENGINE_CHECK(cond, now, p, level, what) static_cast<void>(sizeof((cond) ? 1 : 0))
#endif
