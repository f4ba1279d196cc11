// Loading a scenario and running the structural checks on it.
#include "continuum/network/checked_load.hpp"

#include <algorithm>

#include "continuum/config/load.hpp"
#include "continuum/network/checks.hpp"

namespace continuum {

Scenario load_checked_scenario(const std::string& path, std::vector<Diagnostic>& warnings,
                               const LoadOptions& options, std::vector<std::string>* files) {
  Scenario scenario = load_scenario(path, options, files);
  std::vector<Diagnostic> found = check_network(Network(scenario));
  const bool failed = std::any_of(found.begin(), found.end(), [](const Diagnostic& d) {
    return d.severity == Diagnostic::Severity::kError;
  });
  if (failed) throw ScenarioError(std::move(found));
  warnings.insert(warnings.end(), found.begin(), found.end());
  return scenario;
}

}  // namespace continuum
