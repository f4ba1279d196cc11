// A referral stream's rate law over time (growth and seasonality): the one formula the engine
// draws referrals by and the cost estimate follows (docs/scenario-format.md, "Growth and
// seasonality").
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

#include "continuum/core/units.hpp"

namespace continuum {

// The calendar month (0 = January) of `since` days from day 0 of the window (1 January; negative
// during warm-up), months being kDaysPerMonth days.
inline std::size_t month_of(double since) {
  double year_day = std::fmod(since, kDaysPerYear);
  if (year_day < 0) year_day += kDaysPerYear;
  return static_cast<std::size_t>(std::min(11, static_cast<int>(year_day / kDaysPerMonth)));
}

// Referrals per day `since` days from day 0 of the window: `rate` with growth since day 0 and
// the month's factor.
inline double modulated_rate(double rate, double growth, const std::array<double, 12>& monthly,
                             double since) {
  return rate * std::pow(1 + growth, since / kDaysPerYear) * monthly[month_of(since)];
}

}  // namespace continuum
