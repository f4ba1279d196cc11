// The message of a SimulationError: time in shortest round-trip form, then who, where, what.
#include "continuum/engine/simulation_error.hpp"

#include <charconv>

#include "continuum/stats/trace.hpp"

namespace continuum {

std::string simulation_error_message(double time, std::uint32_t patient, std::string_view level,
                                     std::string_view event, std::string_view what) {
  char buffer[32];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, time).ptr;
  std::string out = "t=" + std::string(buffer, end);
  if (patient != kNoPatient) out += " patient " + std::to_string(patient);
  if (!level.empty()) out += " level '" + std::string(level) + "'";
  out += " event " + std::string(event) + ": " + std::string(what);
  return out;
}

SimulationError::SimulationError(double time, std::uint32_t patient, std::string_view level,
                                 std::string_view event, std::string_view what)
    : std::runtime_error(simulation_error_message(time, patient, level, event, what)) {}

}  // namespace continuum
