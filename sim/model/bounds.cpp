// Checking a value against its field's range (model/bounds.hpp), in the loader's words.
#include "continuum/model/bounds.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>

namespace continuum {

namespace {

// Whole-number fields print their limits as integers ("at most 1000000", not "1e+06").
std::string limit_text(const Bound& bound, double limit) {
  if (bound.whole) return fmt::format("{}", static_cast<std::int64_t>(limit));
  return fmt::format("{:g}", limit);
}

}  // namespace

std::string bound_problem(const Bound& bound, double value) {
  if (bound.whole && value != std::floor(value))
    return fmt::format("expected a whole number (got {:g})", value);
  if (bound.min_excluded && value <= bound.min)
    return fmt::format("must be greater than {} (got {:g})", limit_text(bound, bound.min), value);
  if (value < bound.min)
    return fmt::format("must be at least {} (got {:g})", limit_text(bound, bound.min), value);
  if (value > bound.max)
    return fmt::format("must be at most {} (got {:g})", limit_text(bound, bound.max), value);
  return "";
}

}  // namespace continuum
