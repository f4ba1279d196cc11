// The patient flow rules: referral, admission, the release of a slot and its offer to the
// waitlist, leaving care (with relapse), and the flow events (discharge, abandonment, relapse).
// Each step is reported to the recorder; the engine checks (simulation_error.hpp) guard the
// counts.
#include "continuum/engine/engine.hpp"

#include <limits>

namespace continuum {

namespace {
LevelId level_id(int index) {
  return LevelId(static_cast<std::uint32_t>(index));
}
int level_int(LevelId level) {
  return static_cast<int>(level);
}
}  // namespace

// Admitted at once when a slot is free and nobody waits; else turned away when the waitlist is
// full, else waitlisted (a held patient keeps its slot at `held_at` while it waits).
// With classes: admitted at once when a slot is free to the patient's class and nobody waiting
// may take one (else the end of the event serves the waitlist by priority).
template <bool Plain>
void Engine::refer(std::uint32_t p, LevelId level, double now, int held_at) {
  if (!Plain && day_step_) [[unlikely]] {  // a new joiner of the day: placed after its abandonments
    joiners_.push_back({p, level, held_at});
    return;
  }
  place<Plain>(p, level, now, held_at, true);
}

template <bool Plain>
inline void Engine::place(std::uint32_t p, LevelId level, double now, int held_at, bool may_admit) {
  Patient& patient = patients_[p];
  LevelRules& rules = rules_for<Plain>(level, patient.cls);
  LevelState& state = levels_[index_of(level)];
  recorder_.on_referral<Plain>(now, level, patient.cls);
  patient.level = static_cast<std::int16_t>(level_int(level));
  patient.referral_time = now;
  patient.held_at = static_cast<std::int16_t>(held_at);
  ++patient.visit;  // a new visit: fresh draws for it
  // Never set in the plain build; a store through a byte would make the compiler reload every
  // pointer it holds (a byte may alias anything).
  if constexpr (!Plain) patient.interim = 0;
  if (may_admit && (Plain || intake_open(level, now)) &&
      ((!Plain && classes_) ? can_admit(level, patient.cls) && !eligible_waiting(level)
                            : state.in_care < state.capacity_now && state.waiting == 0)) {
    if (!Plain && compliance_) [[unlikely]] {
      compliance_recorder_.on_referral(level, patient.cls, now);
      patient.interim |= kComplianceReferral;
    }
    admit<Plain>(p, level, now);
    return;
  }
  if (state.waiting >= rules.max_waiting) {
    if (!Plain && patient.step_up && step_up_turned_away(p, now)) [[unlikely]]
      return;  // a held step-up stays where it is (drug_testing.cpp)
    recorder_.on_turned_away<Plain>(now, patient.id, level, patient.cls);
    if (held_at != kNotHeld) release_slot<Plain>(p, level_id(held_at), now);
    patients_.release(p);
    return;
  }
  if (!Plain && compliance_) [[unlikely]] {
    compliance_recorder_.on_referral(level, patient.cls, now);
    patient.interim |= kComplianceReferral;
  }
  accumulate_areas<Plain>(level, now);
  ++state.waiting;
  if (!Plain && classes_)
    enqueue(level, p, now);
  else
    state.queue.push({p, patient.token});
  if (held_at != kNotHeld) {
    recorder_.on_held<Plain>(now, patient.id, level, held_at);
    patient.state = PatientState::kHeld;  // keeps its slot and its place in care: no abandonment
  } else {
    recorder_.on_waitlisted<Plain>(now, patient.id, level, state.waiting);
    patient.state = PatientState::kWaiting;
  }
  // A held step-up (drug_testing.cpp) has patience as any referral; other held patients none.
  if (held_at == kNotHeld || patient.step_up) {
    double abandon_at = std::numeric_limits<double>::infinity();
    if (rules.patience) {
      PatientRng rng = draws(p, DrawPurpose::kPatience, level);
      const double patience = (*rules.patience)(rng);
      abandon_at = now + (may_admit ? patience : patience_days(patience));
      calendar_.push(abandon_at, EventType::kAbandon, p, patient.token);
    }
    if (!Plain && interim_ && held_at == kNotHeld) [[unlikely]] {  // only patients waiting at home
      this->abandon_at(p) = abandon_at;
      join_interim(p, level, now);
    }
  }
}

// Day-boundary mode: the boundary's new joiners in the order they were referred (routed at
// discharge, routed at abandonment, external referrals, relapses), all waitlisted; a held
// patient turned away frees its slot for the next boundary's admissions.
void Engine::place_new_joiners(double now) {
  for (const Joiner& j : joiners_)
    place(j.patient, j.level, now, j.held_at, false);
  joiners_.clear();
}

template <bool Plain>
void Engine::admit(std::uint32_t p, LevelId level, double now) {
  Patient& patient = patients_[p];
  LevelRules& rules = rules_for<Plain>(level, patient.cls);
  LevelState& state = levels_[index_of(level)];
  if (patient.held_at != kNotHeld) {
    // A held step-up still attends the sessions where it holds its slot (drug_testing.cpp).
    if (!Plain && sessions_ && patient.step_up && model_.level(level_id(patient.held_at)).sessions)
      leave_roster(p, level_id(patient.held_at));
    release_slot<Plain>(p, level_id(patient.held_at), now);
  }
  accumulate_areas<Plain>(level, now);
  ++state.in_care;
  count_in_care<Plain>(level, patient.cls, 1, now);
  CONTINUUM_ENGINE_CHECK(state.in_care <= state.capacity_now, now, p, level_int(level),
                         "admitted over capacity");
  const double wait = now - patient.referral_time;
  recorder_.on_prior_episodes<Plain>(now, level, patient.episodes, patient.cls);
  if (patient.episodes < std::numeric_limits<std::uint16_t>::max()) ++patient.episodes;
  if (patient.link_from >= 0) {  // routed here on completing there: the referral was then
    recorder_.on_linked<Plain>(level_id(patient.link_from), patient.referral_time, wait,
                               patient.cls);
    patient.link_from = -1;
  }
  if (patient.left_level == level_int(level)) {
    recorder_.on_readmitted<Plain>(level, patient.left_time, now - patient.left_time, patient.cls);
    patient.left_level = -1;
  }
  // Only a referral compliance counted (not a patient found waiting by initial_state).
  if (!Plain && compliance_ && (patient.interim & kComplianceReferral)) [[unlikely]]
    compliance_recorder_.on_admitted(level, patient.cls, patient.referral_time, wait,
                                     (patient.interim & kInterimFast) != 0);
  recorder_.on_admitted<Plain>(now, patient.id, level, wait, patient.cls);
  if (!patient.admitted_ever) {
    patient.admitted_ever = true;
    recorder_.on_first_admission<Plain>(now, now - patient.arrival_time, patient.cls);
  }
  patient.state = PatientState::kInCare;
  patient.level = static_cast<std::int16_t>(level_int(level));
  patient.held_at = kNotHeld;
  patient.admission_time = now;
  ++patient.token;
  if (!Plain && (patient.interim & kInInterim)) [[unlikely]]
    leave_interim(p, level, now);
  // The exit reason first, then a stay from that reason's distribution.
  PatientRng rng = draws(p, DrawPurpose::kStay, level);
  const bool dropout = rules.dropout_probability > 0 && rng.uniform01() < rules.dropout_probability;
  patient.dropout = dropout;
  if (!Plain && sessions_) [[unlikely]] {
    if (model_.level(level).sessions) join_roster(p, level);
    if (!dropout && completes_by_sessions(level)) {  // no drawn stay: the sessions end it
      // Reviews up to the horizon; the sessions' end of the stay cancels a pending denial.
      if (!Plain && payers_) schedule_reviews(p, level, now, now, horizon_end_, false);
      if (!Plain && drug_testing_) drug_on_admit(p, level, now, horizon_end_);
      return;
    }
  }
  const double stay = dropout ? (*rules.dropout_time)(rng) : rules.length_of_stay(rng);
  const double end = now + ((!Plain && day_step_) ? whole_days(stay) : stay);
  // A denial before the end: its review ends the stay instead (authorization.cpp).
  const bool denied = (!Plain && payers_) && schedule_reviews(p, level, now, now, end);
  if (!denied) calendar_.push(end, EventType::kDischarge, p, patient.token);
  if (!Plain && drug_testing_) [[unlikely]]
    drug_on_admit(p, level, now, end);
}

// The slot is offered to the waitlist by offer_freed_slots() at the end of the event.
template <bool Plain>
void Engine::release_slot(std::uint32_t p, LevelId level, double now) {
  LevelState& state = levels_[index_of(level)];
  accumulate_areas<Plain>(level, now);
  --state.in_care;
  count_in_care<Plain>(level, patients_[p].cls, -1, now);
  CONTINUUM_ENGINE_CHECK(state.in_care >= 0, now, p, level_int(level),
                         "in care count went negative");
  recorder_.on_slot_released<Plain>(now, level, now - patients_[p].admission_time,
                                    patients_[p].cls);
  if (!Plain && payers_) [[unlikely]]
    count_payer_days(p, level, now);
  freed_levels_.push_back(level);
}

template <bool Plain>
void Engine::serve_freed_slots(double now) {
  while (!freed_levels_.empty()) {
    const LevelId level = freed_levels_.back();
    freed_levels_.pop_back();
    if (!(Plain || intake_open(level, now))) continue;  // not an intake day: the slot waits for one
    LevelState& state = levels_[index_of(level)];
    if (!Plain && classes_) {
      while (state.in_care < state.capacity_now && state.waiting > 0) {
        const std::uint32_t p = next_from_waitlist(level, now);
        if (p == kNone) break;  // the free slots are reserved for classes nobody of waits
        accumulate_areas<Plain>(level, now);
        --state.waiting;
        admit<Plain>(p, level, now);
      }
      continue;
    }
    while (state.in_care < state.capacity_now && state.waiting > 0) {
      CONTINUUM_ENGINE_CHECK(!state.queue.empty(), now, kNone, level_int(level),
                             "waitlist count exceeds its entries");
      const Waitlist::Entry e = state.queue.pop();
      if (patients_[e.patient].token != e.token) continue;  // abandoned: stale entry
      CONTINUUM_ENGINE_CHECK(patients_[e.patient].level == level_int(level), now, e.patient,
                             level_int(level), "waitlist entry of a patient waiting elsewhere");
      accumulate_areas<Plain>(level, now);
      --state.waiting;
      admit<Plain>(e.patient, level, now);  // a held patient's old slot joins the worklist
    }
  }
}

// Relapse by the rules of the level left and the patient's class (compile.cpp resolves them).
template <bool Plain>
void Engine::leave_care(std::uint32_t p, double now, bool dropout) {
  Patient& patient = patients_[p];
  recorder_.on_left_care<Plain>(level_id(patient.level), now, patient.cls);
  patient.left_level = patient.level;
  patient.left_time = now;
  if (std::optional<RelapseRules>& relapse =
          class_rules<Plain>(level_id(patient.level), patient.cls).relapse) {
    const double probability = dropout ? relapse->probability_after_dropout : relapse->probability;
    PatientRng rng = draws(p, DrawPurpose::kRelapse, level_id(patient.level));
    if (probability > 0 && rng.uniform01() < probability) {
      patient.state = PatientState::kCommunity;
      const double delay = relapse->time_to_relapse(rng);
      const double when = now + ((!Plain && day_step_) ? whole_days(delay) : delay);
      recorder_.on_relapse_due<Plain>(now, patient_id(p), when);
      calendar_.push(when, EventType::kRelapse, p);
      return;
    }
  }
  recorder_.on_discharged_for_good();
  patients_.release(p);
}

// Flattened: the end of the stay, the slot's release, leaving care and the waitlist's admission
// into the freed slot are inlined into this one function (five calls and their register saves
// per discharge on M/M/c: about 100 instructions; M/M/10 -6%, continuum6 -7% of the whole
// process's instructions). Flattening refer(), on_abandon() and on_relapse() too gained 0.5%
// more for 155 KB more code: not done.
template <bool Plain>
[[gnu::flatten]] void Engine::on_discharge(std::uint32_t p, double now) {
  const Patient& patient = patients_[p];
  CONTINUUM_ENGINE_CHECK(patient.state == PatientState::kInCare, now, p, patient.level,
                         "discharged patient is not in care");
  if (!Plain && sessions_ && model_.level(level_id(patient.level)).sessions) [[unlikely]]
    leave_roster(p, level_id(patient.level));
  end_stay<Plain>(p, now, patient.dropout);
  offer_freed_slots<Plain>(now);
}

template <bool Plain>
void Engine::end_stay(std::uint32_t p, double now, bool dropout) {
  Patient& patient = patients_[p];
  const LevelId level = level_id(patient.level);
  if (!Plain && payers_) [[unlikely]]
    count_reviews(p, level, now);  // those approved during the stay
  if (dropout) {
    recorder_.on_dropped_out<Plain>(now, patient.id, level, patient.cls);
    release_slot<Plain>(p, level, now);
    leave_care<Plain>(p, now, true);
  } else {
    LevelRules& rules = rules_for<Plain>(level, patient.cls);
    // A single route draws nothing: no generator to set up (two mixes of 64 bits).
    int next;
    if (rules.next.fixed()) {
      next = rules.next.fixed_target();
    } else {
      PatientRng rng = draws(p, DrawPurpose::kRouting, level);
      next = rules.next(rng);
    }
    recorder_.on_completed<Plain>(now, patient.id, level, next, patient.cls);
    if (!is_exit(next) && next != level_int(level)) {
      recorder_.on_routed_on<Plain>(level, now, patient.cls);
      patient.link_from = static_cast<std::int16_t>(level_int(level));
    }
    if (is_exit(next)) {
      recorder_.on_exit<Plain>(level, next);
      release_slot<Plain>(p, level, now);
      leave_care<Plain>(p, now, false);
    } else if (rules.hold) {
      refer<Plain>(p, level_id(next), now, level_int(level));  // keeps this slot until next admits
    } else {
      release_slot<Plain>(p, level,
                          now);  // freed first: the waitlist here is served before p's referral
      refer<Plain>(p, level_id(next), now, kNotHeld);
    }
  }
}

template <bool Plain>
void Engine::on_abandon(std::uint32_t p, double now) {
  Patient& patient = patients_[p];
  if (!Plain && patient.step_up && step_up_abandoned(p, now)) [[unlikely]]
    return;  // a held step-up stays where it is (drug_testing.cpp)
  const LevelId level = level_id(patient.level);
  CONTINUUM_ENGINE_CHECK(patient.state == PatientState::kWaiting, now, p, patient.level,
                         "abandoning patient is not waiting");
  leave_waitlist<Plain>(p, now);
  ++patient.token;  // the waitlist entry is now stale
  patient.link_from = -1;
  if (!Plain && (patient.interim & kInInterim)) [[unlikely]]
    leave_interim(p, level, now);
  LevelRules& rules = rules_for<Plain>(level, patient.cls);
  PatientRng rng = draws(p, DrawPurpose::kAbandonTarget, level);
  const int target = rules.on_abandon.empty() ? kExit : rules.on_abandon(rng);
  recorder_.on_abandoned<Plain>(now, patient.id, level, target, now - patient.referral_time,
                                patient.cls);
  if (is_exit(target)) {
    if (!rules.on_abandon.empty()) recorder_.on_exit<Plain>(level, target);  // routed to an exit
    patients_.release(p);
  } else {
    refer<Plain>(p, level_id(target), now, kNotHeld);  // e.g. a bridge into outpatient care
    offer_freed_slots<Plain>(now);
  }
}

template <bool Plain>
void Engine::on_relapse(std::uint32_t p, double now) {
  CONTINUUM_ENGINE_CHECK(patients_[p].state == PatientState::kCommunity, now, p, -1,
                         "relapsing patient is not in the community");
  const Patient& patient = patients_[p];
  PatientRng rng = draws(p, DrawPurpose::kReentry, level_id(patient.level));
  const LevelId target =
      level_id(class_rules<Plain>(level_id(patient.level), patient.cls).relapse->reentry(rng));
  recorder_.on_relapsed<Plain>(now, patient_id(p), target, patient.cls);
  refer<Plain>(p, target, now, kNotHeld);
  offer_freed_slots<Plain>(now);
}

// Both builds of the hot path (engine.hpp, plain()).
template void Engine::refer<false>(std::uint32_t, LevelId, double, int);
template void Engine::admit<false>(std::uint32_t, LevelId, double);
template void Engine::release_slot<false>(std::uint32_t, LevelId, double);
template void Engine::serve_freed_slots<false>(double);
template void Engine::leave_care<false>(std::uint32_t, double, bool);
template void Engine::on_discharge<false>(std::uint32_t, double);
template void Engine::end_stay<false>(std::uint32_t, double, bool);
template void Engine::on_abandon<false>(std::uint32_t, double);
template void Engine::on_relapse<false>(std::uint32_t, double);
template void Engine::refer<true>(std::uint32_t, LevelId, double, int);
template void Engine::admit<true>(std::uint32_t, LevelId, double);
template void Engine::release_slot<true>(std::uint32_t, LevelId, double);
template void Engine::serve_freed_slots<true>(double);
template void Engine::leave_care<true>(std::uint32_t, double, bool);
template void Engine::on_discharge<true>(std::uint32_t, double);
template void Engine::end_stay<true>(std::uint32_t, double, bool);
template void Engine::on_abandon<true>(std::uint32_t, double);
template void Engine::on_relapse<true>(std::uint32_t, double);

}  // namespace continuum
