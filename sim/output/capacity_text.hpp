// A level's capacity as the outputs show it (private to the output stage): "unlimited" or the
// number of slots.
#pragma once

#include <limits>
#include <string>

namespace continuum {

// The scenario stores "unlimited" capacity as INT_MAX (until capacity gets its own type).
inline bool is_unlimited(int capacity) {
  return capacity == std::numeric_limits<int>::max();
}

inline std::string capacity_text(int capacity) {
  return is_unlimited(capacity) ? std::string("unlimited") : std::to_string(capacity);
}

}  // namespace continuum
