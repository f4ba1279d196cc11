// Interval bounds clipped to what the quantity can be.
#include "continuum/output/bounds.hpp"
#include "continuum/experiment/costs.hpp"

#include <algorithm>
#include <cmath>

namespace continuum {

Bounds metric_bounds(const MetricInfo& info) {
  if (info.unit == Unit::kFraction && info.name != metric_info(LevelMetric::kUtilization).name)
    return kShare;
  return kNonnegative;
}

Bounds revenue_bounds(RevenueKind kind) {
  return kind == RevenueKind::kTotal ? kNonnegative : kUnbounded;
}

Estimate clipped(const Estimate& e, Bounds b) {
  Estimate out = e;
  if (!std::isnan(e.lo)) out.lo = std::clamp(e.lo, b.lo, b.hi);
  if (!std::isnan(e.hi)) out.hi = std::clamp(e.hi, b.lo, b.hi);
  return out;
}

Estimate clipped(const Estimate& e, const MetricInfo& info) {
  return clipped(e, metric_bounds(info));
}

}  // namespace continuum
