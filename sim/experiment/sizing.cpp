// The sizing search: candidates simulated with the same seed (common random numbers), an
// exponential-then-binary search per level, greedy cost-weighted allocation across levels.
#include "continuum/experiment/sizing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include "continuum/model/setting_path.hpp"
#include "continuum/stats/staffing.hpp"

namespace continuum {

namespace {
constexpr double kDaysPerYear = 365;
constexpr double kNeverMet = 1e9;  // shortfall of an undefined metric

const Estimate& metric_of(const Summary& summary, const Scenario& scenario, const SizingTarget& t) {
  if (const auto* m = std::get_if<SystemMetric>(&t.metric)) return summary.system_metric(*m);
  return summary.level_metric(static_cast<std::size_t>(scenario.level_index(t.level)),
                              std::get<LevelMetric>(t.metric));
}

// The far 95% bound (the mean without an interval).
double bound_of(const SizingTarget& t, const Estimate& e) {
  if (std::isnan(e.lo)) return e.mean;
  return t.at_most ? e.hi : e.lo;
}

// How far the bound is on the wrong side, relative to the target value (0 when met).
double shortfall(const SizingTarget& t, const Estimate& e) {
  const double b = bound_of(t, e);
  if (std::isnan(b)) return kNeverMet;
  const double gap = t.at_most ? b - t.value : t.value - b;
  return std::max(0.0, gap) / std::max(std::abs(t.value), 1e-6);
}

class Evaluator {
 public:
  Evaluator(const Scenario& scenario, const std::vector<std::string>& levels,
            const std::vector<SizingTarget>& targets, const SizingOptions& options)
      : base_(scenario), targets_(targets), options_(options) {
    for (const auto& name : levels)
      index_.push_back(static_cast<std::size_t>(scenario.level_index(name)));
    options_.run.record_daily = false;
  }

  const SizingCandidate& operator()(const std::vector<int>& capacities) {
    auto found = cache_.find(capacities);
    if (found != cache_.end()) return found->second;
    Scenario s = base_;
    for (std::size_t k = 0; k < index_.size(); ++k) {
      set_setting(s, {Setting::Kind::kLevelCapacity, static_cast<int>(index_[k])}, capacities[k]);
      s.levels[index_[k]].staff_on_hand.clear();  // sized: the staff follows the capacity
    }
    const auto results = run_replications(s, options_.run);
    const Summary summary = summarize(s, results, options_.run.seed.value_or(base_.seed));
    SizingCandidate c;
    c.capacities = capacities;
    c.met = true;
    for (const auto& t : targets_) {
      c.values.push_back(metric_of(summary, s, t));
      c.target_met.push_back(target_met(t, c.values.back()));
      c.met = c.met && c.target_met.back();
    }
    for (std::size_t k : index_)
      c.mean_waitlist.push_back(summary.level_metric(k, LevelMetric::kMeanWaitlist));
    // Staff needed to run every slot (census = capacity), and non-staff cost of the census.
    double staff_cost = 0;
    for (std::size_t k = 0; k < index_.size(); ++k) {
      const LevelSpec& level = s.levels[index_[k]];
      std::vector<std::pair<std::string, double>> fte;
      for (int role : level_roles(s, level)) {
        const double f = role_fte(s, level, role, capacities[k]);
        fte.emplace_back(s.staff_roles[static_cast<std::size_t>(role)].name, f);
        staff_cost += f * s.staff_roles[static_cast<std::size_t>(role)].cost_per_fte_year;
      }
      c.staff_fte.push_back(std::move(fte));
    }
    std::vector<double> costs;
    for (const auto& r : results) {
      double cost = staff_cost;
      for (std::size_t k = 0; k < index_.size(); ++k)
        cost += r.levels[index_[k]].census_area / r.window_days *
                s.levels[index_[k]].cost_per_patient_day * kDaysPerYear;
      costs.push_back(cost);
    }
    c.annual_cost = estimate(costs);
    ++evaluations_;
    return cache_.emplace(capacities, std::move(c)).first->second;
  }

  double total_shortfall(const SizingCandidate& c) const {
    double s = 0;
    for (std::size_t t = 0; t < targets_.size(); ++t)
      s += shortfall(targets_[t], c.values[t]);
    return s;
  }
  int evaluations() const { return evaluations_; }

