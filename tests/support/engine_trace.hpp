// Running a tiny scenario through the engine with its trace kept, and reading that trace: the
// loader and trace helpers shared by the engine's trace tests (tests/engine/).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "continuum/config/load.hpp"
#include "continuum/engine/engine.hpp"
#include "continuum/model/model.hpp"
#include "continuum/stats/trace.hpp"

namespace continuum::testing {

// One replication's result and every trace record it wrote, in order.
struct Traced {
  ReplicationResult result;
  std::vector<TraceRecord> trace;
};

// Compiles `s` and runs replication `replication` (with the scenario's seed) with a trace kept.
inline Traced run_traced(const Scenario& s, std::uint32_t replication = 0,
                         EngineOptions options = {}) {
  Engine engine(compile(s), std::move(options));
  TraceBuffer buffer;
  engine.set_trace(&buffer);
  Traced out{engine.run(replication), {}};
  out.trace = std::move(buffer.records);
  return out;
}

// The same for a scenario's YAML text; `file` names it in the loader's messages.
inline Traced run_traced(const std::string& yaml, std::uint32_t replication = 0,
                         EngineOptions options = {}, const std::string& file = "test.yaml") {
  return run_traced(load_scenario_text(yaml, file), replication, std::move(options));
}

// The records of one event, in trace order.
inline std::vector<TraceRecord> records_of(const std::vector<TraceRecord>& trace,
                                           TraceEvent event) {
  std::vector<TraceRecord> out;
  for (const TraceRecord& r : trace)
    if (r.event == event) out.push_back(r);
  return out;
}

// The time of every record of one event, in trace order.
inline std::vector<double> times_of(const std::vector<TraceRecord>& trace, TraceEvent event) {
  std::vector<double> out;
  for (const TraceRecord& r : trace)
    if (r.event == event) out.push_back(r.time);
  return out;
}

// Per patient, the time of its first record of one event.
inline std::map<std::uint32_t, double> first_times_of(const std::vector<TraceRecord>& trace,
                                                      TraceEvent event) {
  std::map<std::uint32_t, double> out;
  for (const TraceRecord& r : trace)
    if (r.event == event) out.emplace(r.patient, r.time);
  return out;
}

}  // namespace continuum::testing
