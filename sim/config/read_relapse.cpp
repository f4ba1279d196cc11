// Reading relapse: the probability of relapse after leaving care, the time to relapse, and where
// the relapsed patient is referred again.
#include "section_readers.hpp"

namespace continuum::config {

std::optional<RelapseSpec> read_relapse(Reader& r, const YAML::Node& rel,
                                        const NameIndex& level_names) {
  if (!r.expect_map(rel, "relapse")) return std::nullopt;
  r.check_keys(rel, "relapse",
               {"probability", "probability_after_dropout", "time_to_relapse", "reentry"});
  RelapseSpec spec;
  spec.pos = r.pos_of(rel);
  if (YAML::Node p = r.child(rel, "relapse", "probability", true))
    spec.probability = r.number_in(p, "relapse.probability", bounds::kProbability).value_or(0);
  if (YAML::Node p = rel["probability_after_dropout"])
    spec.probability_after_dropout =
        r.number_in(p, "relapse.probability_after_dropout", bounds::kProbability);
  if (YAML::Node t = r.child(rel, "relapse", "time_to_relapse", true))
    if (auto d = read_distribution(r, t, "relapse.time_to_relapse")) spec.time_to_relapse = *d;
  if (YAML::Node e = r.child(rel, "relapse", "reentry", true))
    spec.reentry = read_routes(r, e, "relapse.reentry", level_names, false);
  return spec;
}

}  // namespace continuum::config
