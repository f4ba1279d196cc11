// The one place that reads YAML: scenario files to validated Scenario values, every problem
// reported with its FILE:LINE:COL.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "continuum/model/scenario.hpp"

namespace continuum {

namespace {

// Bounds that reject absurd values (typos such as an extra zero) before they cost hours.
constexpr double kMaxDays = 36500;  // 100 years
constexpr double kMaxRatePerDay = 100000;
constexpr int kMaxCapacity = 1000000;
constexpr int kMaxReplications = 100000;
constexpr double kProbabilityTolerance = 1e-6;

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// " (did you mean 'x'?)" when a candidate is close enough to be a likely typo, else "".
std::string suggestion(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(word, c);
    if (d < best_distance) best_distance = d, best = c;
  }
  if (best.empty() || best_distance > std::max<std::size_t>(2, word.size() / 3)) return "";
  return fmt::format(" (did you mean '{}'?)", best);
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words)
    out += (out.empty() ? "" : ", ") + w;
  return out;
}

// Which file each node of a merged document came from (extends:). Looked up only to place
// messages and positions, never while simulating.
class Origins {
 public:
  void add_tree(const YAML::Node& node, const std::string& file) {
    nodes_.emplace_back(node, file);
    if (node.IsMap()) {
      for (auto it = node.begin(); it != node.end(); ++it) {
        nodes_.emplace_back(it->first, file);
        add_tree(it->second, file);
      }
    } else if (node.IsSequence()) {
      for (const auto& child : node)
        add_tree(child, file);
    }
  }
  // The file a node was written in, or "" when unknown.
  std::string file_of(const YAML::Node& node) const {
    for (const auto& [n, file] : nodes_)
      if (n.is(node)) return file;
    return "";
  }
  bool empty() const { return nodes_.empty(); }

 private:
  std::vector<std::pair<YAML::Node, std::string>> nodes_;
};

class Reader {
 public:
  explicit Reader(std::string file, const Origins* origins = nullptr)
      : file_(std::move(file)), origins_(origins) {}

  SourcePos pos_of(const YAML::Node& node) const {
    const YAML::Mark m = node.Mark();
    if (m.line < 0) return {};
    SourcePos pos{m.line + 1, m.column + 1, ""};
    if (origins_ && !origins_->empty()) {
      pos.file = origins_->file_of(node);
      if (pos.file == file_) pos.file.clear();
    }
    return pos;
  }

  void error(SourcePos pos, std::string message) {
    diagnostics_.push_back({file_, pos, std::move(message), Diagnostic::Severity::kError});
  }
  void error(const YAML::Node& node, std::string message) {
    error(pos_of(node), std::move(message));
  }
  bool failed() const { return !diagnostics_.empty(); }
  std::vector<Diagnostic>& diagnostics() { return diagnostics_; }

  // Reports keys not in `allowed` (with the closest valid one) and keys given twice.
  void check_keys(const YAML::Node& map, const std::string& path,
                  const std::vector<std::string>& allowed) {
    std::set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      const std::string key = it->first.Scalar();
      if (!seen.insert(key).second)
        error(it->first, fmt::format("{}: key '{}' is given twice", path, key));
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
        error(it->first,
              fmt::format("{}: unknown key '{}'{}", prefix(path), key, suggestion(key, allowed)));
    }
  }

  bool expect_map(const YAML::Node& node, const std::string& path) {
    if (node.IsMap()) return true;
    error(node, fmt::format("{}: expected a mapping of keys to values", path));
    return false;
  }

  // A required or optional child; reports a missing required key at the parent's position.
  YAML::Node child(const YAML::Node& map, const std::string& path, const char* key, bool required) {
    YAML::Node c = map[key];
    if (!c && required)
      error(map, fmt::format("{}: missing required key '{}'", prefix_of(path), key));
    return c;
  }

  std::optional<double> number(const YAML::Node& node, const std::string& path) {
    if (!node.IsScalar()) {
      error(node, fmt::format("{}: expected a number", path));
      return std::nullopt;
    }
    const std::string& text = node.Scalar();
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
      error(node, fmt::format("{}: expected a number (got '{}')", path, text));
      return std::nullopt;
    }
    return value;
  }

  // A number in [lo, hi] (with lo excluded when lo_open).
  std::optional<double> number_in(const YAML::Node& node, const std::string& path, double lo,
                                  double hi, bool lo_open = false) {
    auto v = number(node, path);
    if (!v) return v;
    if (lo_open && *v <= lo) {
      error(node, fmt::format("{}: must be greater than {:g} (got {:g})", path, lo, *v));
      return std::nullopt;
    }
    if (*v < lo) {
      error(node, fmt::format("{}: must be at least {:g} (got {:g})", path, lo, *v));
      return std::nullopt;
    }
    if (*v > hi) {
      error(node, fmt::format("{}: must be at most {:g} (got {:g})", path, hi, *v));
      return std::nullopt;
    }
    return v;
  }

  std::optional<std::int64_t> whole(const YAML::Node& node, const std::string& path,
                                    std::int64_t lo, std::int64_t hi) {
    auto v = number(node, path);
    if (!v) return std::nullopt;
    if (*v != std::floor(*v)) {
      error(node, fmt::format("{}: expected a whole number (got {:g})", path, *v));
      return std::nullopt;
    }
    if (*v < static_cast<double>(lo)) {
      error(node, fmt::format("{}: must be at least {} (got {:g})", path, lo, *v));
      return std::nullopt;
    }
    if (*v > static_cast<double>(hi)) {
      error(node, fmt::format("{}: must be at most {} (got {:g})", path, hi, *v));
      return std::nullopt;
    }
    return static_cast<std::int64_t>(*v);
  }

  std::optional<bool> boolean(const YAML::Node& node, const std::string& path) {
    if (node.IsScalar()) {
      const std::string& t = node.Scalar();
      if (t == "true" || t == "yes" || t == "on") return true;
      if (t == "false" || t == "no" || t == "off") return false;
    }
    error(node, fmt::format("{}: expected true or false", path));
    return std::nullopt;
  }

  std::optional<std::string> text(const YAML::Node& node, const std::string& path) {
    if (node.IsScalar()) return node.Scalar();
    error(node, fmt::format("{}: expected text", path));
    return std::nullopt;
  }

 private:
  static std::string prefix(const std::string& path) { return path.empty() ? "scenario" : path; }
  static std::string prefix_of(const std::string& path) { return prefix(path); }

  std::string file_;
  const Origins* origins_;
  std::vector<Diagnostic> diagnostics_;
};

