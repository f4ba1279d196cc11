// Payers and insurance authorization (levels.L.authorization.<payer>, docs/scenario-format.md,
// "Payers and authorization"): the payer drawn per referral, the reviews of a stay and the
// denial that ends it early (EventType::kReview), and the patient-days in care per payer that
// revenue is counted from. Models without payers never reach this file.
//
// The reviews of a stay are drawn at admission, one approval draw per review from the patient's
// kReview stream at the level: a stay admitted at a with its end drawn at e has reviews at
// a + initial_days + k x review_every_days for k = 0, 1, ... while before e (a review at e itself
// does not happen: the stay ends first). The first review that does not approve ends the stay
// there (one kReview event, in place of the discharge); the approved ones before it need no
// event: they are counted when the stay ends (or at the horizon).
#include <cmath>

#include "choice_of.hpp"
#include "continuum/engine/engine.hpp"
#include "stream_rate.hpp"

namespace continuum {

void Engine::set_authorization_rules() {
  payers_ = model_.payers > 0;
  auth_.clear();
  if (!payers_) return;
  for (const LevelModel& level : model_.levels)
    for (std::size_t k = 0; k < model_.payers; ++k) {
      if (k >= level.authorization.size() || !level.authorization[k]) {
        auth_.emplace_back();
        continue;
      }
      const AuthorizationModel& a = *level.authorization[k];
      auth_.push_back(AuthorizationRules{.initial_days = a.initial_days,
                                         .review_every_days = a.review_every_days,
                                         .approval = a.approval,
                                         .on_denial = choice_of(a.on_denial)});
    }
  // The initial state's patients: the payer mix of the streams weighted by their rates in force
  // at time 0 (initial_stream_weights), as their classes are.
  initial_payer_shares_.assign(model_.payers, 0.0);
  const std::vector<double> weights = initial_stream_weights(model_);
  double total = 0;
  for (std::size_t s = 0; s < model_.streams.size(); ++s) {
    const StreamModel& stream = model_.streams[s];
    for (std::size_t k = 0; k < model_.payers && k < stream.payer_shares.size(); ++k)
      initial_payer_shares_[k] += weights[s] * stream.payer_shares[k];
    total += weights[s];
  }
  for (double& share : initial_payer_shares_)
    share = total > 0 ? share / total : 0.0;
  recorder_.count_payers(model_.payers);
}

void Engine::draw_payer(std::uint32_t p, const std::vector<double>& shares,
                        std::uint32_t origin_key) {
  Patient& patient = patients_[p];
  const double u = PatientRng(patient.key, DrawPurpose::kPayer, origin_key, 0).uniform01();
  double cumulative = 0;
  patient.payer = kNoPayer;
  for (std::size_t k = 0; k < shares.size(); ++k) {
    cumulative += shares[k];
    if (u < cumulative) {
      patient.payer = static_cast<std::uint8_t>(k);
      return;
    }
  }
}

double Engine::review_time(const AuthorizationRules& a, double admitted, std::uint64_t k) const {
  const double t = admitted + a.initial_days + static_cast<double>(k) * a.review_every_days;
  // Day-boundary mode: admissions and the review periods are whole days (the loader refuses
  // fractional ones); a stay found in care at time 0 may have begun on a fractional day.
  return day_step_ ? std::ceil(t) : t;
}

bool Engine::schedule_reviews(std::uint32_t p, LevelId level, double admitted, double now,
                              double end, bool planned) {
  Patient& patient = patients_[p];
  const AuthorizationRules* a = authorization(level, patient.payer);
  if (!a) return false;
  PatientRng rng = draws(p, DrawPurpose::kReview, level);
  const double approval = a->approval[patient.cls];
  for (std::uint64_t k = 0;; ++k) {
    const double t = review_time(*a, admitted, k);
    if (t >= end) return false;
    if (t < now) continue;  // before the run (a stay found in care): it was approved
    if (rng.uniform01() < approval) continue;
    if (planned_end_.size() <= p) planned_end_.resize(patients_.size(), 0.0);
    // A stay that its sessions end (complete_after) has no planned end: no denied days.
    planned_end_[p] = planned ? end : t;
    calendar_.push(t, EventType::kReview, p, patient.token);
    return true;
  }
}

void Engine::count_reviews(std::uint32_t p, LevelId level, double end) {
  const Patient& patient = patients_[p];
  const AuthorizationRules* a = authorization(level, patient.payer);
  if (!a) return;
  std::int64_t n = 0;
  for (std::uint64_t k = 0;; ++k) {
    const double t = review_time(*a, patient.admission_time, k);
    if (t >= end) break;
    n += t >= warmup_end_;
  }
  if (n > 0) recorder_.on_reviews(level, n, patient.cls);
}

// A denial: the review at `now` (counted with the approved ones before it), the stay ends at
// once and the patient is routed by on_denial, as a referral (no hold_while_waiting). The
// routing draw is the patient's kRouting draw at the level (a denied stay never completes).
void Engine::on_review(std::uint32_t p, double now) {
  Patient& patient = patients_[p];
  const LevelId level = LevelId(static_cast<std::uint32_t>(patient.level));
  CONTINUUM_ENGINE_CHECK(patient.state == PatientState::kInCare, now, p, patient.level,
                         "reviewed patient is not in care");
  const AuthorizationRules* a = authorization(level, patient.payer);
  CONTINUUM_ENGINE_CHECK(a != nullptr, now, p, patient.level, "review without authorization");
  count_reviews(p, level, now);
  if (now >= warmup_end_) recorder_.on_reviews(level, 1, patient.cls);  // the denying one
  PatientRng rng = draws(p, DrawPurpose::kRouting, level);
  const int target = a->on_denial(rng);
  recorder_.on_denied(now, patient.id, level, target, planned_end_[p] - now, patient.cls);
  if (sessions_ && model_.level(level).sessions) leave_roster(p, level);  // sessions.cpp
  release_slot(p, level, now);
  if (is_exit(target)) {
    recorder_.on_exit(level, target);
    leave_care(p, now, false);
  } else {
    refer(p, LevelId(static_cast<std::uint32_t>(target)), now, kNotHeld);
  }
  offer_freed_slots(now);
}

void Engine::count_payer_days(std::uint32_t p, LevelId level, double now) {
  const Patient& patient = patients_[p];
  if (patient.payer == kNoPayer) return;
  const double days = now - std::max(patient.admission_time, warmup_end_);
  if (days > 0) recorder_.on_payer_days(level, patient.payer, days);
}

void Engine::payers_at_horizon() {
  for (std::uint32_t p = 0; p < patients_.size(); ++p) {
    const Patient& patient = patients_[p];
    int level = -1;
    if (patient.state == PatientState::kInCare) {
      level = patient.level;
      count_reviews(p, LevelId(static_cast<std::uint32_t>(level)), horizon_end_);
    } else if (patient.state == PatientState::kHeld) {
      level = patient.held_at;  // its stay there ended; the slot it keeps still counts
    }
    if (level >= 0) count_payer_days(p, LevelId(static_cast<std::uint32_t>(level)), horizon_end_);
  }
}

}  // namespace continuum
