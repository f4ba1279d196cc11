// Group sessions and attendance (levels.L.sessions; docs/scenario-format.md, "Sessions"). A
// level with sessions keeps a roster of its patients in care (swap-removed: O(1), no allocation
// once warm). On each open service day one kSession event per level, at the start of the whole
// day and after every other event of that instant, draws each patient's attendance from its own
// stream (DrawPurpose::kAttendance, keyed by the sessions held since its admission), counts the
// groups (ceil(attendees / group_size_max)), then ends the stays the session decides: a
// completion after `complete_after` attended sessions, a dropout (a no-show discharge) after
// `discharge_after_missed` consecutive misses. A stay ended here cancels its pending discharge
// (the patient's token moves on).
#include "continuum/engine/engine.hpp"

namespace continuum {

void Engine::schedule_sessions() {
  for (std::size_t l = 0; l < levels_.size(); ++l) {
    const LevelModel& level = model_.levels[l];
    if (!level.sessions) continue;
    const std::int64_t day = model_.calendar.next_open(0, level.service_days);
    if (day >= 0)
      calendar_.push(static_cast<double>(day), EventType::kSession, static_cast<std::uint32_t>(l));
  }
}

void Engine::join_roster(std::uint32_t p, LevelId level) {
  std::vector<RosterEntry>& roster = levels_[index_of(level)].roster;
  roster_pos(p) = static_cast<std::uint32_t>(roster.size());
  roster.push_back({p, 0, 0, 0});
}

void Engine::leave_roster(std::uint32_t p, LevelId level) {
  std::vector<RosterEntry>& roster = levels_[index_of(level)].roster;
  const std::uint32_t pos = roster_pos(p);
  CONTINUUM_ENGINE_CHECK(pos < roster.size() && roster[pos].patient == p, 0.0, p,
                         static_cast<int>(level), "patient missing from the session roster");
  roster[pos] = roster.back();
  roster_pos(roster[pos].patient) = pos;
  roster.pop_back();
}

void Engine::on_session(LevelId level, double now) {
  const std::size_t l = index_of(level);
  const SessionsModel& rules = *model_.levels[l].sessions;
  LevelState& state = levels_[l];
  const std::uint64_t salt = state.draw_salt[static_cast<std::size_t>(DrawPurpose::kAttendance)];
  const auto complete_after = static_cast<std::uint32_t>(rules.complete_after);
  const auto missed_limit = static_cast<std::uint32_t>(rules.discharge_after_missed);
  std::int64_t attended = 0;
  session_exits_.clear();
  for (RosterEntry& entry : state.roster) {
    const Patient& patient = patients_[entry.patient];
    // The n-th session of this visit: its own draw, whatever other patients do.
    PatientRng rng(patient.key, PatientRng::mix64(salt + entry.offered * PatientRng::kGamma),
                   patient.visit);
    ++entry.offered;
    const double p = rules_for(level, patient.cls).attendance;
    // A held step-up (drug_testing.cpp) attends but neither completes nor is discharged here.
    const bool held = patient.state == PatientState::kHeld;
    if (p >= 1 || (p > 0 && rng.uniform01() < p)) {
      ++attended;
      ++entry.attended;
      entry.missed_run = 0;
      if (complete_after > 0 && entry.attended >= complete_after && !held)
        session_exits_.push_back({entry.patient, true});
    } else {
      ++entry.missed_run;
      if (missed_limit > 0 && entry.missed_run >= missed_limit && !held)
        session_exits_.push_back({entry.patient, false});
    }
  }
  const auto group_size = static_cast<std::int64_t>(rules.group_size_max);
  recorder_.on_session(now, level, static_cast<std::int64_t>(state.roster.size()), attended,
                       (attended + group_size - 1) / group_size);
  for (const SessionExit& exit : session_exits_) {
    const std::uint32_t p = exit.patient;
    leave_roster(p, level);
    ++patients_[p].token;  // cancels the pending discharge, if any (before any waitlist entry)
    if (!exit.completed) recorder_.on_no_show_discharge(now, level, patients_[p].cls);
    end_stay(p, now, !exit.completed);
  }
  offer_freed_slots(now);
  // The next open service day (holidays skipped); the run stops at the horizon.
  const std::int64_t next =
      model_.calendar.next_open(static_cast<std::int64_t>(now) + 1, model_.levels[l].service_days);
  if (next >= 0)
    calendar_.push(static_cast<double>(next), EventType::kSession, static_cast<std::uint32_t>(l));
}

}  // namespace continuum
