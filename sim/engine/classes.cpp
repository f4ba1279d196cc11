// Patient classes in the engine: the class of a referral, reserved slots, and priority
// waitlists (one FIFO per class; a free slot goes to the highest priority, then the earliest
// referral, then the lowest class, among the classes that may take it). Used only by models with
// more than one class: one class keeps the single FIFO of flow.cpp.
#include <algorithm>

#include "continuum/engine/engine.hpp"

namespace continuum {

std::uint8_t Engine::draw_class(const std::vector<double>& shares, Rng& rng) const {
  const double u = rng.uniform01();
  double cumulative = 0;
  std::size_t last = 0;  // the last class with a positive share (rounding: u beyond the sum)
  for (std::size_t c = 0; c < shares.size(); ++c) {
    if (shares[c] <= 0) continue;
    cumulative += shares[c];
    last = c;
    if (u < cumulative) return static_cast<std::uint8_t>(c);
  }
  return static_cast<std::uint8_t>(last);
}

bool Engine::can_admit(LevelId level, std::uint8_t cls) const {
  const LevelState& state = levels_[index_of(level)];
  if (state.in_care >= state.capacity_now) return false;
  if (!state.reserved) return true;
  // Slots reserved for the other classes and not filled by them are not free to `cls`.
  int blocked = 0;
  const std::size_t base = index_of(level) * class_count();
  for (std::size_t c = 0; c < class_count(); ++c)
    if (c != cls) blocked += std::max(0, rules_[base + c].reserved - state.in_care_by_class[c]);
  return state.capacity_now - state.in_care > blocked;
}

bool Engine::eligible_waiting(LevelId level) const {
  const LevelState& state = levels_[index_of(level)];
  for (std::size_t c = 0; c < class_count(); ++c)
    if (state.waiting_by_class[c] > 0 && can_admit(level, static_cast<std::uint8_t>(c)))
      return true;
  return false;
}

void Engine::enqueue(LevelId level, std::uint32_t p, double now) {
  LevelState& state = levels_[index_of(level)];
  const Patient& patient = patients_[p];
  (classes_ ? state.class_queues[patient.cls] : state.queue).push({p, patient.token});
  count_waiting(level, patient.cls, 1, now);
}

std::uint32_t Engine::next_from_waitlist(LevelId level, [[maybe_unused]] double now) {
  LevelState& state = levels_[index_of(level)];
  std::size_t best = class_count();
  for (std::size_t c = 0; c < class_count(); ++c) {
    if (state.waiting_by_class[c] == 0 || !can_admit(level, static_cast<std::uint8_t>(c))) continue;
    Waitlist& queue = state.class_queues[c];
    while (!queue.empty() && patients_[queue.front().patient].token != queue.front().token)
      queue.pop();  // abandoned: stale entry
    CONTINUUM_ENGINE_CHECK(!queue.empty(), now, kNone, static_cast<int>(level),
                           "class waitlist count exceeds its entries");
    if (best == class_count()) {
      best = c;
      continue;
    }
    const int priority = model_.classes[c].priority, best_priority = model_.classes[best].priority;
    const double referred = patients_[queue.front().patient].referral_time;
    const double best_referred = patients_[state.class_queues[best].front().patient].referral_time;
    if (priority > best_priority || (priority == best_priority && referred < best_referred))
      best = c;
  }
  if (best == class_count()) return kNone;
  const std::uint32_t p = state.class_queues[best].pop().patient;
  CONTINUUM_ENGINE_CHECK(patients_[p].level == static_cast<int>(level), now, p,
                         static_cast<int>(level), "waitlist entry of a patient waiting elsewhere");
  count_waiting(level, patients_[p].cls, -1, now);
  return p;
}

}  // namespace continuum
