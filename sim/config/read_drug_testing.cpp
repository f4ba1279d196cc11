// levels.L.drug_testing: {tests_per_week, positive_by_week, by_class, step_up: {after_positives,
// to, hold_slot}} (docs/scenario-format.md, "Drug testing and step-up").
#include <fmt/format.h>

#include "section_readers.hpp"

namespace continuum::config {

namespace {

// A list of probabilities, one per week in treatment (at least one).
std::vector<double> read_by_week(Reader& r, const YAML::Node& node, const std::string& path) {
  std::vector<double> out;
  if (!node.IsSequence() || node.size() == 0 ||
      node.size() > static_cast<std::size_t>(bounds::kMaxPositiveByWeek)) {
    r.error(node, fmt::format("{}: expected a list of 1 to {} probabilities, one per week in "
                              "treatment",
                              path, bounds::kMaxPositiveByWeek));
    return out;
  }
  for (std::size_t i = 0; i < node.size(); ++i)
    out.push_back(
        r.number_in(node[i], fmt::format("{}[{}]", path, i), bounds::kProbability).value_or(0));
  return out;
}

}  // namespace

const std::vector<std::string> kDrugTestingKeys = {"tests_per_week", "positive_by_week", "step_up",
                                                   "by_class"};
const std::vector<std::string> kStepUpKeys = {"after_positives", "to", "hold_slot"};

std::optional<DrugTestingSpec> read_drug_testing(Reader& r, const YAML::Node& node,
                                                 const std::string& path,
                                                 const NameIndex& level_names,
                                                 const NameIndex& class_names) {
  if (!r.expect_map(node, path)) return std::nullopt;
  r.check_keys(node, path, kDrugTestingKeys);
  DrugTestingSpec spec;
  spec.pos = r.pos_of(node);
  if (YAML::Node n = node["tests_per_week"])
    spec.tests_per_week = static_cast<int>(
        r.whole(n, sub(path, "tests_per_week"), bounds::kTestsPerWeek).value_or(1));
  if (YAML::Node n = r.child(node, path, "positive_by_week", true))
    spec.positive_by_week = read_by_week(r, n, sub(path, "positive_by_week"));
  if (YAML::Node by = node["by_class"]) {
    const std::string bpath = sub(path, "by_class");
    if (classes_defined(r, by, bpath, class_names) && r.expect_map(by, bpath)) {
      spec.positive_by_week_by_class.assign(class_names.size(), {});
      for (auto it = by.begin(); it != by.end(); ++it) {
        const std::string cpath = sub(bpath, it->first.Scalar());
        const int c = class_of(r, it->first, bpath, class_names);
        if (!r.expect_map(it->second, cpath)) continue;
        r.check_keys(it->second, cpath, {"positive_by_week"});
        if (YAML::Node p = r.child(it->second, cpath, "positive_by_week", true)) {
          std::vector<double> weeks = read_by_week(r, p, sub(cpath, "positive_by_week"));
          if (c >= 0) spec.positive_by_week_by_class[static_cast<std::size_t>(c)] = weeks;
        }
      }
    }
  }
  if (YAML::Node su = r.child(node, path, "step_up", true)) {
    const std::string spath = sub(path, "step_up");
    if (r.expect_map(su, spath)) {
      r.check_keys(su, spath, kStepUpKeys);
      r.required_whole(su, spath, "after_positives", bounds::kAfterPositives, spec.after_positives,
                       1);
      if (YAML::Node n = r.child(su, spath, "to", true))
        spec.to = read_routes(r, n, sub(spath, "to"), level_names, false);
      if (YAML::Node n = su["hold_slot"])
        spec.hold_slot = r.boolean(n, sub(spath, "hold_slot")).value_or(false);
    }
  }
  return spec;
}

}  // namespace continuum::config