std::string sub(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

// A distribution: {distribution: NAME, PARAMS...}. Every parameter bounded to sensible days.
std::optional<DistributionSpec> read_distribution(Reader& r, const YAML::Node& node,
                                                  const std::string& path) {
  if (!r.expect_map(node, path)) return std::nullopt;
  YAML::Node kind_node = r.child(node, path, "distribution", true);
  if (!kind_node) return std::nullopt;
  auto kind = r.text(kind_node, sub(path, "distribution"));
  if (!kind) return std::nullopt;

  static const std::vector<std::pair<std::string, std::vector<std::string>>> kParams = {
      {"exponential", {"mean"}},   {"lognormal", {"mean", "sd"}},
      {"gamma", {"mean", "sd"}},   {"weibull", {"shape", "scale"}},
      {"uniform", {"min", "max"}}, {"triangular", {"min", "mode", "max"}},
      {"fixed", {"value"}},        {"empirical", {"values", "weights"}}};
  auto found =
      std::find_if(kParams.begin(), kParams.end(), [&](const auto& p) { return p.first == *kind; });
  if (found == kParams.end()) {
    r.error(kind_node,
            fmt::format("{}: unknown distribution '{}'{}; expected one of: {}",
                        sub(path, "distribution"), *kind, suggestion(*kind, distribution_names()),
                        join(distribution_names())));
    return std::nullopt;
  }
  std::vector<std::string> allowed = found->second;
  allowed.insert(allowed.begin(), "distribution");
  r.check_keys(node, path, allowed);

  const std::size_t before = r.diagnostics().size();
  auto param = [&](const char* key, double lo, bool lo_open) -> double {
    YAML::Node p = node[key];
    if (!p) {
      r.error(node, fmt::format("{}: missing required key '{}' for {}", path, key, *kind));
      return 0;
    }
    return r.number_in(p, sub(path, key), lo, kMaxDays, lo_open).value_or(0);
  };
  auto ok = [&] { return r.diagnostics().size() == before; };

  if (*kind == "exponential") {
    double mean = param("mean", 0, true);
    if (ok()) return Exponential{mean};
  } else if (*kind == "lognormal" || *kind == "gamma") {
    double mean = param("mean", 0, true), sd = param("sd", 0, true);
    if (!ok()) return std::nullopt;
    if (*kind == "lognormal") return Lognormal{mean, sd};
    return Gamma{mean, sd};
  } else if (*kind == "weibull") {
    double shape = param("shape", 0, true), scale = param("scale", 0, true);
    if (ok() && shape < 0.05) {
      r.error(node["shape"],
              fmt::format("{}: must be at least 0.05 (got {:g})", sub(path, "shape"), shape));
    }
    if (ok()) return Weibull{shape, scale};
  } else if (*kind == "uniform") {
    double lo = param("min", 0, false), hi = param("max", 0, false);
    if (ok() && hi <= lo)
      r.error(node, fmt::format("{}: max must be greater than min (got min {:g}, max {:g})", path,
                                lo, hi));
    if (ok()) return Uniform{lo, hi};
  } else if (*kind == "triangular") {
    double lo = param("min", 0, false), mode = param("mode", 0, false), hi = param("max", 0, false);
    if (ok() && !(lo <= mode && mode <= hi && lo < hi))
      r.error(node, fmt::format("{}: needs min <= mode <= max and min < max (got {:g}, {:g}, {:g})",
                                path, lo, mode, hi));
    if (ok()) return Triangular{lo, mode, hi};
  } else if (*kind == "fixed") {
    double value = param("value", 0, true);
    if (ok()) return Fixed{value};
  } else {  // empirical
    YAML::Node values = node["values"], weights = node["weights"];
    if (!values)
      r.error(node, fmt::format("{}: missing required key 'values' for empirical", path));
    if (!weights)
      r.error(node, fmt::format("{}: missing required key 'weights' for empirical", path));
    if (!ok()) return std::nullopt;
    if (!values.IsSequence() || values.size() == 0) {
      r.error(values, fmt::format("{}: expected a non-empty list of numbers", sub(path, "values")));
      return std::nullopt;
    }
    if (!weights.IsSequence() || weights.size() != values.size()) {
      r.error(weights, fmt::format("{}: expected a list of {} weights, one per value",
                                   sub(path, "weights"), values.size()));
      return std::nullopt;
    }
    Empirical e;
    double total = 0, weighted = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
      e.values.push_back(
          r.number_in(values[i], fmt::format("{}[{}]", sub(path, "values"), i), 0, kMaxDays)
              .value_or(0));
      e.weights.push_back(
          r.number_in(weights[i], fmt::format("{}[{}]", sub(path, "weights"), i), 0, 1e12)
              .value_or(0));
      total += e.weights.back();
      weighted += e.weights.back() * e.values.back();
    }
    if (!ok()) return std::nullopt;
    if (total <= 0 || weighted <= 0) {
      r.error(node,
              fmt::format("{}: the weighted mean of the values must be greater than 0", path));
      return std::nullopt;
    }
    return e;
  }
  return std::nullopt;
}

