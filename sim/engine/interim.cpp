// Interim services while waiting (levels.L.waitlist.interim; docs/scenario-format.md, "Interim
// services"): a patient waiting at home takes a free interim place, first come first served by
// the time it joined the waitlist (across classes), and keeps it until admitted or abandoning.
// In interim service the patience clock runs at speed f (abandonment_factor): the patience left
// at placement, R, is used up in R / f days, so the abandonment is rescheduled from
// now + R to now + R / f (the earlier event is cancelled: is_cancelled compares its time with
// Patient::abandon_at). Also the compliance KPIs' end-of-day hook.
#include <cmath>

#include "continuum/engine/engine.hpp"

namespace continuum {

void Engine::join_interim(std::uint32_t p, LevelId level, double now) {
  if (!model_.level(level).interim) return;
  Patient& patient = patients_[p];
  compliance_recorder_.on_interim_joined(level, patient.referral_time);
  levels_[index_of(level)].interim_queue.push({p, patient.token});
  fill_interim(level, now);
}

void Engine::fill_interim(LevelId level, double now) {
  const LevelModel::Interim& interim = *model_.level(level).interim;
  LevelState& state = levels_[index_of(level)];
  while (state.interim_count < interim.capacity && !state.interim_queue.empty()) {
    const Waitlist::Entry e = state.interim_queue.pop();
    Patient& patient = patients_[e.patient];
    if (patient.token != e.token) continue;  // admitted, abandoned or gone since it joined
    CONTINUUM_ENGINE_CHECK(
        patient.state == PatientState::kWaiting && patient.level == static_cast<int>(level), now,
        e.patient, static_cast<int>(level), "interim entry of a patient not waiting here");
    compliance_recorder_.accumulate_interim(level, now, state.interim_count);
    ++state.interim_count;
    patient.interim |= kInInterim;
    const double waited = now - patient.referral_time;
    // Counted by compliance only for a referral it counts (not one found waiting at time 0).
    const bool fast = compliance_ && (patient.interim & kComplianceReferral) &&
                      waited <= model_.compliance->interim_within_days;
    if (fast) patient.interim |= kInterimFast;
    compliance_recorder_.on_interim_placed(level, patient.cls, patient.referral_time, now, fast);
    if (double& abandon = abandon_at(e.patient); std::isfinite(abandon)) {
      abandon = now + (abandon - now) / interim.abandonment_factor;
      calendar_.push(abandon, EventType::kAbandon, e.patient, patient.token);
    }
  }
}

void Engine::leave_interim(std::uint32_t p, LevelId level, double now) {
  LevelState& state = levels_[index_of(level)];
  compliance_recorder_.accumulate_interim(level, now, state.interim_count);
  --state.interim_count;
  patients_[p].interim &= static_cast<std::uint8_t>(~kInInterim);
  CONTINUUM_ENGINE_CHECK(state.interim_count >= 0, now, p, static_cast<int>(level),
                         "interim count went negative");
  fill_interim(level, now);
}

void Engine::interim_areas(double now) {
  for (std::size_t l = 0; l < levels_.size(); ++l)
    if (model_.levels[l].interim)
      compliance_recorder_.accumulate_interim(LevelId(l), now, levels_[l].interim_count);
}

void Engine::compliance_day_end() {
  for (std::size_t l = 0; l < levels_.size(); ++l)
    compliance_recorder_.on_day_end(LevelId(l), levels_[l].in_care, levels_[l].capacity_now);
}

}  // namespace continuum
