// Scenarios and helpers shared by the network, output and CLI tests of the care network.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "continuum/core/diagnostics.hpp"
#include "test_support.hpp"

namespace continuum::testing {

// Every shipped scenario and the validation cases, as paths relative to the source tree, sorted.
inline std::vector<std::string> shipped_scenarios() {
  std::vector<std::string> files = yaml_files("scenarios");
  for (const auto& f : yaml_files("scenarios/validation"))
    files.push_back(f);
  std::sort(files.begin(), files.end());
  return files;
}

// Each diagnostic as "FILE:LINE:COL: severity: message".
inline std::vector<std::string> formatted(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> out;
  for (const auto& d : diagnostics)
    out.push_back(d.format());
  return out;
}

// Three levels with dropouts, a step-up loop, a self-loop and relapse (dropouts relapse more).
inline constexpr const char* kLoops = R"(
name: loops
horizon_days: 2000
warmup_days: 500
replications: 30
seed: 7
arrivals:
  - name: referrals
    rate_per_day: 3
    entry: {detox: 0.6, iop: 0.4}
levels:
  detox:
    capacity: 25
    length_of_stay: {distribution: lognormal, mean: 5, sd: 3}
    dropout: {probability: 0.2, time: {distribution: uniform, min: 0.5, max: 3}}
    next: {residential: 0.5, iop: 0.2, exit: 0.3}
  residential:
    capacity: 50
    length_of_stay: {distribution: lognormal, mean: 25, sd: 15}
    dropout: {probability: 0.15, time: {distribution: lognormal, mean: 8, sd: 6}}
    next: {iop: 0.6, detox: 0.1, exit: 0.3}
  iop:
    capacity: 200
    length_of_stay: {distribution: gamma, mean: 40, sd: 25}
    dropout: {probability: 0.3, time: {distribution: uniform, min: 5, max: 30}}
    next: {residential: 0.1, iop: 0.05, exit: 0.85}
relapse:
  probability: 0.3
  probability_after_dropout: 0.5
  time_to_relapse: {distribution: exponential, mean: 60}
  reentry: {detox: 0.7, residential: 0.3}
)";

// A level (bridge) reached only by abandoners of another (detox's on_abandon).
inline constexpr const char* kBridge = R"(
name: bridge
horizon_days: 100
arrivals:
  - name: referrals
    rate_per_day: 1
    entry: {detox: 1}
levels:
  detox:
    capacity: 2
    length_of_stay: {distribution: exponential, mean: 2}
    waitlist:
      patience: {distribution: exponential, mean: 1}
      on_abandon: {bridge: 0.4, exit: 0.6}
  bridge:
    capacity: 5
    length_of_stay: {distribution: exponential, mean: 2}
)";

// One level offered 42 slots of work for 40 slots.
inline constexpr const char* kOverloaded = R"(
name: overloaded
horizon_days: 100
arrivals:
  - name: referrals
    rate_per_day: 2
    entry: {residential: 1}
levels:
  residential:
    capacity: 40
    length_of_stay: {distribution: exponential, mean: 25}
    dropout: {probability: 0.2, time: {distribution: fixed, value: 5}}
    waitlist:
      patience: {distribution: exponential, mean: 30}
)";

// Two levels routing to each other; b's hold_while_waiting is HOLD_B, to be replaced.
inline constexpr const char* kTwoLevels = R"(
name: two
horizon_days: 100
arrivals:
  - name: referrals
    rate_per_day: 1
    entry: {a: 1}
levels:
  a:
    capacity: 5
    length_of_stay: {distribution: exponential, mean: 2}
    next: {b: 0.5, exit: 0.5}
    hold_while_waiting: true
  b:
    capacity: 5
    length_of_stay: {distribution: exponential, mean: 2}
    next: {a: 0.5, exit: 0.5}
    hold_while_waiting: HOLD_B
)";

}  // namespace continuum::testing
