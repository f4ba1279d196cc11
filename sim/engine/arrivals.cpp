// Referral sources: each external referral, and the scheduling of the next one (renewal gaps,
// Poisson gaps, piecewise-constant schedules, or thinning month by month against each month's
// peak rate when growth or seasonality modulate it).
#include "continuum/engine/engine.hpp"

#include <algorithm>
#include <cmath>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>

#include "continuum/core/units.hpp"
#include "stream_rate.hpp"

namespace continuum {

namespace {

// An exponential gap at `rate` (> 0) per day: Boost's unit exponential divided by the rate. The
// same value, bit for bit, as exponential_distribution(1) divided by the rate (whose division by
// 1 is exact), with one division instead of two on the way to the next referral's time.
double exponential_gap(Rng& rng, double rate) {
  return boost::random::exponential_distribution<double>(rate)(rng);
}

}  // namespace

// A new patient, of a class drawn from the stream's shares, referred to its entry level
// (inlined in on_arrival: the hot path).
template <bool Plain>
[[gnu::always_inline]] inline void Engine::refer_new(StreamId stream, double now) {
  ReferralSource& source = sources_[index_of(stream)];
  SourceState& state = source_states_[index_of(stream)];
  const std::uint32_t p = patients_.allocate(now);
  patients_[p].key = PatientRng::key(state.key_base, state.referrals++);
  if (!Plain && classes_)
    patients_[p].cls = draw_class(source.class_shares, class_rngs_[index_of(stream)]);
  if (!Plain && payers_) [[unlikely]]
    draw_payer(p, model_.stream(stream).payer_shares, model_.stream(stream).stream_key);
  const Choice& entry_choice =
      (!Plain && classes_) ? source.entry_by_class[patients_[p].cls] : source.entry;
  const auto entry = LevelId(static_cast<std::uint32_t>(entry_choice(state.rng)));
  recorder_.on_arrival<Plain>(now, patient_id(p), entry, stream, patients_[p].cls);
  refer<Plain>(p, entry, now, kNotHeld);
}

template <bool Plain>
void Engine::on_arrival(StreamId stream, double now) {
  refer_new<Plain>(stream, now);
  offer_freed_slots<Plain>(now);
  // The next referral: a homogeneous Poisson stream's here (schedule_arrival()'s rule for it,
  // without the call), any other in schedule_arrival().
  const ReferralSource& source = sources_[index_of(stream)];
  SourceState& state = source_states_[index_of(stream)];
  if ((Plain || !day_step_) && source.poisson && !source.modulated && source.schedule.empty() &&
      state.rate > 0) [[likely]] {
    calendar_.set_source(index_of(stream), now + exponential_gap(state.rng, state.rate),
                         EventType::kArrival, static_cast<std::uint32_t>(stream), state.generation);
    return;
  }
  schedule_arrival<Plain>(stream, now);
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

// Schedules the source's next referral after `now`, replacing any pending one.
template <bool Plain>
void Engine::schedule_arrival(StreamId stream, double now) {
  ReferralSource& source = sources_[index_of(stream)];
  SourceState& state = source_states_[index_of(stream)];
  if (!Plain && day_step_) [[unlikely]] {  // day_step.cpp draws each day's referrals from the rate
    if (!source.poisson) state.next_time = now + source.gap(state.rng);
    return;
  }
  double t = now;
  if (!source.poisson) {
    t += source.gap(state.rng);
  } else if (!source.schedule.empty()) {
    // Piecewise-constant rates: an exponential gap at the rate of the piece `t` falls in; a gap
    // that would cross the piece's end restarts there at the next piece's rate, which by
    // memorylessness is exactly the non-homogeneous Poisson process. A rate of 0 skips a piece.
    auto piece = std::upper_bound(source.schedule.begin(), source.schedule.end(), t,
                                  [](double x, const RateSegment& s) { return x < s.end; });
    for (;; ++piece) {
      if (piece == source.schedule.end() || piece->start >= horizon_end_) return;
      if (piece->rate <= 0) continue;
      const double candidate = std::max(t, piece->start) + exponential_gap(state.rng, piece->rate);
      if (candidate < piece->end) {
        t = candidate;
        break;
      }
    }
  } else if (state.rate <= 0) {
    return;  // off until a change sets a rate
  } else if (!source.modulated) {
    t += exponential_gap(state.rng, state.rate);
  } else {
    // Thinning, one calendar month (kDaysPerMonth days from day 0 of the window) at a time:
    // candidates at the month's own peak rate (its factor, growth at whichever end is higher),
    // each kept with probability rate / peak; a candidate past the month's end is dropped and a
    // new one starts there at the next month's peak, which by memorylessness is exactly the
    // non-homogeneous Poisson process. No peak looks past the month, so the draws up to any day
    // do not depend on the horizon. A month whose factor is 0 is skipped.
    auto month = static_cast<std::int64_t>(std::floor((t - warmup_end_) / kDaysPerMonth));
    for (;; ++month) {
      const double start = warmup_end_ + static_cast<double>(month) * kDaysPerMonth;
      const double end = warmup_end_ + static_cast<double>(month + 1) * kDaysPerMonth;
      if (start >= horizon_end_) return;
      const double factor = source.monthly[static_cast<std::size_t>(((month % 12) + 12) % 12)];
      if (!(factor > 0)) continue;
      const double growth_at_end = std::pow(1 + source.growth, (end - warmup_end_) / kDaysPerYear);
      const double growth_at_start =
          std::pow(1 + source.growth, (start - warmup_end_) / kDaysPerYear);
      const double peak_growth = std::max(growth_at_start, growth_at_end);
      const double peak = state.rate * peak_growth * factor;
      t = std::max(t, start);
      bool kept = false;
      for (;;) {
        t += exponential_gap(state.rng, peak);
        if (t >= end) break;
        kept = state.rng.uniform01() * peak_growth <
               std::pow(1 + source.growth, (t - warmup_end_) / kDaysPerYear);
        if (kept) break;
      }
      if (kept) break;
      t = end;
    }
  }
  calendar_.set_source(index_of(stream), t, EventType::kArrival, static_cast<std::uint32_t>(stream),
                       state.generation);
}

// Referrals per day at time t: `rate` with growth since day 0 of the window (1 January) and the
// month's factor (12 months of kDaysPerMonth).
double Engine::rate_at(const ReferralSource& source, double rate, double t) const {
  return modulated_rate(rate, source.growth, source.monthly, t - warmup_end_);
}

// A change of rate (changes:): the referral already scheduled at the old rate becomes void.
void Engine::set_rate(StreamId stream, double rate) {
  SourceState& state = source_states_[index_of(stream)];
  state.rate = rate;
  ++state.generation;
}

// Both builds of the hot path (engine.hpp, plain()).
template void Engine::on_arrival<false>(StreamId, double);
template void Engine::schedule_arrival<false>(StreamId, double);
template void Engine::on_arrival<true>(StreamId, double);
template void Engine::schedule_arrival<true>(StreamId, double);

}  // namespace continuum
