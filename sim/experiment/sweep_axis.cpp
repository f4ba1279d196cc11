// Parsing a sweep's axes (PATH=LO:HI:STEP or PATH=V1,V2,...) and setting a point's values.
#include "continuum/experiment/sweep_axis.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "continuum/model/setting_path.hpp"

namespace continuum {

namespace {

constexpr int kMaxAxisValues = 1000;

// One value of the axis `text` (for messages).
double axis_number(const std::string& text, const std::string& s) {
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(s, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != s.size() || !std::isfinite(v))
    throw std::invalid_argument(fmt::format("--set '{}': '{}' is not a number", text, s));
  return v;
}

// LO:HI:STEP: LO, LO + STEP, ... up to HI (within rounding).
std::vector<double> axis_range(const std::string& text, const std::string& spec) {
  const auto c1 = spec.find(':'), c2 = spec.find(':', c1 + 1);
  if (c2 == std::string::npos)
    throw std::invalid_argument(fmt::format("--set '{}': expected LO:HI:STEP", text));
  const double lo = axis_number(text, spec.substr(0, c1)),
               hi = axis_number(text, spec.substr(c1 + 1, c2 - c1 - 1)),
               step = axis_number(text, spec.substr(c2 + 1));
  if (step <= 0 || hi < lo)
    throw std::invalid_argument(fmt::format("--set '{}': needs LO <= HI and STEP > 0", text));
  // Counted in double and checked before the cast: a huge range (1e55 values, or an infinite
  // HI - LO) does not fit an int (found by tests/fuzz/fuzz_setting_path, docs/reliability.md).
  const double count = std::floor((hi - lo) / step + 1e-9) + 1;
  if (!(count <= kMaxAxisValues))
    throw std::invalid_argument(
        fmt::format("--set '{}': more than {} values", text, kMaxAxisValues));
  const int n = static_cast<int>(count);
  std::vector<double> values;
  for (int i = 0; i < n; ++i)
    values.push_back(lo + i * step);
  return values;
}

// V1,V2,...
std::vector<double> axis_list(const std::string& text, const std::string& spec) {
  std::vector<double> values;
  std::size_t start = 0;
  for (;;) {
    const auto comma = spec.find(',', start);
    values.push_back(axis_number(text, spec.substr(start, comma - start)));
    if (comma == std::string::npos) return values;
    start = comma + 1;
  }
}

}  // namespace

SweepAxis parse_sweep_axis(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw std::invalid_argument(
        fmt::format("--set '{}': expected PATH=LO:HI:STEP or PATH=V1,V2,...", text));
  const std::string spec = text.substr(eq + 1);
  return {text.substr(0, eq),
          spec.find(':') != std::string::npos ? axis_range(text, spec) : axis_list(text, spec)};
}

void apply_setting(Scenario& scenario, const std::string& path, double value) {
  const std::string problem = apply_setting_path(scenario, path, value);
  if (!problem.empty()) throw std::invalid_argument(fmt::format("--set {}: {}", path, problem));
}

}  // namespace continuum
