// The engine's two builds of the hot path (engine.hpp, Engine::plain()): a replication that uses
// none of the optional features runs a build in which their tests are constants. These tests
// check both sides of that rule: every optional feature keeps the general build, and a plain
// replication gives byte-identical results in either build (the general one is forced by
// attaching a trace sink that keeps nothing, since a trace is one of the features).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "continuum/config/load.hpp"
#include "continuum/engine/engine.hpp"
#include "continuum/model/model.hpp"
#include "continuum/stats/result_codec.hpp"
#include "continuum/stats/trace.hpp"
#include "engine_test_access.hpp"

namespace continuum {
namespace {

class KeepNothing final : public TraceSink {
 public:
  void record(const TraceRecord&) override {}
};

// Every rule of the flow a plain model may use: three kinds of stream (Poisson with growth and
// seasonality, renewal, schedule), dropout, patience, a bounded waitlist whose abandoners are
// routed on, holding while waiting, routing, relapse with re-entry, an initial state with
// patients awaiting relapse, dated changes of capacity, rate and rules, and a warm-up.
constexpr const char* kEveryPlainRule = R"(name: plain-rules
horizon_days: 500
warmup_days: 60
replications: 2
seed: 11
arrivals:
  - name: community
    rate_per_day: 5
    entry: {detox: 0.5, residential: 0.2, iop: 0.3}
    growth_per_year: 0.05
    monthly_factors: [1.1, 1, 1, 1, 1, 0.9, 0.9, 0.9, 1, 1, 1, 1.2]
  - name: court
    interarrival: {distribution: gamma, mean: 2, sd: 1}
    entry: {residential: 1}
  - name: clinic
    schedule:
      - {from_day: -60, to_day: 100, rate_per_day: 1}
      - {from_day: 100, to_day: 500, rate_per_day: 2}
    entry: {iop: 1}
levels:
  detox:
    capacity: 8
    length_of_stay: {distribution: lognormal, mean: 5, sd: 2}
    dropout: {probability: 0.2, time: {distribution: uniform, min: 0.5, max: 3}}
    waitlist:
      patience: {distribution: exponential, mean: 4}
      max_length: 10
      on_abandon: {iop: 0.5, exit: 0.5}
    next: {residential: 0.6, iop: 0.3, exit: 0.1}
    hold_while_waiting: true
    initial_state: {in_care: 6, waiting: 3}
  residential:
    capacity: 12
    length_of_stay: {distribution: weibull, shape: 1.5, scale: 25}
    waitlist:
      patience: {distribution: fixed, value: 10}
    next: {iop: 0.7, exit: 0.3}
  iop:
    capacity: 30
    length_of_stay: {distribution: exponential, mean: 40}
    dropout: {probability: 0.3, time: {distribution: exponential, mean: 10}}
    next: {exit: 1}
    initial_state: {in_care: 20, waiting: 0, recently_discharged: 15}
relapse:
  probability: 0.4
  probability_after_dropout: 0.6
  time_to_relapse: {distribution: exponential, mean: 60}
  reentry: {detox: 0.7, iop: 0.3}
changes:
  - {day: 100, set: {levels.detox.capacity: 10}}
  - {day: 200, set: {arrivals.community.rate_per_day: 4}}
  - {day: 300, set: {levels.iop.next: {residential: 0.1, exit: 0.9}}}
)";

// `yaml` run for replication r without a trace, then again with a sink that keeps nothing.
struct BothBuilds {
  bool plain = false;                     // the first run took the plain build
  std::string without_trace, with_trace;  // encode_result() of each run's result
};
BothBuilds run_both(const Scenario& scenario, std::uint32_t replication) {
  BothBuilds out;
  Engine engine(compile(scenario));
  encode_result(engine.run(replication), out.without_trace);
  out.plain = EngineTestAccess::plain(engine);
  KeepNothing sink;
  engine.set_trace(&sink);
  encode_result(engine.run(replication), out.with_trace);
  EXPECT_FALSE(EngineTestAccess::plain(engine));  // a trace: the general build
  return out;
}

TEST(PlainPath, EveryPlainRuleGivesTheSameResultsInBothBuilds) {
  const Scenario scenario = load_scenario_text(kEveryPlainRule, "plain-rules.yaml");
  for (std::uint32_t r = 0; r < 2; ++r) {
    const BothBuilds both = run_both(scenario, r);
    EXPECT_TRUE(both.plain);
    EXPECT_EQ(both.without_trace, both.with_trace) << "replication " << r;
  }
}

// The shipped scenarios and the benchmark and validation models, cut to 400 days: the plain ones
// give byte-identical results in both builds (the others run the general build twice).
TEST(PlainPath, ShippedScenariosGiveTheSameResultsInBothBuilds) {
  namespace fs = std::filesystem;
  std::vector<std::string> plain_ones;
  for (const char* dir : {"scenarios", "scenarios/validation", "bench/scenarios"}) {
    for (const fs::directory_entry& entry :
         fs::directory_iterator(fs::path(CONTINUUM_SOURCE_DIR) / dir)) {
      if (entry.path().extension() != ".yaml") continue;
      Scenario scenario = load_scenario(entry.path().string());
      scenario.warmup_days = std::min(scenario.warmup_days, 100.0);
      scenario.horizon_days = 400;
      const BothBuilds both = run_both(scenario, 0);
      EXPECT_EQ(both.without_trace, both.with_trace) << entry.path();
      if (both.plain) plain_ones.push_back(fs::path(dir) / entry.path().filename());
    }
  }
  // The models the speed figures are measured on take the plain build.
  for (const char* model : {"bench/scenarios/mmc.yaml", "bench/scenarios/continuum6.yaml",
                            "bench/scenarios/statewide.yaml", "scenarios/validation/jackson.yaml"})
    EXPECT_NE(std::find(plain_ones.begin(), plain_ones.end(), model), plain_ones.end()) << model;
}

// A small plain model (one level, one stream), with `top`, `stream` and `level` lines added to
// the file, the stream and the level.
std::string small(const std::string& top = "", const std::string& stream = "",
                  const std::string& level = "") {
  return "name: small\nhorizon_days: 60\nwarmup_days: 0\nreplications: 1\nseed: 3\n" + top +
         "arrivals:\n  - name: s\n    rate_per_day: 2\n    entry: {a: 1}\n" + stream +
         "levels:\n  a:\n    capacity: 3\n"
         "    length_of_stay: {distribution: exponential, mean: 2}\n" +
         level;
}

bool runs_plain(const std::string& yaml, bool trace = false) {
  Engine engine(compile(load_scenario_text(yaml, "feature.yaml")));
  KeepNothing sink;
  if (trace) engine.set_trace(&sink);
  engine.run(0);
  return EngineTestAccess::plain(engine);
}

TEST(PlainPath, EveryOptionalFeatureKeepsTheGeneralBuild) {
  const std::string patience = "    waitlist: {patience: {distribution: exponential, mean: 3}}\n";
  ASSERT_TRUE(runs_plain(small("", "", patience)));
  EXPECT_FALSE(runs_plain(small("", "", patience), true)) << "trace";
  const std::vector<std::pair<const char*, std::string>> features = {
      {"report windows", small("report_windows:\n  - {name: first, from_day: 0, to_day: 30}\n")},
      {"compliance", small("compliance: {}\n")},
      {"day-boundary mode", small("time_step_days: 1\n")},
      {"named exits", small("", "", "    next: {exit.completed: 1}\n")},
      {"intake days", small("", "", "    intake_days: [Mon, Wed]\n")},
      {"interim services",
       small("", "",
             "    waitlist:\n      patience: {distribution: exponential, mean: 3}\n"
             "      interim: {capacity: 2, abandonment_factor: 0.5}\n")},
      {"classes",
       small("classes:\n  adult: {}\n  youth: {}\n", "    classes: {adult: 0.8, youth: 0.2}\n")},
      {"payers", small("payers:\n  medicaid: {}\n", "    payers: {medicaid: 1}\n")},
      {"sessions", small("", "",
                         "    sessions: {days: [Mon, Wed, Fri], hours: 3, group_size_max: 12, "
                         "attendance: 1}\n")},
      {"drug testing",
       small("", "",
             "    drug_testing:\n      tests_per_week: 1\n"
             "      positive_by_week: [0.5]\n"
             "      step_up: {after_positives: 1, to: {a: 1}, hold_slot: false}\n")},
  };
  for (const auto& [name, yaml] : features)
    EXPECT_FALSE(runs_plain(yaml)) << name;
}

// Patient records keep level indices in 16 bits (patient_pool.hpp): a model of more levels is
// refused by the engine with a message, not run with indices that wrap.
TEST(PlainPath, EngineRefusesMoreLevelsThanItsRecordsIndex) {
  Model model;
  model.levels.resize(kMaxLevels + 1);
  try {
    Engine engine(std::move(model));
    FAIL() << "an engine of 32768 levels was built";
  } catch (const std::length_error& e) {
    EXPECT_STREQ(e.what(), "a model of 32768 levels: the engine runs at most 32767");
  }
}

}  // namespace
}  // namespace continuum
