// The end-of-run patient balance: the patient pool's records are counted by state and place,
// reported to the recorder, and checked against the referrals and departures the recorder
// counted over the whole run, and against each level's in-care and waiting counts.
#include <fmt/format.h>

#include <vector>

#include "continuum/engine/engine.hpp"

namespace continuum {

namespace {
// Per level, what its patients' records say: occupying a slot (in care here, or held here while
// waiting elsewhere) and on its waitlist (waiting or held).
struct LevelTally {
  std::int64_t in_care = 0;
  std::int64_t waiting = 0;
};
}  // namespace

void Engine::check_conservation(double now) {
  std::vector<LevelTally> tally(levels_.size());
  std::int64_t in_care = 0, waiting = 0, held = 0, community = 0;
  int step_up_astray = -1;  // a patient of a pending step-up neither held nor waiting
  for (std::uint32_t p = 0; p < patients_.size(); ++p) {
    const Patient& patient = patients_[p];
    const auto at = static_cast<std::size_t>(patient.level);
    if (patient.step_up && patient.state != PatientState::kFree) [[unlikely]] {
      // Held step-ups occupy their slot here and wait there (counted below as held).
      recorder_.on_step_up_waiting_at_end(
          LevelId(static_cast<std::uint32_t>(drug_state_[p].level)));
      const bool held = drug_state_[p].held;
      if (held ? patient.state != PatientState::kHeld || patient.held_at != drug_state_[p].level
               : patient.state != PatientState::kWaiting)
        step_up_astray = static_cast<int>(p);
    }
    switch (patient.state) {
      case PatientState::kFree:
        break;
      case PatientState::kInCare:
        ++in_care;
        ++tally[at].in_care;
        break;
      case PatientState::kWaiting:
        ++waiting;
        ++tally[at].waiting;
        break;
      case PatientState::kHeld:
        ++held;
        ++tally[at].waiting;
        ++tally[static_cast<std::size_t>(patient.held_at)].in_care;
        break;
      case PatientState::kCommunity:
        ++community;
        break;
    }
  }
  recorder_.on_end_population(in_care, waiting, held, community);
  const PatientBalance& b = recorder_.balance();
  int level = -1;  // the first level whose counts disagree with its patients' records
  for (std::size_t l = 0; l < levels_.size() && level < 0; ++l)
    if (tally[l].in_care != levels_[l].in_care || tally[l].waiting != levels_[l].waiting)
      level = static_cast<int>(l);
  const bool pool_agrees = b.referred - b.left == static_cast<std::int64_t>(patients_.alive());
  if (step_up_astray >= 0) {
    current_event_ = "end";
    check_failed(now, static_cast<std::uint32_t>(step_up_astray),
                 patients_[static_cast<std::uint32_t>(step_up_astray)].level,
                 "a pending step-up is neither held nor waiting");
  }
  if (b.balanced() && pool_agrees && level < 0) return;
  std::string what = fmt::format(
      "patients not accounted for: referred {}; in care {}, waiting {}, held {}, in the community "
      "{}, left {} ({} alive)",
      b.referred, b.in_care, b.waiting, b.held, b.community, b.left, patients_.alive());
  if (level >= 0) {
    const auto l = static_cast<std::size_t>(level);
    what += fmt::format("; the level counts {} in care and {} waiting, its patients {} and {}",
                        levels_[l].in_care, levels_[l].waiting, tally[l].in_care, tally[l].waiting);
  }
  current_event_ = "end";
  check_failed(now, kNone, level, what);
}

}  // namespace continuum