 private:
  const Scenario& base_;
  const std::vector<SizingTarget>& targets_;
  SizingOptions options_;
  std::vector<std::size_t> index_;
  std::map<std::vector<int>, SizingCandidate> cache_;
  int evaluations_ = 0;
};

// Smallest value in [1, max] of level k (others fixed) that meets, given a start; -1 if none.
int search_one(Evaluator& eval, std::vector<int> caps, std::size_t k, int max, int start_step,
               std::vector<SizingCandidate>* curve) {
  auto met_at = [&](int c) {
    caps[k] = c;
    const SizingCandidate& cand = eval(caps);
    if (curve) curve->push_back(cand);
    return cand.met;
  };
  int start = std::clamp(caps[k], 1, max);
  int lo = 0, hi = 0;  // lo: largest known not met (0: none), hi: smallest known met
  int step = std::max(1, start_step);
  if (met_at(start)) {
    hi = start;
    for (int c = start - step; hi > 1; c = hi - step) {
      c = std::max(1, c);
      if (!met_at(c)) {
        lo = c;
        break;
      }
      hi = c;
      step *= 2;
    }
    if (lo == 0 && hi == 1) return 1;
  } else {
    lo = start;
    for (;;) {
      if (lo >= max) return -1;
      const int c = std::min(max, lo + step);
      if (met_at(c)) {
        hi = c;
        break;
      }
      lo = c;
      step *= 2;
    }
  }
  while (hi - lo > 1) {
    const int mid = lo + (hi - lo) / 2;
    (met_at(mid) ? hi : lo) = mid;
  }
  return hi;
}

}  // namespace

std::vector<SizingTarget> parse_sizing_target(const std::string& text, const Scenario& scenario,
                                              const std::vector<std::string>& levels) {
  std::size_t op = text.find("<=");
  bool at_most = true;
  if (op == std::string::npos) {
    op = text.find(">=");
    at_most = false;
  }
  if (op == std::string::npos)
    throw std::invalid_argument(fmt::format(
        "--target '{}': expected METRIC<=VALUE or METRIC>=VALUE, e.g. p90_wait_days<=14", text));
  std::string name = text.substr(0, op);
  const std::string value_text = text.substr(op + 2);
  double value = 0;
  try {
    std::size_t used = 0;
    value = std::stod(value_text, &used);
    if (used != value_text.size() || !std::isfinite(value)) throw std::invalid_argument("");
  } catch (const std::exception&) {
    throw std::invalid_argument(
        fmt::format("--target '{}': '{}' is not a number", text, value_text));
  }
  std::string level;
  if (const auto dot = name.find('.'); dot != std::string::npos) {
    level = name.substr(0, dot);
    name = name.substr(dot + 1);
    if (scenario.level_index(level) < 0)
      throw std::invalid_argument(
          fmt::format("--target '{}': the scenario has no level '{}'", text, level));
  }
  const std::optional<LevelMetric> level_metric = parse_level_metric(name);
  const std::optional<SystemMetric> system_metric = parse_system_metric(name);
  if (!level_metric && !system_metric)
    throw std::invalid_argument(
        fmt::format("--target '{}': unknown metric '{}'; level metrics: {}; system metrics: {}",
                    text, name, metric_name_list<LevelMetric>(), metric_name_list<SystemMetric>()));
  if (system_metric) {
    if (!level.empty())
      throw std::invalid_argument(
          fmt::format("--target '{}': '{}' is a system metric; drop '{}.'", text, name, level));
    return {{text, "", *system_metric, at_most, value}};
  }
  std::vector<SizingTarget> out;
  if (!level.empty()) {
    out.push_back({text, level, *level_metric, at_most, value});
  } else {
    for (const auto& l : levels)
      out.push_back({fmt::format("{}.{}{}{}", l, name, at_most ? "<=" : ">=", value_text), l,
                     *level_metric, at_most, value});
  }
  return out;
}

bool target_met(const SizingTarget& target, const Estimate& value) {
  const double b = bound_of(target, value);
  if (std::isnan(b)) return false;
  return target.at_most ? b <= target.value : b >= target.value;
}

SizingResult size_capacity(const Scenario& scenario, const std::vector<std::string>& levels,
                           const std::vector<SizingTarget>& targets, const SizingOptions& options) {
  if (levels.empty()) throw std::invalid_argument("size: give at least one --level");
  if (targets.empty()) throw std::invalid_argument("size: give at least one --target");
  SizingResult result;
  result.levels = levels;
  result.targets = targets;
  result.replications = options.run.replications.value_or(scenario.replications);
  result.seed = options.run.seed.value_or(scenario.seed);
  std::vector<int> caps, steps;
  for (std::size_t k = 0; k < levels.size(); ++k) {
    const int index = scenario.level_index(levels[k]);
    if (index < 0)
      throw std::invalid_argument(
          fmt::format("--level '{}': the scenario has no such level", levels[k]));
    for (const ChangeSpec& change : scenario.changes)
      for (const Setting& setting : change.settings)
        if (setting.kind == Setting::Kind::kLevelCapacity && setting.index == index)
          throw std::invalid_argument(
              fmt::format("--level '{}': the scenario changes its capacity on day {:g}; size a "
                          "scenario without dated capacity changes at that level",
                          levels[k], change.day));
    const int current = scenario.levels[static_cast<std::size_t>(index)].capacity;
    if (current == std::numeric_limits<int>::max())
      throw std::invalid_argument(fmt::format(
          "--level '{}': the capacity is unlimited; give it a number to size it", levels[k]));
    const int given = k < options.max_capacity.size() ? options.max_capacity[k] : 0;
    const SettingPath path{Setting::Kind::kLevelCapacity, index};  // capacities within its limits
    if (given > 0 && !setting_value_problem(path, given).empty())
      throw std::invalid_argument("--max-capacity: " + setting_value_problem(path, given));
    const int limit = static_cast<int>(setting_field(path.kind).bound.max);
    result.max_capacity.push_back(given > 0 ? given : std::min(std::max(4 * current, 4), limit));
    caps.push_back(std::min(current, result.max_capacity.back()));
    const int step = k < options.step.size() ? options.step[k] : 0;
    steps.push_back(step > 0 ? step : std::max(1, (current + 5) / 10));
  }
  Evaluator eval(scenario, levels, targets, options);

  if (levels.size() == 1) {
    std::vector<SizingCandidate> tried;
    const int best = search_one(eval, caps, 0, result.max_capacity[0], steps[0], &tried);
    std::sort(tried.begin(), tried.end(),
              [](const auto& a, const auto& b) { return a.capacities < b.capacities; });
    tried.erase(
        std::unique(tried.begin(), tried.end(),
                    [](const auto& a, const auto& b) { return a.capacities == b.capacities; }),
        tried.end());
    result.curve = tried;
    if (best > 0) {
      result.met = true;
      result.recommendation = eval({best});
    }
  } else {
    // Greedy: add a step where it removes the most shortfall per unit of annual cost.
    result.curve.push_back(eval(caps));
    while (!eval(caps).met) {
      const SizingCandidate now = eval(caps);
      const double s_now = eval.total_shortfall(now);
      int pick = -1;
      double best_score = -std::numeric_limits<double>::infinity();
      for (std::size_t k = 0; k < levels.size(); ++k) {
        if (caps[k] >= result.max_capacity[k]) continue;
        std::vector<int> next = caps;
        next[k] = std::min(result.max_capacity[k], caps[k] + steps[k]);
        const SizingCandidate& cand = eval(next);
        const double gain = s_now - eval.total_shortfall(cand);
        const double cost = std::max(cand.annual_cost.mean - now.annual_cost.mean, 1.0);
        const double score = gain / cost;
        if (score > best_score) best_score = score, pick = static_cast<int>(k);
      }
      if (pick < 0) break;  // every level at its limit
      caps[static_cast<std::size_t>(pick)] =
          std::min(result.max_capacity[static_cast<std::size_t>(pick)],
                   caps[static_cast<std::size_t>(pick)] + steps[static_cast<std::size_t>(pick)]);
      result.curve.push_back(eval(caps));
    }
    if (eval(caps).met) {
      // Trim: the greedy steps overshoot; bisect each level down with the others fixed.
      for (std::size_t k = 0; k < levels.size(); ++k) {
        const int best = search_one(eval, caps, k, caps[k], steps[k], nullptr);
        if (best > 0 && best < caps[k]) {
          caps[k] = best;
          result.curve.push_back(eval(caps));
        }
      }
      result.met = true;
      result.recommendation = eval(caps);
    }
  }
  result.evaluations = eval.evaluations();
  return result;
}

}  // namespace continuum
