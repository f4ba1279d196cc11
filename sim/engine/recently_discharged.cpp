// The initial state's patients in the community who left care recently and will relapse
// (initial_state.recently_discharged), so that a run started from today's census has the
// relapse referrals of a program that has been running, not a dip while the pool refills.
//
// For a level with patients in care, per class c (one without classes) of share w_c in the
// referral mix (the shares the census itself is drawn with):
//   throughput      a_c = in_care x w_c / (d E[dropout time] + (1 - d) E[stay])   (Little's law)
//   into the pool   r_c = (1 - d) P(next = exit) p + d p_after_dropout
//   expected pool   m_c = a_c x r_c x E[time to relapse]
// The pool of an M/G/infinity process in equilibrium: a Poisson(m_c) number of patients, each
// with an equilibrium residual time to relapse (a length-biased time, a uniform point in it).
// With `recently_discharged: N`, N patients, each of a class drawn with weights w_c among the
// classes that relapse from the level, each with the same equilibrium residual.
// All draws come from the level's own stream (StreamPurpose::kRecentlyDischarged), so the
// other streams see the numbers they saw before.
#include <boost/random/discrete_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>

#include <vector>

#include "continuum/engine/engine.hpp"
#include "continuum/engine/initial_state.hpp"
#include "continuum/model/class_view.hpp"

namespace continuum {

void Engine::place_recently_discharged(LevelId id, const InitialState& init) {
  const LevelModel& level = model_.level(id);
  Rng rng = Rng::stream(seed_, replication_, StreamPurpose::kRecentlyDischarged, level.stream_key);
  // How many of each class.
  std::vector<std::int64_t> count(class_count(), 0);
  std::vector<double> weight(class_count(), 0.0);
  for (std::size_t c = 0; c < class_count(); ++c) {
    const LevelClassModel& rule = level.by_class[c];
    if (!rule.relapse) continue;
    weight[c] = classes_ ? initial_class_shares_[c] : 1.0;
    if (init.recently_discharged) continue;
    const double d = rule.dropout_time ? rule.dropout_probability : 0;
    double exit = 0;
    for (const Branch& b : rule.next)
      if (is_exit(b.target)) exit += b.probability;
    const double expected =
        equilibrium_relapse_pool({.in_care = static_cast<double>(init.in_care) * weight[c],
                                  .dropout_probability = d,
                                  .mean_stay = mean_of(rule.length_of_stay),
                                  .mean_dropout_time = d > 0 ? mean_of(*rule.dropout_time) : 0,
                                  .exit_probability = exit,
                                  .relapse_probability = rule.relapse->probability,
                                  .relapse_after_dropout = rule.relapse->probability_after_dropout,
                                  .mean_time_to_relapse = mean_of(rule.relapse->time_to_relapse)});
    if (expected > 0)
      count[c] = boost::random::poisson_distribution<std::int64_t, double>(expected)(rng);
  }
  if (init.recently_discharged && *init.recently_discharged > 0) {
    if (class_count() == 1) {
      count[0] = weight[0] > 0 ? *init.recently_discharged : 0;
    } else {
      double total = 0;
      for (double w : weight)
        total += w;
      if (total <= 0) return;  // the loader requires some class to relapse from here
      boost::random::discrete_distribution<std::size_t, double> pick(weight.begin(), weight.end());
      for (std::int64_t k = 0; k < *init.recently_discharged; ++k)
        ++count[pick(rng)];
    }
  }
  // Each patient of the pool has its own key (patient_rng.hpp), as every other patient has: its
  // later draws (its relapse, its stays) are its own.
  const std::uint64_t key_base = PatientRng::key_base(
      seed_, replication_, PatientOrigin::kRecentlyDischarged, level.stream_key);
  std::uint64_t index = 0;
  for (std::size_t c = 0; c < class_count(); ++c) {
    if (count[c] == 0) continue;
    RelapseRules& relapse = *class_rules(id, static_cast<std::uint8_t>(c)).relapse;
    const DistributionSpec& time = level.by_class[c].relapse->time_to_relapse;
    for (std::int64_t k = 0; k < count[c]; ++k) {
      const StayInProgress since = stay_in_progress(time, relapse.time_to_relapse, rng);
      const std::uint32_t p = patients_.allocate(-since.elapsed);
      Patient& patient = patients_[p];
      patient.key = PatientRng::key(key_base, index++);
      patient.visit = 1;  // its stay in care, before the run, was its first visit
      patient.cls = static_cast<std::uint8_t>(c);
      if (payers_) draw_payer(p, initial_payer_shares_, level.stream_key);
      patient.state = PatientState::kCommunity;
      patient.level = static_cast<std::int16_t>(id);
      patient.admitted_ever = true;
      patient.episodes = 1;
      patient.left_level = patient.level;
      patient.left_time = -since.elapsed;
      recorder_.on_initial_state(1);
      // Day-boundary mode: a relapse lands on a whole day, like every delay (docs/time-modes.md).
      const double due = day_step_ ? whole_days(since.remaining) : since.remaining;
      recorder_.on_relapse_due(0, patient.id, due);
      calendar_.push(due, EventType::kRelapse, p);
    }
  }
}

}  // namespace continuum
