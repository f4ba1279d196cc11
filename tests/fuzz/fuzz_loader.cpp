// libFuzzer target: the scenario loader on arbitrary text. A ScenarioError is the expected
// refusal; any other exception, a crash, a leak or a timeout is a finding (docs/reliability.md).
#include <cstddef>
#include <cstdint>
#include <string>

#include "continuum/config/load.hpp"
#include "continuum/core/diagnostics.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    (void)continuum::load_scenario_text(text, "fuzz.yaml");
  } catch (const continuum::ScenarioError&) {
    // A refused file: what the loader is for.
  }
  return 0;
}
