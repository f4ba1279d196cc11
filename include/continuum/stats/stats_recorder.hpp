// The engine's one observer seam: the engine reports each step of the patient flow here, and
// the recorder keeps the replication's statistics (LevelCounters, SystemCounters, the daily
// series, and the same counters per report window over its [start, end)) and forwards the step to
// the trace sink when one is attached. Concrete and inline: the calls cost what the counter updates
// cost, and the trace a predicted branch when off.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "continuum/model/model.hpp"
#include "continuum/stats/daily_watch.hpp"
#include "continuum/stats/statistics.hpp"
#include "continuum/stats/trace.hpp"

namespace continuum {

class StatsRecorder {
 public:
  // Before each replication: `levels` levels, `days` daily points (0: no daily series),
  // statistics from `warmup_end` (days since the start of the run) for `window_days`.
  // `classes`: the model's classes (counters per class are kept when more than one), and
  // `daily_class_levels` the levels whose census per class and day is kept (with daily points).
  // `windows`: report windows, counted apart over [start, end) (days since the start of the run).
  void start(std::size_t levels, std::size_t days, double warmup_end, double window_days,
             std::size_t classes = 1, const std::vector<std::uint32_t>& daily_class_levels = {},
             const std::vector<WindowSpan>& windows = {});
  // With named exits: `slots` exits counted per level (Model::exit_slots; 0: none). Kept across
  // replications.
  void count_exits(std::size_t slots) { exit_slots_ = slots; }
  // With payers: patient-days per level and payer are kept (0: none). Kept across replications.
  void count_payers(std::size_t payers) { payers_ = payers; }
  // Some level has drug testing: DrugCount counts are kept per level. Kept across replications.
  void count_drug_tests(bool on) { drug_testing_ = on; }
  // Day-boundary mode: every wait is a whole number of days, and so are the p90s
  // (WaitHistogram::quantile). Kept across replications.
  void set_whole_days(bool on) { whole_days_ = on; }
  // Every step is also reported to `sink` (nullptr: none).
  void set_trace(TraceSink* sink) { trace_ = sink; }
  // The hooks below take `Plain`: true when the caller knows that plain() holds for the whole
  // replication (the engine's specialised loop, engine.hpp), so that the tests for classes,
  // report windows, the trace and named exits compile away; false (the default) tests them.
  // Both give the same counts whenever plain() holds.
  bool plain() const {
    return classes_ <= 1 && windows_.empty() && trace_ == nullptr && exit_slots_ == 0;
  }
  // The watches whose first crossing day each replication notes (daily points needed).
  void set_watches(std::vector<DailyWatch> watches) { watches_ = std::move(watches); }

  // The time integrals of census, waitlist and capacity: called just before any of them changes
  // at `level`, with the values that held since the previous call.
  template <bool Plain = false>
  void accumulate_areas(LevelId level, double now, int in_care, std::int64_t waiting,
                        int capacity) {
    LevelAreas& a = areas_[index_of(level)];
    // Nothing to add since a change at this instant (a slot freed and taken again, a waiting
    // patient admitted: two or three calls at one time): the same sums, bit for bit, with no
    // work (and the windows' areas and end counts, window_areas(), are unchanged by an empty
    // interval too).
    if (now == a.last_change) return;
    LevelCounters& c = levels_[index_of(level)];
    const double since = a.last_change, dt = now - since;
    c.census_area += dt * in_care;
    c.waitlist_area += dt * static_cast<double>(waiting);
    c.capacity_area += dt * capacity;
    a.last_change = now;
    if (!Plain && !windows_.empty()) [[unlikely]]
      window_areas(level, since, now, in_care, waiting, capacity);
  }
  // With classes, the same for class `cls` alone: called just before its census or waitlist
  // changes at `level` (only the class that changes is integrated), and for every class at the
  // end of warm-up, of a day whose census per class is kept, and of the run. A class's capacity
  // area is the level's (finish() copies it).
  void accumulate_class_areas(LevelId level, std::uint8_t cls, double now, int in_care,
                              std::int64_t waiting) {
    const std::size_t i = cls * levels_.size() + index_of(level);
    LevelCounters& c = class_work_[i];
    const double dt = now - class_last_change_[i];
    c.census_area += dt * in_care;
    c.waitlist_area += dt * static_cast<double>(waiting);
    class_last_change_[i] = now;
  }

