// Intake days (levels.L.intake_days; docs/scenario-format.md, "Calendar"): a level with them
// admits only during its open intake days (one of its weekdays, not a holiday). On other days a
// referral finding a free slot joins the waitlist and a freed slot stays empty; at the start of
// each intake day (one kIntake event per level and intake day, after the discharges,
// abandonments, referrals and relapses of that instant) the free slots go to the waitlist in its
// usual order. Levels without intake_days schedule nothing and admit at any time
// (intake_until = +infinity).
#include <cmath>

#include "continuum/engine/engine.hpp"

namespace continuum {

// Continuous time: each level's first intake day from run day 0 (the initial waitlist offered
// at time 0 waits for it when day 0 is not one).
void Engine::schedule_intakes() {
  if (day_step_) return;  // the day loop opens intake days itself (open_intake_days)
  for (const std::uint32_t l : intake_levels_) {
    const std::int64_t day = model_.calendar.next_open(0, model_.levels[l].intake_days);
    if (day >= 0) calendar_.push(static_cast<double>(day), EventType::kIntake, l);
  }
}

void Engine::on_intake(std::uint32_t l, double now) {
  const auto day = static_cast<std::int64_t>(std::floor(now));
  LevelState& state = levels_[l];
  state.intake_until = static_cast<double>(day + 1);
  freed_levels_.push_back(LevelId(l));
  offer_freed_slots(now);
  const std::int64_t next = model_.calendar.next_open(day + 1, model_.levels[l].intake_days);
  if (next >= 0 && static_cast<double>(next) < horizon_end_)
    calendar_.push(static_cast<double>(next), EventType::kIntake, l);
}

// Day-boundary mode: at boundary t, levels whose day t is an intake day admit through the whole
// boundary (discharges and the admissions phase); others admit nobody.
void Engine::open_intake_days(double t) {
  const auto day = static_cast<std::int64_t>(t);
  for (const std::uint32_t l : intake_levels_)
    levels_[l].intake_until =
        model_.calendar.open(day, model_.levels[l].intake_days) ? t + 1 : -1.0;
}

}  // namespace continuum
