// Reading report windows: report_windows: [{name, from_day, to_day}], each a named part
// [from_day, to_day) of the statistics window [0, horizon].
#include <fmt/format.h>

#include <set>

#include "safe_text.hpp"
#include "section_readers.hpp"

namespace continuum::config {

namespace {

std::optional<ReportWindow> read_window(Reader& r, const YAML::Node& w, const std::string& wpath,
                                        const Scenario& s, std::set<std::string>& names) {
  if (!r.expect_map(w, wpath)) return std::nullopt;
  r.check_keys(w, wpath, {"name", "from_day", "to_day"});
  ReportWindow window;
  window.pos = r.pos_of(w);
  if (YAML::Node n = r.child(w, wpath, "name", true)) {
    window.name = r.text(n, sub(wpath, "name")).value_or("");
    if (const std::string problem = level_name_problem(window.name);
        !window.name.empty() && !problem.empty())
      r.error(n, fmt::format("{}: {}", sub(wpath, "name"), problem));
    else if (!window.name.empty() && !names.insert(window.name).second)
      r.error(n, fmt::format("{}: report window '{}' is defined twice", sub(wpath, "name"),
                             window.name));
  }
  Bound day = bounds::kWindowDay;
  day.max = s.horizon_days > 0 ? s.horizon_days : bounds::kMaxDays;
  const YAML::Node from = r.child(w, wpath, "from_day", true);
  const YAML::Node to = r.child(w, wpath, "to_day", true);
  std::optional<double> f, t;
  if (from) f = r.number_in(from, sub(wpath, "from_day"), day);
  if (to) t = r.number_in(to, sub(wpath, "to_day"), day);
  if (!f || !t) return std::nullopt;
  if (*t <= *f) {
    r.error(to, fmt::format("{}: must be after from_day ({:g}) (got {:g})", sub(wpath, "to_day"),
                            *f, *t));
    return std::nullopt;
  }
  window.from_day = *f;
  window.to_day = *t;
  return window;
}

}  // namespace

std::vector<ReportWindow> read_report_windows(Reader& r, const YAML::Node& node,
                                              const Scenario& s) {
  std::vector<ReportWindow> out;
  if (!node.IsSequence() || node.size() == 0) {
    r.error(node, "report_windows: expected a non-empty list of {name, from_day, to_day}");
    return out;
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < node.size(); ++i)
    if (auto w = read_window(r, node[i], fmt::format("report_windows[{}]", i), s, names))
      out.push_back(*w);
  return out;
}

}  // namespace continuum::config
