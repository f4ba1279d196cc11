// Metrics from replication counters, and their estimates across replications.
#include "continuum/stats/statistics.hpp"
#include "continuum/model/capacity.hpp"

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace continuum {

double WaitHistogram::bin_lower(int bin) {
  if (bin < kSubBins) return static_cast<double>(bin) / kSubBins;
  const int octave = bin / kSubBins - 1, sub = bin % kSubBins;
  return std::ldexp(static_cast<double>(kSubBins + sub), octave) / kSubBins;
}

double WaitHistogram::bin_upper(int bin) {
  if (bin < kSubBins) return static_cast<double>(bin + 1) / kSubBins;
  const int octave = bin / kSubBins - 1, sub = bin % kSubBins;
  return std::ldexp(static_cast<double>(kSubBins + sub + 1), octave) / kSubBins;
}

template <class InBin>
double WaitHistogram::quantile(double q, std::int64_t count, std::int64_t zeros, int lo, int hi,
                               bool whole_days, InBin in_bin_of) {
  if (count == 0) return NAN;
  const double rank = q * static_cast<double>(count);  // patients at or below the quantile
  if (rank <= static_cast<double>(zeros)) return 0.0;
  double below = static_cast<double>(zeros);
  for (int b = lo; b <= hi; ++b) {
    const double in_bin = static_cast<double>(in_bin_of(b));
    if (in_bin > 0 && below + in_bin >= rank) {
      const double frac = (rank - below) / in_bin;
      const double width = bin_upper(b) - bin_lower(b);
      if (whole_days)  // the bin's whole days are lower, lower + 1, ... below its upper edge
        return bin_lower(b) + std::min(std::floor(frac * width), std::max(width - 1, 0.0));
      return bin_lower(b) + frac * width;
    }
    below += in_bin;
  }
  return bin_upper(kBins - 1);
}

double WaitHistogram::quantile(double q, bool whole_days) const {
  return quantile(q, count_, zeros_, lo_, hi_, whole_days, [this](int b) { return bins_[b]; });
}

// Bins outside a histogram's [lo_, hi_] are zero: the sum's filled bins lie in the union.
double WaitHistogram::quantile_of_sum(const WaitHistogram& a, const WaitHistogram& b, double q,
                                      bool whole_days) {
  return quantile(q, a.count_ + b.count_, a.zeros_ + b.zeros_, std::min(a.lo_, b.lo_),
                  std::max(a.hi_, b.hi_), whole_days,
                  [&](int k) { return a.bins_[k] + b.bins_[k]; });
}

namespace {
double ratio(double num, double den) {
  return den > 0 ? num / den : NAN;
}

MetricValues<LevelMetric> tally_metrics(const LevelTallies& c, double p90_wait,
                                        double p90_queue_time, double days, int capacity) {
  using M = LevelMetric;
  const auto referrals = static_cast<double>(c.referrals);
  const auto admissions = static_cast<double>(c.admissions);
  const bool unlimited = is_unlimited(capacity);
  MetricValues<M> v;
  v[M::kReferralsPerDay] = referrals / days;
  v[M::kAdmissionsPerDay] = admissions / days;
  v[M::kCompletionsPerDay] = static_cast<double>(c.completions) / days;
  v[M::kDropoutsPerDay] = static_cast<double>(c.dropouts) / days;
  v[M::kMeanCensus] = c.census_area / days;
  v[M::kUtilization] = unlimited ? NAN : c.census_area / c.capacity_area;
  v[M::kMeanWaitlist] = c.waitlist_area / days;
  v[M::kMeanWaitDays] = ratio(c.wait_sum, admissions);
  v[M::kP90WaitDays] = p90_wait;
  // Over everyone who left the waitlist (joined it, or was admitted at once): admitted or not.
  v[M::kMeanQueueTimeDays] =
      ratio(c.wait_sum + c.abandon_wait_sum, admissions + static_cast<double>(c.abandonments));
  v[M::kP90QueueTimeDays] = p90_queue_time;
  // Of the referrals that ended in the window (admitted, abandoned or turned away), the share
  // abandoned: abandonments / referrals in steady state, and never above 1 when the window's
  // abandoners were referred before it (a falling referral rate, a closed level).
  v[M::kAbandonmentFraction] =
      ratio(static_cast<double>(c.abandonments),
            admissions + static_cast<double>(c.abandonments + c.turned_away));
  v[M::kTurnedAwayFraction] = ratio(static_cast<double>(c.turned_away), referrals);
  v[M::kMeanDaysInCare] = ratio(c.slot_days_sum, static_cast<double>(c.slot_releases));
  v[M::kInCareAtEnd] = static_cast<double>(c.in_care_at_end);
  v[M::kWaitingAtEnd] = static_cast<double>(c.waiting_at_end);
  auto share = [&](std::int64_t part, std::int64_t whole) {
    return ratio(static_cast<double>(part), static_cast<double>(whole));
  };
  v[M::kLinkedWithin14DaysFraction] = share(c.linked_14, c.routed_on_14);
  v[M::kLinkedWithin30DaysFraction] = share(c.linked_30, c.routed_on_30);
  v[M::kReadmittedWithin30DaysFraction] = share(c.readmitted_30, c.left_care_30);
  v[M::kReadmittedWithin90DaysFraction] = share(c.readmitted_90, c.left_care_90);
  std::int64_t episodes = 0;
  for (std::int64_t n : c.prior_episodes)
    episodes += n;
  for (std::size_t k = 0; k < c.prior_episodes.size(); ++k)
    v[static_cast<M>(static_cast<std::size_t>(M::kPriorEpisodes0Fraction) + k)] =
        share(c.prior_episodes[k], episodes);
  return v;
}

MetricValues<SystemMetric> counter_metrics(const SystemCounters& s, double days) {
  using M = SystemMetric;
  MetricValues<M> v;
  v[M::kArrivalsPerDay] = static_cast<double>(s.arrivals) / days;
  v[M::kRelapsesPerDay] = static_cast<double>(s.relapses) / days;
  v[M::kLostToCarePerDay] = static_cast<double>(s.lost_to_care) / days;
  v[M::kMeanDaysToFirstAdmission] =
      ratio(s.first_admission_days_sum, static_cast<double>(s.first_admissions));
  return v;
}

}  // namespace

MetricValues<LevelMetric> level_metrics(const ReplicationResult& r, std::size_t level,
                                        int capacity) {
  const LevelResult& c = r.levels[level];
  return tally_metrics(c, c.p90_wait_days, c.p90_queue_time_days, r.window_days, capacity);
}

MetricValues<LevelMetric> class_level_metrics(const ReplicationResult& r, std::size_t cls,
                                              std::size_t level, int capacity) {
  const ClassLevelCounters& c = r.class_levels.at(cls * r.levels.size() + level);
  return tally_metrics(c, c.p90_wait_days, c.p90_queue_time_days, r.window_days, capacity);
}

MetricValues<SystemMetric> class_system_metrics(const ReplicationResult& r, std::size_t cls) {
  return counter_metrics(r.class_system.at(cls), r.window_days);
}

MetricValues<LevelMetric> window_level_metrics(const ReplicationResult& r, std::size_t w,
                                               std::size_t level, int capacity) {
  const WindowCounters& window = r.windows.at(w);
  const ClassLevelCounters& c = window.levels.at(level);
  return tally_metrics(c, c.p90_wait_days, c.p90_queue_time_days, window.days, capacity);
}

MetricValues<SystemMetric> window_system_metrics(const ReplicationResult& r, std::size_t w) {
  return counter_metrics(r.windows.at(w).system, r.windows.at(w).days);
}

MetricValues<SystemMetric> system_metrics(const ReplicationResult& r) {
  return counter_metrics(r.system, r.window_days);
}

double t_quantile_975(int dof) {
  boost::math::students_t dist(dof);
  return boost::math::quantile(boost::math::complement(dist, 0.025));
}

Estimate estimate_from_sums(int n, double sum, double ss) {
  Estimate e;
  e.n = n;
  if (n == 0) return e;
  e.mean = sum / n;
  if (n < 2) return e;
  const double half = t_quantile_975(n - 1) * std::sqrt(ss / (n - 1) / n);
  e.lo = e.mean - half;
  e.hi = e.mean + half;
  return e;
}

Estimate estimate(const std::vector<double>& values) {
  int n = 0;
  double sum = 0;
  for (double v : values)
    if (!std::isnan(v)) sum += v, ++n;
  if (n < 2) return estimate_from_sums(n, sum, 0);
  const double mean = sum / n;
  double ss = 0;
  for (double v : values)
    if (!std::isnan(v)) ss += (v - mean) * (v - mean);
  return estimate_from_sums(n, sum, ss);
}

double sample_quantile(std::vector<double> values, double q) {
  if (values.empty()) return NAN;
  std::sort(values.begin(), values.end());
  const double h = (static_cast<double>(values.size()) - 1) * q;
  const std::size_t lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

namespace {

// Order statistics lo = floor(h) and min(lo + 1, n - 1) of `v`, for h = (n - 1) * q, given that
// v[from..) holds every order statistic from `from` on (from <= lo): as sample_quantile
// interpolates them, and leaving v[lo] in place.
double select_quantile(std::vector<double>& v, std::size_t from, double q) {
  const std::size_t n = v.size();
  const double h = (static_cast<double>(n) - 1) * q;
  const std::size_t lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, n - 1);
  const auto at = [&](std::size_t i) { return v.begin() + static_cast<std::ptrdiff_t>(i); };
  std::nth_element(at(from), at(lo), v.end());
  const double below = v[lo];
  const double above = hi == lo ? below : *std::min_element(at(lo + 1), v.end());
  return below + (h - static_cast<double>(lo)) * (above - below);
}

// The k smallest values of `v` (k <= kMaxKept), ascending, into `kept`, or the k largest,
// descending, with `largest`: one pass, each value compared with the last kept and inserted
// only when it belongs (about k ln(n / k) insertions on values in random order).
constexpr std::size_t kMaxKept = 32;
template <bool largest>
void keep_extremes(const std::vector<double>& v, std::size_t k, double* kept) {
  const auto before = [](double a, double b) { return largest ? a > b : a < b; };
  std::size_t size = 0;
  for (const double x : v) {
    std::size_t i;
    if (size < k) {
      i = size++;
    } else if (before(x, kept[k - 1])) {
      i = k - 1;
    } else {
      continue;
    }
    for (; i > 0 && before(x, kept[i - 1]); --i)
      kept[i] = kept[i - 1];
    kept[i] = x;
  }
}

}  // namespace

std::pair<double, double> sample_quantiles_10_90(std::vector<double>& values) {
  if (values.empty()) return {NAN, NAN};
  const std::size_t n = values.size();
  // Up to 310 values (replications): the order statistics each quantile interpolates are among
  // the floor(0.1 (n - 1)) + 2 smallest and as many largest, kept by insertion in one pass each;
  // the same values as sorting gives, so the same bits (statistics_test).
  const double h10 = (static_cast<double>(n) - 1) * 0.1, h90 = (static_cast<double>(n) - 1) * 0.9;
  const auto lo10 = static_cast<std::size_t>(std::floor(h10));
  const auto lo90 = static_cast<std::size_t>(std::floor(h90));
  const std::size_t hi10 = std::min(lo10 + 1, n - 1), hi90 = std::min(lo90 + 1, n - 1);
  const std::size_t k_low = hi10 + 1, k_high = n - lo90;
  if (k_low == 2 && k_high == 2) {  // up to 11 values: the two smallest and the two largest
    // Without branches on the data (min and max), which on values in random order mispredict
    // about one comparison in three; a NaN would break that reasoning: the general path below.
    double a0 = values[0], a1 = values[1];
    if (a1 < a0) std::swap(a0, a1);
    double b0 = a1, b1 = a0;  // b0 >= b1: the largest two
    bool nan = a0 != a0 || a1 != a1;
    for (std::size_t i = 2; i < n; ++i) {
      const double x = values[i];
      nan |= x != x;
      a1 = std::min(a1, std::max(a0, x));
      a0 = std::min(a0, x);
      b1 = std::max(b1, std::min(b0, x));
      b0 = std::max(b0, x);
    }
    if (!nan) {
      const double low[2] = {a0, a1};
      const double p10 = low[lo10] + (h10 - static_cast<double>(lo10)) * (low[hi10] - low[lo10]);
      // high[j]: the (j + 1)-th largest, as keep_extremes<true> leaves them.
      const double high[2] = {b0, b1};
      const double below = high[n - 1 - lo90], above = high[n - 1 - hi90];
      return {p10, below + (h90 - static_cast<double>(lo90)) * (above - below)};
    }
  }
  if (k_low <= kMaxKept && k_high <= kMaxKept) {
    double low[kMaxKept], high[kMaxKept];
    keep_extremes<false>(values, k_low, low);
    keep_extremes<true>(values, k_high, high);
    const double p10 = low[lo10] + (h10 - static_cast<double>(lo10)) * (low[hi10] - low[lo10]);
    const double below = high[n - 1 - lo90], above = high[n - 1 - hi90];
    return {p10, below + (h90 - static_cast<double>(lo90)) * (above - below)};
  }
  const double p10 = select_quantile(values, 0, 0.1);
  // Everything from floor(h10) + 1 on is at or above the 10th percentile's lower order
  // statistic, so the 90th's selection can start there (or at its own, when fewer values).
  const double m = static_cast<double>(values.size()) - 1;
  const auto from = std::min(static_cast<std::size_t>(std::floor(m * 0.1)) + 1,
                             static_cast<std::size_t>(std::floor(m * 0.9)));
  const double p90 = select_quantile(values, from, 0.9);
  return {p10, p90};
}

}  // namespace continuum
