// The sizing search: candidates simulated with the same seed (common random numbers), an
// exponential-then-binary search per level, greedy cost-weighted allocation across levels.
#include "continuum/experiment/sizing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include "continuum/core/diagnostics.hpp"
#include "continuum/core/number_text.hpp"
#include "continuum/core/units.hpp"
#include "continuum/experiment/executor.hpp"
#include "continuum/experiment/plan.hpp"
#include "continuum/model/capacity.hpp"
#include "continuum/model/setting_path.hpp"
#include "continuum/model/staffing_rules.hpp"
#include "continuum/stats/staffing.hpp"

namespace continuum {

namespace {
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

// Simulates candidates (capacities at the sized levels) and remembers them: each candidate is
// simulated once, with the same replications and seed as every other (common random numbers).
class Evaluator {
 public:
  Evaluator(const Scenario& scenario, const std::vector<std::string>& levels,
            const std::vector<SizingTarget>& targets, const SizingOptions& options)
      : base_(scenario),
        targets_(targets),
        run_(options.run),
        spec_(resolve_run_spec(scenario, options.run)),
        allow_more_loss_(options.allow_more_loss),
        daily_(has_costs(scenario)) {
    for (const auto& name : levels)
      index_.push_back(static_cast<std::size_t>(scenario.level_index(name)));
  }

  // Simulates those of `candidates` not simulated yet, all as one plan; the first plan also
  // simulates the scenario as written (the loss guard's reference), with the same seed.
  void evaluate(const std::vector<std::vector<int>>& candidates) {
    std::vector<std::vector<int>> fresh;
    Plan plan;
    for (const auto& caps : candidates) {
      if (cache_.count(caps) || std::find(fresh.begin(), fresh.end(), caps) != fresh.end())
        continue;
      fresh.push_back(caps);
      plan.add(sized(caps), spec_.replications, spec_.seed, Recording{daily_, false});
    }
    if (fresh.empty()) return;
    const bool first = base_lost_.empty();
    if (first) plan.add(base_, spec_.replications, spec_.seed, Recording{daily_, false});
    const PlanResults results = execute(plan, run_);
    if (first) as_written(results[fresh.size()]);
    for (std::size_t v = 0; v < fresh.size(); ++v)
      cache_.emplace(fresh[v], candidate(fresh[v], plan.variants[v], results[v]));
    evaluations_ += static_cast<int>(fresh.size());
  }

  const SizingCandidate& operator()(const std::vector<int>& capacities) {
    evaluate({capacities});
    return cache_.at(capacities);
  }

  // The targets' shortfall, plus (guard on) how far each loss is clearly worse, relative to
  // the scenario as written's value (or the floor when that is smaller).
  double total_shortfall(const SizingCandidate& c) const {
    double s = 0;
    for (std::size_t t = 0; t < targets_.size(); ++t)
      s += shortfall(targets_[t], c.values[t]);
    if (allow_more_loss_) return s;
    for (std::size_t k = 0; k < index_.size(); ++k)
      if (c.more_abandonment[k])
        s += lower_of(c.abandonment_change[k]) / std::max(losses_.abandonment[k].mean, kLossFloor);
    if (c.more_lost_to_care)
      s += lower_of(c.lost_to_care_change) / std::max(losses_.lost_to_care.mean, lost_floor_);
    return s;
  }
  int evaluations() const { return evaluations_; }
  const Losses& losses_as_written() const { return losses_; }
  double lost_to_care_floor() const { return lost_floor_; }

 private:
  // The base scenario with these capacities; the staff of a sized level follows its capacity.
  Scenario sized(const std::vector<int>& capacities) const {
    Scenario s = base_;
    for (std::size_t k = 0; k < index_.size(); ++k) {
      set_setting(s, {Setting::Kind::kLevelCapacity, static_cast<int>(index_[k])}, capacities[k]);
      s.levels[index_[k]].staff_on_hand.clear();
    }
    return s;
  }

