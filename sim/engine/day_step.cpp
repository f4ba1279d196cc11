// Day-boundary mode (time_step_days: 1; docs/time-modes.md): every event happens on a whole day
// t (days since the start of the run), and each boundary runs in phases:
//   observations and dated changes -> discharges (with routing), then authorization denials
//   (authorization.cpp) -> admissions of earlier
//   joiners, first come first served -> abandonments due that day -> new joiners (patients
//   routed that day, the day's referrals, relapses) -> the end-of-day count, which holds until
//   the next boundary (what daily.csv records and the time averages average).
// The calendar keeps its (time, type, sequence) order; the day loop runs it phase by phase.
// A new joiner is held in joiners_ until the last phase (refer() defers it), so a patient who
// joins on day t is admitted on day t + 1 at the earliest. drain() is in engine.cpp, the day's
// referrals (day_referrals) in arrivals.cpp.
#include <algorithm>
#include <cmath>

#include "continuum/engine/engine.hpp"

namespace continuum {

std::uint64_t Engine::run_days() {
  std::uint64_t events = 0;
  for (double t = 0; t < horizon_end_; t += 1) {
    if (!intake_levels_.empty()) open_intake_days(t);  // intake_days.cpp
    drain(t, EventType::kReview, events);              // observations, changes, discharges, denials
    admit_earlier_joiners(t);
    drain(t, EventType::kAbandon, events);
    for (std::size_t s = 0; s < sources_.size(); ++s)
      day_referrals(StreamId(s), t, events);
    drain(t, EventType::kRelapse, events);
    place_new_joiners(t);
  }
  drain(horizon_end_, EventType::kObserve, events);  // the last day's count
  return events;
}

// Free slots go to the waitlists (every entry joined on an earlier day), levels in order; a
// held patient admitted frees its old slot, which is offered in the same phase.
void Engine::admit_earlier_joiners(double now) {
  for (std::size_t l = levels_.size(); l-- > 0;) {
    const LevelState& state = levels_[l];
    if (state.waiting > 0 && state.in_care < state.capacity_now)
      freed_levels_.push_back(LevelId(static_cast<std::uint32_t>(l)));
  }
  offer_freed_slots(now);
}

}  // namespace continuum