  // The flow, in the vocabulary of the trace (trace.hpp); `patient` is the per-replication id.
  template <bool Plain = false>
  void on_arrival(double now, std::uint32_t patient, LevelId entry, StreamId stream,
                  std::uint8_t cls = 0) {
    ++result_.system.arrivals;
    in_windows<Plain>(now, [](WindowWork& w) { ++w.system.arrivals; });
    if (!Plain && classes_ > 1) [[unlikely]]
      ++result_.class_system[cls].arrivals;
    ++balance_.referred;
    trace<Plain>(now, TraceEvent::kArrival, patient, level_int(entry), static_cast<int>(stream));
  }
  template <bool Plain = false>
  void on_referral(double now, LevelId level, std::uint8_t cls = 0) {
    ++counters(level).referrals;
    in_windows<Plain>(now, level, [](LevelCounters& c, WindowWork&) { ++c.referrals; });
    if (!Plain && classes_ > 1) [[unlikely]]
      ++class_counters(level, cls).referrals;
  }
  template <bool Plain = false>
  void on_turned_away(double now, std::uint32_t patient, LevelId level, std::uint8_t cls = 0) {
    trace<Plain>(now, TraceEvent::kTurnedAway, patient, level_int(level));
    ++counters(level).turned_away;
    ++result_.system.lost_to_care;
    in_windows<Plain>(now, level, [](LevelCounters& c, WindowWork& w) {
      ++c.turned_away;
      ++w.system.lost_to_care;
    });
    if (!Plain && classes_ > 1) [[unlikely]] {
      ++class_counters(level, cls).turned_away;
      ++result_.class_system[cls].lost_to_care;
    }
    ++balance_.left;
  }
  // A held step-up (engine/drug_testing.cpp) turned away by `level`'s full waitlist: a referral
  // there turned away, but not lost to care (it stays in care at `held_at`, where it holds its
  // slot).
  void on_held_turned_away(double now, std::uint32_t patient, LevelId level, int held_at,
                           std::uint8_t cls) {
    trace<false>(now, TraceEvent::kTurnedAway, patient, level_int(level), held_at);
    ++counters(level).turned_away;
    in_windows<false>(now, level, [](LevelCounters& c, WindowWork&) { ++c.turned_away; });
    if (classes_ > 1) [[unlikely]]
      ++class_counters(level, cls).turned_away;
  }
  template <bool Plain = false>
  void on_waitlisted(double now, std::uint32_t patient, LevelId level, std::int64_t waiting) {
    trace<Plain>(now, TraceEvent::kWaitlisted, patient, level_int(level), -1,
                 static_cast<double>(waiting));
  }
  template <bool Plain = false>
  void on_held(double now, std::uint32_t patient, LevelId level, int held_at) {
    trace<Plain>(now, TraceEvent::kHeld, patient, level_int(level), held_at);
  }
  template <bool Plain = false>
  void on_admitted(double now, std::uint32_t patient, LevelId level, double wait,
                   std::uint8_t cls = 0) {
    LevelCounters& c = counters(level);
    ++c.admissions;
    trace<Plain>(now, TraceEvent::kAdmitted, patient, level_int(level), -1, wait);
    c.wait_sum += wait;
    c.waits.add(wait);  // also a queue time (LevelCounters::p90_queue_time)
    in_windows<Plain>(now, level, [wait](LevelCounters& w, WindowWork&) {
      ++w.admissions;
      w.wait_sum += wait;
      w.waits.add(wait);
    });
    if (!Plain && classes_ > 1) [[unlikely]] {
      LevelCounters& ck = class_counters(level, cls);
      ++ck.admissions;
      ck.wait_sum += wait;
      ck.waits.add(wait);
    }
  }
  // A patient's first admission anywhere, at `now`, `days` after the first referral.
  template <bool Plain = false>
  void on_first_admission(double now, double days, std::uint8_t cls = 0) {
    ++result_.system.first_admissions;
    result_.system.first_admission_days_sum += days;
    in_windows<Plain>(now, [days](WindowWork& w) {
      ++w.system.first_admissions;
      w.system.first_admission_days_sum += days;
    });
    if (!Plain && classes_ > 1) [[unlikely]] {
      ++result_.class_system[cls].first_admissions;
      result_.class_system[cls].first_admission_days_sum += days;
    }
  }
  // A slot freed at `now` after `slot_days` (the stay plus any hold).
  template <bool Plain = false>
  void on_slot_released(double now, LevelId level, double slot_days, std::uint8_t cls = 0) {
    LevelCounters& c = counters(level);
    c.slot_days_sum += slot_days;
    ++c.slot_releases;
    in_windows<Plain>(now, level, [slot_days](LevelCounters& w, WindowWork&) {
      w.slot_days_sum += slot_days;
      ++w.slot_releases;
    });
    if (!Plain && classes_ > 1) [[unlikely]] {
      class_counters(level, cls).slot_days_sum += slot_days;
      ++class_counters(level, cls).slot_releases;
    }
  }
  template <bool Plain = false>
  void on_dropped_out(double now, std::uint32_t patient, LevelId level, std::uint8_t cls = 0) {
    trace<Plain>(now, TraceEvent::kDroppedOut, patient, level_int(level));
    ++counters(level).dropouts;
    in_windows<Plain>(now, level, [](LevelCounters& c, WindowWork&) { ++c.dropouts; });
    if (!Plain && classes_ > 1) [[unlikely]]
      ++class_counters(level, cls).dropouts;
  }
  // A level's session (levels.L.sessions): `offered` patients in care, `attended` of them, in
  // `groups` groups.
  void on_session(double now, LevelId level, std::int64_t offered, std::int64_t attended,
                  std::int64_t groups) {
    auto add = [&](LevelCounters& c) {
      c.sessions_held += attended > 0 ? 1 : 0;
      c.session_places += offered;
      c.sessions_attended += attended;
      c.session_groups += groups;
    };
    add(counters(level));
    in_windows<false>(now, level, [&](LevelCounters& c, WindowWork&) { add(c); });
  }
  // A stay ended by `discharge_after_missed` consecutive misses (also counted as a dropout).
  void on_no_show_discharge(double now, LevelId level, std::uint8_t cls = 0) {
    ++counters(level).no_show_discharges;
    in_windows<false>(now, level, [](LevelCounters& c, WindowWork&) { ++c.no_show_discharges; });
    if (classes_ > 1) [[unlikely]]
      ++class_counters(level, cls).no_show_discharges;
  }
  // `next`: the level referred to, or kExit.
  template <bool Plain = false>
  void on_completed(double now, std::uint32_t patient, LevelId level, int next,
                    std::uint8_t cls = 0) {
    ++counters(level).completions;
    in_windows<Plain>(now, level, [](LevelCounters& c, WindowWork&) { ++c.completions; });
    if (!Plain && classes_ > 1) [[unlikely]]
      ++class_counters(level, cls).completions;
    trace<Plain>(now, TraceEvent::kCompleted, patient, level_int(level), next);
  }
  // `target`: the level referred to (on_abandon), or kExit (lost to care); `waited`: days since
  // joining the waitlist.
  template <bool Plain = false>
  void on_abandoned(double now, std::uint32_t patient, LevelId level, int target, double waited,
                    std::uint8_t cls = 0) {
    LevelCounters& c = counters(level);
    ++c.abandonments;
    c.abandon_wait_sum += waited;
    c.abandon_waits.add(waited);
    in_windows<Plain>(now, level, [waited, target](LevelCounters& w, WindowWork& ww) {
      ++w.abandonments;
      w.abandon_wait_sum += waited;
      w.abandon_waits.add(waited);
      if (is_exit(target)) ++ww.system.lost_to_care;
    });
    trace<Plain>(now, TraceEvent::kAbandoned, patient, level_int(level), target);
    if (is_exit(target)) {
      ++result_.system.lost_to_care;
      ++balance_.left;
    }
    if (!Plain && classes_ > 1) [[unlikely]] {
      LevelCounters& ck = class_counters(level, cls);
      ++ck.abandonments;
      ck.abandon_wait_sum += waited;
      ck.abandon_waits.add(waited);
      if (is_exit(target)) ++result_.class_system[cls].lost_to_care;
    }
  }
  // A patient routed from `level` to the exit `target` (by `next` or `on_abandon`).
  template <bool Plain = false>
  void on_exit(LevelId level, int target) {
    if (Plain || exit_slots_ == 0) [[likely]]
      return;
    ++result_
          .exit_counts[index_of(level) * exit_slots_ + static_cast<std::size_t>(exit_slot(target))];
  }
  // The cascade (statistics.hpp, LevelCounters): a completer of `level` routed on to another
  // level at `now`; its admission there `delay` days after that discharge (at `discharged`); a
  // departure from care at `level`; an admission to the level it last left, `delay` days after
  // leaving it (at `left`); the earlier admissions of a patient admitted to `level`.
  // In a report window, each follow-up must fit before the window's end (as in a run cut there).
  template <bool Plain = false>
  void on_routed_on(LevelId level, double now, std::uint8_t cls) {
    cascade<Plain>(level, cls, now, [&](LevelCounters& c, double end) {
      c.routed_on_14 += now <= end - 14;
      c.routed_on_30 += now <= end - 30;
    });
  }
  template <bool Plain = false>
  void on_linked(LevelId from, double discharged, double delay, std::uint8_t cls) {
    if (discharged < warmup_end_) return;
    cascade<Plain>(from, cls, discharged, [&](LevelCounters& c, double end) {
      c.linked_14 += discharged <= end - 14 && delay <= 14;
      c.linked_30 += discharged <= end - 30 && delay <= 30;
    });
  }
  template <bool Plain = false>
  void on_left_care(LevelId level, double now, std::uint8_t cls) {
    cascade<Plain>(level, cls, now, [&](LevelCounters& c, double end) {
      c.left_care_30 += now <= end - 30;
      c.left_care_90 += now <= end - 90;
    });
  }
  template <bool Plain = false>
  void on_readmitted(LevelId level, double left, double delay, std::uint8_t cls) {
    if (left < warmup_end_) return;
    cascade<Plain>(level, cls, left, [&](LevelCounters& c, double end) {
      c.readmitted_30 += left <= end - 30 && delay <= 30;
      c.readmitted_90 += left <= end - 90 && delay <= 90;
    });
  }
  template <bool Plain = false>
  void on_prior_episodes(double now, LevelId level, int earlier, std::uint8_t cls) {
    const auto k = static_cast<std::size_t>(earlier < 5 ? earlier : 5);
    cascade<Plain>(level, cls, now, [&](LevelCounters& c, double) { ++c.prior_episodes[k]; });
  }

