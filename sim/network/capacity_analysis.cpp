// Rough-cut capacity per level: traffic-equation admissions, offered load and Erlang C waits.
#include "continuum/network/capacity_analysis.hpp"

#include <fmt/format.h>

#include <limits>
#include <optional>
#include <utility>

#include "continuum/model/capacity.hpp"
#include "continuum/model/class_view.hpp"
#include "continuum/model/distribution.hpp"
#include "continuum/network/checks.hpp"
#include "continuum/network/queueing.hpp"
#include "continuum/network/traffic.hpp"
#include "route_probabilities.hpp"

namespace continuum {

namespace {

// The traffic equations' solution; throws the structural errors (or, failing those, a generic
// one) when there is none.
TrafficSolution solve_traffic_or_throw(const Network& network) {
  std::optional<TrafficSolution> traffic = solve_traffic(network);
  if (traffic) return std::move(*traffic);
  std::vector<Diagnostic> errors = check_network(network);
  std::erase_if(errors,
                [](const Diagnostic& d) { return d.severity != Diagnostic::Severity::kError; });
  if (errors.empty())
    errors.push_back({network.scenario().source_path,
                      {},
                      "the traffic equations have no solution: some patients can never leave care",
                      Diagnostic::Severity::kError});
  throw ScenarioError(std::move(errors));
}

// One level as M/M/c at `admissions_per_day`; with classes, `class_load` is the offered load
// summed over classes (their admissions times their mean stays). A warning in `warnings` when it
// is overloaded.
LevelCapacity level_capacity(const Scenario& s, const LevelSpec& spec, double admissions_per_day,
                             std::optional<double> class_load, std::vector<Diagnostic>& warnings) {
  LevelCapacity c;
  c.admissions_per_day = admissions_per_day;
  c.mean_stay_days = class_load && admissions_per_day > 0 ? *class_load / admissions_per_day
                                                          : mean_stay_days(spec);
  c.offered_load = class_load ? *class_load : c.admissions_per_day * c.mean_stay_days;
  if (is_unlimited(spec.capacity)) {
    c.erlang_c_mean_wait_days = 0.0;  // no waitlist
    return c;
  }
  c.utilization = c.offered_load / spec.capacity;
  if (c.offered_load >= spec.capacity) {
    warnings.push_back({s.source_path, spec.pos,
                        fmt::format("the waitlist at {} grows without bound unless patients "
                                    "abandon it (offered load {:.1f} slots, capacity {})",
                                    spec.name, c.offered_load, spec.capacity),
                        Diagnostic::Severity::kWarning});
  } else if (c.admissions_per_day > 0) {
    c.erlang_c_mean_wait_days =
        queueing::mmc(c.admissions_per_day, 1 / c.mean_stay_days, spec.capacity).mean_wait;
  } else {
    c.erlang_c_mean_wait_days = 0.0;
  }
  return c;
}

}  // namespace

double mean_stay_days(const LevelSpec& level) {
  const double d = dropout_probability(level);
  const double stay = (1 - d) * mean_of(level.length_of_stay);
  return d > 0 ? stay + d * mean_of(level.dropout->time) : stay;
}

CapacityAnalysis analyze_capacity(const Network& network) {
  const Scenario& s = network.scenario();
  const std::size_t n = s.levels.size();
  std::vector<double> admissions(n, 0.0), load(n, 0.0);
  CapacityAnalysis out;
  // Without classes, the network's own traffic; with classes, each referred class's network
  // (its rates, routing, stays and relapse: class_view), summed.
  auto add = [&](const Network& net) {
    const TrafficSolution traffic = solve_traffic_or_throw(net);
    out.relapses_per_day += traffic.relapses_per_day;
    for (std::size_t l = 0; l < n; ++l) {
      admissions[l] += traffic.admissions_per_day[l];
      load[l] += traffic.admissions_per_day[l] * mean_stay_days(net.scenario().levels[l]);
    }
  };
  const bool classes = s.classes.size() > 1 && !referred_classes(s).empty();
  if (classes) {
    for (std::size_t c : referred_classes(s)) {
      const Scenario view = class_view(s, c);
      add(Network(view));
    }
  } else {
    add(network);
  }
  for (std::size_t l = 0; l < n; ++l)
    out.levels.push_back(level_capacity(s, s.levels[l], admissions[l],
                                        classes ? std::optional<double>(load[l]) : std::nullopt,
                                        out.warnings));
  return out;
}

}  // namespace continuum
