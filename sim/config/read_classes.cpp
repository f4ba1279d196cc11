// Reading the patient classes (`classes:`), looking class names up, and the checks that need
// every section: relapse resolvable for every level and class, priorities on referred classes.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "continuum/core/suggestion.hpp"
#include "safe_text.hpp"
#include "section_readers.hpp"

namespace continuum::config {

void read_named_section(Reader& r, const YAML::Node& node, const std::string& section,
                        const std::string& noun, int max, const ReadNamedEntry& read_entry) {
  if (!r.expect_map(node, section)) return;
  if (node.size() == 0) {
    r.error(node, fmt::format("{0}: define at least one {1} (or leave '{0}:' out)", section, noun));
    return;
  }
  if (node.size() > static_cast<std::size_t>(max)) {
    r.error(node, fmt::format("{0}: at most {1} {0} (got {2})", section, max, node.size()));
    return;
  }
  for (auto it = node.begin(); it != node.end(); ++it) {  // a name given twice: check_document()
    const std::string path = section + "." + it->first.Scalar();
    if (const std::string problem = level_name_problem(it->first.Scalar()); !problem.empty())
      r.error(it->first, fmt::format("{}: {}", path, problem));
    const YAML::Node body = it->second;
    // `NAME:` alone is `NAME: {}`; a body that is not a mapping is reported and not read.
    const bool has_body = !body.IsNull() && r.expect_map(body, path);
    read_entry(it->first, has_body ? &body : nullptr, path);
  }
}

std::vector<ClassSpec> read_classes(Reader& r, const YAML::Node& node) {
  std::vector<ClassSpec> out;
  read_named_section(
      r, node, "classes", "class", bounds::kMaxClasses,
      [&](const YAML::Node& key, const YAML::Node* body, const std::string& path) {
        ClassSpec spec;
        spec.name = key.Scalar();
        spec.pos = r.pos_of(key);
        if (body) {
          r.check_keys(*body, path, {"priority"});
          if (YAML::Node p = (*body)["priority"])
            spec.priority = static_cast<int>(
                r.whole(p, sub(path, "priority"), bounds::kClassPriority).value_or(0));
        }
        out.push_back(std::move(spec));
      });
  return out;
}

int class_of(Reader& r, const YAML::Node& key, const std::string& path,
             const NameIndex& class_names) {
  const std::string name = key.Scalar();
  if (const int at = class_names.find(name); at >= 0) return at;
  r.error(key, r.reporting()
                   ? fmt::format("{}: unknown class '{}'{}; classes are: {}", path, name,
                                 suggestion(name, class_names.names()), join(class_names.names()))
                   : "");
  return -1;
}

bool names_defined(Reader& r, const YAML::Node& node, const std::string& path,
                   const NameIndex& names, const std::string& section) {
  if (names.size() > 0) return true;
  r.error(node, fmt::format("{}: no {} are defined (add a top-level '{}:' or remove this key)",
                            path, section, section));
  return false;
}

bool classes_defined(Reader& r, const YAML::Node& node, const std::string& path,
                     const NameIndex& class_names) {
  return names_defined(r, node, path, class_names, "classes");
}

namespace {

// One layer of relapse overrides and the path that names it in messages.
struct Layer {
  const RelapseOverride* over;
  std::string path;
};

// Without a global `relapse:` block, a level and class whose layers give a relapse probability
// above 0 must also give a time to relapse and a re-entry (compile.cpp, resolve_relapse). The
// highest layer giving a probability is blamed, once.
void check_relapse_resolvable(Reader& r, const Scenario& s) {
  if (s.relapse) return;  // the global block gives every key
  std::set<const RelapseOverride*> blamed;
  const std::size_t classes = std::max<std::size_t>(1, s.classes.size());
  for (const LevelSpec& level : s.levels) {
    const std::string lpath = "levels." + level.name;
    for (std::size_t c = 0; c < classes; ++c) {
      std::vector<Layer> layers;  // highest precedence first
      if (c < level.by_class.size() && level.by_class[c] && level.by_class[c]->relapse)
        layers.push_back({&*level.by_class[c]->relapse,
                          fmt::format("{}.by_class.{}.relapse", lpath, s.classes[c].name)});
      if (level.relapse) layers.push_back({&*level.relapse, lpath + ".relapse"});
      const Layer* first_probability = nullptr;
      std::optional<double> probability, after;
      bool time = false, reentry = false;
      for (const Layer& layer : layers) {
        const RelapseOverride& o = *layer.over;
        if (!first_probability && (o.probability || o.probability_after_dropout))
          first_probability = &layer;
        if (!probability) probability = o.probability;
        if (!after) after = o.probability_after_dropout;
        time = time || o.time_to_relapse.has_value();
        reentry = reentry || o.reentry.has_value();
      }
      const double p = probability.value_or(0), p_after = after.value_or(p);
      if (p <= 0 && p_after <= 0) continue;
      // Without a probability no layer makes relapse happen (compile.cpp): refused as well.
      std::vector<std::string> missing;
      if (!probability) missing.push_back("'probability'");
      if (!time) missing.push_back("'time_to_relapse'");
      if (!reentry) missing.push_back("'reentry'");
      if (missing.empty() || !blamed.insert(first_probability->over).second) continue;
      std::string keys = missing[0];
      for (std::size_t k = 1; k < missing.size(); ++k)
        keys += (k + 1 == missing.size() ? " and " : ", ") + missing[k];
      r.error(first_probability->over->pos,
              fmt::format("{}: relapse probability {:g} needs {}; give {} here or in a global "
                          "'relapse:' block",
                          first_probability->path, p > 0 ? p : p_after, keys,
                          missing.size() > 1 ? "them" : "it"));
    }
  }
}

// A priority on a class no stream refers (every share 0) is a mistake in the file.
void check_priorities_referred(Reader& r, const YAML::Node& root, const Scenario& s) {
  for (std::size_t c = 0; c < s.classes.size(); ++c) {
    if (s.classes[c].priority == 0) continue;
    bool referred = false;
    for (const ArrivalSpec& a : s.arrivals)
      referred = referred || (c < a.class_shares.size() && a.class_shares[c] > 0);
    if (referred) continue;
    const std::string& name = s.classes[c].name;
    r.error(root["classes"][name]["priority"],
            fmt::format("classes.{}.priority: class '{}' is never referred (its share is 0 in "
                        "every arrival stream)",
                        name, name));
  }
}

}  // namespace

void check_classes(Reader& r, const YAML::Node& root, const Scenario& s) {
  check_relapse_resolvable(r, s);
  check_priorities_referred(r, root, s);
}

}  // namespace continuum::config
