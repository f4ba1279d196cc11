// The loader's YAML side, private to sim/config/: a Reader that checks values and collects every
// problem with its FILE:LINE:COL, and Origins (which file of an `extends:` chain wrote a node).
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "continuum/core/diagnostics.hpp"
#include "continuum/model/bounds.hpp"
#include "continuum/model/scenario.hpp"

namespace continuum::config {

// "a, b, c"; past kJoinedWords words, the first ones and "and N more" (a list of every level of
// a 10,000-level file in each message made messages quadratic in the file).
inline constexpr std::size_t kJoinedWords = 30;
std::string join(const std::vector<std::string>& words);
// A scalar written in quotes ('2', "true": yaml-cpp's tag "!"; a plain scalar has "?"): text,
// never a number or a boolean.
bool quoted(const YAML::Node& node);
// The tag written on a scalar ("!!str", "!foo"); "" for a plain or a quoted one. Numbers and
// booleans are written plain: a tagged one is refused.
std::string explicit_tag(const YAML::Node& node);
// The path of `key` under `path` ("levels.detox" + "capacity"); the key alone at the top.
std::string sub(const std::string& path, const std::string& key);

// Which file each node of a merged document came from (extends:). Looked up only to place
// messages and positions, never while simulating. Nodes are filed by their mark, so a look-up
// costs O(log n) (a linear search made loading quadratic); among the nodes at one mark the
// first recorded that is the node asked about wins (files are recorded overlay first).
class Origins {
 public:
  // Records every node of a tree that check_document() accepted (bounded depth and size); a node
  // reached again through an alias is recorded once.
  void add_tree(const YAML::Node& node, const std::string& file);
  // The file a node was written in, or "" when unknown.
  std::string file_of(const YAML::Node& node) const;
  bool empty() const { return by_mark_.empty(); }
  // Records that an overlay's `key: ~` (its key node `at`) deleted `key` of the base's mapping
  // `map`, so that a message about the missing key is placed there, not at the base's mapping.
  void add_deletion(const YAML::Node& map, const std::string& key, const YAML::Node& at);
  // The overlay's key node that deleted `key` of `map`, or an invalid (undefined) node.
  YAML::Node deletion(const YAML::Node& map, const std::string& key) const;

 private:
  // True when `node` was new (and is now recorded).
  bool add(const YAML::Node& node, const std::string& file);
  std::map<std::size_t, std::vector<std::pair<YAML::Node, std::string>>> by_mark_;  // by offset
  // The deletions, by the mapping's offset and the key: (mapping, the overlay's key node).
  std::map<std::pair<std::size_t, std::string>, std::vector<std::pair<YAML::Node, YAML::Node>>>
      deletions_;
};

// Reads values off YAML nodes. Every problem becomes a Diagnostic at the node's position (yaml-cpp
// marks are 0-based; positions are 1-based) and reading goes on, so that one run reports all --
// up to kMaxErrors of them: past that the errors are counted, not kept, so that a hostile file
// with an error on every line costs neither time nor memory in messages (check reporting()
// before composing a costly message).
class Reader {
 public:
  explicit Reader(std::string file, const Origins* origins = nullptr)
      : file_(std::move(file)), origins_(origins) {}

  SourcePos pos_of(const YAML::Node& node) const;
  void error(SourcePos pos, std::string message);
  void error(const YAML::Node& node, std::string message) {
    error(pos_of(node), std::move(message));
  }
  static constexpr std::size_t kMaxErrors = 100;
  bool failed() const { return errors_ > 0; }
  // Every error found so far, kept or not.
  std::size_t error_count() const { return errors_; }
  // False once kMaxErrors are kept: further errors are only counted.
  bool reporting() const { return diagnostics_.size() < kMaxErrors; }
  // The kept errors, in order of place, and a last line counting those not kept.
  std::vector<Diagnostic> take_diagnostics();

  // Reports keys not in `allowed` (with the closest valid one); keys given twice are reported
  // for every file by check_document().
  void check_keys(const YAML::Node& map, const std::string& path,
                  const std::vector<std::string>& allowed);
  bool expect_map(const YAML::Node& node, const std::string& path);
  // A required or optional child; reports a missing required key at the parent's position (or
  // where an overlay deleted it: missing()).
  YAML::Node child(const YAML::Node& map, const std::string& path, const char* key, bool required);
  // Reports `message`, that `map` lacks a required key (one of `keys`): where an overlay deleted
  // the first of them that one deleted (`key: ~`, with ", deleted here"), else at `map`.
  void missing(const YAML::Node& map, std::initializer_list<const char*> keys,
               const std::string& message);

  std::optional<double> number(const YAML::Node& node, const std::string& path);
  // A number within `bound` (model/bounds.hpp), whole when the bound says so.
  std::optional<double> number_in(const YAML::Node& node, const std::string& path,
                                  const Bound& bound);
  // A whole number within `bound` (a whole-number bound).
  std::optional<std::int64_t> whole(const YAML::Node& node, const std::string& path,
                                    const Bound& bound);
  // A required number `key` of `map`, within `bound`: `out` becomes it, or `fallback` when it is
  // given but wrong, and stays as it is when the key is missing (reported at `map`).
  void required_number(const YAML::Node& map, const std::string& path, const char* key,
                       const Bound& bound, double& out, double fallback);
  // The same for a whole number (a whole-number bound).
  void required_whole(const YAML::Node& map, const std::string& path, const char* key,
                      const Bound& bound, int& out, int fallback);
  std::optional<bool> boolean(const YAML::Node& node, const std::string& path);
  std::optional<std::string> text(const YAML::Node& node, const std::string& path);

  // The named exits met so far (`exit.<name>` in routing maps), in order of first mention, and
  // the routing target of `name` ("exit.completed"), registering it when new.
  // (Looked up by name: a search of the list per route was quadratic in the named exits.)
  int exit_target(const std::string& name) {
    const auto [at, added] = exit_slots_.try_emplace(name, exits_.size());
    if (added) exits_.push_back(name);
    return named_exit_target(at->second);
  }
  const std::vector<std::string>& exits() const { return exits_; }

 private:
  std::vector<std::string> exits_;
  std::map<std::string, std::size_t> exit_slots_;  // name -> position in exits_
  std::string file_;
  const Origins* origins_;
  std::vector<Diagnostic> diagnostics_;
  std::size_t errors_ = 0;
};

}  // namespace continuum::config
