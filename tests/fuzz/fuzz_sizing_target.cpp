// libFuzzer target: `continuum size --target` (METRIC<=VALUE, LEVEL.METRIC>=VALUE) against a
// fixed small scenario. std::invalid_argument is the expected refusal; anything else is a finding.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "continuum/experiment/sizing.hpp"
#include "small_scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const continuum::Scenario& scenario = continuum::fuzz::small_scenario();
  static const std::vector<std::string> levels{"detox", "clinic"};
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    (void)continuum::parse_sizing_target(text, scenario, levels);
  } catch (const std::invalid_argument&) {
    // A refused target: the expected outcome for most inputs.
  }
  return 0;
}
