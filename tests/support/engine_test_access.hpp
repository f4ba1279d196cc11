// Reaches into the engine's state (EngineTestAccess is a friend of Engine) to break an
// invariant on purpose: the tests of the run-time checks and of the conservation check.
#pragma once

#include <cstddef>
#include <string>

#include "continuum/config/load.hpp"
#include "continuum/engine/engine.hpp"
#include "continuum/engine/simulation_error.hpp"
#include "continuum/model/model.hpp"
#include "continuum/stats/trace.hpp"

namespace continuum {

class EngineTestAccess {
 public:
  static void set_in_care(Engine& engine, std::size_t level, int in_care) {
    engine.levels_[level].in_care = in_care;
  }
  // Whether the engine's last run() took the plain build of the hot path (Engine::plain()).
  static bool plain(const Engine& engine) { return engine.plain(); }
};

// A trace sink that, on the first admission, sets that level's census to `in_care`: the flow's
// counts then disagree with the patients' records, as a bug in the engine would make them.
class SetInCareOnFirstAdmission final : public TraceSink {
 public:
  SetInCareOnFirstAdmission(Engine& engine, int in_care) : engine_(engine), in_care_(in_care) {}
  void record(const TraceRecord& r) override {
    if (r.event != TraceEvent::kAdmitted || done_) return;
    done_ = true;
    EngineTestAccess::set_in_care(engine_, static_cast<std::size_t>(r.level), in_care_);
  }

 private:
  Engine& engine_;
  int in_care_;
  bool done_ = false;
};

// One level "iop" of `capacity` slots and fixed stays of `stay_days`, referrals at t = 10, 20
// (every 10 days; the horizon is 30): the run the corrupted-count tests break.
inline Scenario broken_scenario(int capacity, int stay_days) {
  return load_scenario_text(
      "name: broken\nhorizon_days: 30\nwarmup_days: 0\nreplications: 1\nseed: 1\n"
      "arrivals:\n  - name: a\n    interarrival: {distribution: fixed, value: 10}\n"
      "    entry: {iop: 1}\n"
      "levels:\n  iop:\n    capacity: " +
          std::to_string(capacity) +
          "\n"
          "    length_of_stay: {distribution: fixed, value: " +
          std::to_string(stay_days) + "}\n    next: {exit: 1}\n",
      "broken.yaml");
}

// The message of the SimulationError that replication 0 of `s` throws once its first admission
// has set that level's census to `in_care`, or "no SimulationError".
inline std::string corrupted_run_error(const Scenario& s, int in_care) {
  Engine engine(compile(s));
  SetInCareOnFirstAdmission sink(engine, in_care);
  engine.set_trace(&sink);
  try {
    engine.run(0);
  } catch (const SimulationError& e) {
    return e.what();
  }
  return "no SimulationError";
}

}  // namespace continuum
