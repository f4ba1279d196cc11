// What one replication accumulates (O(1) per event, memory independent of the horizon), the
// metrics derived from it, and their means with 95% Student-t intervals across replications.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "continuum/stats/compliance_tallies.hpp"
#include "continuum/stats/conservation.hpp"
#include "continuum/stats/metric.hpp"
#include "continuum/stats/trace.hpp"

namespace continuum {

// Waits, in days, in a log-linear histogram: exact zeros counted apart, then 64 linear bins of
// 1/64 day, then 64 bins per doubling (relative bin width under 1.6%). Fixed size, no allocation.
class WaitHistogram {
 public:
  static constexpr int kSubBins = 64;
  static constexpr int kOctaves = 24;
  static constexpr int kBins = kSubBins * (kOctaves + 1);

  void add(double days) {
    ++count_;
    if (days <= 0) {
      ++zeros_;
      return;
    }
    const int b = bin_of(days);
    ++bins_[b];
    lo_ = std::min(lo_, b);
    hi_ = std::max(hi_, b);
  }
  // Zeroes the bins between the lowest and highest ever filled only (waits cluster in a few
  // octaves: clearing 12.8 KB per level and class per replication was ~5% of a run).
  void clear() {
    if (hi_ >= lo_) std::fill(bins_.begin() + lo_, bins_.begin() + hi_ + 1, std::int64_t{0});
    count_ = zeros_ = 0;
    lo_ = kBins;
    hi_ = -1;
  }
  std::int64_t count() const { return count_; }
  // The q-quantile (0 < q < 1), interpolated linearly inside its bin; NaN when empty. With
  // `whole_days` (day-boundary mode, where every wait is a whole number of days): a whole day,
  // the value the q-th patient waited — exact while its bin is at most a day wide (waits under
  // 128 days, where every whole day is a bin's lower edge), else the interpolated value rounded
  // down to a whole day inside its bin (under 1.6% off, as the interpolation).
  double quantile(double q, bool whole_days = false) const;
  // The q-quantile of the values added to `a` and to `b` together: the same bits as quantile()
  // of one histogram that every value of both had been added to (the same counts per bin).
  static double quantile_of_sum(const WaitHistogram& a, const WaitHistogram& b, double q,
                                bool whole_days = false);
  // Inline and by bit arithmetic (one per admission): the same bins as frexp/ldexp give.
  static int bin_of(double days) {
    const double u = days * kSubBins;  // in 1/64 day
    if (u < kSubBins) return static_cast<int>(u);
    // u = 1.m x 2^(E - 1023) in [64 * 2^octave, 128 * 2^octave); the bin within the octave is
    // the top six bits of the mantissa m.
    const auto bits = std::bit_cast<std::uint64_t>(u);
    const int octave = static_cast<int>(bits >> 52) - 1023 - 6;
    if (octave >= kOctaves) return kBins - 1;
    return kSubBins * (octave + 1) + static_cast<int>((bits >> 46) & (kSubBins - 1));
  }
  static double bin_lower(int bin);
  static double bin_upper(int bin);
  // The exact state, for serialization (result_codec.hpp).
  std::int64_t zeros() const { return zeros_; }
  const std::array<std::int64_t, kBins>& bins() const { return bins_; }
  static WaitHistogram restore(std::int64_t count, std::int64_t zeros,
                               const std::array<std::int64_t, kBins>& bins) {
    WaitHistogram h;
    h.count_ = count;
    h.zeros_ = zeros;
    h.bins_ = bins;
    for (int b = 0; b < kBins; ++b)
      if (bins[b] != 0) {
        h.lo_ = std::min(h.lo_, b);
        h.hi_ = b;
      }
    return h;
  }

 private:
  // quantile() over counts `count`, `zeros` and bins [lo, hi] holding in_bin(b).
  template <class InBin>
  static double quantile(double q, std::int64_t count, std::int64_t zeros, int lo, int hi,
                         bool whole_days, InBin in_bin);