  // Authorization (engine/authorization.cpp): `n` reviews at `level` inside the window (the
  // engine counts those at or after the end of warm-up); a denial at `now` that discharges the
  // patient to `target` (kExit or an exit: leaves care) with `denied_days` of its stay cut off.
  void on_reviews(LevelId level, std::int64_t n, std::uint8_t cls = 0) {
    result_.levels[index_of(level)].reviews += n;
    if (classes_ > 1) [[unlikely]]
      class_auth_[cls * levels_.size() + index_of(level)].reviews += n;
  }
  void on_denied(double now, std::uint32_t patient, LevelId level, int target, double denied_days,
                 std::uint8_t cls = 0) {
    trace<false>(now, TraceEvent::kDenied, patient, level_int(level), target, denied_days);
    if (now < warmup_end_) return;
    LevelResult& c = result_.levels[index_of(level)];
    ++c.denials;
    c.denied_days += denied_days;
    if (classes_ > 1) [[unlikely]] {
      LevelResult& ck = class_auth_[cls * levels_.size() + index_of(level)];
      ++ck.denials;
      ck.denied_days += denied_days;
    }
  }
  // `days` in care inside the window at `level` of a patient of `payer`.
  void on_payer_days(LevelId level, std::uint8_t payer, double days) {
    result_.payer_days[index_of(level) * payers_ + payer] += days;
  }

