// Helpers shared by the benchmark files: scenario paths, peak memory, the standard counters.
#pragma once

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "continuum/model/scenario.hpp"

namespace continuum::bench {

// Fixed iteration counts for the scenario benchmarks; 1 in the short mode of scripts/bench
// (CONTINUUM_BENCH_SHORT=1), which CI uses.
inline benchmark::IterationCount iterations(benchmark::IterationCount full) {
  const char* short_mode = std::getenv("CONTINUUM_BENCH_SHORT");
  return short_mode != nullptr && short_mode[0] == '1' ? 1 : full;
}

inline std::string source_path(const std::string& relative) {
  return std::string(CONTINUUM_SOURCE_DIR) + "/" + relative;
}

// Peak resident memory of this process in MiB (VmHWM from /proc/self/status), 0 if unknown.
inline double peak_rss_mib() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmHWM:") {
      double kib = 0;
      status >> kib;
      return kib / 1024;
    }
    status.ignore(1 << 10, '\n');
  }
  return 0;
}

// Restarts the peak from the current resident size (Linux 4.0+: write 5 to clear_refs), so the
// next peak_rss_mib() is the peak of what runs in between. Returns false where unsupported.
inline bool reset_peak_rss() {
  std::ofstream clear("/proc/self/clear_refs");
  if (!clear) return false;
  clear << "5";
  return static_cast<bool>(clear.flush());
}

// events/s and patients/s as rates, and the peak memory seen while the benchmark ran.
inline void report(benchmark::State& state, std::uint64_t events, std::uint64_t patients) {
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["patients_per_s"] =
      benchmark::Counter(static_cast<double>(patients), benchmark::Counter::kIsRate);
  state.counters["ns_per_event"] = benchmark::Counter(
      static_cast<double>(events), benchmark::Counter::kIsRate | benchmark::Counter::kInvert,
      benchmark::Counter::kIs1000);
  state.counters["peak_rss_MiB"] = peak_rss_mib();
}

}  // namespace continuum::bench
