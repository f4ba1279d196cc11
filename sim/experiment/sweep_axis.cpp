// Parsing a sweep's axes (PATH=LO:HI:STEP or PATH=V1,V2,...) and setting a point's values.
#include "continuum/experiment/sweep_axis.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>
#include <stdexcept>
#include <string_view>

#include "continuum/core/number_text.hpp"
#include "continuum/experiment/sweep_axes.hpp"
#include "continuum/model/bounds.hpp"
#include "continuum/model/distribution_checks.hpp"
#include "continuum/model/setting_path.hpp"

namespace continuum {

namespace {

constexpr int kMaxAxisValues = 1000;

// One value of the axis `text` (for messages): a number as the scenario file writes one
// (core/number_text.hpp).
double axis_number(const std::string& text, const std::string& s) {
  const std::optional<double> v = parse_number(trimmed(s));
  if (!v)
    throw std::invalid_argument(fmt::format("--set '{}': expected a number (got '{}')", text, s));
  return *v;
}

// LO:HI:STEP: LO, LO + STEP, ... up to HI (within rounding).
std::vector<double> axis_range(const std::string& text, const std::string& spec) {
  const auto c1 = spec.find(':'), c2 = spec.find(':', c1 + 1);
  if (c2 == std::string::npos)
    throw std::invalid_argument(fmt::format("--set '{}': expected LO:HI:STEP", text));
  const double lo = axis_number(text, spec.substr(0, c1)),
               hi = axis_number(text, spec.substr(c1 + 1, c2 - c1 - 1)),
               step = axis_number(text, spec.substr(c2 + 1));
  if (step <= 0 || hi < lo)
    throw std::invalid_argument(fmt::format("--set '{}': needs LO <= HI and STEP > 0", text));
  // Counted in double and checked before the cast: a huge range (1e55 values, or an infinite
  // HI - LO) does not fit an int (found by tests/fuzz/fuzz_setting_path, docs/reliability.md).
  const double count = std::floor((hi - lo) / step + 1e-9) + 1;
  if (!(count <= kMaxAxisValues))
    throw std::invalid_argument(
        fmt::format("--set '{}': more than {} values", text, kMaxAxisValues));
  const int n = static_cast<int>(count);
  std::vector<double> values;
  for (int i = 0; i < n; ++i)
    values.push_back(lo + i * step);
  return values;
}

// V1,V2,...
std::vector<double> axis_list(const std::string& text, const std::string& spec) {
  std::vector<double> values;
  std::set<double> seen;  // O(log n) a value: a list may be as long as the command line
  std::size_t start = 0;
  for (;;) {
    const auto comma = spec.find(',', start);
    const std::string given = spec.substr(start, comma - start);
    const double v = axis_number(text, given);
    if (!seen.insert(v).second)
      throw std::invalid_argument(fmt::format(
          "--set '{}': the value {} is given twice; give each value once", text, given));
    values.push_back(v);
    if (comma == std::string::npos) return values;
    start = comma + 1;
  }
}

}  // namespace

SweepAxis parse_sweep_axis(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw std::invalid_argument(
        fmt::format("--set '{}': expected PATH=LO:HI:STEP or PATH=V1,V2,...", text));
  const std::string spec = text.substr(eq + 1);
  return {text.substr(0, eq),
          spec.find(':') != std::string::npos ? axis_range(text, spec) : axis_list(text, spec)};
}

namespace {

constexpr std::string_view kNumericPaths =
    "levels.<level>.capacity, levels.<level>.length_of_stay.mean, "
    "levels.<level>.waitlist.patience.mean, levels.<level>.waitlist.max_length, "
    "levels.<level>.staff_on_hand.<role>, levels.<level>.dropout.probability, "
    "levels.<level>.relapse.probability, arrivals.<stream>.rate_per_day (or rate_per_week, "
    "rate_per_year), arrivals.<stream>.growth_per_year, relapse.probability";

bool ends_with(std::string_view text, std::string_view tail) {
  return text.size() > tail.size() && text.substr(text.size() - tail.size()) == tail &&
         text[text.size() - tail.size() - 1] == '.';
}

// A law with the mean `mean`: exponential and fixed take it, lognormal and gamma keep their
// coefficient of variation; "" or why not. The mean (and a scaled sd) within the bounds of the
// scenario file (model/bounds.hpp), and the law's derived parameters finite, as the loader checks.
std::string set_mean(DistributionSpec& law, double mean) {
  if (std::string p = bound_problem(bounds::kDistributionParameter, mean); !p.empty()) return p;
  auto scaled_sd = [&](double& sd, double old_mean) -> std::string {
    const double new_sd = sd * (mean / old_mean);
    if (std::string p = bound_problem(bounds::kDistributionParameter, new_sd); !p.empty())
      return fmt::format("the law keeps its coefficient of variation, so its sd would be {:g}: {}",
                         new_sd, p);
    sd = new_sd;
    return "";
  };
  if (auto* e = std::get_if<Exponential>(&law)) {
    e->mean = mean;
  } else if (auto* f = std::get_if<Fixed>(&law)) {
    f->value = mean;
  } else if (auto* l = std::get_if<Lognormal>(&law)) {
    if (std::string p = scaled_sd(l->sd, l->mean); !p.empty()) return p;
    l->mean = mean;
  } else if (auto* g = std::get_if<Gamma>(&law)) {
    if (std::string p = scaled_sd(g->sd, g->mean); !p.empty()) return p;
    g->mean = mean;
  } else {
    return fmt::format(
        "the law is {}; only exponential, fixed, lognormal and gamma laws have a "
        "mean to set",
        describe(law));
  }
  return derived_parameter_problem(law);
}

// The sweep's own numeric paths (means of laws, staff on hand, growth): true when `path` is
// one, with `problem` set when it cannot take `value` and `target` (when given) set to what it
// sets, one key for every spelling ("staff_on_hand:2:counselor").
bool apply_numeric_extra(Scenario& s, std::string_view path, double value, std::string& problem,
                         std::string* target = nullptr) {
  auto resolved = [&](std::string_view what, int index, std::string_view more = "") {
    if (target != nullptr) *target = fmt::format("{}:{}:{}", what, index, more);
  };
  ScenarioNames names(s);
  auto level_of = [&](std::string_view tail) {
    return names.levels.find(path.substr(7, path.size() - 7 - tail.size() - 1));
  };
  if (path.rfind("levels.", 0) == 0) {
    if (ends_with(path, "length_of_stay.mean")) {
      const int l = level_of("length_of_stay.mean");
      if (l < 0) return false;
      resolved("length_of_stay.mean", l);
      problem = set_mean(s.levels[static_cast<std::size_t>(l)].length_of_stay, value);
      return true;
    }
    if (ends_with(path, "waitlist.patience.mean")) {
      const int l = level_of("waitlist.patience.mean");
      if (l < 0) return false;
      resolved("waitlist.patience.mean", l);
      auto& patience = s.levels[static_cast<std::size_t>(l)].waitlist.patience;
      if (!patience)
        problem = "the level has no waitlist.patience (nobody abandons); give it one first";
      else
        problem = set_mean(*patience, value);
      return true;
    }
    if (const auto at = path.find(".staff_on_hand."); at != std::string_view::npos) {
      const int l = names.levels.find(path.substr(7, at - 7));
      if (l < 0) return false;
      const std::string_view role = path.substr(at + 15);
      resolved("staff_on_hand", l, role);
      for (auto& [r, fte] : s.levels[static_cast<std::size_t>(l)].staff_on_hand)
        if (s.staff_roles[static_cast<std::size_t>(r)].name == role) {
          if (std::string p = bound_problem(bounds::kStaffOnHand, value); !p.empty()) {
            problem = p;
          } else {
            fte = value;
          }
          return true;
        }
      problem = fmt::format("level '{}' has no staff_on_hand for role '{}'",
                            s.levels[static_cast<std::size_t>(l)].name, role);
      return true;
    }
  }
  if (path.rfind("arrivals.", 0) == 0 && ends_with(path, "growth_per_year")) {
    const int a = names.streams.find(path.substr(9, path.size() - 9 - 16));
    if (a < 0) return false;
    resolved("growth_per_year", a);
    ArrivalSpec& stream = s.arrivals[static_cast<std::size_t>(a)];
    if (!stream.poisson || !stream.schedule.empty())
      problem = "growth needs a stream given by rate_per_day";
    else if (!(value >= -0.9 && value <= 10))
      problem = fmt::format("must be between -0.9 and 10 (got {})", value);
    else
      stream.growth_per_year = value;
    return true;
  }
  return false;
}

// The kinds of `changes:` whose value is one number.
bool numeric_kind(Setting::Kind kind) {
  using K = Setting::Kind;
  return kind == K::kLevelCapacity || kind == K::kArrivalRate || kind == K::kDropoutProbability ||
         kind == K::kMaxLength || kind == K::kRelapseProbability || kind == K::kRelapseAfterDropout;
}

}  // namespace

void apply_setting(Scenario& scenario, const std::string& path, double value) {
  auto fail = [&](const std::string& problem) {
    throw std::invalid_argument(fmt::format("--set {}: {}", path, problem));
  };
  // capacity and rate_per_day: the setting-path parser's checks and messages (a capacity below
  // the patients found in care included: apply_setting_path's starting_value_problem).
  const ParsedSettingPath setting = parse_setting_path(path, scenario);
  if (setting.path) {
    if (std::string problem = apply_setting_path(scenario, path, value); !problem.empty())
      fail(problem);
    return;
  }
  if (std::string problem; apply_numeric_extra(scenario, path, value, problem)) {
    if (!problem.empty()) fail(problem);
    return;
  }
  // Any other numeric key a dated change may set, through the change-path parser.
  ScenarioNames names(scenario);
  const ParsedChangePath change = parse_change_path(path, scenario, names);
  if (!change.path) {
    if (path.rfind("levels.", 0) == 0 && path.ends_with(".capacity")) fail(setting.error);
    if (path.rfind("arrivals.", 0) == 0 && path.ends_with(".rate_per_day")) fail(setting.error);
    fail(fmt::format("{}; --set takes a numeric setting: {}", change.error, kNumericPaths));
  }
  if (!numeric_kind(change.path->kind))
    fail(fmt::format("not a numeric setting; --set takes {}", kNumericPaths));
  Setting s{};
  s.kind = change.path->kind;
  s.index = change.path->index;
  s.cls = change.path->cls;
  s.value = value / change.path->rate_days;
  if (s.kind == Setting::Kind::kLevelCapacity) {
    // A swept capacity holds from the start of the run: the patients found in care too.
    if (std::string p = starting_value_problem({s.kind, s.index}, value, scenario); !p.empty())
      fail(p);
  } else if (s.kind == Setting::Kind::kArrivalRate) {
    // rate_per_week / rate_per_year: the limits and the value in the key's own unit, as the
    // file's dated changes say them.
    if (std::string p = setting_value_problem_in_unit({s.kind, s.index}, value,
                                                      change.path->rate_days, scenario);
        !p.empty())
      fail(p);
  } else if (s.kind == Setting::Kind::kMaxLength) {
    // The file's bound (a whole number, 0 to 1e8), in its words.
    if (std::string p = bound_problem(bounds::kWaitlistMaxLength, value); !p.empty()) fail(p);
  } else if (!(value >= 0 && value <= 1)) {
    fail(fmt::format("must be between 0 and 1 (got {})", value));
  }
  if (std::string p = change_problem(scenario, s); !p.empty()) fail(p);
  apply_setting(scenario, s);
}

namespace {
// What `path` sets in `scenario` (a path apply_setting took with `value`), as one key for every
// spelling: arrivals.S.rate_per_day and arrivals.S.rate_per_week set the same rate.
std::string setting_target(Scenario scenario, const std::string& path, double value) {
  const ParsedSettingPath setting = parse_setting_path(path, scenario);
  if (setting.path)
    return fmt::format("{}:{}:-1", static_cast<int>(setting.path->kind), setting.path->index);
  std::string target;
  if (std::string problem; apply_numeric_extra(scenario, path, value, problem, &target))
    return target;
  ScenarioNames names(scenario);
  const ParsedChangePath change = parse_change_path(path, scenario, names);
  if (change.path)
    return fmt::format("{}:{}:{}", static_cast<int>(change.path->kind), change.path->index,
                       change.path->cls);
  return path;
}
}  // namespace

void check_distinct_axes(const Scenario& scenario, const std::vector<SweepAxis>& axes) {
  std::vector<std::string> targets;
  for (const SweepAxis& axis : axes) {
    targets.push_back(setting_target(scenario, axis.path, axis.values.front()));
    for (std::size_t b = 0; b + 1 < targets.size(); ++b) {
      if (targets[b] != targets.back()) continue;
      const std::string& first = axes[b].path;
      if (first == axis.path)
        throw std::invalid_argument(fmt::format(
            "--set {}: given twice; give each setting one --set, with all its values", first));
      throw std::invalid_argument(
          fmt::format("--set {}: sets the same setting as --set {}; give each setting one "
                      "--set, with all its values",
                      axis.path, first));
    }
  }
}

namespace {
// Whether a dated change of `changed` replaces the swept key `swept` (the same key, or one that
// holds it: dropout holds its probability and time, interarrival replaces a rate).
bool replaces(Setting::Kind changed, Setting::Kind swept) {
  using K = Setting::Kind;
  if (changed == swept) return true;
  if (changed == K::kDropout) return swept == K::kDropoutProbability || swept == K::kDropoutTime;
  if (changed == K::kInterarrival) return swept == K::kArrivalRate;
  if (changed == K::kArrivalRate) return swept == K::kInterarrival;
  return false;
}
}  // namespace

void check_not_changed_by_date(const Scenario& scenario, const std::string& path) {
  Setting::Kind kind{};
  int index = -1, cls = -1;
  if (const ParsedSettingPath setting = parse_setting_path(path, scenario); setting.path) {
    kind = setting.path->kind;
    index = setting.path->index;
  } else if (path.rfind("levels.", 0) == 0 && (path.ends_with(".length_of_stay.mean") ||
                                               path.ends_with(".waitlist.patience.mean"))) {
    const bool stay = path.ends_with(".length_of_stay.mean");
    const std::string_view tail = stay ? ".length_of_stay.mean" : ".waitlist.patience.mean";
    index = scenario.level_index(path.substr(7, path.size() - 7 - tail.size()));
    kind = stay ? Setting::Kind::kLengthOfStay : Setting::Kind::kPatience;
  } else {
    ScenarioNames names(scenario);
    const ParsedChangePath change = parse_change_path(path, scenario, names);
    if (!change.path) return;  // staff_on_hand and the like: no dated change can set them
    kind = change.path->kind;
    index = change.path->index;
    cls = change.path->cls;
  }
  for (const ChangeSpec& change : scenario.changes) {
    // A change from the horizon on never applies (model/compile.cpp; run warns of it).
    if (change.day >= scenario.horizon_days) continue;
    for (const Setting& setting : change.settings)
      if (replaces(setting.kind, kind) && setting.index == index &&
          (setting.cls == cls || setting.cls == -1 || cls == -1))
        throw std::invalid_argument(fmt::format(
            "--set {}: the scenario changes it on day {:g} (changes:), which would override the "
            "swept value from then on; sweep a scenario without dated changes to that setting",
            path, change.day));
  }
}

}  // namespace continuum
