// The instruction-count probe for scripts/bench-gate: a fixed small workload with fixed seeds,
// single thread. Only continuum_gate_simulate() is counted (callgrind --toggle-collect), so
// loading the YAML files does not blur the number.
#include <cstdio>
#include <string>

#include "continuum/config/load.hpp"
#include "continuum/engine/engine.hpp"
#include "continuum/model/model.hpp"
#include "continuum/model/scenario.hpp"

namespace {

struct Workload {
  continuum::Scenario continuum6, statewide;
};

}  // namespace

// Two replications of the six-level model (exponential stays, abandonment) and one of the
// statewide system (lognormal, Weibull, uniform, dropout, relapse, 60 levels), daily series on.
extern "C" [[gnu::noinline]] std::uint64_t continuum_gate_simulate(const Workload* w) {
  std::uint64_t events = 0;
  continuum::Engine small(continuum::compile(w->continuum6));
  for (std::uint32_t r = 0; r < 2; ++r)
    events += small.run(r).events;
  continuum::Engine large(continuum::compile(w->statewide));
  events += large.run(0).events;
  return events;
}

int main() {
  const std::string dir = CONTINUUM_SOURCE_DIR "/bench/scenarios/";
  Workload w{continuum::load_scenario(dir + "continuum6.yaml"),
             continuum::load_scenario(dir + "statewide.yaml")};
  w.continuum6.horizon_days = 1000;
  w.statewide.warmup_days = 30;
  w.statewide.horizon_days = 150;
  std::printf("%llu events\n", static_cast<unsigned long long>(continuum_gate_simulate(&w)));
  return 0;
}
