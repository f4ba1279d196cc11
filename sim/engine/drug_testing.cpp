// Drug tests and step-up (levels.L.drug_testing; docs/scenario-format.md, "Drug testing and
// step-up"). A patient in care at a testing level has one pending kDrugTest event at a time, at
// the start of its next test day (a per-patient chain, cancelled lazily by the patient's token
// like its discharge): a model without drug testing schedules none and pays only a predicted
// branch per admission. A test costs one heap push and pop and two counter-based draws.
//
// Weeks count from the admission here: week k holds the 7 whole days whose starts fall in
// [admitted + 7(k - 1), admitted + 7k). Each week, min(tests_per_week, open days) distinct open
// days (service days, not holidays) are drawn; a test is positive with positive_by_week[k - 1]
// (the last value holds after). After `after_positives` positives in the stay the patient is
// referred to a level drawn from step_up.to: with hold_slot it keeps its slot and its tests here
// (its planned discharge is suspended) until admitted there (a step-up discharge), or until it
// gives up waiting there or is turned away by its max_length (then it resumes its stay here:
// discharged at the planned time, or at once when that has passed); without hold_slot it leaves
// here at once (a step-up discharge) and waits at home with the target's patience.
//
// Draws (docs/random-numbers.md): the week's test days from purpose kDrugTest keyed by week, each
// result from kDrugTest keyed by week and test, the target from kStepUp keyed by the positives
// so far; all on the admission's visit, so that waiting elsewhere shifts none of them.
#include <bit>
#include <cmath>
#include <limits>

#include "choice_of.hpp"
#include "continuum/engine/engine.hpp"

