// Authorization and revenue across replications (experiment/authorization.hpp).
#include "continuum/experiment/authorization.hpp"

#include <cmath>

namespace continuum {

bool has_authorization(const Scenario& scenario) {
  for (const LevelSpec& level : scenario.levels)
    if (!level.authorization.empty()) return true;
  return false;
}

std::vector<AuthorizationLevel> summarize_authorization(
    const Scenario& scenario, const std::vector<ReplicationResult>& results) {
  std::vector<AuthorizationLevel> out;
  const std::size_t reps = results.size();
  for (std::size_t l = 0; l < scenario.levels.size(); ++l) {
    if (scenario.levels[l].authorization.empty()) continue;
    std::vector<double> reviews(reps), denials(reps), denied(reps), mean_denied(reps), share(reps);
    for (std::size_t r = 0; r < reps; ++r) {
      const LevelResult& c = results[r].levels[l];
      const double days = results[r].window_days;
      reviews[r] = static_cast<double>(c.reviews) / days;
      denials[r] = static_cast<double>(c.denials) / days;
      denied[r] = c.denied_days / days;
      mean_denied[r] = c.denials > 0 ? c.denied_days / static_cast<double>(c.denials) : NAN;
      const auto ended = static_cast<double>(c.completions + c.denials);
      share[r] = ended > 0 ? static_cast<double>(c.denials) / ended : NAN;
    }
    out.push_back({scenario.levels[l].name, estimate(reviews), estimate(denials), estimate(denied),
                   estimate(mean_denied), estimate(share)});
  }
  return out;
}

}  // namespace continuum