// A mapping of target names to probabilities that sum to 1.
std::vector<Route> read_routes(Reader& r, const YAML::Node& node, const std::string& path,
                               const std::vector<std::string>& level_names, bool allow_exit) {
  std::vector<Route> routes;
  if (!r.expect_map(node, path)) return routes;
  std::vector<std::string> valid = level_names;
  if (allow_exit) valid.push_back("exit");
  std::set<std::string> seen;
  double sum = 0;
  bool numbers_ok = true;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string key = it->first.Scalar();
    const std::string key_path = sub(path, key);
    if (!seen.insert(key).second)
      r.error(it->first, fmt::format("{}: key '{}' is given twice", path, key));
    auto p = r.number_in(it->second, key_path, 0, 1);
    if (!p) {
      numbers_ok = false;
      continue;
    }
    sum += *p;
    int target;
    if (allow_exit && key == "exit") {
      target = kExit;
    } else {
      auto at = std::find(level_names.begin(), level_names.end(), key);
      if (at == level_names.end()) {
        std::string what = key == "exit"
                               ? fmt::format("{}: 'exit' is not allowed here; name levels", path)
                               : fmt::format("{}: unknown level '{}'{}; levels are: {}", path, key,
                                             suggestion(key, valid), join(level_names));
        r.error(it->first, what);
        numbers_ok = false;
        continue;
      }
      target = static_cast<int>(at - level_names.begin());
    }
    if (*p > 0) routes.push_back({target, *p, r.pos_of(it->first)});
  }
  if (numbers_ok && std::abs(sum - 1) > kProbabilityTolerance)
    r.error(node, fmt::format("{}: probabilities sum to {:g}, not 1", path, sum));
  return routes;
}

// staff.roles: {ROLE: {hours_per_fte_week, productive_share, cost_per_fte_year}}.
std::vector<StaffRole> read_staff(Reader& r, const YAML::Node& node) {
  std::vector<StaffRole> roles;
  if (!r.expect_map(node, "staff")) return roles;
  r.check_keys(node, "staff", {"roles"});
  YAML::Node list = r.child(node, "staff", "roles", true);
  if (!list || !r.expect_map(list, "staff.roles")) return roles;
  for (auto it = list.begin(); it != list.end(); ++it) {
    StaffRole role;
    role.name = it->first.Scalar();
    role.pos = r.pos_of(it->first);
    const std::string path = "staff.roles." + role.name;
    const YAML::Node m = it->second;
    if (r.expect_map(m, path)) {
      r.check_keys(m, path, {"hours_per_fte_week", "productive_share", "cost_per_fte_year"});
      if (YAML::Node h = m["hours_per_fte_week"])
        role.hours_per_fte_week =
            r.number_in(h, sub(path, "hours_per_fte_week"), 0, 168, true).value_or(40);
      if (YAML::Node p = m["productive_share"])
        role.productive_share =
            r.number_in(p, sub(path, "productive_share"), 0, 1, true).value_or(1);
      if (YAML::Node c = m["cost_per_fte_year"])
        role.cost_per_fte_year = r.number_in(c, sub(path, "cost_per_fte_year"), 0, 1e7).value_or(0);
    }
    roles.push_back(std::move(role));
  }
  return roles;
}

std::vector<std::string> role_names(const std::vector<StaffRole>& roles) {
  std::vector<std::string> names;
  for (const auto& role : roles)
    names.push_back(role.name);
  return names;
}

// The role named by a key under staffing or staff_on_hand, or -1 (reported).
int role_of(Reader& r, const YAML::Node& key, const std::string& path,
            const std::vector<StaffRole>& roles) {
  const std::string name = key.Scalar();
  for (std::size_t i = 0; i < roles.size(); ++i)
    if (roles[i].name == name) return static_cast<int>(i);
  const auto names = role_names(roles);
  r.error(key,
          fmt::format("{}: role '{}' is not defined under staff.roles{}{}", path, name,
                      suggestion(name, names), names.empty() ? "" : "; roles are: " + join(names)));
  return -1;
}