namespace continuum {

namespace {
constexpr double kNever = std::numeric_limits<double>::infinity();
LevelId to_level_id(int index) {
  return LevelId(static_cast<std::uint32_t>(index));
}
}  // namespace

void Engine::set_drug_testing() {
  drug_rule_of_.assign(model_.levels.size(), -1);
  drug_rules_.clear();
  for (std::size_t l = 0; l < model_.levels.size(); ++l) {
    const LevelModel& level = model_.levels[l];
    if (!level.drug_testing) continue;
    const DrugTestingModel& m = *level.drug_testing;
    drug_rule_of_[l] = static_cast<std::int32_t>(drug_rules_.size());
    drug_rules_.push_back({.tests_per_week = m.tests_per_week,
                           .positive_by_week = m.positive_by_week,
                           .after_positives = m.after_positives,
                           .to = choice_of(m.to),
                           .hold_slot = m.hold_slot,
                           .days = level.service_days});
  }
  drug_testing_ = !drug_rules_.empty();
  recorder_.count_drug_tests(drug_testing_);
}

void Engine::drug_on_admit(std::uint32_t p, LevelId level, double now, double planned_end) {
  Patient& patient = patients_[p];
  if (patient.step_up) {  // a step-up admitted where it was referred
    const DrugTestState& st = drug_state_[p];
    if (st.held) recorder_.on_stepped_up(now, patient.id, to_level_id(st.level), level);
    recorder_.on_step_up_admitted(now, to_level_id(st.level));
    patient.step_up = false;
  }
  if (drug_rule_of_[index_of(level)] >= 0) start_tests(p, level, now, now, planned_end);
}

void Engine::start_tests(std::uint32_t p, LevelId level, double admitted, double now,
                         double planned_end) {
  if (drug_state_.size() < patients_.size()) drug_state_.resize(patients_.size());
  DrugTestState& st = drug_state_[p];
  st = DrugTestState{.admitted = admitted,
                     .planned_end = planned_end,
                     .next_test = kNever,
                     .visit = patients_[p].visit,
                     .week = 0,
                     .level = static_cast<std::int32_t>(level),
                     .positives = 0,
                     .pending = 0,
                     .done = 0,
                     .held = false};
  plan_next_test(p, now);
  push_next_test(p);
}

void Engine::plan_next_test(std::uint32_t p, double now) {
  DrugTestState& st = drug_state_[p];
  const DrugTestRules& rules =
      drug_rules_[static_cast<std::size_t>(drug_rule_of_[static_cast<std::size_t>(st.level)])];
  const std::uint64_t salt = levels_[static_cast<std::size_t>(st.level)]
                                 .draw_salt[static_cast<std::size_t>(DrawPurpose::kDrugTest)];
  for (;;) {
    if (st.pending == 0) {  // the next week's test days
      ++st.week;
      const double start = std::ceil(st.admitted + 7.0 * (st.week - 1));
      if (start > horizon_end_) {
        st.next_test = kNever;
        return;
      }
      int open[7];
      int n = 0;
      for (int i = 0; i < 7; ++i)
        if (model_.calendar.open(static_cast<std::int64_t>(start) + i, rules.days)) open[n++] = i;
      const int tests = std::min(rules.tests_per_week, n);
      PatientRng rng(patients_[p].key, PatientRng::mix64(salt + (std::uint64_t{st.week} << 4)),
                     st.visit);
      for (int j = 0; j < tests; ++j) {  // partial Fisher-Yates over the open days
        const int k = j + static_cast<int>(rng.uniform01() * (n - j));
        std::swap(open[j], open[k]);
        st.pending = static_cast<std::uint8_t>(st.pending | (1u << open[j]));
      }
      st.done = 0;
      continue;  // a week without open days has no test
    }
    const int i = std::countr_zero(static_cast<unsigned>(st.pending));
    const double when = std::ceil(st.admitted + 7.0 * (st.week - 1)) + i;
    if (when >= now) {
      st.next_test = when;
      return;
    }
    st.pending = static_cast<std::uint8_t>(st.pending & (st.pending - 1));  // before `now`
    ++st.done;
  }
}

void Engine::push_next_test(std::uint32_t p) {
  const double when = drug_state_[p].next_test;
  if (when < horizon_end_) calendar_.push(when, EventType::kDrugTest, p, patients_[p].token);
}

void Engine::on_drug_test(std::uint32_t p, double now) {
  Patient& patient = patients_[p];
  DrugTestState& st = drug_state_[p];
  // Still here: in care, or a held step-up keeping its slot here. (A completer waiting elsewhere
  // or held by hold_while_waiting keeps its token until admitted: its chain ends here.)
  const bool here =
      (patient.state == PatientState::kInCare && patient.level == st.level) ||
      (patient.state == PatientState::kHeld && patient.step_up && patient.held_at == st.level);
  if (!here) return;
  const auto level = to_level_id(st.level);
  const DrugTestRules& rules =
      drug_rules_[static_cast<std::size_t>(drug_rule_of_[index_of(level)])];
  const std::vector<double>& by_week = rules.positive_by_week[patient.cls];
  const double probability = by_week[std::min<std::size_t>(st.week, by_week.size()) - 1];
  const std::uint64_t salt =
      levels_[index_of(level)].draw_salt[static_cast<std::size_t>(DrawPurpose::kDrugTest)];
  PatientRng rng(patient.key, PatientRng::mix64(salt + (std::uint64_t{st.week} << 4) + 1 + st.done),
                 st.visit);
  const bool positive = rng.uniform01() < probability;
  recorder_.on_drug_test(now, patient.id, level, positive);
  st.pending = static_cast<std::uint8_t>(st.pending & (st.pending - 1));
  ++st.done;
  plan_next_test(p, std::nextafter(now, kNever));
  if (positive && st.positives < std::numeric_limits<std::uint16_t>::max()) ++st.positives;
  if (positive && !patient.step_up && st.positives >= rules.after_positives) {
    step_up(p, level, now);
    offer_freed_slots(now);
    return;
  }
  push_next_test(p);
}

void Engine::step_up(std::uint32_t p, LevelId level, double now) {
  Patient& patient = patients_[p];
  DrugTestState& st = drug_state_[p];
  const DrugTestRules& rules =
      drug_rules_[static_cast<std::size_t>(drug_rule_of_[index_of(level)])];
  const std::uint64_t salt =
      levels_[index_of(level)].draw_salt[static_cast<std::size_t>(DrawPurpose::kStepUp)];
  PatientRng rng(patient.key, PatientRng::mix64(salt + st.positives), st.visit);
  const LevelId target = to_level_id(rules.to(rng));
  recorder_.on_step_up(now, patient.id, level, target, rules.hold_slot);
  // A held step-up keeps attending the sessions here (they neither complete nor discharge it
  // while it is held; admit() takes it off the roster); one that leaves goes off it now.
  if (sessions_ && !rules.hold_slot && model_.level(level).sessions) leave_roster(p, level);
  patient.step_up = true;
  st.held = rules.hold_slot;
  ++patient.token;  // the planned discharge (and the pending test) no longer apply
  if (rules.hold_slot) {
    refer(p, target, now, static_cast<int>(level));
    // Still held (not admitted there, not turned away): keeps testing here.
    if (patient.state == PatientState::kHeld && patient.step_up) push_next_test(p);
  } else {
    recorder_.on_stepped_up(now, patient.id, level, target);
    release_slot(p, level, now);
    refer(p, target, now, kNotHeld);
  }
}

void Engine::resume_stay(std::uint32_t p, double now) {
  Patient& patient = patients_[p];
  DrugTestState& st = drug_state_[p];
  patient.step_up = false;
  patient.state = PatientState::kInCare;
  patient.level = static_cast<std::int16_t>(st.level);
  patient.held_at = kNotHeld;
  patient.link_from = -1;
  ++patient.token;  // its waitlist entry there is stale
  calendar_.push(std::max(now, st.planned_end), EventType::kDischarge, p, patient.token);
  push_next_test(p);
}

bool Engine::step_up_abandoned(std::uint32_t p, double now) {
  Patient& patient = patients_[p];
  const DrugTestState& st = drug_state_[p];
  recorder_.on_step_up_abandoned(now, to_level_id(st.level));
  if (!st.held) {  // waiting at home: the target's on_abandon, as any abandoner
    patient.step_up = false;
    return false;
  }
  const LevelId level = to_level_id(patient.level);
  CONTINUUM_ENGINE_CHECK(patient.state == PatientState::kHeld, now, p, patient.level,
                         "abandoning step-up is not held");
  leave_waitlist(p, now);
  recorder_.on_abandoned(now, patient.id, level, st.level, now - patient.referral_time,
                         patient.cls);
  resume_stay(p, now);
  offer_freed_slots(now);
  return true;
}

bool Engine::step_up_turned_away(std::uint32_t p, double now) {
  Patient& patient = patients_[p];
  const DrugTestState& st = drug_state_[p];
  recorder_.on_step_up_abandoned(now, to_level_id(st.level));
  if (!st.held) {  // turned away from home: lost to care, as any referral
    patient.step_up = false;
    return false;
  }
  // A referral at the target turned away there (counted and traced so), not lost to care.
  recorder_.on_held_turned_away(now, patient.id, to_level_id(patient.level), st.level, patient.cls);
  resume_stay(p, now);
  return true;
}

}  // namespace continuum
