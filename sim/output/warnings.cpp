// The three rules behind a run's warnings, their messages and their JSON (warnings.hpp).
#include "continuum/output/warnings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <span>

#include "continuum/core/units.hpp"
#include "continuum/experiment/precision.hpp"
#include "continuum/output/format.hpp"
#include "continuum/stats/steady_state.hpp"

namespace continuum {

namespace {

// Three significant digits, never in scientific notation: "37.2", "0.0341", "1,235".
std::string sig3(double v) {
  if (std::isnan(v)) return "-";
  if (std::isinf(v)) return v > 0 ? "infinity" : "-infinity";
  const double a = std::fabs(v);
  if (a == 0) return "0";
  if (a >= 99.95) return grouped(v, 0);
  if (a >= 9.995) return grouped(v, 1);
  if (a >= 0.9995) return grouped(v, 2);
  const int decimals = std::min(9, 2 - static_cast<int>(std::floor(std::log10(a))));
  return grouped(v, decimals);
}

// "2-year" for whole years, "500-day" otherwise.
std::string window_text(double days) {
  const double years = days / kDaysPerYear;
  if (years >= 1 && std::fabs(years - std::round(years)) < 1e-9)
    return fmt::format("{:.0f}-year", std::round(years));
  return fmt::format("{}-day", grouped(days, 0));
}

std::vector<double> mean_series(const std::vector<DailyPoint>& daily, std::size_t levels,
                                std::size_t level) {
  std::vector<double> out;
  out.reserve(daily.size() / levels);
  for (std::size_t i = level; i < daily.size(); i += levels)
    out.push_back(daily[i].mean);
  return out;
}

}  // namespace

std::vector<Warning> waitlist_growth_warnings(const Scenario& scenario, const ResultSource& results,
                                              const Summary& summary,
                                              const DailySeriesStore* daily) {
  std::vector<Warning> out;
  const std::size_t levels = scenario.levels.size();
  if (results.empty() || levels == 0) return out;
  std::vector<float> scratch;
  if (daily_series(results, daily, 0, scratch).waitlist.empty()) return out;
  // One replication at a time (its series may come from the store), every level's slope,
  // estimated in two passes over the replications (estimate()'s bits, no slope kept).
  EstimateAccumulator slopes(levels);
  std::size_t days = 0;
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t r = 0; r < results.size(); ++r) {
      const DailySeriesRef series = daily_series(results, daily, r, scratch);
      days = series.waitlist.size() / levels;
      for (std::size_t l = 0; l < levels; ++l)
        slopes.add(l, least_squares_slope(series.waitlist, levels, l) * kDaysPerYear);
    }
    if (pass == 0) slopes.next_pass();
  }
  const std::vector<Estimate> slope_of = slopes.estimates();
  const double window_years = static_cast<double>(days) / kDaysPerYear;
  for (std::size_t l = 0; l < levels; ++l) {
    const Estimate& slope = slope_of[l];
    const double mean_waitlist = summary.level_metric(l, LevelMetric::kMeanWaitlist).mean;
    const double growth = slope.mean * window_years;
    const double threshold = std::max(
        kGrowthMinPatients, kGrowthMinFraction * (std::isnan(mean_waitlist) ? 0 : mean_waitlist));
    if (!(slope.lo > 0 && growth > threshold)) continue;
    const std::string& name = scenario.levels[l].name;
    out.push_back(
        {"waitlist_growth",
         name,
         "",
         fmt::format("levels.{}: the waitlist grows without bound: +{} patients a year (95% CI "
                     "{} to {}) over the {} window",
                     name, sig3(slope.mean), sig3(slope.lo), sig3(slope.hi),
                     window_text(static_cast<double>(days))),
         {{"slope_per_year", slope.mean},
          {"slope_ci95_lo", slope.lo},
          {"slope_ci95_hi", slope.hi},
          {"replications", static_cast<double>(slope.n)},
          {"window_days", static_cast<double>(days)},
          {"growth_over_window", growth},
          {"mean_waitlist", mean_waitlist},
          {"threshold", threshold}}});
  }
  return out;
}

// The days at the start of the window over which the model is meant to be stationary: up to
// the first deliberate change within the window (a dated change, a step of a referral
// schedule, a stream that starts late); 0 when referrals grow or follow seasons from day 0.
// The warm-up test looks for an initial transient only there: after a deliberate change the
// series is meant to move, and a settling point MSER-5 finds there is not a warm-up problem.
std::size_t stationary_days(const Scenario& scenario, std::size_t window_days) {
  double end = static_cast<double>(window_days);
  for (const ChangeSpec& c : scenario.changes)
    if (c.day > 0) end = std::min(end, c.day);
  for (const ArrivalSpec& a : scenario.arrivals) {
    if (a.growth_per_year != 0 || !a.monthly_factors.empty()) return 0;
    if (a.start_day && *a.start_day > 0) end = std::min(end, *a.start_day);
    for (std::size_t i = 1; i < a.schedule.size(); ++i)
      if (a.schedule[i].from_day > 0 &&
          a.schedule[i].rate_per_day != a.schedule[i - 1].rate_per_day)
        end = std::min(end, a.schedule[i].from_day);
  }
  return static_cast<std::size_t>(std::floor(end));
}