// A level's schedule, staffing rules, non-staff cost and staff on hand.
void read_level_staff(Reader& r, const YAML::Node& node, const std::string& path, LevelSpec& level,
                      const std::vector<StaffRole>& roles) {
  if (YAML::Node c = node["cost_per_patient_day"])
    level.cost_per_patient_day =
        r.number_in(c, sub(path, "cost_per_patient_day"), 0, 1e6).value_or(0);
  if (YAML::Node sched = node["schedule"]) {
    const std::string spath = sub(path, "schedule");
    if (r.expect_map(sched, spath)) {
      r.check_keys(sched, spath, {"sessions_per_week", "hours_per_session", "group_size_max"});
      ScheduleSpec spec;
      if (YAML::Node n = r.child(sched, spath, "sessions_per_week", true))
        spec.sessions_per_week =
            r.number_in(n, sub(spath, "sessions_per_week"), 0, 21, true).value_or(1);
      if (YAML::Node n = r.child(sched, spath, "hours_per_session", true))
        spec.hours_per_session =
            r.number_in(n, sub(spath, "hours_per_session"), 0, 24, true).value_or(1);
      if (YAML::Node n = r.child(sched, spath, "group_size_max", true))
        spec.group_size_max =
            static_cast<int>(r.whole(n, sub(spath, "group_size_max"), 1, 10000).value_or(1));
      level.schedule = spec;
    }
  }
  if (YAML::Node staffing = node["staffing"]) {
    const std::string spath = sub(path, "staffing");
    if (r.expect_map(staffing, spath)) {
      for (auto it = staffing.begin(); it != staffing.end(); ++it) {
        const std::string rpath = sub(spath, it->first.Scalar());
        const int role = role_of(r, it->first, spath, roles);
        const YAML::Node m = it->second;
        if (!r.expect_map(m, rpath)) continue;
        r.check_keys(m, rpath,
                     {"patients_per_staff", "coverage_hours_per_week", "minimum_on_duty",
                      "hours_per_patient_week", "caseload", "facilitators_per_group",
                      "individual_hours_per_patient_week"});
        StaffRule rule;
        rule.role = role;
        rule.pos = r.pos_of(it->first);
        if (YAML::Node n = m["patients_per_staff"])
          rule.patients_per_staff = r.number_in(n, sub(rpath, "patients_per_staff"), 0, 1e6, true);
        if (YAML::Node n = m["coverage_hours_per_week"]) {
          rule.coverage_hours_per_week =
              r.number_in(n, sub(rpath, "coverage_hours_per_week"), 0, 168, true).value_or(168);
          if (!m["patients_per_staff"] && !m["minimum_on_duty"])
            r.error(n, fmt::format("{}: needs 'patients_per_staff' or 'minimum_on_duty'",
                                   sub(rpath, "coverage_hours_per_week")));
        }
        if (YAML::Node n = m["minimum_on_duty"])
          rule.minimum_on_duty =
              static_cast<int>(r.whole(n, sub(rpath, "minimum_on_duty"), 0, 100000).value_or(0));
        if (YAML::Node n = m["hours_per_patient_week"])
          rule.hours_per_patient_week =
              r.number_in(n, sub(rpath, "hours_per_patient_week"), 0, 168).value_or(0);
        if (YAML::Node n = m["caseload"])
          rule.caseload = r.number_in(n, sub(rpath, "caseload"), 0, 1e6, true);
        if (YAML::Node n = m["facilitators_per_group"]) {
          rule.facilitators_per_group =
              r.number_in(n, sub(rpath, "facilitators_per_group"), 0, 100).value_or(0);
          if (!node["schedule"])
            r.error(n, fmt::format("{}: needs the level's 'schedule' (sessions and group size)",
                                   sub(rpath, "facilitators_per_group")));
        }
        if (YAML::Node n = m["individual_hours_per_patient_week"])
          rule.individual_hours_per_patient_week =
              r.number_in(n, sub(rpath, "individual_hours_per_patient_week"), 0, 168).value_or(0);
        if (m.size() == 0)
          r.error(m, fmt::format("{}: give at least one rule (patients_per_staff, "
                                 "hours_per_patient_week, caseload or facilitators_per_group)",
                                 rpath));
        if (role >= 0) level.staffing.push_back(rule);
      }
    }
  }
  if (YAML::Node onhand = node["staff_on_hand"]) {
    const std::string opath = sub(path, "staff_on_hand");
    if (r.expect_map(onhand, opath)) {
      for (auto it = onhand.begin(); it != onhand.end(); ++it) {
        const int role = role_of(r, it->first, opath, roles);
        auto fte = r.number_in(it->second, sub(opath, it->first.Scalar()), 0, 1e6);
        if (role < 0 || !fte) continue;
        const bool used = std::any_of(level.staffing.begin(), level.staffing.end(),
                                      [&](const StaffRule& rule) { return rule.role == role; });
        if (!used)
          r.error(it->first,
                  fmt::format("{}: the level's staffing has no rule for '{}'; staff on hand "
                              "can only cap what a rule requires",
                              opath, it->first.Scalar()));
        else
          level.staff_on_hand.emplace_back(role, *fte);
      }
    }
  }
}