  std::int64_t count_ = 0;
  std::int64_t zeros_ = 0;
  int lo_ = kBins, hi_ = -1;  // the filled bins lie in [lo_, hi_]; the others are zero
  std::array<std::int64_t, kBins> bins_{};
};

// Per level, over the statistics window (after warm-up): the tallies, and (LevelCounters) the
// waits' histogram.
struct LevelTallies {
  std::int64_t referrals = 0;
  std::int64_t admissions = 0;
  std::int64_t completions = 0;
  std::int64_t dropouts = 0;
  std::int64_t abandonments = 0;
  std::int64_t turned_away = 0;
  double census_area = 0;       // integral of the number in care (patient-days)
  double waitlist_area = 0;     // integral of the number waiting
  double capacity_area = 0;     // integral of the capacity (it may change during the run)
  double wait_sum = 0;          // admission minus referral time, summed over admissions
  double abandon_wait_sum = 0;  // abandonment minus referral time, summed over abandonments
  double slot_days_sum =
      0;  // admission to leaving the slot (stay plus any hold), over slot releases
  std::int64_t slot_releases = 0;
  std::int64_t in_care_at_end = 0;
  std::int64_t waiting_at_end = 0;
  // The cascade (each count over events whose whole follow-up fits in the window: a discharge
  // at least 14 or 30 days, a departure at least 30 or 90 days, before the horizon).
  std::int64_t routed_on_14 = 0, routed_on_30 = 0;    // completers routed to another level
  std::int64_t linked_14 = 0, linked_30 = 0;          // ... admitted there within 14 / 30 days
  std::int64_t left_care_30 = 0, left_care_90 = 0;    // left care from here (exit or dropout)
  std::int64_t readmitted_30 = 0, readmitted_90 = 0;  // ... admitted here again within 30 / 90
  std::array<std::int64_t, 6> prior_episodes{};       // admissions by earlier admissions: 0..4, 5+
  // Sessions (levels with sessions only; else 0): sessions with at least one attendee, the
  // patient-sessions offered (patients in care at a session) and attended, the groups formed
  // (ceil(attendees / group_size_max) per session), and the stays ended by missed sessions.
  std::int64_t sessions_held = 0;
  std::int64_t session_places = 0;
  std::int64_t sessions_attended = 0;
  std::int64_t session_groups = 0;
  std::int64_t no_show_discharges = 0;
};
struct LevelCounters : LevelTallies {
  WaitHistogram waits;          // admissions' waits
  WaitHistogram abandon_waits;  // abandonments' waits
  // Back to zero, touching only the histogram bins ever filled.
  void reset() {
    static_cast<LevelTallies&>(*this) = LevelTallies{};
    waits.clear();
    abandon_waits.clear();
  }
  // The p90 of the waits and of the queue times (everyone leaving the waitlist: admissions' and
  // abandonments' waits, the two histograms summed bin by bin). Each admission's wait is added
  // once (to `waits`), not also to a histogram of queue times.
  // `whole_days`: WaitHistogram::quantile's (day-boundary mode).
  double p90_wait(bool whole_days = false) const { return waits.quantile(0.9, whole_days); }
  double p90_queue_time(bool whole_days = false) const {
    return WaitHistogram::quantile_of_sum(waits, abandon_waits, 0.9, whole_days);
  }
};
// A level's counters as a result keeps them (the whole's, a class's, a report window's): the
// tallies and the one quantile of each histogram the metrics read. The 2 x 12.8 KB histograms
// stay in the recorder, so a result costs about 300 bytes per level, not 25.9 KB: results kept
// for every replication do not grow with the histograms, and a new result is not a fresh 25.9 KB
// per level to zero and fault in.
struct LevelResult : LevelTallies {
  double p90_wait_days = NAN;
  double p90_queue_time_days = NAN;
  // Authorization (levels.L.authorization; 0 without it), over the window: reviews held, denials
  // (each one an early discharge at once) and the days of planned stay the denials cut off.
  // Kept for the whole level and per class (not per report window).
  std::int64_t reviews = 0;
  std::int64_t denials = 0;
  double denied_days = 0;
};
using ClassLevelCounters = LevelResult;

struct SystemCounters {
  std::int64_t arrivals = 0;  // external referrals
  std::int64_t relapses = 0;
  std::int64_t lost_to_care = 0;  // abandoned a waitlist or turned away
  std::int64_t first_admissions = 0;
  double first_admission_days_sum = 0;  // first admission minus first referral
};

// A report window's counters (report_windows): the events whose time falls in [from, to) and
// the time integrals over it; in_care_at_end and waiting_at_end are the counts just before `to`.
// Levels keep their tallies and p90s (as a class's do).
struct WindowCounters {
  double days = 0;  // to - from
  std::vector<ClassLevelCounters> levels;
  SystemCounters system;
};

// Drug testing and step-up (levels.L.drug_testing), per level, over the window: the counts kept
// in ReplicationResult::drug_testing ([level * kDrugCounts + count]).
enum class DrugCount : std::uint8_t {
  kTests = 0,
  kPositives = 1,
  kStepUpsRequested = 2,  // referred to a step_up.to level after after_positives positives
  kStepUpsAdmitted = 3,   // ... admitted there (the step-up discharge here)
  kStepUpsWaiting = 4,    // ... still waiting for it at the end (held or at home)
  kStepUpsAbandoned = 5,  // ... gave up waiting (or turned away by its max_length)
};
inline constexpr std::size_t kDrugCounts = 6;

struct ReplicationResult {
  double window_days = 0;
  std::vector<LevelResult> levels;
  SystemCounters system;
  // With classes (else empty): per class and level ([class * levels + level]) and per class.
  // Capacity areas are the level's, so that a class's utilization is its share of the capacity.
  std::vector<ClassLevelCounters> class_levels;
  std::vector<SystemCounters> class_system;
  std::vector<WindowCounters> windows;  // one per report window (else empty)
  // With named exits (else empty): patients routed to each exit from each level over the window
  // ([level * exit slots + slot]; slot 0 plain `exit`, 1 + k Scenario::exits[k]).
  std::vector<std::int64_t> exit_counts;
  // With payers (else empty): patient-days in care over the window per level and payer
  // ([level * payers + payer]), a held slot counted as in care; revenue = these x the level's
  // revenue_per_patient_day.
  std::vector<double> payer_days;
  // With drug testing at some level (else empty): per level, the DrugCount counts.
  std::vector<std::int64_t> drug_testing;
  // Per day of the window and level (index day * levels + level): time-average census and
  // waitlist over that day. Empty when daily recording is off.
  std::vector<float> daily_census;
  std::vector<float> daily_waitlist;
  // Per watch of the run (run --watch; else empty): the first day of the window whose daily
  // value crosses the threshold, -1 when none does (daily_watch.hpp).
  std::vector<std::int32_t> watch_first_day;
  // With classes and daily recording (else empty), for the levels in daily_class_levels only
  // (those whose staffing needs it, LevelModel::daily_class_census): per day, class and such
  // level (index (day * classes + class) * daily_class_levels.size() + k, k the level's position
  // in daily_class_levels), the time-average census of that class.
  // Memory: days x classes x daily_class_levels.size() x 4 bytes per replication.
  std::vector<std::uint32_t> daily_class_levels;
  std::vector<float> daily_class_census;
  std::uint64_t events = 0;        // arrivals, discharges, abandonments and relapses processed
  std::vector<TraceRecord> trace;  // the event log, when tracing was asked for (RunOptions)
  PatientBalance balance;          // over the whole run, warm-up included
  // Interim services (per level; empty when no level has them) and the compliance KPIs (per
  // level, then with classes [levels + class * levels + level]; empty unless kept):
  // stats/compliance.hpp.
  std::vector<InterimTallies> interim;
  std::vector<ComplianceTallies> compliance;
};

// One replication's metric values (metric.hpp); NaN where undefined (for example a mean wait
// with no admission). Utilization is NaN for an unlimited capacity.
MetricValues<LevelMetric> level_metrics(const ReplicationResult& r, std::size_t level,
                                        int capacity);
MetricValues<SystemMetric> system_metrics(const ReplicationResult& r);
// The same for class `cls` alone (results with classes).
MetricValues<LevelMetric> class_level_metrics(const ReplicationResult& r, std::size_t cls,
                                              std::size_t level, int capacity);
MetricValues<SystemMetric> class_system_metrics(const ReplicationResult& r, std::size_t cls);
// The same over report window `w` (rates per day of the window).
MetricValues<LevelMetric> window_level_metrics(const ReplicationResult& r, std::size_t w,
                                               std::size_t level, int capacity);
MetricValues<SystemMetric> window_system_metrics(const ReplicationResult& r, std::size_t w);

struct Estimate {
  double mean = NAN;
  double lo = NAN;  // 95% Student-t interval; NaN with fewer than two defined values
  double hi = NAN;
  int n = 0;  // replications in which the metric is defined
};

// Mean and 95% Student-t confidence interval of the defined (non-NaN) values.
Estimate estimate(const std::vector<double>& values);
// The same from the n defined values' sum and their squared deviations from sum / n (both
// summed in the values' order): estimate()'s last step, for estimates made in passes
// (EstimateAccumulator, result_store.hpp).
Estimate estimate_from_sums(int n, double sum, double ss);
// The two-sided 95% Student-t quantile for `dof` degrees of freedom (Boost.Math).
double t_quantile_975(int dof);
// Quantile of a sample (linear interpolation between order statistics, "type 7").
double sample_quantile(std::vector<double> values, double q);
// sample_quantile(values, 0.1) and sample_quantile(values, 0.9), bit for bit, without sorting:
// up to about 300 values by keeping the few smallest and largest in one pass each, beyond by
// selection (std::nth_element; `values` is then reordered). The daily fan chart's band.
std::pair<double, double> sample_quantiles_10_90(std::vector<double>& values);

// Per metric, the estimate across replications of its values.
template <class E>
MetricValues<E, Estimate> estimate_each(const std::vector<MetricValues<E>>& replications) {
  MetricValues<E, Estimate> out;
  std::vector<double> values(replications.size());
  for (E m : all_metrics<E>()) {
    for (std::size_t r = 0; r < replications.size(); ++r)
      values[r] = replications[r][m];
    out[m] = estimate(values);
  }
  return out;
}

}  // namespace continuum
