// Reading a routing table: {TARGET: PROBABILITY, ...} over level names (and `exit` or a named
// `exit.<name>` where allowed), the probabilities summing to 1.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "continuum/core/suggestion.hpp"
#include "safe_text.hpp"
#include "section_readers.hpp"

namespace continuum::config {

namespace {

// The level index or kExit a key names, or nullopt (reported).
std::optional<int> target_of(Reader& r, const YAML::Node& key, const std::string& path,
                             const NameIndex& level_names, bool allow_exit) {
  const std::string name = key.Scalar();
  if (allow_exit && name == "exit") return kExit;
  if (const int at = level_names.find(name); at >= 0) return at;
  const bool named_exit = name.rfind("exit.", 0) == 0;
  if (allow_exit && named_exit) {  // exit.<name>: a named exit
    const std::string problem = name == "exit.exit"
                                    ? std::string("it is the plain exit; write 'exit'")
                                    : level_name_problem(name.substr(5));
    if (problem.empty()) return r.exit_target(name);
    r.error(key, fmt::format("{}: exit name '{}': {}", path, name.substr(5), problem));
    return std::nullopt;
  }
  if (name == "exit" || named_exit) {
    r.error(key, fmt::format("{}: '{}' is not allowed here; name levels", path, name));
    return std::nullopt;
  }
  if (!r.reporting()) {  // counted only: spare the suggestion over every level
    r.error(key, "");
    return std::nullopt;
  }
  std::vector<std::string> valid = level_names.names();
  if (allow_exit) valid.push_back("exit");
  r.error(key, fmt::format("{}: unknown level '{}'{}; levels are: {}", path, name,
                           suggestion(name, valid), join(level_names.names())));
  return std::nullopt;
}

}  // namespace

std::vector<Route> read_routes(Reader& r, const YAML::Node& node, const std::string& path,
                               const NameIndex& level_names, bool allow_exit) {
  std::vector<Route> routes;
  if (!r.expect_map(node, path)) return routes;
  double sum = 0;  // keys given twice: check_document()
  bool numbers_ok = true;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string key = it->first.Scalar();
    auto p = r.number_in(it->second, sub(path, key), bounds::kProbability);
    if (!p) {
      numbers_ok = false;
      continue;
    }
    sum += *p;
    const std::optional<int> target = target_of(r, it->first, path, level_names, allow_exit);
    if (!target) {
      numbers_ok = false;
      continue;
    }
    if (*p > 0) routes.push_back({*target, *p, r.pos_of(it->first)});
  }
  if (numbers_ok && std::abs(sum - 1) > bounds::kProbabilitySumTolerance)
    r.error(node, fmt::format("{}: probabilities sum to {:g}, not 1", path, sum));
  return routes;
}

}  // namespace continuum::config
