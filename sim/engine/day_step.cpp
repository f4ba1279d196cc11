// Day-boundary mode (time_step_days: 1; docs/time-modes.md): every event happens on a whole day
// t (days since the start of the run), and each boundary runs in phases:
//   observations and dated changes -> discharges (with routing) -> admissions of earlier
//   joiners, first come first served -> abandonments due that day -> new joiners (patients
//   routed that day, the day's referrals, relapses) -> the end-of-day count, which holds until
//   the next boundary (what daily.csv records and the time averages average).
// The calendar keeps its (time, type, sequence) order; the day loop runs it phase by phase.
// A new joiner is held in joiners_ until the last phase (refer() defers it), so a patient who
// joins on day t is admitted on day t + 1 at the earliest.
#include <algorithm>
#include <cmath>

#include <boost/random/poisson_distribution.hpp>

#include "continuum/engine/engine.hpp"

namespace continuum {

std::uint64_t Engine::run_days() {
  std::uint64_t events = 0;
  for (double t = 0; t < horizon_end_; t += 1) {
    drain(t, EventType::kDischarge, events);  // observations, changes, discharges
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

// The referrals of day [t, t + 1) from `stream`, all at boundary t. Poisson streams: a Poisson
// count of mean the rate integrated over the day (from the stream's start); renewal streams
// (interarrival): the referrals whose continuous time falls in the day.
void Engine::day_referrals(StreamId stream, double t, std::uint64_t& events) {
  ReferralSource& source = sources_[index_of(stream)];
  SourceState& state = source_states_[index_of(stream)];
  const double from = std::max(t, model_.stream(stream).start), to = t + 1;
  if (from >= to) return;  // not started yet
  if (!source.poisson) {
    for (; state.next_time < to; state.next_time += source.gap(state.rng), ++events)
      refer_new(stream, t);
    return;
  }
  double mean = 0;
  if (!source.schedule.empty()) {
    auto piece = std::upper_bound(source.schedule.begin(), source.schedule.end(), from,
                                  [](double x, const RateSegment& s) { return x < s.end; });
    for (; piece != source.schedule.end() && piece->start < to; ++piece)
      mean += piece->rate * (std::min(to, piece->end) - std::max(from, piece->start));
  } else if (!source.modulated) {
    mean = state.rate * (to - from);
  } else {  // growth and seasonality: the rate at the middle of the day's part after the start
    mean = rate_at(source, state.rate, (from + to) / 2) * (to - from);
  }
  if (!(mean > 0)) return;
  const auto n = boost::random::poisson_distribution<std::int64_t, double>(mean)(state.rng);
  for (std::int64_t k = 0; k < n; ++k)
    refer_new(stream, t);
  events += static_cast<std::uint64_t>(n);
}

}  // namespace continuum
