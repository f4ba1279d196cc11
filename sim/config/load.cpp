// Loading a scenario: the document (with its overlays) read section by section, in an order
// where every section can check the names it refers to, and all problems thrown at once.
#include "continuum/config/load.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <tuple>

#include "overlay.hpp"
#include "safe_text.hpp"
#include "section_readers.hpp"

namespace continuum {

namespace config {
namespace {

// name: at most kMaxNameLength letters, digits, '-', '_' and '.', not starting with '.' (it names
// the results directory: `..` or `.hidden` would write outside results/ or out of sight, and a
// name past the file system's 255 bytes cannot be created).
constexpr std::size_t kMaxNameLength = 100;

void read_name(Reader& r, const YAML::Node& root, Scenario& s) {
  if (YAML::Node n = r.child(root, "", "name", true)) s.name = r.text(n, "name").value_or("");
  if (s.name.empty()) return;
  if (s.name.size() > kMaxNameLength)
    r.error(root["name"],
            fmt::format("name: at most {} characters (got {}: '{}'); it names the results "
                        "directory",
                        kMaxNameLength, s.name.size(), shortened(s.name, 40)));
  else if (s.name.find_first_not_of(
               "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") !=
           std::string::npos)
    r.error(root["name"],
            fmt::format("name: use letters, digits, '-', '_' and '.' only (got '{}'); "
                        "it names the results directory",
                        shortened(s.name)));
  else if (s.name.front() == '.')
    r.error(root["name"],
            fmt::format("name: must not start with '.' (got '{}'); it names the results directory",
                        shortened(s.name)));
}

// seed: a whole number from 0 to 2^64 - 1 (default 1).
std::uint64_t read_seed(Reader& r, const YAML::Node& n) {
  const std::string& t = n.Scalar();  // "" when not a scalar: refused
  if (quoted(n)) {
    r.error(n, fmt::format("seed: expected a whole number from 0 to 18446744073709551615 (got "
                           "the quoted string \"{}\")",
                           shortened(t)));
    return 0;
  }
  if (const std::string tag = explicit_tag(n); !tag.empty()) {
    r.error(n, fmt::format("seed: expected a whole number written plain (got '{}' with the tag {})",
                           shortened(t), shortened(tag)));
    return 0;
  }
  if (const std::string problem = seed_problem(t); !problem.empty()) {
    r.error(n, "seed: " + problem);
    return 0;
  }
  return parse_seed(t);
}

// currency: three capital letters, an ISO 4217 code such as USD or EUR (display only).
std::string read_currency(Reader& r, const YAML::Node& n) {
  const std::string t = n.IsScalar() ? n.Scalar() : std::string();
  const bool iso =
      t.size() == 3 && std::all_of(t.begin(), t.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  if (!iso) {
    r.error(n, fmt::format("currency: expected a three-letter ISO 4217 code such as USD or EUR "
                           "(got '{}')",
                           shortened(t)));
    return "USD";
  }
  return t;
}

// time_step_days: only 1 (day-boundary mode, docs/time-modes.md); warm-up and horizon are then
// whole days, so that every day boundary of the statistics window is one of the run. A horizon
// from the command line (run --horizon-days) is checked here too, reported at time_step_days.
void read_time_step(Reader& r, const YAML::Node& root, const YAML::Node& n, Scenario& s,
                    const LoadOptions& options) {
  const std::optional<double> step = r.number(n, "time_step_days");
  if (!step) return;
  if (*step != 1) {
    r.error(n, fmt::format("time_step_days: only 1 is supported (day-boundary mode); leave the "
                           "key out for continuous time (got {})",
                           n.Scalar()));
    return;
  }
  s.time_step_days = 1;
  for (const char* key : {"warmup_days", "horizon_days"}) {
    const double value = key[0] == 'w' ? s.warmup_days : s.horizon_days;
    if (key[0] == 'h' && options.horizon_days) {
      if (value != std::floor(value))
        r.error(n, fmt::format("--horizon-days: must be a whole number of days with "
                               "time_step_days: 1 (got {})",
                               value));
      continue;
    }
    const YAML::Node days = root[key];
    if (!days || !days.IsScalar()) continue;
    if (value != std::floor(value))
      r.error(days, fmt::format("{}: must be a whole number of days with time_step_days: 1 "
                                "(got {})",
                                key, days.Scalar()));
  }
}

// The top-level keys of the run: name, description, horizon, warm-up, replications and seed. A
// horizon from the command line replaces the file's before anything reads it, and goes through
// the checks the file's does (its range here, whole days with time_step_days: 1).
void read_run(Reader& r, const YAML::Node& root, Scenario& s, const LoadOptions& options) {
  read_name(r, root, s);
  if (YAML::Node d = root["description"]) s.description = r.text(d, "description").value_or("");
  r.required_number(root, "", "horizon_days", bounds::kHorizonDays, s.horizon_days, 0);
  if (options.horizon_days) {
    if (const std::string problem = bound_problem(bounds::kHorizonDays, *options.horizon_days);
        !problem.empty())
      r.error(SourcePos{}, "--horizon-days: " + problem);
    s.horizon_days = *options.horizon_days;
  }
  if (YAML::Node w = root["warmup_days"])
    s.warmup_days = r.number_in(w, "warmup_days", bounds::kWarmupDays).value_or(0);
  if (YAML::Node n = root["replications"])
    s.replications =
        static_cast<int>(r.whole(n, "replications", bounds::kReplications).value_or(1));
  else
    s.replications = 10;
  if (YAML::Node n = root["seed"])
    s.seed = read_seed(r, n);
  else
    s.seed = 1;
  if (YAML::Node c = root["currency"]) s.currency = read_currency(r, c);
  if (YAML::Node t = root["time_step_days"]) read_time_step(r, root, t, s, options);
  if (YAML::Node c = root["calendar"]) s.calendar = read_calendar(r, c);
}

// The sections in dependency order: classes before levels and streams (they name classes), staff
// roles before levels (staffing rules name them), level
// names before anything that routes, levels and streams before the changes that set them.
Scenario read_scenario(Reader& r, const YAML::Node& root, const std::string& path,
                       const LoadOptions& options) {
  Scenario s;
  s.source_path = path;
  if (!root.IsMap()) {
    r.error(root, "scenario: expected a mapping of keys to values at the top level");
    return s;
  }
  r.check_keys(root, "",
               {"name", "description", "horizon_days", "warmup_days", "replications", "seed",
                "currency", "time_step_days", "arrivals", "levels", "relapse", "changes", "staff",
                "classes", "report_windows", "calendar", "payers", "compliance"});
  read_run(r, root, s, options);
  if (YAML::Node classes = root["classes"]) s.classes = read_classes(r, classes);
  std::vector<std::string> names;
  for (const ClassSpec& c : s.classes)
    names.push_back(c.name);
  const NameIndex class_names(std::move(names));
  if (YAML::Node payers = root["payers"]) s.payers = read_payers(r, payers);
  if (YAML::Node staff = root["staff"]) s.staff_roles = read_staff(r, staff);
  NameIndex level_names;
  YAML::Node levels = r.child(root, "", "levels", true);
  if (levels && r.expect_map(levels, "levels")) {
    level_names = NameIndex(read_level_names(r, levels));
    std::vector<std::string> roles;
    for (const StaffRole& role : s.staff_roles)
      roles.push_back(role.name);
    s.levels = read_levels(r, levels, level_names, NameIndex(std::move(roles)), class_names);
    check_sessions(r, levels, s);
    read_level_payers(r, levels, s, level_names, class_names);
    if (s.time_step_days == 1)  // docs/time-modes.md: not (yet) in day-boundary mode
      for (const LevelSpec& level : s.levels)
        if (level.drug_testing)
          r.error(level.drug_testing->pos,
                  fmt::format("levels.{}.drug_testing is not supported with time_step_days: 1",
                              level.name));
  }
  if (YAML::Node arrivals = r.child(root, "", "arrivals", true))
    s.arrivals = read_arrivals(r, arrivals, s, level_names, class_names);
  if (YAML::Node rel = root["relapse"]) s.relapse = read_relapse(r, rel, level_names, class_names);
  if (YAML::Node changes = root["changes"]) s.changes = read_changes(r, changes, s);
  if (YAML::Node windows = root["report_windows"])
    s.report_windows = read_report_windows(r, windows, s);
  if (YAML::Node c = root["compliance"]) s.compliance = read_compliance(r, c);
  check_interim_time_step(r, levels, s);
  if (!r.failed()) check_classes(r, root, s);  // on a file read whole: no echo of other errors
  if (!r.failed()) check_recently_discharged(r, levels, s);
  s.exits = r.exits();
  return s;
}

// Every problem at once (up to Reader::kMaxErrors), in order of file and position.
[[noreturn]] void fail(Reader& r) {
  throw ScenarioError(r.take_diagnostics());
}

}  // namespace
}  // namespace config

std::string seed_problem(const std::string& text) {
  std::uint64_t seed = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seed);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    return fmt::format("expected a whole number from 0 to 18446744073709551615 (got '{}')", text);
  return "";
}

std::uint64_t parse_seed(const std::string& text) {
  std::uint64_t seed = 0;
  std::from_chars(text.data(), text.data() + text.size(), seed);
  return seed;
}

Scenario load_scenario_text(const std::string& text, const std::string& path,
                            const LoadOptions& options, std::vector<std::string>* files) {
  config::Origins origins;
  config::Reader r(path, &origins);
  Scenario s;
  try {
    const YAML::Node root = config::load_document(text, path, r, origins, files);
    if (!r.failed()) s = config::read_scenario(r, root, path, options);
  } catch (const YAML::Exception& e) {  // a shape yaml-cpp refuses (e.g. a map used as a key)
    r.error(SourcePos{e.mark.line + 1, e.mark.column + 1}, "YAML: " + e.msg);
  }
  if (r.failed()) config::fail(r);
  return s;
}

Scenario load_scenario(const std::string& path, const LoadOptions& options,
                       std::vector<std::string>* files) {
  std::string text;
  switch (config::read_text_file(path, text)) {
    case config::ReadStatus::kCannotOpen:
      throw ScenarioError(
          {{path, {}, "cannot open the scenario file", Diagnostic::Severity::kError}});
    case config::ReadStatus::kDirectory:
      throw ScenarioError(
          {{path, {}, "is a directory, not a scenario file", Diagnostic::Severity::kError}});
    case config::ReadStatus::kPipeSilent:
      throw ScenarioError({{path,
                            {},
                            config::pipe_silent_reason() + ", not a scenario file",
                            Diagnostic::Severity::kError}});
    case config::ReadStatus::kOk:
      break;
  }
  return load_scenario_text(text, path, options, files);
}

}  // namespace continuum
