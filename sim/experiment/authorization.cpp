// Authorization and revenue across replications (experiment/authorization.hpp).
#include "continuum/experiment/authorization.hpp"

#include <cmath>

namespace continuum {

bool has_authorization(const Scenario& scenario) {
  for (const LevelSpec& level : scenario.levels)
    if (!level.authorization.empty()) return true;
  return false;
}

std::vector<AuthorizationLevel> summarize_authorization(const Scenario& scenario,
                                                        const ResultSource& results) {
  std::vector<std::size_t> levels;  // those with an authorization
  for (std::size_t l = 0; l < scenario.levels.size(); ++l)
    if (!scenario.levels[l].authorization.empty()) levels.push_back(l);
  // Five values per level and replication, estimated in two passes over the replications.
  const std::vector<Estimate> e =
      estimate_across(results, [&](const ReplicationResult& r, std::vector<double>& values) {
        for (std::size_t l : levels) {
          const LevelResult& c = r.levels[l];
          const double days = r.window_days;
          values.push_back(static_cast<double>(c.reviews) / days);
          values.push_back(static_cast<double>(c.denials) / days);
          values.push_back(c.denied_days / days);
          values.push_back(c.denials > 0 ? c.denied_days / static_cast<double>(c.denials) : NAN);
          const auto ended = static_cast<double>(c.completions + c.denials);
          values.push_back(ended > 0 ? static_cast<double>(c.denials) / ended : NAN);
        }
      });
  std::vector<AuthorizationLevel> out;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    const auto at = [&](std::size_t k) { return e.empty() ? Estimate{} : e[5 * i + k]; };
    out.push_back({scenario.levels[levels[i]].name, at(0), at(1), at(2), at(3), at(4)});
  }
  return out;
}

}  // namespace continuum
