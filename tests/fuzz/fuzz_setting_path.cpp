// libFuzzer target: setting paths (`levels.<level>.capacity`, `arrivals.<stream>.rate_per_day`)
// and sweep axes (PATH=LO:HI:STEP, PATH=V1,V2,...) against a fixed small scenario. Refusals
// (an error string, std::invalid_argument) are expected; anything else is a finding.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "continuum/experiment/sweep_axis.hpp"
#include "continuum/model/setting_path.hpp"
#include "small_scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const continuum::Scenario& base = continuum::fuzz::small_scenario();
  const std::string text(reinterpret_cast<const char*>(data), size);
  const continuum::ParsedSettingPath parsed = continuum::parse_setting_path(text, base);
  if (parsed.path) (void)continuum::setting_value_problem(*parsed.path, 1.0);
  try {
    const continuum::SweepAxis axis = continuum::parse_sweep_axis(text);
    continuum::Scenario scenario = base;
    for (const double value : axis.values)
      continuum::apply_setting(scenario, axis.path, value);
  } catch (const std::invalid_argument&) {
    // A refused axis or value: the expected outcome for most inputs.
  }
  return 0;
}
