// Units of the simulated clock: it counts days; a year is 365 days (no leap years), cut into 12
// equal months for seasonal factors.
#pragma once

namespace continuum {

inline constexpr double kDaysPerYear = 365.0;
inline constexpr double kDaysPerMonth = kDaysPerYear / 12.0;

}  // namespace continuum
