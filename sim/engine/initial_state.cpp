// Starting a run from today's census: length-biased draws and residual stays, and the
// placement of the patients found in care and waiting at time 0.
#include "continuum/engine/initial_state.hpp"
#include "continuum/core/overloaded.hpp"

#include <boost/random/gamma_distribution.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>

#include "continuum/engine/engine.hpp"

namespace continuum {

double length_biased_draw(const DistributionSpec& spec, Rng& rng) {
  return std::visit(
      Overloaded{
          [&](const Exponential& d) {  // x e^(-x/m): gamma(2, m)
            return boost::random::gamma_distribution<double>(2.0, d.mean)(rng);
          },
          [&](const Lognormal& d) {  // lognormal(mu + s^2, s)
            const double s2 = std::log1p((d.sd * d.sd) / (d.mean * d.mean));
            const double mu = std::log(d.mean) - s2 / 2;
            return Sampler(Lognormal{std::exp(mu + s2 + s2 / 2), d.sd * std::exp(s2)})(rng);
          },
          [&](const Gamma& d) {  // gamma(k + 1, theta)
            const double k = (d.mean * d.mean) / (d.sd * d.sd), theta = d.mean / k;
            return boost::random::gamma_distribution<double>(k + 1, theta)(rng);
          },
          [&](const Weibull& d) {  // scale * Y^(1/k), Y ~ gamma(1 + 1/k)
            const double y = boost::random::gamma_distribution<double>(1 + 1 / d.shape, 1.0)(rng);
            return d.scale * std::pow(y, 1 / d.shape);
          },
          [&](const Uniform& d) {  // density proportional to x on [a, b]
            return std::sqrt(d.min * d.min + rng.uniform01() * (d.max * d.max - d.min * d.min));
          },
          [&](const Triangular& d) {  // rejection against the bound x <= max
            Sampler s(d);
            for (;;) {
              const double x = s(rng);
              if (rng.uniform01() * d.max < x) return x;
            }
          },
          [&](const Fixed& d) { return d.value; },
          [&](const Empirical& d) {
            std::vector<double> w(d.values.size());
            for (std::size_t i = 0; i < w.size(); ++i)
              w[i] = d.weights[i] * d.values[i];
            boost::random::discrete_distribution<std::size_t, double> pick(w.begin(), w.end());
            return d.values[pick(rng)];
          },
          [&](const Loglogistic& d) {  // (x/scale)^k ~ beta prime(1 + 1/k, 1 - 1/k); k > 1
            const double a = boost::random::gamma_distribution<double>(1 + 1 / d.shape, 1.0)(rng);
            const double b = boost::random::gamma_distribution<double>(1 - 1 / d.shape, 1.0)(rng);
            return d.scale * std::pow(a / b, 1 / d.shape);
          },
          [&](const LognormalLog& d) {  // lognormal(mu + s^2, s)
            return Sampler(LognormalLog{d.meanlog + d.sdlog * d.sdlog, d.sdlog})(rng);
          },
          [&](const DailyHazard& d) { return HazardTable(d).length_biased(rng); },
          [&](const DailyHazardLogistic& d) { return HazardTable(d).length_biased(rng); },
          [&](const Survival& d) { return HazardTable(d).length_biased(rng); },
          [&](const Rounded& d) {
            // X length-biased, then floor(X) + 1 with probability f (floor(X) + 1) / X, else
            // floor(X) (f = X - floor(X)): P(y) proportional to y P(y), as E[Y | X] = X.
            const double x = length_biased_draw(d.of->spec, rng);
            const double whole = std::floor(x), f = x - whole;
            return rng.uniform01() * x < f * (whole + 1) ? whole + 1 : whole;
          }},
      spec);
}

StayInProgress stay_in_progress(const DistributionSpec& spec, Rng& rng) {
  const double total = length_biased_draw(spec, rng);
  const double remaining = rng.uniform01() * total;
  return {total - remaining, remaining};
}

StayInProgress stay_in_progress(const DistributionSpec& spec, const Sampler& sampler, Rng& rng) {
  const HazardTable* table = sampler.hazard_table();
  if (!table) return stay_in_progress(spec, rng);
  const double total = table->length_biased(rng);
  const double remaining = rng.uniform01() * total;
  return {total - remaining, remaining};
}

double remaining_after(const DistributionSpec& spec, Sampler& sampler, double elapsed, Rng& rng) {
  if (const HazardTable* table = sampler.hazard_table())
    return table->remaining_after(elapsed, rng);
  for (int attempt = 0; attempt < 10000; ++attempt) {
    const double x = sampler(rng);
    if (x > elapsed) return x - elapsed;
  }
  return stay_in_progress(spec, rng).remaining;
}

// Patients found waiting beside free slots are admitted at time 0 by an event (a kChange with
// subject kOfferInitialWaitlists), so in the documented same-instant order: after the
// bookkeeping (the end of a zero warm-up: their admissions count), before any discharge, and
// before the dated changes of time 0 (scheduled after it).
void Engine::place_initial_state() {
  bool free_slots_beside_waiters = false;
  for (std::size_t l = 0; l < model_.levels.size(); ++l) {
    const std::optional<InitialState>& init = model_.levels[l].initial_state;
    if (!init) continue;
    place_in_care(LevelId(l), *init);
    place_waiting(LevelId(l), *init);
    const LevelState& state = levels_[l];
    free_slots_beside_waiters |= state.waiting > 0 && state.in_care < state.capacity_now;
  }
  // After every census (the numbers of the patients in care and waiting stay as they were).
  for (std::size_t l = 0; l < model_.levels.size(); ++l)
    if (const std::optional<InitialState>& init = model_.levels[l].initial_state)
      place_recently_discharged(LevelId(l), *init);
  if (free_slots_beside_waiters) calendar_.push(0, EventType::kChange, kOfferInitialWaitlists);
}

// Offers each level's free slots to its waitlist, longest wait first; levels in order (the
// worklist is served last in first).
void Engine::offer_initial_waitlists(double now) {
  for (std::size_t l = levels_.size(); l-- > 0;)
    if (levels_[l].waiting > 0) freed_levels_.push_back(LevelId(l));
  offer_freed_slots(now);
}

// Patients in care: with classes, a class drawn from the referral mix of the streams; a dropout
// with the share of dropouts among patients found in care (weighted by how long each kind
// stays), then the stay in progress, by the rules of the patient's class.
void Engine::place_in_care(LevelId id, const InitialState& init) {
  const LevelModel& level = model_.level(id);
  LevelState& state = levels_[index_of(id)];
  // Per class, the share of dropouts among patients found in care.
  std::vector<double> dropout_shares(class_count(), 0.0);
  for (std::size_t c = 0; c < class_count() && init.in_care > 0; ++c) {
    const LevelClassModel& rule = level.by_class[c];
    if (rule.dropout_time && rule.dropout_probability > 0) {
      const double d = rule.dropout_probability;
      const double drop_days = d * mean_of(*rule.dropout_time);
      dropout_shares[c] = drop_days / (drop_days + (1 - d) * mean_of(rule.length_of_stay));
    }
  }
  for (std::int64_t k = 0; k < init.in_care; ++k) {
    const std::uint32_t p = patients_.allocate(0);
    Patient& patient = patients_[p];
    patient.key = PatientRng::key(state.initial_key_base, static_cast<std::uint64_t>(k));
    patient.visit = 1;  // its stay in progress is its first visit
    if (classes_)
      patient.cls = draw_class(initial_class_shares_, class_rngs_[sources_.size() + index_of(id)]);
    if (payers_) draw_payer(p, initial_payer_shares_, level.stream_key);
    const LevelClassModel& rule = level.by_class[patient.cls];
    LevelRules& rules = rules_for(id, patient.cls);
    const double dropout_share = dropout_shares[patient.cls];
    // The stay in progress from the patient's stay draws (through xoshiro: the initial-state
    // samplers take an Rng).
    Rng rng(draws(p, DrawPurpose::kStay, id)());
    const bool dropout = dropout_share > 0 && rng.uniform01() < dropout_share;
    const DistributionSpec& dist = dropout ? *rule.dropout_time : rule.length_of_stay;
    Sampler& sampler = dropout ? *rules.dropout_time : rules.length_of_stay;
    StayInProgress stay;
    if (init.days_in_care.empty()) {
      stay = stay_in_progress(dist, sampler, rng);
    } else {
      stay.elapsed = init.days_in_care[static_cast<std::size_t>(k)];
      stay.remaining = remaining_after(dist, sampler, stay.elapsed, rng);
    }
    patient.state = PatientState::kInCare;
    patient.level = static_cast<std::int16_t>(id);
    patient.admitted_ever = true;
    patient.episodes = 1;
    patient.dropout = dropout;
    patient.arrival_time = patient.referral_time = patient.admission_time = -stay.elapsed;
    ++state.in_care;
    count_in_care(id, patient.cls, 1, 0.0);
    recorder_.on_found_in_care(0, patient.id, id, stay.elapsed);
    const bool tested = drug_testing_ && drug_rule_of_[index_of(id)] >= 0;  // from time 0 on
    if (sessions_ && level.sessions) {  // found in care: no session attended yet (sessions.cpp)
      join_roster(p, id);
      if (!dropout && completes_by_sessions(id)) {
        if (payers_) schedule_reviews(p, id, patient.admission_time, 0.0, horizon_end_, false);
        if (tested) start_tests(p, id, -stay.elapsed, 0.0, horizon_end_);
        continue;
      }
    }
    const double end = day_step_ ? whole_days(stay.remaining) : stay.remaining;
    // Reviews from the stay's start (before time 0: approved, as the patient is still here).
    if (!(payers_ && schedule_reviews(p, id, patient.admission_time, 0.0, end)))
      calendar_.push(end, EventType::kDischarge, p, patient.token);
    if (tested) start_tests(p, id, -stay.elapsed, 0.0, stay.remaining);
  }
}

// Waiting patients, longest wait first (with classes, each of a class drawn from the referral
// mix); patience runs from the original referral.
void Engine::place_waiting(LevelId id, const InitialState& init) {
  const LevelModel& level = model_.level(id);
  LevelState& state = levels_[index_of(id)];
  std::vector<double> waited = init.days_waited;
  waited.resize(static_cast<std::size_t>(init.waiting), 0.0);
  std::stable_sort(waited.begin(), waited.end(), std::greater<>());
  // Keys after those of the patients in care (index in_care + i, longest wait first).
  auto index = static_cast<std::uint64_t>(init.in_care);
  for (double days : waited) {
    const std::uint32_t p = patients_.allocate(-days);
    Patient& patient = patients_[p];
    patient.key = PatientRng::key(state.initial_key_base, index++);
    patient.visit = 1;  // its wait in progress is its first visit
    if (classes_)
      patient.cls = draw_class(initial_class_shares_, class_rngs_[sources_.size() + index_of(id)]);
    if (payers_) draw_payer(p, initial_payer_shares_, level.stream_key);
    patient.level = static_cast<std::int16_t>(id);
    patient.state = PatientState::kWaiting;
    ++state.waiting;
    enqueue(id, p, 0.0);
    recorder_.on_waitlisted(0, patient.id, id, state.waiting);
    LevelRules& rules = rules_for(id, patient.cls);
    if (rules.patience) {
      Rng rng(draws(p, DrawPurpose::kPatience, id)());
      const double remaining =
          remaining_after(*level.by_class[patient.cls].patience, *rules.patience, days, rng);
      const double due = day_step_ ? patience_days(remaining) : remaining;
      calendar_.push(due, EventType::kAbandon, p, patient.token);
      if (interim_) abandon_at(p) = due;
    } else if (interim_) {
      abandon_at(p) = std::numeric_limits<double>::infinity();
    }
    // Interim places at time 0, longest wait first (their time to placement is the days waited).
    if (interim_) [[unlikely]]
      join_interim(p, id, 0.0);
  }
}

}  // namespace continuum
