// Whether a scenario's routing maps can send patients to a target (the exits line of `run`).
#pragma once

#include "continuum/model/scenario.hpp"

namespace continuum {

// Whether some routing map can send patients to `target` (a level, kExit or a named exit's
// target) with a probability above 0: a level's next or waitlist.on_abandon, their by_class
// forms, an authorization's on_denial, or a `changes:` setting of one of these.
bool routes_to(const Scenario& scenario, int target);

}  // namespace continuum