std::vector<Warning> warmup_warnings(const Scenario& scenario, const ResultSource& results,
                                     const Summary& summary, const std::vector<std::string>& skip,
                                     const DailySeriesStore* daily) {
  std::vector<Warning> out;
  const std::size_t levels = scenario.levels.size();
  std::vector<float> scratch;
  if (summary.days == 0 || levels == 0 || results.empty() ||
      daily_series(results, daily, 0, scratch).census.empty())
    return out;
  const auto days = static_cast<double>(summary.days);
  // The test runs on the window's first `span` days (stationary_days); too short a span (under
  // 20 MSER batches) says nothing.
  const std::size_t span = std::min(summary.days, stationary_days(scenario, summary.days));
  if (span < 20 * kMserBatchDays) return out;
  // A run that starts from the program's state as it stands (initial_state, no warm-up) is a
  // forecast from today: the way to the long-run level is the answer, not a bias.
  const bool from_today =
      scenario.warmup_days == 0 &&
      std::any_of(scenario.levels.begin(), scenario.levels.end(),
                  [](const LevelSpec& level) { return level.initial_state.has_value(); });
  // One series (census or waitlist) of one level: MSER-5's truncation on the mean over
  // replications, and whether the truncated days clearly and materially differ from the rest
  // (each replication's mean over the first d* days minus its mean over the others: a 95%
  // interval that excludes 0, and a mean difference above max(1 patient, 10% of the rest's
  // mean)).
  struct Cut {
    std::size_t days = 0;
    Estimate difference;
    double rest = NAN;  // the mean over the days after the truncation
    bool clear = false;
  };
  // [level][0: census, 1: waitlist]: the truncations first, from the mean series ...
  std::vector<std::array<Cut, 2>> cuts(levels);
  for (std::size_t l = 0; l < levels; ++l) {
    if (std::find(skip.begin(), skip.end(), scenario.levels[l].name) != skip.end()) continue;
    for (std::size_t k = 0; k < 2; ++k) {
      std::vector<double> mean =
          mean_series(k == 0 ? summary.daily_census : summary.daily_waitlist, levels, l);
      mean.resize(span);
      cuts[l][k].days = mser(mean, kMserBatchDays).truncation;
    }
  }
  // ... then each replication's head and tail means, one replication at a time, estimated in
  // two passes over the replications ([(level x 2 + series) x 2]: the difference, the rest) ...
  EstimateAccumulator acc(4 * levels);
  const bool any_cut = std::any_of(cuts.begin(), cuts.end(), [](const std::array<Cut, 2>& pair) {
    return pair[0].days > 0 || pair[1].days > 0;
  });
  for (int pass = 0; pass < (any_cut ? 2 : 0); ++pass) {
    for (std::size_t r = 0; r < results.size(); ++r) {
      const DailySeriesRef series = daily_series(results, daily, r, scratch);
      for (std::size_t l = 0; l < levels; ++l)
        for (std::size_t k = 0; k < 2; ++k) {
          const Cut& c = cuts[l][k];
          if (c.days == 0) continue;
          // The level's first `span` days, read in place (days past the series count as 0).
          const std::span<const float> table = k == 0 ? series.census : series.waitlist;
          const std::size_t have = table.size() > l ? (table.size() - l + levels - 1) / levels : 0;
          double head = 0, tail = 0;
          for (std::size_t d = 0; d < span; ++d)
            (d < c.days ? head : tail) += d < have ? table[l + d * levels] : 0.0;
          const double rest = tail / static_cast<double>(span - c.days);
          acc.add(4 * l + 2 * k, head / static_cast<double>(c.days) - rest);
          acc.add(4 * l + 2 * k + 1, rest);
        }
    }
    if (pass == 0) acc.next_pass();
  }
  const std::vector<Estimate> estimates = acc.estimates();
  // ... and whether each cut is clear.
  for (std::size_t l = 0; l < levels; ++l)
    for (std::size_t k = 0; k < 2; ++k) {
      Cut& c = cuts[l][k];
      if (c.days == 0) continue;
      c.difference = estimates[4 * l + 2 * k];
      c.rest = estimates[4 * l + 2 * k + 1].mean;
      c.clear = (c.difference.lo > 0 || c.difference.hi < 0) &&
                std::fabs(c.difference.mean) >
                    std::max(kGrowthMinPatients, kGrowthMinFraction * std::fabs(c.rest));
    }
  for (std::size_t l = 0; l < levels; ++l) {
    const std::string& name = scenario.levels[l].name;
    if (std::find(skip.begin(), skip.end(), name) != skip.end()) continue;
    const Cut& census = cuts[l][0];
    const Cut& waitlist = cuts[l][1];
    auto counts = [&](const Cut& c) {
      return c.clear &&
             static_cast<double>(c.days) > kWarmupMaxFraction * static_cast<double>(span);
    };
    if (!counts(census) && !counts(waitlist)) continue;
    const bool by_waitlist = counts(waitlist) && (!counts(census) || waitlist.days > census.days);
    const Cut& chosen = by_waitlist ? waitlist : census;
    const auto truncation = static_cast<double>(chosen.days);
    out.push_back(
        {"warmup",
         name,
         "",
         from_today
             ? fmt::format("levels.{}: starts from today's state (initial_state, no warm-up): "
                           "MSER-5 finds the daily {} settled only after day {} of the {} "
                           "window ({}%), and the window's means include the way there; for "
                           "the settled level alone, add {} days to warmup_days or report a "
                           "window from day {}",
                           name, by_waitlist ? "waitlist" : "census", grouped(truncation, 0),
                           window_text(days), sig3(100 * truncation / days), grouped(truncation, 0),
                           grouped(truncation, 0))
             : fmt::format("levels.{}: the warm-up is too short: MSER-5 finds the daily {} "
                           "settled only after day {} of the {} window ({}%){}; add {} days to "
                           "warmup_days (now {})",
                           name, by_waitlist ? "waitlist" : "census", grouped(truncation, 0),
                           window_text(days), sig3(100 * truncation / days),
                           span < summary.days
                               ? fmt::format(", tested on the {} days before the first change",
                                             grouped(static_cast<double>(span), 0))
                               : std::string(),
                           grouped(truncation, 0), grouped(scenario.warmup_days, 0)),
         {{"truncation_days", truncation},
          {"census_truncation_days", static_cast<double>(census.days)},
          {"waitlist_truncation_days", static_cast<double>(waitlist.days)},
          {"window_days", days},
          {"tested_days", static_cast<double>(span)},
          {"fraction_of_window", truncation / days},
          {"head_minus_rest", chosen.difference.mean},
          {"head_minus_rest_ci95_lo", chosen.difference.lo},
          {"head_minus_rest_ci95_hi", chosen.difference.hi},
          {"rest_mean", chosen.rest},
          {"warmup_days", scenario.warmup_days},
          {"suggested_warmup_days", scenario.warmup_days + truncation}}});
  }
  return out;
}