  SizingCandidate candidate(const std::vector<int>& capacities, const Scenario& s,
                            const std::vector<ReplicationResult>& results) const {
    const Summary summary = summarize(s, results, spec_.seed);
    SizingCandidate c;
    c.capacities = capacities;
    c.targets_met = true;
    for (const auto& t : targets_) {
      c.values.push_back(metric_of(summary, s, t));
      c.target_met.push_back(target_met(t, c.values.back()));
      c.targets_met = c.targets_met && c.target_met.back();
    }
    for (std::size_t k : index_)
      c.mean_waitlist.push_back(summary.level_metric(k, LevelMetric::kMeanWaitlist));
    c.losses = losses_of(summary);
    for (std::size_t k = 0; k < index_.size(); ++k) {
      c.abandonment_change.push_back(
          paired_change(abandonment_by_replication(s, results, k), base_abandonment_[k]));
      c.more_abandonment.push_back(clearly_worse(c.abandonment_change.back(), kLossFloor));
    }
    c.lost_to_care_change = paired_change(lost_by_replication(results), base_lost_);
    c.more_lost_to_care = clearly_worse(c.lost_to_care_change, lost_floor_);
    c.met = c.targets_met && (allow_more_loss_ || !c.loses_patients());
    c.annual_cost = annual_cost(s, results, staff_at_full_census(s, capacities, results, c));
    const AnnualCosts costs = has_costs(s) ? annual_costs(s, results) : AnnualCosts{};
    if (has_costs(s)) c.costs = summarize_costs(costs);
    if (has_revenue(s)) c.revenue = summarize_revenue(s, annual_revenue(s, results, costs));
    return c;
  }

  // The scenario as written: its losses and, per replication, the values the guard pairs.
  void as_written(const std::vector<ReplicationResult>& results) {
    const Summary summary = summarize(base_, results, spec_.seed);
    losses_ = losses_of(summary);
    lost_floor_ = kLossFloor * summary.system_metric(SystemMetric::kArrivalsPerDay).mean;
    base_abandonment_.clear();
    for (std::size_t k = 0; k < index_.size(); ++k)
      base_abandonment_.push_back(abandonment_by_replication(base_, results, k));
    base_lost_ = lost_by_replication(results);
  }

  Losses losses_of(const Summary& summary) const {
    Losses l;
    for (std::size_t k : index_) {
      l.abandonment.push_back(summary.level_metric(k, LevelMetric::kAbandonmentFraction));
      l.turned_away.push_back(summary.level_metric(k, LevelMetric::kTurnedAwayFraction));
    }
    l.lost_to_care = summary.system_metric(SystemMetric::kLostToCarePerDay);
    return l;
  }

  // Sized level k's abandonment fraction in each replication (NaN without referrals).
  std::vector<double> abandonment_by_replication(const Scenario& s,
                                                 const std::vector<ReplicationResult>& results,
                                                 std::size_t k) const {
    std::vector<double> out;
    for (const auto& r : results)
      out.push_back(level_metrics(r, index_[k],
                                  s.levels[index_[k]].capacity)[LevelMetric::kAbandonmentFraction]);
    return out;
  }
  static std::vector<double> lost_by_replication(const std::vector<ReplicationResult>& results) {
    std::vector<double> out;
    for (const auto& r : results)
      out.push_back(system_metrics(r)[SystemMetric::kLostToCarePerDay]);
    return out;
  }
  // The paired difference candidate minus as written, replication by replication.
  static Estimate paired_change(const std::vector<double>& candidate,
                                const std::vector<double>& as_written) {
    std::vector<double> d(candidate.size());
    for (std::size_t r = 0; r < d.size(); ++r)
      d[r] = candidate[r] - as_written[r];
    return estimate(d);
  }
  static double lower_of(const Estimate& e) { return std::isnan(e.lo) ? e.mean : e.lo; }

  // The staff needed to run every slot (census = capacity), per level: role and FTE, by the
  // staffing report's rules (full_census_fte: class ratios at the class mix simulated, session
  // groups at full census; its notes say what is approximated); returns its annual cost.
  double staff_at_full_census(const Scenario& s, const std::vector<int>& capacities,
                              const std::vector<ReplicationResult>& results,
                              SizingCandidate& c) const {
    double staff_cost = 0;
    for (std::size_t k = 0; k < index_.size(); ++k) {
      const LevelSpec& level = s.levels[index_[k]];
      std::vector<std::pair<std::string, double>> fte;
      for (int role : level_roles(s, level)) {
        const double f = full_census_fte(s, index_[k], role, capacities[k], results, c.staff_notes);
        fte.emplace_back(s.staff_roles[static_cast<std::size_t>(role)].name, f);
        staff_cost += f * s.staff_roles[static_cast<std::size_t>(role)].cost_per_fte_year;
      }
      c.staff_fte.push_back(std::move(fte));
    }
    return staff_cost;
  }

