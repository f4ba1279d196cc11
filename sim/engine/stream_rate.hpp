// A referral stream's rate over time as the engine draws it (private to sim/engine/): the rate
// law of growth and seasonality, and the weights of the streams in the initial state's mix.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <vector>

#include "continuum/core/units.hpp"
#include "continuum/model/model.hpp"

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

// The weight of each stream in the referral mix the initial state's patients (census, waitlist,
// relapse pool) draw their classes and payers from: its rate in force at time 0 (the start of
// warm-up; before any dated change). A stream that starts later (`start`) weighs 0 there, a
// scheduled one its piece's rate at 0, a growing or seasonal one its rate law at 0, a renewal
// one 1 / its mean gap. When no stream refers at time 0, each weighs its rate when it first
// refers (a schedule's first piece of positive rate from its start). Independent of the horizon.
std::vector<double> initial_stream_weights(const Model& model);

}  // namespace continuum
