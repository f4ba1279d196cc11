// Metrics from replication counters, and their estimates across replications.
#include "continuum/stats/statistics.hpp"

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
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

double WaitHistogram::quantile(double q) const {
  if (count_ == 0) return NAN;
  const double rank = q * static_cast<double>(count_);  // patients at or below the quantile
  if (rank <= static_cast<double>(zeros_)) return 0.0;
  double below = static_cast<double>(zeros_);
  for (int b = 0; b < kBins; ++b) {
    const double in_bin = static_cast<double>(bins_[b]);
    if (in_bin > 0 && below + in_bin >= rank) {
      const double frac = (rank - below) / in_bin;
      return bin_lower(b) + frac * (bin_upper(b) - bin_lower(b));
    }
    below += in_bin;
  }
  return bin_upper(kBins - 1);
}

const std::vector<std::string>& level_metric_names() {
  static const std::vector<std::string> names = {
      "referrals_per_day", "admissions_per_day",   "completions_per_day",  "dropouts_per_day",
      "mean_census",       "utilization",          "mean_waitlist",        "mean_wait_days",
      "p90_wait_days",     "abandonment_fraction", "turned_away_fraction", "mean_days_in_care",
      "in_care_at_end",    "waiting_at_end"};
  return names;
}

const std::vector<std::string>& system_metric_names() {
  static const std::vector<std::string> names = {"arrivals_per_day", "relapses_per_day",
                                                 "lost_to_care_per_day",
                                                 "mean_days_to_first_admission"};
  return names;
}

namespace {
double ratio(double num, double den) {
  return den > 0 ? num / den : NAN;
}
}  // namespace

std::vector<double> level_metrics(const ReplicationResult& r, std::size_t level, int capacity) {
  const LevelCounters& c = r.levels[level];
  const double days = r.window_days;
  const double mean_census = c.census_area / days;
  const bool unlimited = capacity == std::numeric_limits<int>::max();
  return {
      static_cast<double>(c.referrals) / days,
      static_cast<double>(c.admissions) / days,
      static_cast<double>(c.completions) / days,
      static_cast<double>(c.dropouts) / days,
      mean_census,
      unlimited ? NAN : c.census_area / c.capacity_area,
      c.waitlist_area / days,
      ratio(c.wait_sum, static_cast<double>(c.admissions)),
      c.waits.quantile(0.9),
      ratio(static_cast<double>(c.abandonments), static_cast<double>(c.referrals)),
      ratio(static_cast<double>(c.turned_away), static_cast<double>(c.referrals)),
      ratio(c.slot_days_sum, static_cast<double>(c.slot_releases)),
      static_cast<double>(c.in_care_at_end),
      static_cast<double>(c.waiting_at_end),
  };
}

std::vector<double> system_metrics(const ReplicationResult& r) {
  const SystemCounters& s = r.system;
  const double days = r.window_days;
  return {static_cast<double>(s.arrivals) / days, static_cast<double>(s.relapses) / days,
          static_cast<double>(s.lost_to_care) / days,
          ratio(s.first_admission_days_sum, static_cast<double>(s.first_admissions))};
}

double t_quantile_975(int dof) {
  boost::math::students_t dist(dof);
  return boost::math::quantile(boost::math::complement(dist, 0.025));
}

Estimate estimate(const std::vector<double>& values) {
  Estimate e;
  double sum = 0;
  for (double v : values)
    if (!std::isnan(v)) sum += v, ++e.n;
  if (e.n == 0) return e;
  e.mean = sum / e.n;
  if (e.n < 2) return e;
  double ss = 0;
  for (double v : values)
    if (!std::isnan(v)) ss += (v - e.mean) * (v - e.mean);
  const double half = t_quantile_975(e.n - 1) * std::sqrt(ss / (e.n - 1) / e.n);
  e.lo = e.mean - half;
  e.hi = e.mean + half;
  return e;
}

double sample_quantile(std::vector<double> values, double q) {
  if (values.empty()) return NAN;
  std::sort(values.begin(), values.end());
  const double h = (static_cast<double>(values.size()) - 1) * q;
  const std::size_t lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

}  // namespace continuum
