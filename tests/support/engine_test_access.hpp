// Reaches into the engine's state (EngineTestAccess is a friend of Engine) to break an
// invariant on purpose: the tests of the run-time checks and of the conservation check.
#pragma once

#include <cstddef>

#include "continuum/engine/engine.hpp"
#include "continuum/stats/trace.hpp"

namespace continuum {

class EngineTestAccess {
 public:
  static void set_in_care(Engine& engine, std::size_t level, int in_care) {
    engine.levels_[level].in_care = in_care;
  }
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

}  // namespace continuum
