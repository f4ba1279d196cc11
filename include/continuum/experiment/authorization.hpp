// Insurance authorization across replications (levels.L.authorization;
// docs/outputs.md, "authorization"): per level the reviews, denials and denied days with 95%
// intervals. Revenue and net cost are in costs.hpp.
#pragma once

#include <string>
#include <vector>

#include "continuum/model/scenario.hpp"
#include "continuum/stats/result_store.hpp"
#include "continuum/stats/statistics.hpp"

namespace continuum {

// Whether some level has an authorization (then the outputs gain the authorization block).
bool has_authorization(const Scenario& scenario);
// One level's authorization, per replication then estimated: rates per day of the window,
// the planned days a denial cuts off on average, and auth_ran_out_share = denials /
// (completions + denials), the share of the stays ending here (other than dropouts) that ended
// because the authorized days ran out.
struct AuthorizationLevel {
  std::string level;
  Estimate reviews_per_day, denials_per_day, denied_days_per_day, mean_denied_days,
      auth_ran_out_share;
};
// The levels with an authorization, in level order.
// `results`: a vector or run's ResultStore (two passes, one replication decoded at a time).
std::vector<AuthorizationLevel> summarize_authorization(const Scenario& scenario,
                                                        const ResultSource& results);

}  // namespace continuum
