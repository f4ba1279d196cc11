// Run-time errors that say where and when: the message format, and an engine check tripped on
// purpose by corrupting the state mid-run (the checks are compiled in with
// CONTINUUM_ENGINE_CHECKS, as in the sanitizer build).
#include <gtest/gtest.h>

#include "continuum/engine/engine.hpp"
#include "continuum/engine/simulation_error.hpp"
#include "continuum/stats/trace.hpp"
#include "engine_test_access.hpp"
#include "test_support.hpp"

namespace continuum {

namespace {

TEST(SimulationError, MessageSaysWhereAndWhen) {
  EXPECT_EQ(simulation_error_message(12.5, 4711, "iop", "discharge", "in care count went negative"),
            "t=12.5 patient 4711 level 'iop' event discharge: in care count went negative");
  EXPECT_EQ(simulation_error_message(-3, kNoPatient, "", "change", "bad"),
            "t=-3 event change: bad");
}

TEST(SimulationError, EngineCheckNamesTimePatientLevelAndEvent) {
  if (!kEngineChecks) GTEST_SKIP() << "engine checks compiled out (CONTINUUM_ENGINE_CHECKS)";
  // Patient 0 is referred at t = 10 and admitted; its stay of 5 days ends at t = 15.
  EXPECT_EQ(corrupted_run_error(broken_scenario(1, 5), 0),
            "t=15 patient 0 level 'iop' event discharge: in care count went negative");
}

}  // namespace
}  // namespace continuum