LevelSpec read_level(Reader& r, const std::string& name, const YAML::Node& key_node,
                     const YAML::Node& node, const std::vector<std::string>& level_names,
                     const std::vector<StaffRole>& roles) {
  LevelSpec level;
  level.name = name;
  level.pos = r.pos_of(key_node);
  const std::string path = "levels." + name;
  if (!r.expect_map(node, path)) return level;
  r.check_keys(node, path,
               {"capacity", "length_of_stay", "dropout", "waitlist", "next", "hold_while_waiting",
                "initial_state", "schedule", "staffing", "cost_per_patient_day", "staff_on_hand"});

  if (YAML::Node c = r.child(node, path, "capacity", true)) {
    if (c.IsScalar() && c.Scalar() == "unlimited") {
      level.capacity = std::numeric_limits<int>::max();
    } else if (auto v = r.whole(c, sub(path, "capacity"), 1, kMaxCapacity)) {
      level.capacity = static_cast<int>(*v);
    }
  }
  if (YAML::Node los = r.child(node, path, "length_of_stay", true)) {
    if (auto d = read_distribution(r, los, sub(path, "length_of_stay"))) level.length_of_stay = *d;
  }
  if (YAML::Node drop = node["dropout"]) {
    const std::string dpath = sub(path, "dropout");
    if (r.expect_map(drop, dpath)) {
      r.check_keys(drop, dpath, {"probability", "time"});
      DropoutSpec spec;
      if (YAML::Node p = r.child(drop, dpath, "probability", true))
        spec.probability = r.number_in(p, sub(dpath, "probability"), 0, 1).value_or(0);
      if (YAML::Node t = r.child(drop, dpath, "time", true))
        if (auto d = read_distribution(r, t, sub(dpath, "time"))) spec.time = *d;
      level.dropout = spec;
    }
  }
  if (YAML::Node wl = node["waitlist"]) {
    const std::string wpath = sub(path, "waitlist");
    if (r.expect_map(wl, wpath)) {
      r.check_keys(wl, wpath, {"patience", "max_length", "on_abandon"});
      if (YAML::Node o = wl["on_abandon"]) {
        level.waitlist.on_abandon = read_routes(r, o, sub(wpath, "on_abandon"), level_names, true);
        if (!wl["patience"])
          r.error(o, fmt::format("{}: needs 'patience' (without it nobody abandons)",
                                 sub(wpath, "on_abandon")));
      }
      if (YAML::Node p = wl["patience"])
        level.waitlist.patience = read_distribution(r, p, sub(wpath, "patience"));
      if (YAML::Node m = wl["max_length"])
        level.waitlist.max_length = r.whole(m, sub(wpath, "max_length"), 0, 100000000);
    }
  }
  if (YAML::Node next = node["next"]) {
    level.next = read_routes(r, next, sub(path, "next"), level_names, true);
  } else {
    level.next = {{kExit, 1.0, level.pos}};  // absent: every completer leaves care
  }
  if (YAML::Node h = node["hold_while_waiting"])
    level.hold_while_waiting = r.boolean(h, sub(path, "hold_while_waiting")).value_or(false);
  if (YAML::Node init = node["initial_state"]) {
    const std::string ipath = sub(path, "initial_state");
    if (r.expect_map(init, ipath)) {
      r.check_keys(init, ipath, {"in_care", "waiting", "days_in_care", "days_waited"});
      InitialState state;
      if (YAML::Node n = init["in_care"])
        state.in_care = r.whole(n, sub(ipath, "in_care"), 0, kMaxCapacity).value_or(0);
      if (YAML::Node n = init["waiting"])
        state.waiting = r.whole(n, sub(ipath, "waiting"), 0, 100000000).value_or(0);
      auto days = [&](const char* key, std::int64_t count, std::vector<double>& out) {
        YAML::Node list = init[key];
        if (!list) return;
        const std::string lpath = sub(ipath, key);
        if (!list.IsSequence() || static_cast<std::int64_t>(list.size()) != count) {
          r.error(list,
                  fmt::format("{}: expected a list of {} numbers, one per patient", lpath, count));
          return;
        }
        for (std::size_t i = 0; i < list.size(); ++i)
          out.push_back(
              r.number_in(list[i], fmt::format("{}[{}]", lpath, i), 0, kMaxDays).value_or(0));
      };
      days("days_in_care", state.in_care, state.days_in_care);
      days("days_waited", state.waiting, state.days_waited);
      level.initial_state = std::move(state);
    }
  }
  read_level_staff(r, node, path, level, roles);
  return level;
}