  // Left care for good (no relapse to come): the patient leaves the balance.
  void on_discharged_for_good() { ++balance_.left; }
  // Left care and will relapse at `when` (days since the start of the run).
  template <bool Plain = false>
  void on_relapse_due(double now, std::uint32_t patient, double when) {
    trace<Plain>(now, TraceEvent::kRelapseDue, patient, -1, -1, when - warmup_end_);
  }
  template <bool Plain = false>
  void on_relapsed(double now, std::uint32_t patient, LevelId target, std::uint8_t cls = 0) {
    ++result_.system.relapses;
    in_windows<Plain>(now, [](WindowWork& w) { ++w.system.relapses; });
    if (!Plain && classes_ > 1) [[unlikely]]
      ++result_.class_system[cls].relapses;
    trace<Plain>(now, TraceEvent::kRelapse, patient, level_int(target));
  }
  void on_capacity_changed(double now, LevelId level, double capacity) {
    trace<false>(now, TraceEvent::kCapacity, kNoPatient, level_int(level), -1, capacity);
  }
  void on_rate_changed(double now, StreamId stream, double rate) {
    trace<false>(now, TraceEvent::kRate, kNoPatient, -1, static_cast<int>(stream), rate);
  }
  // Drug testing and step-up (engine/drug_testing.cpp).
  void on_drug_test(double now, std::uint32_t patient, LevelId level, bool positive) {
    trace<false>(now, TraceEvent::kDrugTest, patient, level_int(level), -1, positive ? 1.0 : 0.0);
    drug(level, DrugCount::kTests, now);
    if (positive) drug(level, DrugCount::kPositives, now);
  }
  void on_step_up(double now, std::uint32_t patient, LevelId from, LevelId to, bool held) {
    trace<false>(now, TraceEvent::kStepUp, patient, level_int(from), level_int(to),
                 held ? 1.0 : 0.0);
    drug(from, DrugCount::kStepUpsRequested, now);
  }
  // The step-up discharge from `from` (with hold_slot on admission to `to`, else at once).
  void on_stepped_up(double now, std::uint32_t patient, LevelId from, LevelId to) {
    trace<false>(now, TraceEvent::kSteppedUp, patient, level_int(from), level_int(to));
  }
  void on_step_up_admitted(double now, LevelId from) {
    drug(from, DrugCount::kStepUpsAdmitted, now);
  }
  void on_step_up_abandoned(double now, LevelId from) {
    drug(from, DrugCount::kStepUpsAbandoned, now);
  }
  void on_step_up_waiting_at_end(LevelId from) {
    ++result_.drug_testing[index_of(from) * kDrugCounts +
                           static_cast<std::size_t>(DrugCount::kStepUpsWaiting)];
  }

