// Pairing that survives a capacity change (issue 14): every draw of a patient's care is keyed
// to the patient (core/patient_rng.hpp), so one more slot at a level of a Jackson network with
// relapse leaves each referral its stays, routes and relapses, and the paired interval of a
// difference is far narrower than the unpaired one (docs/random-numbers.md has the table).
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "continuum/config/load.hpp"
#include "continuum/experiment/compare.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

// Paired over unpaired 95% interval width of `b - a` for a metric (a system metric when `level`
// is empty).
double width_ratio(const ScenarioRun& a, const ScenarioRun& b, const std::string& level,
                   const std::string& metric) {
  const Difference d = difference(metric_values(a, level, metric), metric_values(b, level, metric));
  return (d.paired.hi - d.paired.lo) / (d.unpaired.hi - d.unpaired.lo);
}

// One more slot at each level in turn. Asserted at most 0.4: the census and admissions of every
// level, the waits at the levels not changed, relapses per day (with random numbers per level
// and purpose, before issue 14, relapses per day gave 0.46 to 0.60). Not asserted: the wait at
// the level changed, whose paired width cannot fall below |sd_a - sd_b| / sqrt(var_a + var_b)
// (0.60 to 0.78 here: one more slot cuts the wait and its spread by a factor of 2.5 to 5), and
// which keyed draws bring within 0.05 of that bound (correlation 0.84 to 0.95).
TEST(Pairing, OneMoreSlotInAJacksonNetworkWithRelapse) {
  Scenario base = load_scenario(testing::source_path("scenarios/validation/jackson.yaml"));
  base.replications = 40;
  base.horizon_days = 1000;
  base.warmup_days = 100;
  RunOptions options;
  options.record_daily = false;
  const std::vector<std::string> levels = {"residential", "iop", "outpatient"};
  for (const std::string& changed : levels) {
    Scenario more = base;
    more.name = "more";
    ++more.levels[static_cast<std::size_t>(more.level_index(changed))].capacity;
    const auto runs = run_comparison({base, more}, options);
    const auto check = [&](const std::string& level, const std::string& metric, bool asserted) {
      const double r = width_ratio(runs[0], runs[1], level, metric);
      std::printf("+1 at %s: %s %s paired/unpaired %.3f\n", changed.c_str(),
                  level.empty() ? "system" : level.c_str(), metric.c_str(), r);
      if (asserted) {
        EXPECT_LE(r, 0.4) << "+1 at " << changed << ": " << level << " " << metric;
      }
    };
    for (const std::string& level : levels) {
      check(level, "mean_census", true);
      check(level, "admissions_per_day", true);
      check(level, "mean_wait_days", level != changed);
    }
    check("", "relapses_per_day", true);
  }
}

}  // namespace
}  // namespace continuum
