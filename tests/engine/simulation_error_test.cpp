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
  const Scenario s = load_scenario_text(
      "name: broken\nhorizon_days: 30\nwarmup_days: 0\nreplications: 1\nseed: 1\n"
      "arrivals:\n  - name: a\n    interarrival: {distribution: fixed, value: 10}\n"
      "    entry: {iop: 1}\n"
      "levels:\n  iop:\n    capacity: 1\n"
      "    length_of_stay: {distribution: fixed, value: 5}\n    next: {exit: 1}\n",
      "broken.yaml");
  Engine engine(compile(s));
  SetInCareOnFirstAdmission sink(engine, 0);
  engine.set_trace(&sink);
  try {
    engine.run(0);
    FAIL() << "no SimulationError";
  } catch (const SimulationError& e) {
    EXPECT_STREQ(e.what(),
                 "t=15 patient 0 level 'iop' event discharge: in care count went negative");
  }
}

}  // namespace
}  // namespace continuum
