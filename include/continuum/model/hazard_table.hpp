// Times given day by day (patience as published daily-step models give it): a daily hazard, a
// logistic daily hazard, or a survival table, all compiled once into one table of whole-day
// survival S(0) = 1, S(1), ..., S(D) and a daily hazard that holds after day D. Every draw is
// one uniform u through the inverse of S (docs/scenario-format.md, "Distributions of days").
#pragma once

#include <vector>

#include "continuum/core/rng.hpp"

namespace continuum {

// `values[k]`: the probability of ending on day k + 1 for someone still there after k whole
// days; the last value holds on every later day.
struct DailyHazard {
  std::vector<double> values;
};
// h(k) = p4 + (p1 - p4) / (1 + (k / p3)^p2), k = whole days waited (h(0) = p1), clamped to
// [0, 1].
struct DailyHazardLogistic {
  double p1, p2, p3, p4;
};
// `surviving[i]`: the share still there after `days[i]` whole days (days whole, strictly
// increasing, from 1; surviving non-increasing). Between two table days the daily hazard is
// constant (geometric interpolation), or, where the table falls to 0, equal shares leave each
// day (linear); after the last day the last interval's daily hazard holds.
struct Survival {
  std::vector<double> days, surviving;
};

class HazardTable {
 public:
  // The logistic table stops at the first day where S < kNegligible, or at kMaxTableDays; the
  // hazard of that day holds after it.
  static constexpr double kNegligible = 1e-12;
  static constexpr int kMaxTableDays = 36500;

  explicit HazardTable(const DailyHazard& d);
  explicit HazardTable(const DailyHazardLogistic& d);
  explicit HazardTable(const Survival& d);

  // S(t): whole days from the table (or its tail), linear within a day.
  double survival(double t) const;
  // The time T with S(T) = u, u in [0, 1): the whole day d with S(d + 1) <= u < S(d), then
  // d + (S(d) - u) / (S(d) - S(d + 1)). So P(T <= d) = 1 - S(d) exactly at whole days, and T
  // is uniform within its day. Infinity when u is below the limit of S (a hazard 0 tail: that
  // share never ends).
  double inverse(double u) const;
  double draw(Rng& rng) const { return inverse(rng.uniform01()); }
  // The remaining time of a draw known to exceed `elapsed`: inverse(u S(elapsed)) - elapsed.
  double remaining_after(double elapsed, Rng& rng) const;
  // A draw of the length-biased law (density t f(t) / mean): the day k with probability
  // proportional to P(day k) (k + 1/2), then the point in it with density proportional to t.
  // Needs a finite mean.
  double length_biased(Rng& rng) const;

  // E[T] = sum over days of P(day k) (k + 1/2); E[T^2] = sum of P(day k) (k^2 + k + 1/3).
  // Infinite when a share never ends.
  double mean() const;
  double variance() const;

  const std::vector<double>& days() const { return s_; }  // S(0), ..., S(D)
  double tail_hazard() const { return tail_; }

 private:
  void finish();                // trims after a first 0, then the length-biased weights
  std::vector<double> s_;       // S(0) = 1, ..., S(D), non-increasing
  double tail_ = 0;             // daily hazard on days after D (day k + 1 for k >= D)
  std::vector<double> biased_;  // cumulative P(day k) (k + 1/2), k < D
};

}  // namespace continuum