  // The initial state (at time 0): a patient found in care after `elapsed` days of stay.
  void on_found_in_care(double now, std::uint32_t patient, LevelId level, double elapsed) {
    trace<false>(now, TraceEvent::kAdmitted, patient, level_int(level), -1, elapsed);
  }

  // The initial state placed `patients` patients (in care and waiting) at time 0.
  void on_initial_state(std::int64_t patients) { balance_.referred += patients; }

  // Statistics start: counters, areas and the day's start restart from zero.
  void on_warmup_end(double now);
  // Day `day` of the window ends at `now`: its time-average census and waitlist per level (and,
  // with classes, census per class and level).
  void on_day_end(std::size_t day, double now);
  // At the horizon: what is in care and waiting at `level`.
  void on_end(LevelId level, int in_care, std::int64_t waiting, const int* class_in_care = nullptr,
              const std::int64_t* class_waiting = nullptr) {
    counters(level).in_care_at_end = in_care;
    counters(level).waiting_at_end = waiting;
    if (classes_ > 1) [[unlikely]]
      for (std::size_t k = 0; k < classes_; ++k) {
        class_counters(level, static_cast<std::uint8_t>(k)).in_care_at_end = class_in_care[k];
        class_counters(level, static_cast<std::uint8_t>(k)).waiting_at_end = class_waiting[k];
      }
  }
  // At the horizon: where the patients alive are (the stocks of the patient balance).
  void on_end_population(std::int64_t in_care, std::int64_t waiting, std::int64_t held,
                         std::int64_t community) {
    balance_.in_care = in_care;
    balance_.waiting = waiting;
    balance_.held = held;
    balance_.community = community;
  }
  // The whole run's patient balance so far (warm-up included).
  const PatientBalance& balance() const { return balance_; }
  // The replication's result; `events` processed in the window.
  ReplicationResult finish(std::uint64_t events);

