// Building plans: variants, their replication ranges and seeds.
#include "continuum/experiment/plan.hpp"

#include <algorithm>
#include <utility>

namespace continuum {

std::size_t Plan::add(Scenario variant, int replications, std::uint64_t seed, Recording recording) {
  const std::size_t index = variants.size();
  variants.push_back(std::move(variant));
  jobs.push_back({index, 0, replications, seed, recording});
  return index;
}

int Plan::replications(std::size_t variant) const {
  int n = 0;
  for (const Job& job : jobs)
    if (job.variant == variant) n = std::max(n, job.last);
  return n;
}

int Plan::first_replication(std::size_t variant) const {
  int first = replications(variant);
  for (const Job& job : jobs)
    if (job.variant == variant && job.last > job.first) first = std::min(first, job.first);
  return first;
}

int Plan::total_replications() const {
  int n = 0;
  for (const Job& job : jobs)
    n += job.last - job.first;
  return n;
}

Plan common_random_numbers_plan(std::vector<Scenario> variants, const RunSpec& spec,
                                Recording recording) {
  Plan plan;
  for (Scenario& variant : variants)
    plan.add(std::move(variant), spec.replications, spec.seed, recording);
  return plan;
}

}  // namespace continuum
