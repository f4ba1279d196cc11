// What a quantity can be, and an interval as the outputs show it: clipped to that range
// (docs/outputs.md, "Intervals"). The 95% Student-t interval of a quantity that cannot be
// negative can reach below 0 (a mean wait of 0.0002 days with a half-width of 0.0003); every
// writer of interval bounds (summary.json, the CSV files, the workbook, the stdout lines with
// [lo, hi]) shows it through clipped(). The mean and the half-width (--precision, the "±"
// cells) stay as estimated; a difference between scenarios is never clipped.
#pragma once

#include <limits>
#include <string>

#include "continuum/stats/metric.hpp"
#include "continuum/stats/statistics.hpp"

namespace continuum {

struct Bounds {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
};
// A count, a rate, a time, a time-average of patients, money spent: 0 or more.
inline constexpr Bounds kNonnegative{0, std::numeric_limits<double>::infinity()};
// A share of patients, sessions or days: 0 to 1.
inline constexpr Bounds kShare{0, 1};
// Anything (a difference, a net cost): not clipped.
inline constexpr Bounds kUnbounded{};

// A metric's range: every metric is nonnegative; a fraction (Unit::kFraction) is a share of
// patients, at most 1, except utilization, which a capacity cut can leave above 1 (the census
// stays while the capacity drops).
Bounds metric_bounds(const MetricInfo& info);

enum class RevenueKind;
// Revenue is 0 or more; the net cost (cost - revenue) can be either.
Bounds revenue_bounds(RevenueKind kind);

// The estimate with its interval bounds clamped to `b`; the mean, n and an undefined (NaN)
// interval as they are.
Estimate clipped(const Estimate& e, Bounds b);
Estimate clipped(const Estimate& e, const MetricInfo& info);

// interval_text (format.hpp) with the bounds shown clipped to `b`, in the style of the
// unclipped interval: "99.998 [99.995, 100]" for a share of 0.99998 ± 0.00003 at scale 100.
std::string interval_text(const Estimate& e, Bounds b, int precision, double scale = 1);

}  // namespace continuum
