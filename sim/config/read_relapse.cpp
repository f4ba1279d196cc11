// Reading relapse: the probability of relapse after leaving care, the time to relapse, and where
// the relapsed patient is referred again; and the overrides of a level, a class or a level's
// class, each key optional.
#include "section_readers.hpp"

namespace continuum::config {

std::optional<RelapseOverride> read_relapse_override(Reader& r, const YAML::Node& node,
                                                     const std::string& path,
                                                     const NameIndex& level_names) {
  if (!r.expect_map(node, path)) return std::nullopt;
  r.check_keys(node, path,
               {"probability", "probability_after_dropout", "time_to_relapse", "reentry"});
  RelapseOverride over;
  over.pos = r.pos_of(node);
  if (YAML::Node p = node["probability"])
    over.probability = r.number_in(p, sub(path, "probability"), bounds::kProbability);
  if (YAML::Node p = node["probability_after_dropout"])
    over.probability_after_dropout =
        r.number_in(p, sub(path, "probability_after_dropout"), bounds::kProbability);
  if (YAML::Node t = node["time_to_relapse"])
    over.time_to_relapse = read_distribution(r, t, sub(path, "time_to_relapse"));
  if (YAML::Node e = node["reentry"])
    over.reentry = read_routes(r, e, sub(path, "reentry"), level_names, false);
  return over;
}

std::optional<RelapseSpec> read_relapse(Reader& r, const YAML::Node& rel,
                                        const NameIndex& level_names,
                                        const NameIndex& class_names) {
  if (!r.expect_map(rel, "relapse")) return std::nullopt;
  r.check_keys(
      rel, "relapse",
      {"probability", "probability_after_dropout", "time_to_relapse", "reentry", "by_class"});
  RelapseSpec spec;
  spec.pos = r.pos_of(rel);
  r.required_number(rel, "relapse", "probability", bounds::kProbability, spec.probability, 0);
  if (YAML::Node p = rel["probability_after_dropout"])
    spec.probability_after_dropout =
        r.number_in(p, "relapse.probability_after_dropout", bounds::kProbability);
  if (YAML::Node t = r.child(rel, "relapse", "time_to_relapse", true))
    if (auto d = read_distribution(r, t, "relapse.time_to_relapse")) spec.time_to_relapse = *d;
  if (YAML::Node e = r.child(rel, "relapse", "reentry", true))
    spec.reentry = read_routes(r, e, "relapse.reentry", level_names, false);
  spec.by_class.assign(class_names.size(), std::nullopt);  // empty without classes
  if (YAML::Node b = rel["by_class"]; b && classes_defined(r, b, "relapse.by_class", class_names) &&
                                      r.expect_map(b, "relapse.by_class")) {
    for (auto it = b.begin(); it != b.end(); ++it) {
      const int c = class_of(r, it->first, "relapse.by_class", class_names);
      auto over = read_relapse_override(r, it->second, sub("relapse.by_class", it->first.Scalar()),
                                        level_names);
      if (c >= 0) spec.by_class[static_cast<std::size_t>(c)] = std::move(over);
    }
  }
  return spec;
}

}  // namespace continuum::config