Scenario read_scenario(Reader& r, const YAML::Node& root, const std::string& path) {
  Scenario s;
  s.source_path = path;
  if (!root.IsMap()) {
    r.error(root, "scenario: expected a mapping of keys to values at the top level");
    return s;
  }
  r.check_keys(root, "",
               {"name", "description", "horizon_days", "warmup_days", "replications", "seed",
                "arrivals", "levels", "relapse", "changes", "staff"});

  if (YAML::Node n = r.child(root, "", "name", true)) s.name = r.text(n, "name").value_or("");
  if (!s.name.empty() &&
      s.name.find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") != std::string::npos)
    r.error(root["name"],
            fmt::format("name: use letters, digits, '-', '_' and '.' only (got '{}'); "
                        "it names the results directory",
                        s.name));
  if (YAML::Node d = root["description"]) s.description = r.text(d, "description").value_or("");
  if (YAML::Node h = r.child(root, "", "horizon_days", true))
    s.horizon_days = r.number_in(h, "horizon_days", 0, kMaxDays, true).value_or(0);
  if (YAML::Node w = root["warmup_days"])
    s.warmup_days = r.number_in(w, "warmup_days", 0, kMaxDays).value_or(0);
  if (YAML::Node n = root["replications"])
    s.replications = static_cast<int>(r.whole(n, "replications", 1, kMaxReplications).value_or(1));
  else
    s.replications = 10;
  if (YAML::Node n = root["seed"]) {
    std::uint64_t seed = 0;
    const std::string& t = n.Scalar();
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), seed);
    if (!n.IsScalar() || ec != std::errc() || end != t.data() + t.size())
      r.error(n, fmt::format(
                     "seed: expected a whole number from 0 to 18446744073709551615 (got '{}')", t));
    s.seed = seed;
  } else {
    s.seed = 1;
  }

  // Staff roles before levels: level staffing rules name them.
  if (YAML::Node staff = root["staff"]) s.staff_roles = read_staff(r, staff);

  // Level names first: routes anywhere may refer to any level.
  std::vector<std::string> level_names;
  YAML::Node levels = r.child(root, "", "levels", true);
  if (levels && r.expect_map(levels, "levels")) {
    for (auto it = levels.begin(); it != levels.end(); ++it) {
      const std::string name = it->first.Scalar();
      if (name == "exit")
        r.error(it->first,
                "levels.exit: 'exit' is reserved for leaving care; name the level otherwise");
      if (std::find(level_names.begin(), level_names.end(), name) != level_names.end())
        r.error(it->first, fmt::format("levels: level '{}' is defined twice", name));
      level_names.push_back(name);
    }
    if (level_names.empty()) r.error(levels, "levels: define at least one level");
    for (auto it = levels.begin(); it != levels.end(); ++it)
      s.levels.push_back(
          read_level(r, it->first.Scalar(), it->first, it->second, level_names, s.staff_roles));
  }

  YAML::Node arrivals = r.child(root, "", "arrivals", true);
  if (arrivals) {
    if (!arrivals.IsSequence() || arrivals.size() == 0) {
      r.error(arrivals, "arrivals: expected a non-empty list of referral streams");
    } else {
      std::set<std::string> names;
      for (std::size_t i = 0; i < arrivals.size(); ++i) {
        const YAML::Node a = arrivals[i];
        const std::string apath = fmt::format("arrivals[{}]", i);
        if (!r.expect_map(a, apath)) continue;
        r.check_keys(a, apath,
                     {"name", "rate_per_day", "interarrival", "entry", "start_day",
                      "growth_per_year", "monthly_factors"});
        ArrivalSpec spec;
        spec.pos = r.pos_of(a);
        if (YAML::Node n = r.child(a, apath, "name", true))
          spec.name = r.text(n, sub(apath, "name")).value_or("");
        if (!spec.name.empty() && !names.insert(spec.name).second)
          r.error(a["name"],
                  fmt::format("{}.name: arrival stream '{}' is defined twice", apath, spec.name));
        YAML::Node rate = a["rate_per_day"], gap = a["interarrival"];
        if (rate && gap) {
          r.error(gap,
                  fmt::format("{}: give either 'rate_per_day' or 'interarrival', not both", apath));
        } else if (rate) {
          spec.rate_per_day =
              r.number_in(rate, sub(apath, "rate_per_day"), 0, kMaxRatePerDay, true).value_or(1);
          spec.interarrival = Exponential{1 / spec.rate_per_day};
        } else if (gap) {
          if (auto d = read_distribution(r, gap, sub(apath, "interarrival"))) {
            spec.interarrival = *d;
            spec.poisson = false;
            spec.rate_per_day = 1 / mean_of(*d);
            if (spec.rate_per_day > kMaxRatePerDay)
              r.error(gap, fmt::format("{}: more than {:g} referrals a day",
                                       sub(apath, "interarrival"), kMaxRatePerDay));
          }
        } else {
          r.error(
              a, fmt::format("{}: missing required key 'rate_per_day' (or 'interarrival')", apath));
        }
        if (YAML::Node e = r.child(a, apath, "entry", true))
          spec.entry = read_routes(r, e, sub(apath, "entry"), level_names, false);
        if (YAML::Node d = a["start_day"])
          spec.start_day = r.number_in(d, sub(apath, "start_day"), 0, kMaxDays).value_or(0);
        if (YAML::Node g = a["growth_per_year"]) {
          spec.growth_per_year =
              r.number_in(g, sub(apath, "growth_per_year"), -0.9, 10).value_or(0);
          if (gap)
            r.error(g, fmt::format("{}: needs 'rate_per_day' (Poisson referrals)",
                                   sub(apath, "growth_per_year")));
        }
        if (YAML::Node m = a["monthly_factors"]) {
          const std::string mpath = sub(apath, "monthly_factors");
          if (!m.IsSequence() || m.size() != 12) {
            r.error(m, fmt::format("{}: expected a list of 12 factors, January first", mpath));
          } else {
            double total = 0;
            for (std::size_t k = 0; k < 12; ++k) {
              spec.monthly_factors.push_back(
                  r.number_in(m[k], fmt::format("{}[{}]", mpath, k), 0, 100).value_or(1));
              total += spec.monthly_factors.back();
            }
            if (total <= 0)
              r.error(m, fmt::format("{}: at least one factor must be positive", mpath));
          }
          if (gap) r.error(m, fmt::format("{}: needs 'rate_per_day' (Poisson referrals)", mpath));
        }
        s.arrivals.push_back(std::move(spec));
      }
    }
  }

  if (YAML::Node rel = root["relapse"]) {
    if (r.expect_map(rel, "relapse")) {
      r.check_keys(rel, "relapse",
                   {"probability", "probability_after_dropout", "time_to_relapse", "reentry"});
      RelapseSpec spec;
      spec.pos = r.pos_of(rel);
      if (YAML::Node p = r.child(rel, "relapse", "probability", true))
        spec.probability = r.number_in(p, "relapse.probability", 0, 1).value_or(0);
      if (YAML::Node p = rel["probability_after_dropout"])
        spec.probability_after_dropout = r.number_in(p, "relapse.probability_after_dropout", 0, 1);
      if (YAML::Node t = r.child(rel, "relapse", "time_to_relapse", true))
        if (auto d = read_distribution(r, t, "relapse.time_to_relapse")) spec.time_to_relapse = *d;
      if (YAML::Node e = r.child(rel, "relapse", "reentry", true))
        spec.reentry = read_routes(r, e, "relapse.reentry", level_names, false);
      s.relapse = std::move(spec);
    }
  }

  if (YAML::Node changes = root["changes"]) {
    if (!changes.IsSequence()) {
      r.error(changes, "changes: expected a list of {day: D, set: {PATH: VALUE}}");
    } else {
      for (std::size_t i = 0; i < changes.size(); ++i) {
        const YAML::Node c = changes[i];
        const std::string cpath = fmt::format("changes[{}]", i);
        if (!r.expect_map(c, cpath)) continue;
        r.check_keys(c, cpath, {"day", "set"});
        ChangeSpec change;
        change.pos = r.pos_of(c);
        if (YAML::Node d = r.child(c, cpath, "day", true))
          change.day = r.number_in(d, sub(cpath, "day"), 0, s.horizon_days).value_or(0);
        YAML::Node set = r.child(c, cpath, "set", true);
        if (set && r.expect_map(set, sub(cpath, "set"))) {
          for (auto it = set.begin(); it != set.end(); ++it) {
            const std::string key = it->first.Scalar();
            const std::string kpath = sub(cpath, "set." + key);
            Setting setting{};
            setting.pos = r.pos_of(it->first);
            const auto dot1 = key.find('.'), dot2 = key.rfind('.');
            const std::string head = key.substr(0, dot1);
            const std::string middle = dot1 == std::string::npos || dot2 == dot1
                                           ? ""
                                           : key.substr(dot1 + 1, dot2 - dot1 - 1);
            const std::string tail = dot2 == std::string::npos ? "" : key.substr(dot2 + 1);
            if (head == "levels" && tail == "capacity" && !middle.empty()) {
              setting.kind = Setting::Kind::kLevelCapacity;
              setting.index = s.level_index(middle);
              if (setting.index < 0) {
                r.error(it->first, fmt::format("{}: unknown level '{}'{}", kpath, middle,
                                               suggestion(middle, level_names)));
                continue;
              }
              setting.value =
                  static_cast<double>(r.whole(it->second, kpath, 0, kMaxCapacity).value_or(0));
              if (!s.levels[static_cast<std::size_t>(setting.index)].staff_on_hand.empty())
                r.error(it->first, fmt::format("{}: level '{}' has staff_on_hand, which caps its "
                                               "capacity; a dated capacity change is not "
                                               "supported there",
                                               kpath, middle));
            } else if (head == "arrivals" && tail == "rate_per_day" && !middle.empty()) {
              setting.kind = Setting::Kind::kArrivalRate;
              setting.index = -1;
              for (std::size_t k = 0; k < s.arrivals.size(); ++k)
                if (s.arrivals[k].name == middle) setting.index = static_cast<int>(k);
              if (setting.index < 0) {
                r.error(it->first, fmt::format("{}: unknown arrival stream '{}'", kpath, middle));
                continue;
              }
              if (!s.arrivals[static_cast<std::size_t>(setting.index)].poisson)
                r.error(it->first, fmt::format("{}: only streams given by rate_per_day can change "
                                               "rate",
                                               kpath));
              setting.value = r.number_in(it->second, kpath, 0, kMaxRatePerDay).value_or(0);
            } else {
              r.error(it->first,
                      fmt::format("{}: cannot change '{}'; changes can set "
                                  "levels.<level>.capacity and arrivals.<stream>.rate_per_day",
                                  cpath, key));
              continue;
            }
            change.settings.push_back(setting);
          }
        }
        s.changes.push_back(std::move(change));
      }
      std::stable_sort(s.changes.begin(), s.changes.end(),
                       [](const ChangeSpec& a, const ChangeSpec& b) { return a.day < b.day; });
    }
  }
  return s;
}

}  // namespace