 private:
  struct LevelAreas {
    double last_change = 0;  // time of the last accumulate_areas
    double census_area_at_day_start = 0;
    double waitlist_area_at_day_start = 0;
  };
  LevelCounters& counters(LevelId level) { return levels_[index_of(level)]; }
  // One more DrugCount `k` at `level`, in the window (warm-up's are zeroed at its end).
  void drug(LevelId level, DrugCount k, double now) {
    (void)now;
    ++result_.drug_testing[index_of(level) * kDrugCounts + static_cast<std::size_t>(k)];
  }
  LevelCounters& class_counters(LevelId level, std::uint8_t cls) {
    return class_work_[cls * levels_.size() + index_of(level)];
  }
  // A cascade count of an event at `t`: update(counters, end of the follow-up's window).
  template <bool Plain, class F>
  void cascade(LevelId level, std::uint8_t cls, double t, F update) {
    update(counters(level), end_);
    if (!Plain && classes_ > 1) [[unlikely]]
      update(class_counters(level, cls), end_);
    in_windows<Plain>(t, level, [&](LevelCounters& c, WindowWork& w) { update(c, w.end); });
  }
  // A report window's counters while the replication runs.
  struct WindowWork {
    double start = 0, end = 0;
    std::vector<LevelCounters> levels;
    SystemCounters system;
  };
  // update(level counters, window) for each report window holding time t.
  template <bool Plain, class F>
  void in_windows(double t, LevelId level, F update) {
    if (Plain || windows_.empty()) [[likely]]
      return;
    for (WindowWork& w : windows_)
      if (t >= w.start && t < w.end) update(w.levels[index_of(level)], w);
  }
  template <bool Plain, class F>
  void in_windows(double t, F update) {
    if (Plain || windows_.empty()) [[likely]]
      return;
    for (WindowWork& w : windows_)
      if (t >= w.start && t < w.end) update(w);
  }
  // The time integrals over [from, to) where it meets each window, and the counts just before
  // a window's end when [from, to) reaches it.
  // At a day's end: notes the watches that cross that day for the first time.
  void check_watches(std::size_t day);
  void window_areas(LevelId level, double from, double to, int in_care, std::int64_t waiting,
                    int capacity);
  static int level_int(LevelId level) { return static_cast<int>(level); }
  template <bool Plain>
  void trace(double now, TraceEvent event, std::uint32_t patient, int level, int other = -1,
             double value = 0) {
    if (!Plain && trace_) [[unlikely]]
      trace_->record({now - warmup_end_, event, patient, level, other, value});
  }

  ReplicationResult result_;
  // Per level, the counters while the replication runs (kept across replications: zeroed, not
  // reallocated); finish() keeps their tallies and p90s in the result.
  std::vector<LevelCounters> levels_;
  PatientBalance balance_;  // not restarted at the end of warm-up
  std::vector<LevelAreas> areas_;
  // With classes and daily recording: the levels whose census per class and day is kept, and
  // each class's census area there at the start of the day ([class * daily_class_levels + k]).
  std::vector<std::uint32_t> daily_class_levels_;
  std::vector<double> class_census_area_at_day_start_;
  // With classes: per class and level, the counters while the replication runs (kept across
  // replications: zeroed, not reallocated); finish() keeps their tallies in the result.
  std::vector<LevelCounters> class_work_;
  std::vector<double> class_last_change_;  // per class and level: time of the last integration
  double warmup_end_ = 0;
  double end_ = 0;  // the horizon (days since the start of the run)
  std::size_t classes_ = 1;
  std::size_t exit_slots_ = 0;           // count_exits()
  bool whole_days_ = false;              // set_whole_days()
  std::size_t payers_ = 0;               // count_payers()
  std::vector<LevelResult> class_auth_;  // with classes: authorization counts per class, level
  std::vector<WindowWork> windows_;      // report windows (kept across replications: zeroed)
  bool drug_testing_ = false;            // count_drug_tests()
  TraceSink* trace_ = nullptr;
  std::vector<DailyWatch> watches_;
};

}  // namespace continuum
