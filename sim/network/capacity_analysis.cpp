// Rough-cut capacity per level: traffic-equation admissions, offered load and Erlang C waits.
#include "continuum/network/capacity_analysis.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
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

// One level as M/M/c at `admissions_per_day` for `mean_stay` days on average (`offered_load`
// slots busy). A warning in `warnings` when it is overloaded.
LevelCapacity level_capacity(const Scenario& s, const LevelSpec& spec, double admissions_per_day,
                             double mean_stay, double offered_load,
                             std::vector<Diagnostic>& warnings) {
  LevelCapacity c;
  c.admissions_per_day = admissions_per_day;
  c.mean_stay_days = mean_stay;
  c.offered_load = offered_load;
  if (is_unlimited(spec.capacity)) {
    c.erlang_c_mean_wait_days = 0.0;  // no waitlist
    return c;
  }
  c.utilization = c.offered_load / spec.capacity;
  const std::optional<std::int64_t> max_length = spec.waitlist.max_length;
  if (c.offered_load >= spec.capacity && max_length) {
    // A bounded waitlist cannot grow: the excess is turned away (M/M/c/K, Poisson referrals
    // and exponential stays, nobody abandoning).
    const double lost = queueing::mmck_blocking(spec.capacity, *max_length, c.offered_load) * 100;
    const std::string waitlist = *max_length == 0
                                     ? std::string("with no waitlist (max_length 0)")
                                     : fmt::format("with at most {} waiting", *max_length);
    warnings.push_back({s.source_path, spec.pos,
                        fmt::format("{} is overloaded (offered load {:.1f} slots, capacity {}): "
                                    "{}, about {:.0f}% of its referrals would be turned away",
                                    spec.name, c.offered_load, spec.capacity, waitlist, lost),
                        Diagnostic::Severity::kWarning});
  } else if (c.offered_load >= spec.capacity) {
    warnings.push_back({s.source_path, spec.pos,
                        fmt::format("the waitlist at {} grows without bound unless patients "
                                    "abandon it (offered load {:.1f} slots, capacity {})",
                                    spec.name, c.offered_load, spec.capacity),
                        Diagnostic::Severity::kWarning});
  } else if (max_length == 0) {
    c.erlang_c_mean_wait_days = 0.0;  // no waitlist: nobody waits (the excess is turned away)
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

namespace {

// Per level, the admissions per day from the traffic equations and the offered load (admissions
// times mean stay); with classes, each referred class's network (its rates, routing, stays and
// relapse: class_view), summed.
struct LevelTraffic {
  std::vector<double> admissions, load;
  double relapses_per_day = 0;
};
LevelTraffic level_traffic(const Network& network) {
  const Scenario& s = network.scenario();
  const std::size_t n = s.levels.size();
  LevelTraffic out{std::vector<double>(n, 0.0), std::vector<double>(n, 0.0), 0};
  auto add = [&](const Network& net) {
    const TrafficSolution traffic = solve_traffic_or_throw(net);
    out.relapses_per_day += traffic.relapses_per_day;
    for (std::size_t l = 0; l < n; ++l) {
      out.admissions[l] += traffic.admissions_per_day[l];
      out.load[l] += traffic.admissions_per_day[l] * mean_stay_days(net.scenario().levels[l]);
    }
  };
  if (s.classes.size() > 1 && !referred_classes(s).empty()) {
    for (std::size_t c : referred_classes(s))
      add(Network(class_view(s, c)));
  } else {
    add(network);
  }
  return out;
}

// Level l's mean stay: offered load / admissions, or the level's own when nobody is admitted.
double stay_of(const LevelTraffic& t, const LevelSpec& spec, std::size_t l) {
  return t.admissions[l] > 0 ? t.load[l] / t.admissions[l] : mean_stay_days(spec);
}

// As the structural checks and the loader: at most this many overload warnings are listed, then
// a line counting the rest (a file of 12,000 overloaded levels gave 12,000 warning lines).
constexpr std::size_t kMaxWarnings = 100;

void cap_warnings(const Scenario& s, std::vector<Diagnostic>& warnings) {
  if (warnings.size() <= kMaxWarnings) return;
  const std::size_t more = warnings.size() - kMaxWarnings;
  warnings.erase(warnings.begin() + kMaxWarnings, warnings.end());
  warnings.push_back(
      {s.source_path,
       {},
       fmt::format("{} more warnings not shown (the first {} are listed)", more, kMaxWarnings),
       Diagnostic::Severity::kWarning});
}

}  // namespace

std::vector<double> level_mean_stays_days(const Network& network) {
  const Scenario& s = network.scenario();
  const LevelTraffic t = level_traffic(network);
  std::vector<double> out;
  for (std::size_t l = 0; l < s.levels.size(); ++l)
    out.push_back(stay_of(t, s.levels[l], l));
  return out;
}

CapacityAnalysis analyze_capacity(const Network& network) {
  const Scenario& s = network.scenario();
  const LevelTraffic t = level_traffic(network);
  CapacityAnalysis out;
  out.relapses_per_day = t.relapses_per_day;
  for (std::size_t l = 0; l < s.levels.size(); ++l)
    out.levels.push_back(level_capacity(s, s.levels[l], t.admissions[l], stay_of(t, s.levels[l], l),
                                        t.load[l], out.warnings));
  cap_warnings(s, out.warnings);
  return out;
}

}  // namespace continuum