namespace {

constexpr int kMaxExtendsDepth = 8;

bool read_text_file(const std::string& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  text = buffer.str();
  return true;
}

// Maps that an overlay replaces whole rather than merges key by key: routing tables (their
// probabilities must sum to 1 as written) and distributions (parameters depend on the kind).
bool replaced_whole(const std::string& key, const YAML::Node& value) {
  return key == "entry" || key == "next" || key == "reentry" || key == "on_abandon" ||
         (value.IsMap() && value["distribution"]);
}

void merge_into(YAML::Node base, const YAML::Node& over, Reader& r, const std::string& path);

// Arrival streams are merged by name; `delete: true` removes the base's stream of that name.
YAML::Node merge_arrivals(const YAML::Node& base, const YAML::Node& over, Reader& r) {
  YAML::Node merged(YAML::NodeType::Sequence);
  auto name_of = [](const YAML::Node& item) -> std::string {
    return item.IsMap() && item["name"] && item["name"].IsScalar() ? item["name"].Scalar() : "";
  };
  auto deleted = [](const YAML::Node& item) {
    return item.IsMap() && item["delete"] && item["delete"].IsScalar() &&
           item["delete"].Scalar() == "true";
  };
  std::set<std::string> base_names;
  for (std::size_t i = 0; i < base.size(); ++i) {
    const YAML::Node b = base[i];
    const std::string name = name_of(b);
    base_names.insert(name);
    YAML::Node match;
    for (std::size_t j = 0; j < over.size(); ++j)
      if (!name.empty() && name_of(over[j]) == name) match = over[j];
    if (!match) {
      merged.push_back(b);
    } else if (!deleted(match)) {
      merge_into(b, match, r, fmt::format("arrivals[{}]", name));
      merged.push_back(b);
    }
  }
  for (std::size_t j = 0; j < over.size(); ++j) {
    const YAML::Node o = over[j];
    const std::string name = name_of(o);
    if (!name.empty() && base_names.count(name)) continue;
    if (deleted(o))
      r.error(o,
              fmt::format("arrivals: no stream named '{}' in the base scenario to delete", name));
    else
      merged.push_back(o);
  }
  return merged;
}

// Deep merge of `over` onto `base` (in place): maps key by key, a null value deletes the key,
// everything else replaces.
void merge_into(YAML::Node base, const YAML::Node& over, Reader& r, const std::string& path) {
  for (auto it = over.begin(); it != over.end(); ++it) {
    const std::string key = it->first.Scalar();
    const YAML::Node value = it->second;
    const YAML::Node& const_base = base;
    const YAML::Node existing = const_base[key];
    if (value.IsNull()) {
      if (!existing)
        r.error(it->first, fmt::format("{}: nothing named '{}' in the base scenario to delete",
                                       path.empty() ? "scenario" : path, key));
      else
        base.remove(key);
    } else if (path.empty() && key == "arrivals" && existing && existing.IsSequence() &&
               value.IsSequence()) {
      base[key] = merge_arrivals(existing, value, r);
    } else if (existing && existing.IsMap() && value.IsMap() && !replaced_whole(key, value)) {
      merge_into(existing, value, r, sub(path, key));
    } else {
      base[key] = value;
    }
  }
}

// Parses one file's text; follows `extends:` and merges this file onto its base.
YAML::Node load_tree(const std::string& text, const std::string& path, const std::string& top,
                     Reader& r, Origins& origins, std::vector<std::string>& chain) {
  const std::string shown = path == top ? "" : path;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    r.error(SourcePos{e.mark.line + 1, e.mark.column + 1, shown}, "YAML syntax: " + e.msg);
    return {};
  }
  if (!root || root.IsNull()) {
    r.error(SourcePos{1, 1, shown}, "scenario: the file is empty");
    return {};
  }
  origins.add_tree(root, path);
  if (!root.IsMap() || !root["extends"]) return root;

