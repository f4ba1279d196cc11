// Overlays: a scenario that `extends:` another is merged onto it (maps key by key, arrival streams
// by name, a null value deletes), through a chain of at most kMaxExtendsDepth files.
#include "overlay.hpp"

#include "document_limits.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string_view>
#include <vector>

namespace continuum::config {

namespace {

constexpr int kMaxExtendsDepth = 8;

// Maps that an overlay replaces whole rather than merges key by key: routing tables (their
// probabilities must sum to 1 as written: entry, next, reentry, on_abandon, a class's entry in
// a stream's entry_by_class), a stream's class shares (idem) and distributions (parameters
// depend on the kind). `path` is the path of the map holding `key`.
bool replaced_whole(const std::string& path, const std::string& key, const YAML::Node& value) {
  const std::string_view by_class = ".entry_by_class";
  const bool entry_of_class =
      path.rfind("arrivals[", 0) == 0 && path.size() >= by_class.size() &&
      path.compare(path.size() - by_class.size(), by_class.size(), by_class) == 0;
  return key == "entry" || key == "next" || key == "reentry" || key == "on_abandon" ||
         entry_of_class || (key == "classes" && path.rfind("arrivals[", 0) == 0) ||
         (value.IsMap() && value["distribution"]);
}

std::string name_of(const YAML::Node& item) {
  return item.IsMap() && item["name"] && item["name"].IsScalar() ? item["name"].Scalar() : "";
}

bool deleted(const YAML::Node& item) {
  return item.IsMap() && item["delete"] && item["delete"].IsScalar() &&
         item["delete"].Scalar() == "true";
}

void merge_into(YAML::Node base, const YAML::Node& over, Reader& r, const std::string& path);

// Arrival streams are merged by name; `delete: true` removes the base's stream of that name. The
// overlay's streams are looked up by name in a map (O((b + o) log o)); of two with one name the
// last counts. The merged list is written into the overlay's own list node, so that messages
// about the list name the overlay's place.
void merge_arrivals(const YAML::Node& base, YAML::Node over, Reader& r) {
  std::map<std::string, YAML::Node> over_by_name;
  for (std::size_t j = 0; j < over.size(); ++j)
    if (const std::string name = name_of(over[j]); !name.empty()) over_by_name[name] = over[j];
  std::vector<YAML::Node> merged;
  std::set<std::string> base_names;
  for (std::size_t i = 0; i < base.size(); ++i) {
    const YAML::Node b = base[i];
    const std::string name = name_of(b);
    base_names.insert(name);
    const auto match = name.empty() ? over_by_name.end() : over_by_name.find(name);
    if (match == over_by_name.end()) {
      merged.push_back(b);
    } else if (!deleted(match->second)) {
      merge_into(b, match->second, r, fmt::format("arrivals[{}]", name));
      merged.push_back(b);
    }
  }
  for (std::size_t j = 0; j < over.size(); ++j) {
    const YAML::Node o = over[j];
    const std::string name = name_of(o);
    if (!name.empty() && base_names.count(name)) continue;
    if (deleted(o))
      r.error(o,
              fmt::format("arrivals: no stream named '{}' in the base scenario to delete", name));
    else
      merged.push_back(o);
  }
  while (over.size() > 0)
    over.remove(over.size() - 1);  // from the back: O(1) each
  for (const YAML::Node& item : merged)
    over.push_back(item);
}

// Deep merge of `over` onto `base` (in place): maps key by key, a null value deletes the key,
// everything else replaces. Both were checked (bounded depth, no key given twice), so this
// recursion is bounded too. Looking a key up in a yaml-cpp map is linear in its size.
void merge_into(YAML::Node base, const YAML::Node& over, Reader& r, const std::string& path) {
  for (auto it = over.begin(); it != over.end(); ++it) {
    const std::string key = it->first.Scalar();
    const YAML::Node value = it->second;
    const YAML::Node& const_base = base;
    const YAML::Node existing = const_base[key];
    if (value.IsNull()) {
      if (!existing)
        r.error(it->first, fmt::format("{}: nothing named '{}' in the base scenario to delete",
                                       path.empty() ? "scenario" : path, key));
      else
        base.remove(key);
    } else if (path.empty() && key == "arrivals" && existing && existing.IsSequence() &&
               value.IsSequence()) {
      merge_arrivals(existing, value, r);
      base[key] = value;
    } else if (existing && existing.IsMap() && value.IsMap() && !replaced_whole(path, key, value)) {
      merge_into(existing, value, r, sub(path, key));
    } else if (existing) {
      base[key] = value;
    } else {  // a new key: the overlay's own key node, so that messages can place it
      base.force_insert(it->first, value);
    }
  }
}

// One file's text as a document; null (reported) on a NUL byte, a syntax error or an empty file.
// `shown` is the file named in positions ("" for the top file).
YAML::Node parse_text(const std::string& text, const std::string& shown, Reader& r) {
  // A NUL byte is never text: refused at the first one, before yaml-cpp (which reads it as the
  // end of a line or an escape and reports something else, somewhere else).
  if (const std::size_t nul = text.find('\0'); nul != std::string::npos) {
    const std::size_t line_start = text.rfind('\n', nul);
    const std::size_t column = line_start == std::string::npos ? nul + 1 : nul - line_start;
    const auto line =
        1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n');
    r.error(SourcePos{static_cast<int>(line), static_cast<int>(column), shown},
            "NUL byte (\\0) in the scenario file: not text");
    return {};
  }
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    r.error(SourcePos{e.mark.line + 1, e.mark.column + 1, shown}, "YAML syntax: " + e.msg);
    return {};
  }
  if (!root || root.IsNull()) {
    r.error(SourcePos{1, 1, shown}, "scenario: the file is empty");
    return {};
  }
  return root;
}

// The files of an `extends:` chain being read: the top file, the files extending the one being
// read (top first), and the bytes read so far (they set the merged document's node budget).
struct Chain {
  std::string top;
  std::vector<std::string> files;
  std::size_t bytes = 0;
};

YAML::Node load_tree(const std::string& text, const std::string& path, Reader& r, Origins& origins,
                     Chain& chain);

// The base file named by `ext` (relative to the file `path`), loaded with its own chain; null
// (reported) when it cannot be read or closes a cycle.
YAML::Node load_base(const YAML::Node& ext, const std::string& path, Reader& r, Origins& origins,
                     Chain& chain) {
  if (!ext.IsScalar() || ext.Scalar().empty()) {
    r.error(ext, "extends: expected the path of the base scenario");
    return {};
  }
  const std::string base_path =
      (std::filesystem::path(path).parent_path() / ext.Scalar()).lexically_normal().string();
  std::vector<std::string>& files = chain.files;
  files.push_back(path);
  if (std::find(files.begin(), files.end(), base_path) != files.end()) {
    r.error(ext, fmt::format("extends: '{}' extends itself through {}", base_path, join(files)));
    return {};
  }
  if (static_cast<int>(files.size()) > kMaxExtendsDepth) {
    r.error(ext, fmt::format("extends: more than {} levels of extends", kMaxExtendsDepth));
    return {};
  }
  std::string base_text;
  if (!read_text_file(base_path, base_text)) {
    r.error(ext, fmt::format("extends: cannot open the base scenario '{}'", base_path));
    return {};
  }
  YAML::Node base = load_tree(base_text, base_path, r, origins, chain);
  files.pop_back();
  return base;
}

// Parses one file's text, checks its limits and keys, follows `extends:` and merges this file
// onto its base.
YAML::Node load_tree(const std::string& text, const std::string& path, Reader& r, Origins& origins,
                     Chain& chain) {
  const std::string shown = path == chain.top ? "" : path;
  YAML::Node root = parse_text(text, shown, r);
  if (root.IsNull()) return root;  // reported
  chain.bytes += text.size();
  if (!check_document(root, node_budget(text.size()), true, shown, r)) return {};
  origins.add_tree(root, path);
  if (!root.IsMap() || !root["extends"]) return root;
  YAML::Node base = load_base(root["extends"], path, r, origins, chain);
  if (!base.IsMap()) return base;  // null (reported), or reported when read
  root.remove("extends");
  merge_into(base, root, r, "");
  return base;
}

}  // namespace

bool read_text_file(const std::string& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  text = buffer.str();
  return true;
}

YAML::Node load_document(const std::string& text, const std::string& path, Reader& r,
                         Origins& origins) {
  Chain chain{path, {}, 0};
  YAML::Node root = load_tree(text, path, r, origins, chain);
  // Merging can repeat a base's anchored node that an overlay grew: the merged whole is checked
  // too, against the budget of all the files' bytes.
  if (root && !root.IsNull() && chain.bytes > text.size() &&
      !check_document(root, node_budget(chain.bytes), false, std::nullopt, r))
    return {};
  return root;
}

}  // namespace continuum::config
