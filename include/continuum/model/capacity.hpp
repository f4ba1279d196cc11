// A level's capacity in slots (beds or program places), where one value means "unlimited": the
// one place that says how unlimited is stored and tested. Outputs write it as "unlimited"
// (output/format.hpp capacity_text, summary_json.hpp capacity_json).
#pragma once

#include <limits>

namespace continuum {

// Unlimited compares above every census, so `in_care < capacity` needs no special case.
inline constexpr int kUnlimitedCapacity = std::numeric_limits<int>::max();

constexpr bool is_unlimited(int capacity) {
  return capacity == kUnlimitedCapacity;
}

}  // namespace continuum
