// The progress line's text.
#include "continuum/output/progress.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace continuum {

std::string eta_text(double seconds) {
  const auto s = static_cast<long long>(std::ceil(std::max(0.0, seconds)));
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

std::string progress_text(const ProgressState& state) {
  std::string out = state.count > 0 ? fmt::format("[{}/{}] ", state.index, state.count)
                                    : fmt::format("[{}] ", state.index);
  out += fmt::format("{}: {}/{} replications", state.label, state.done, state.replications);
  if (state.eta_seconds >= 0) out += ", ETA " + eta_text(state.eta_seconds);
  return out;
}

}  // namespace continuum