std::vector<Warning> precision_warnings(const Scenario& scenario, const Summary& summary,
                                        const CostSummary* costs) {
  std::vector<Warning> out;
  for (const WatchedMetric& m : headline_metrics(scenario)) {
    const Estimate e = watched_estimate(m, summary, costs);
    const double rel = relative_half_width(e);
    if (std::isnan(rel) || !(rel > kPrecisionMaxRelative)) continue;
    const double half = (e.hi - e.lo) / 2;
    if (half <= resolution(m)) continue;  // precise enough whatever the mean
    const long long needed =
        replications_for(half, e.mean, summary.replications, kPrecisionMaxRelative);
    const std::string path = m.path(scenario);
    std::string message =
        std::isinf(rel)
            ? fmt::format("{}: add replications: the mean is 0 and its 95% half-width {}", path,
                          sig3(half))
            : fmt::format(
                  "{}: add replications: the 95% half-width ({}) is {}% of the mean "
                  "({}); about {} replications would bring it to {:.0f}%",
                  path, sig3(half), sig3(100 * rel), sig3(e.mean),
                  grouped(static_cast<double>(needed), 0), 100 * kPrecisionMaxRelative);
    out.push_back({"precision",
                   m.level_name(scenario),
                   m.metric_name(),
                   std::move(message),
                   {{"mean", e.mean},
                    {"half_width", half},
                    {"relative_half_width", std::isinf(rel) ? NAN : rel},
                    {"replications", static_cast<double>(summary.replications)},
                    {"replications_needed", needed < 0 ? NAN : static_cast<double>(needed)}}});
  }
  return out;
}

std::vector<Warning> change_warnings(const Scenario& scenario) {
  std::vector<Warning> out;
  for (const ChangeSpec& change : scenario.changes) {
    // A change from the horizon on never applies (model/compile.cpp): at the horizon the run
    // has ended.
    if (change.day < scenario.horizon_days) continue;
    out.push_back(
        {"change_after_horizon",
         "",
         "",
         fmt::format("changes: the change of day {:g} (line {}) is {} the horizon (day {:g}) "
                     "and is ignored",
                     change.day, change.pos.line,
                     change.day == scenario.horizon_days ? "at" : "after", scenario.horizon_days),
         {{"day", change.day}, {"horizon_days", scenario.horizon_days}}});
  }
  return out;
}