  // Per replication: the staff cost plus the non-staff cost of the sized levels' census.
  Estimate annual_cost(const Scenario& s, const std::vector<ReplicationResult>& results,
                       double staff_cost) const {
    std::vector<double> costs;
    for (const auto& r : results) {
      double cost = staff_cost;
      for (std::size_t k = 0; k < index_.size(); ++k)
        cost += r.levels[index_[k]].census_area / r.window_days *
                s.levels[index_[k]].cost_per_patient_day * kDaysPerYear;
      costs.push_back(cost);
    }
    return estimate(costs);
  }

  const Scenario& base_;
  const std::vector<SizingTarget>& targets_;
  RunOptions run_;  // threads, progress and executor
  RunSpec spec_;    // every candidate's replications and seed
  bool allow_more_loss_;
  // Daily series when the scenario has costs: its staff FTE by each day's census, as run's.
  bool daily_;
  std::vector<std::size_t> index_;
  std::map<std::vector<int>, SizingCandidate> cache_;
  int evaluations_ = 0;
  Losses losses_;  // the scenario as written's
  double lost_floor_ = 0;
  std::vector<std::vector<double>> base_abandonment_;  // [sized level][replication]
  std::vector<double> base_lost_;                      // [replication]
};

// Smallest value in [min, max] of level k (others fixed) that meets, given a start; -1 if none.
// `min` (at least 1): the least capacity the level may start with (SizingResult::min_capacity).
int search_one(Evaluator& eval, std::vector<int> caps, std::size_t k, int min, int max,
               int start_step, std::vector<SizingCandidate>* curve) {
  auto met_at = [&](int c) {
    caps[k] = c;
    const SizingCandidate& cand = eval(caps);
    if (curve) curve->push_back(cand);
    return cand.met;
  };
  CONTINUUM_ASSERT(1 <= min && min <= max);
  int start = std::clamp(caps[k], min, max);
  // lo: largest known not met (min - 1: none), hi: smallest known met
  int lo = min - 1, hi = 0;
  int step = std::max(1, start_step);
  if (met_at(start)) {
    hi = start;
    for (int c = start - step; hi > min; c = hi - step) {
      c = std::max(min, c);
      if (!met_at(c)) {
        lo = c;
        break;
      }
      hi = c;
      step *= 2;
    }
    if (hi == min) return min;
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

// How a metric moves as a sized level's capacity grows: +1 up, -1 down, 0 not known (then the
// target is taken as monotone, as documented). System metrics: lost to care and the days to a
// first admission fall with capacity.
int direction_with_capacity(const MetricId& metric) {
  if (const auto* m = std::get_if<SystemMetric>(&metric))
    return *m == SystemMetric::kLostToCarePerDay || *m == SystemMetric::kMeanDaysToFirstAdmission
               ? -1
               : 0;
  switch (std::get<LevelMetric>(metric)) {
    case LevelMetric::kAdmissionsPerDay:
    case LevelMetric::kCompletionsPerDay:
    case LevelMetric::kMeanCensus:
    case LevelMetric::kInCareAtEnd:
      return 1;
    case LevelMetric::kUtilization:
    case LevelMetric::kMeanWaitlist:
    case LevelMetric::kMeanWaitDays:
    case LevelMetric::kP90WaitDays:
    case LevelMetric::kMeanQueueTimeDays:
    case LevelMetric::kP90QueueTimeDays:
    case LevelMetric::kAbandonmentFraction:
    case LevelMetric::kTurnedAwayFraction:
    case LevelMetric::kWaitingAtEnd:
      return -1;
    default:
      return 0;
  }
}

// size finds the smallest capacity that meets targets which get easier as capacity grows; one
// that gets easier as the sized level's capacity falls (utilization>=, mean_census<=, ...)
// would be met by the smallest capacity tried (the search would step up from the current
// capacity and miss it): refused, naming sweep instead.
void check_direction(const SizingTarget& t, const std::vector<std::string>& levels) {
  const bool sized =
      t.level.empty() || std::find(levels.begin(), levels.end(), t.level) != levels.end();
  const int dir = direction_with_capacity(t.metric);
  if (!sized || dir == 0) return;
  if ((dir < 0) == t.at_most) return;  // <= on a falling metric, >= on a rising one
  throw std::invalid_argument(fmt::format(
      "--target '{}': this target gets easier as {} capacity falls ({} {} as capacity grows); "
      "size finds the smallest capacity meeting targets that get easier as capacity grows; "
      "use `continuum sweep` over the capacity to see where it holds",
      t.text, t.level.empty() ? "the sized levels'" : "'" + t.level + "'",
      metric_info(t.metric).name, dir < 0 ? "falls" : "rises"));
}

// A target no value of its metric can meet: every metric is a count, rate, time or fraction, so
// never below 0, and a fraction (but utilization, which a capacity cut under a full level can
// push past 1) never above 1. Refused rather than searched up to --max-capacity.
void check_reachable(const std::string& text, const MetricId& metric, bool at_most, double value) {
  const MetricInfo& info = metric_info(metric);
  const char* never = nullptr;
  if (at_most && value < 0)
    never = "below 0";
  else if (!at_most && value > 1 && info.unit == Unit::kFraction &&
           metric != MetricId{LevelMetric::kUtilization})
    never = "above 1";
  if (never)
    throw std::invalid_argument(
        fmt::format("--target '{}': can never be met ({} is never {})", text, info.name, never));
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
  // Spaces around the metric and the value are allowed ("p90_wait_days <= 14"), as the shell
  // passes them when the target is quoted; the targets an unprefixed metric gives drop them.
  std::string name = trimmed(text.substr(0, op));
  const std::string value_text = trimmed(text.substr(op + 2));
  const std::optional<double> parsed = parse_number(value_text);
  if (!parsed)
    throw std::invalid_argument(
        fmt::format("--target '{}': expected a number (got '{}')", text, value_text));
  const double value = *parsed;
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
    check_reachable(text, *system_metric, at_most, value);
    SizingTarget t{text, "", *system_metric, at_most, value};
    check_direction(t, levels);
    return {t};
  }
  check_reachable(text, *level_metric, at_most, value);
  std::vector<SizingTarget> out;
  if (!level.empty()) {
    out.push_back({text, level, *level_metric, at_most, value});
  } else {
    for (const auto& l : levels)
      out.push_back({fmt::format("{}.{}{}{}", l, name, at_most ? "<=" : ">=", value_text), l,
                     *level_metric, at_most, value});
  }
  for (const SizingTarget& t : out)
    check_direction(t, levels);
  return out;
}

bool clearly_worse(const Estimate& change, double floor) {
  if (std::isnan(change.mean)) return false;
  const double lower = std::isnan(change.lo) ? change.mean : change.lo;
  return lower > 0 && change.mean > floor;
}

bool target_met(const SizingTarget& target, const Estimate& value) {
  const double b = bound_of(target, value);
  if (std::isnan(b)) return false;
  return target.at_most ? b <= target.value : b >= target.value;
}

namespace {

// The index of a level that can be sized; throws std::invalid_argument for one that cannot.
int sizable_level(const Scenario& scenario, const std::string& name) {
  const int index = scenario.level_index(name);
  if (index < 0)
    throw std::invalid_argument(fmt::format("--level '{}': the scenario has no such level", name));
  for (const ChangeSpec& change : scenario.changes)
    for (const Setting& setting : change.settings)
      if (setting.kind == Setting::Kind::kLevelCapacity && setting.index == index)
        throw std::invalid_argument(
            fmt::format("--level '{}': the scenario changes its capacity on day {:g}; size a "
                        "scenario without dated capacity changes at that level",
                        name, change.day));
  if (is_unlimited(scenario.levels[static_cast<std::size_t>(index)].capacity))
    throw std::invalid_argument(
        fmt::format("--level '{}': the capacity is unlimited; give it a number to size it", name));
  return index;
}

// Where the search starts, per sized level: the current capacity and the greedy step.
struct SearchStart {
  std::vector<int> capacities;
  std::vector<int> steps;
};

// Checks the levels and fills result.max_capacity.
SearchStart search_start(const Scenario& scenario, const SizingOptions& options,
                         SizingResult& result) {
  SearchStart start;
  for (std::size_t k = 0; k < result.levels.size(); ++k) {
    const int index = sizable_level(scenario, result.levels[k]);
    const int current = scenario.levels[static_cast<std::size_t>(index)].capacity;
    const int given = k < options.max_capacity.size() ? options.max_capacity[k] : 0;
    // Capacities within the field's limits, and from the least the level may start with: the
    // patients found in care (and the slots reserved) need their beds.
    const SettingPath path{Setting::Kind::kLevelCapacity, index};
    if (given > 0)
      if (const std::string problem = starting_value_problem(path, given, scenario);
          !problem.empty())
        throw std::invalid_argument("--max-capacity: " + problem);
    const int limit = static_cast<int>(setting_field(path.kind).bound.max);
    result.max_capacity.push_back(given > 0 ? given : std::min(std::max(4 * current, 4), limit));
    result.min_capacity.push_back(std::max(1, least_starting_capacity(scenario, index)));
    // The loader holds the capacity as written to the same rule: the default limit (4 times it)
    // is at or above the least.
    CONTINUUM_ASSERT(result.min_capacity.back() <= result.max_capacity.back());
    result.current_capacity.push_back(current);
    const EffectiveCapacity effective =
        effective_capacity(scenario, static_cast<std::size_t>(index));
    result.effective_capacity.push_back(effective.capacity);
    result.binding_role.push_back(
        effective.binding_role < 0
            ? ""
            : scenario.staff_roles[static_cast<std::size_t>(effective.binding_role)].name);
    result.has_staff_on_hand.push_back(
        !scenario.levels[static_cast<std::size_t>(index)].staff_on_hand.empty());
    start.capacities.push_back(std::min(current, result.max_capacity.back()));
    const int step = k < options.step.size() ? options.step[k] : 0;
    start.steps.push_back(step > 0 ? step : std::max(1, (current + 5) / 10));
  }
  return start;
}

// One level: the search's candidates by capacity form the curve.
void size_one_level(Evaluator& eval, const SearchStart& start, SizingResult& result) {
  std::vector<SizingCandidate> tried;
  const int best = search_one(eval, start.capacities, 0, result.min_capacity[0],
                              result.max_capacity[0], start.steps[0], &tried);
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
}

// The level where a step removes the most shortfall per unit of annual cost; -1 when every
// level is at its limit. The candidate steps are simulated as one plan.
int greedy_pick(Evaluator& eval, const std::vector<int>& caps, const std::vector<int>& steps,
                const std::vector<int>& max_capacity) {
  std::vector<std::vector<int>> next(caps.size(), caps), round;
  for (std::size_t k = 0; k < caps.size(); ++k) {
    if (caps[k] >= max_capacity[k]) continue;
    next[k][k] = std::min(max_capacity[k], caps[k] + steps[k]);
    round.push_back(next[k]);
  }
  eval.evaluate(round);
  const SizingCandidate& now = eval(caps);
  const double s_now = eval.total_shortfall(now);
  int pick = -1;
  double best_score = -std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k < caps.size(); ++k) {
    if (caps[k] >= max_capacity[k]) continue;
    const SizingCandidate& cand = eval(next[k]);
    const double gain = s_now - eval.total_shortfall(cand);
    const double cost = std::max(cand.annual_cost.mean - now.annual_cost.mean, 1.0);
    const double score = gain / cost;
    if (score > best_score) best_score = score, pick = static_cast<int>(k);
  }
  return pick;
}

// Several levels: greedy steps until the targets are met, then each level trimmed by bisection
// (the steps overshoot) with the others fixed; the curve is the path taken.
void size_several_levels(Evaluator& eval, const SearchStart& start, SizingResult& result) {
  std::vector<int> caps = start.capacities;
  result.curve.push_back(eval(caps));
  while (!eval(caps).met) {
    const int pick = greedy_pick(eval, caps, start.steps, result.max_capacity);
    if (pick < 0) break;  // every level at its limit
    const auto k = static_cast<std::size_t>(pick);
    caps[k] = std::min(result.max_capacity[k], caps[k] + start.steps[k]);
    result.curve.push_back(eval(caps));
  }
  if (!eval(caps).met) return;
  for (std::size_t k = 0; k < caps.size(); ++k) {
    const int best =
        search_one(eval, caps, k, result.min_capacity[k], caps[k], start.steps[k], nullptr);
    if (best > 0 && best < caps[k]) {
      caps[k] = best;
      result.curve.push_back(eval(caps));
    }
  }
  result.met = true;
  result.recommendation = eval(caps);
}

}  // namespace

SizingResult size_capacity(const Scenario& scenario, const std::vector<std::string>& levels,
                           const std::vector<SizingTarget>& targets, const SizingOptions& options) {
  if (levels.empty()) throw std::invalid_argument("size: give at least one --level");
  if (targets.empty()) throw std::invalid_argument("size: give at least one --target");
  SizingResult result;
  result.levels = levels;
  result.targets = targets;
  const RunSpec spec = resolve_run_spec(scenario, options.run);
  result.replications = spec.replications;
  result.seed = spec.seed;
  result.currency = scenario.currency;
  const SearchStart start = search_start(scenario, options, result);
  Evaluator eval(scenario, levels, targets, options);
  if (levels.size() == 1)
    size_one_level(eval, start, result);
  else
    size_several_levels(eval, start, result);
  result.evaluations = eval.evaluations();
  result.allow_more_loss = options.allow_more_loss;
  result.as_written = eval.losses_as_written();
  result.lost_to_care_floor = eval.lost_to_care_floor();
  return result;
}

}  // namespace continuum
