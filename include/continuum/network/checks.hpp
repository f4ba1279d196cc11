// Structural checks of the care network, run before any simulation: levels nobody can reach,
// closed loops patients can never leave, and loops of levels that may gridlock.
#pragma once

#include <vector>

#include "continuum/core/diagnostics.hpp"
#include "continuum/network/network.hpp"

namespace continuum {

// Errors, at the level's name, for levels no arrival stream can reach (through entry, next,
// re-entry or on_abandon routes), in scenario order.
std::vector<Diagnostic> check_unreachable_levels(const Network& network);

// Errors for closed loops: levels patients can enter but never leave (at the loop's first level),
// or, when the loop passes through the community (relapse with probability 1), at `relapse:`.
std::vector<Diagnostic> check_closed_loops(const Network& network);

// Warnings, at the loop's first level, for loops of `next` routes among levels that all hold
// their slot while waiting (hold_while_waiting): possible gridlock.
std::vector<Diagnostic> check_hold_gridlock(const Network& network);

// The three checks above, sorted into file order (line, then column; ties keep the order above);
// past 100 errors the rest are counted in a last line, as the loader does.
std::vector<Diagnostic> check_network(const Network& network);

}  // namespace continuum