  const YAML::Node ext = root["extends"];
  if (!ext.IsScalar() || ext.Scalar().empty()) {
    r.error(ext, "extends: expected the path of the base scenario");
    return {};
  }
  const std::string base_path =
      (std::filesystem::path(path).parent_path() / ext.Scalar()).lexically_normal().string();
  chain.push_back(path);
  if (std::find(chain.begin(), chain.end(), base_path) != chain.end()) {
    r.error(ext, fmt::format("extends: '{}' extends itself through {}", base_path, join(chain)));
    return {};
  }
  if (static_cast<int>(chain.size()) > kMaxExtendsDepth) {
    r.error(ext, fmt::format("extends: more than {} levels of extends", kMaxExtendsDepth));
    return {};
  }
  std::string base_text;
  if (!read_text_file(base_path, base_text)) {
    r.error(ext, fmt::format("extends: cannot open the base scenario '{}'", base_path));
    return {};
  }
  YAML::Node base = load_tree(base_text, base_path, top, r, origins, chain);
  chain.pop_back();
  if (!base) return {};
  if (!base.IsMap()) return base;  // reported when read
  root.remove("extends");
  merge_into(base, root, r, "");
  return base;
}

}  // namespace

Scenario load_scenario_text(const std::string& text, const std::string& path) {
  Origins origins;
  Reader r(path, &origins);
  std::vector<std::string> chain;
  Scenario s;
  try {
    const YAML::Node root = load_tree(text, path, path, r, origins, chain);
    if (!r.failed()) s = read_scenario(r, root, path);
  } catch (const YAML::Exception& e) {  // a shape yaml-cpp refuses (e.g. a map used as a key)
    r.error(SourcePos{e.mark.line + 1, e.mark.column + 1}, "YAML: " + e.msg);
  }
  if (r.failed()) {
    auto& d = r.diagnostics();
    std::stable_sort(d.begin(), d.end(), [](const Diagnostic& a, const Diagnostic& b) {
      return std::tie(a.pos.file, a.pos.line, a.pos.column) <
             std::tie(b.pos.file, b.pos.line, b.pos.column);
    });
    throw ScenarioError(std::move(d));
  }
  return s;
}

Scenario load_scenario(const std::string& path) {
  std::string text;
  if (!read_text_file(path, text))
    throw ScenarioError(
        {{path, {}, "cannot open the scenario file", Diagnostic::Severity::kError}});
  return load_scenario_text(text, path);
}

}  // namespace continuum
