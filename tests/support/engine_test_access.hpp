// Reaches into the engine's state (EngineTestAccess is a friend of Engine) to break an
// invariant on purpose: the tests of the run-time checks and of the conservation check.
#pragma once

#include <cstddef>

#include "continuum/engine/engine.hpp"

namespace continuum {

class EngineTestAccess {
 public:
  static void set_in_care(Engine& engine, std::size_t level, int in_care) {
    engine.levels_[level].in_care = in_care;
  }
};

}  // namespace continuum
