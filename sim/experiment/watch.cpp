// run --watch: expressions parsed against the scenario; crossing days from the replications'
// first crossings and the summary's daily means.
#include "continuum/experiment/watch.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "continuum/core/number_text.hpp"
#include "continuum/core/suggestion.hpp"

namespace continuum {

namespace {

const std::vector<std::string> kQuantities = {"census", "waitlist"};

std::string series_help() {
  return "a daily series is levels.LEVEL.census, levels.LEVEL.waitlist, system.census or "
         "system.waitlist";
}

}  // namespace

WatchSpec parse_watch(const Scenario& scenario, const std::string& text) {
  auto fail = [&text](const std::string& why) {
    return std::invalid_argument(fmt::format("--watch '{}': {}", text, why));
  };
  const std::size_t at = text.find_first_of("<>");
  if (at == std::string::npos)
    throw fail("expected SERIES>VALUE (or >=, <, <=), e.g. levels.detox.waitlist>10; " +
               series_help());
  WatchSpec spec;
  spec.text = text;
  spec.op = text.substr(at, at + 1 < text.size() && text[at + 1] == '=' ? 2 : 1);
  spec.watch.op = spec.op == ">"    ? WatchOp::kGreater
                  : spec.op == ">=" ? WatchOp::kGreaterEqual
                  : spec.op == "<"  ? WatchOp::kLess
                                    : WatchOp::kLessEqual;
  const std::string value_text = text.substr(at + spec.op.size());
  const std::optional<double> threshold = parse_number(trimmed(value_text));
  if (!threshold) throw fail(fmt::format("expected a number (got '{}')", value_text));
  spec.watch.threshold = *threshold;
  spec.series = text.substr(0, at);
  std::vector<std::string> parts;
  for (std::size_t from = 0;;) {
    const std::size_t dot = spec.series.find('.', from);
    parts.push_back(spec.series.substr(from, dot - from));
    if (dot == std::string::npos) break;
    from = dot + 1;
  }
  std::string quantity;
  if (parts.size() == 3 && parts[0] == "levels") {
    spec.watch.level = scenario.level_index(parts[1]);
    if (spec.watch.level < 0) {
      std::vector<std::string> names;
      for (const LevelSpec& level : scenario.levels)
        names.push_back(level.name);
      throw fail(
          fmt::format("the scenario has no level '{}'{}", parts[1], suggestion(parts[1], names)));
    }
    quantity = parts[2];
  } else if (parts.size() == 2 && parts[0] == "system") {
    spec.watch.level = -1;
    quantity = parts[1];
  } else {
    throw fail(fmt::format("'{}' is not a daily series; {}", spec.series, series_help()));
  }
  if (quantity == "census")
    spec.watch.series = WatchSeries::kCensus;
  else if (quantity == "waitlist")
    spec.watch.series = WatchSeries::kWaitlist;
  else
    throw fail(fmt::format("no daily series '{}'{}; {}", quantity,
                           suggestion(quantity, kQuantities), series_help()));
  return spec;
}

std::optional<int> first_day_reaching(std::vector<int> first_days, double share) {
  const auto n = static_cast<double>(first_days.size());
  std::erase(first_days, -1);
  std::sort(first_days.begin(), first_days.end());
  // The k-th earliest crossing, k the least count with k / n >= share.
  const auto k = static_cast<std::size_t>(std::max(1.0, std::ceil(share * n - 1e-9)));
  if (first_days.size() < k) return std::nullopt;
  return first_days[k - 1];
}

std::vector<WatchOutcome> watch_outcomes(const Scenario& scenario,
                                         const std::vector<WatchSpec>& specs,
                                         const ResultSource& results, const Summary& summary) {
  std::vector<WatchOutcome> out;
  const std::size_t n = scenario.levels.size();
  // Each watch's first crossing day in each replication: an int per watch and replication.
  std::vector<std::vector<int>> first_days(specs.size());
  if (!specs.empty())
    results.visit([&](std::size_t, const ReplicationResult& r) {
      for (std::size_t w = 0; w < specs.size(); ++w)
        first_days[w].push_back(w < r.watch_first_day.size() ? r.watch_first_day[w] : -1);
    });
  for (std::size_t w = 0; w < specs.size(); ++w) {
    WatchOutcome o;
    o.spec = specs[w];
    o.replications = static_cast<int>(results.size());
    for (int day : first_days[w])
      if (day >= 0) ++o.crossed;
    o.p50_first_day = first_day_reaching(first_days[w], 0.5);
    o.p90_first_day = first_day_reaching(first_days[w], 0.9);
    const DailyWatch& watch = o.spec.watch;
    const std::vector<DailyPoint>& series =
        watch.series == WatchSeries::kCensus ? summary.daily_census : summary.daily_waitlist;
    for (std::size_t d = 0; d < summary.days && series.size() == summary.days * n; ++d) {
      double mean = 0;
      if (watch.level >= 0) {
        mean = series[d * n + static_cast<std::size_t>(watch.level)].mean;
      } else {
        for (std::size_t l = 0; l < n; ++l)
          mean += series[d * n + l].mean;
      }
      if (watch.crosses(mean)) {
        o.mean_first_day = static_cast<int>(d);
        break;
      }
    }
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace continuum