std::vector<Warning> run_warnings(const Scenario& scenario, const ResultSource& results,
                                  const Summary& summary, const CostSummary* costs,
                                  const DailySeriesStore* daily) {
  std::vector<Warning> out = change_warnings(scenario);
  for (Warning& w : waitlist_growth_warnings(scenario, results, summary, daily))
    out.push_back(std::move(w));
  std::vector<std::string> growing;
  for (const Warning& w : out)
    if (w.kind == "waitlist_growth") growing.push_back(w.level);
  for (Warning& w : warmup_warnings(scenario, results, summary, growing, daily))
    out.push_back(std::move(w));
  for (Warning& w : precision_warnings(scenario, summary, costs))
    out.push_back(std::move(w));
  return out;
}

std::vector<CheckNotRun> checks_not_run(const Scenario& scenario, const ResultSource& results,
                                        const Summary& summary, const DailySeriesStore* daily) {
  std::vector<CheckNotRun> out;
  if (results.empty() || scenario.levels.empty()) return out;
  std::vector<float> scratch;
  const bool has_daily = !daily_series(results, daily, 0, scratch).waitlist.empty();
  const bool replicated = results.size() >= 2;
  const std::string no_daily = "needs the daily series: run without --no-daily";
  const std::string one = "needs 2 or more replications";
  auto reason = [&] {
    return !has_daily && !replicated
               ? "needs the daily series and 2 or more replications: run without --no-daily "
                 "and with --replications 2 or more"
           : !has_daily ? no_daily
                        : one;
  };
  if (!has_daily || !replicated) {
    out.push_back({"waitlist_growth", reason()});
    out.push_back({"warmup", reason()});
  } else if (const std::size_t span =
                 std::min(summary.days, stationary_days(scenario, summary.days));
             span < 20 * kMserBatchDays) {
    out.push_back(
        {"warmup", fmt::format("needs {} days before the window's first deliberate change "
                               "(referral growth or seasons, a dated change, a schedule step, a "
                               "late stream); this window has {}",
                               20 * kMserBatchDays, span)});
  }
  if (!replicated) out.push_back({"precision", one});
  return out;
}

std::string check_label(const std::string& check) {
  if (check == "waitlist_growth") return "growing waitlists";
  if (check == "warmup") return "warm-up";
  return check;
}

RunChecks run_checks(const Scenario& scenario, const ResultSource& results, const Summary& summary,
                     const CostSummary* costs, const DailySeriesStore* daily) {
  return {run_warnings(scenario, results, summary, costs, daily),
          checks_not_run(scenario, results, summary, daily)};
}

std::string warnings_cell(const std::vector<Warning>& warnings) {
  std::string out;
  for (const Warning& w : warnings)
    out += (out.empty() ? "" : ";") + w.kind + ":" + w.message.substr(0, w.message.find(':'));
  return out;
}

std::string checks_not_run_cell(const std::vector<CheckNotRun>& not_run) {
  std::string out;
  for (const CheckNotRun& c : not_run)
    out += (out.empty() ? "" : ";") + c.check;
  return out;
}

nlohmann::ordered_json checks_not_run_json(const std::vector<CheckNotRun>& not_run) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const CheckNotRun& c : not_run)
    out.push_back({{"check", c.check}, {"reason", c.reason}});
  return out;
}

nlohmann::ordered_json warnings_json(const std::vector<Warning>& warnings) {
  using Json = nlohmann::ordered_json;
  Json out = Json::array();
  for (const Warning& w : warnings) {
    Json numbers = Json::object();
    for (const auto& [name, value] : w.numbers)
      numbers[name] = std::isfinite(value) ? Json(value) : Json(nullptr);
    out.push_back({{"kind", w.kind},
                   {"level", w.level.empty() ? Json(nullptr) : Json(w.level)},
                   {"metric", w.metric.empty() ? Json(nullptr) : Json(w.metric)},
                   {"message", w.message},
                   {"numbers", numbers}});
  }
  return out;
}

std::string warnings_text(const std::vector<Warning>& warnings,
                          const std::vector<CheckNotRun>& not_run) {
  std::string out;
  if (warnings.empty()) {
    out = not_run.empty() ? "warnings: none\n" : "warnings: none from the checks that ran\n";
  } else {
    out = fmt::format("warnings ({}):\n", warnings.size());
    for (const Warning& w : warnings)
      out += "  " + w.message + '\n';
  }
  for (const CheckNotRun& c : not_run)
    out += fmt::format("not checked: {} ({})\n", check_label(c.check), c.reason);
  return out;
}

}  // namespace continuum
