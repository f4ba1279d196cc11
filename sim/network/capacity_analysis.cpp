// Rough-cut capacity per level: traffic-equation admissions, offered load and Erlang C waits.
#include "continuum/network/capacity_analysis.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
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

double expected_sessions_to_leave(double attendance, std::int64_t complete_after,
                                  std::optional<std::int64_t> discharge_after_missed) {
  const double p = attendance;
  const double n = static_cast<double>(complete_after);
  if (!discharge_after_missed) return p > 0 ? n / p : std::numeric_limits<double>::infinity();
  // Blocks of sessions up to an attendance or the k-th miss in a row: a block ends attended with
  // q = 1 - (1 - p)^k and lasts E[min(G, k)] = q / p sessions (G geometric); blocks go on until
  // the n-th attended one or the first no-show, E[blocks] = (1 - q^n) / (1 - q) (Wald).
  const double k = static_cast<double>(*discharge_after_missed);
  if (p <= 0) return k;
  const double q = 1 - std::pow(1 - p, k);
  const double per_block = q / p;
  const double blocks = q < 1 ? (1 - std::pow(q, n)) / (1 - q) : n;
  return per_block * blocks;
}

double mean_stay_days(const LevelSpec& level) {
  const double d = dropout_probability(level);
  double own = mean_of(level.length_of_stay);
  if (level.sessions && level.sessions->complete_after) {
    // Sessions are 7 / (days a week) days apart, the first half a gap after admission on
    // average; holidays are ignored (docs/network.md, "Levels with sessions").
    const int per_week = std::popcount(static_cast<unsigned>(level.sessions->days));
    const double sessions =
        expected_sessions_to_leave(level.sessions->attendance, *level.sessions->complete_after,
                                   level.sessions->discharge_after_missed);
    own = per_week > 0 ? std::max(0.0, sessions - 0.5) * 7.0 / per_week
                       : std::numeric_limits<double>::infinity();
  }
  const double stay = (1 - d) * own;
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
