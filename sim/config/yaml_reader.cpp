// Reader and Origins: checked values off YAML nodes, every problem with its place.
#include "yaml_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "continuum/core/number_text.hpp"
#include "continuum/core/suggestion.hpp"
#include "safe_text.hpp"

namespace continuum::config {

namespace {

// The name messages give the top level of the document.
std::string prefix(const std::string& path) {
  return path.empty() ? "scenario" : path;
}

}  // namespace

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size() && i < kJoinedWords; ++i)
    out += (out.empty() ? "" : ", ") + words[i];
  if (words.size() > kJoinedWords) out += fmt::format(" and {} more", words.size() - kJoinedWords);
  return out;
}

bool quoted(const YAML::Node& node) {
  return node.IsScalar() && node.Tag() == "!";
}

// The tag written on a scalar, "!!str" for YAML's own (yaml-cpp's "tag:yaml.org,2002:str") or
// "!foo" for a local one; "" for a plain or a quoted scalar. A number or a boolean is written
// plain: `!!str 5` is text by YAML's rules and an unknown tag says the value is something else.
std::string explicit_tag(const YAML::Node& node) {
  if (!node.IsScalar()) return "";
  const std::string& tag = node.Tag();
  if (tag.empty() || tag == "?" || tag == "!") return "";
  constexpr std::string_view kCore = "tag:yaml.org,2002:";
  if (tag.starts_with(kCore)) return "!!" + tag.substr(kCore.size());
  return tag;
}

std::string sub(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

bool Origins::add(const YAML::Node& node, const std::string& file) {
  auto& at_mark = by_mark_[static_cast<std::size_t>(node.Mark().pos)];
  for (const auto& entry : at_mark)
    if (entry.first.is(node)) return false;
  at_mark.emplace_back(node, file);
  return true;
}

void Origins::add_tree(const YAML::Node& node, const std::string& file) {
  if (!add(node, file)) return;  // reached before through an alias: its subtree is recorded
  if (node.IsMap()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      add(it->first, file);
      add_tree(it->second, file);
    }
  } else if (node.IsSequence()) {
    for (const auto& child : node)
      add_tree(child, file);
  }
}

std::string Origins::file_of(const YAML::Node& node) const {
  const auto at_mark = by_mark_.find(static_cast<std::size_t>(node.Mark().pos));
  if (at_mark == by_mark_.end()) return "";
  for (const auto& [n, file] : at_mark->second)
    if (n.is(node)) return file;
  return "";
}

void Origins::add_deletion(const YAML::Node& map, const std::string& key, const YAML::Node& at) {
  deletions_[{static_cast<std::size_t>(map.Mark().pos), key}].emplace_back(map, at);
}

YAML::Node Origins::deletion(const YAML::Node& map, const std::string& key) const {
  const auto found = deletions_.find({static_cast<std::size_t>(map.Mark().pos), key});
  if (found != deletions_.end())
    for (const auto& [m, at] : found->second)
      if (m.is(map)) return at;
  return YAML::Node(YAML::NodeType::Undefined);
}

SourcePos Reader::pos_of(const YAML::Node& node) const {
  const YAML::Mark m = node.Mark();
  if (m.line < 0) return {};
  SourcePos pos{m.line + 1, m.column + 1, ""};
  if (origins_ && !origins_->empty()) {
    pos.file = origins_->file_of(node);
    if (pos.file == file_) pos.file.clear();
  }
  return pos;
}

// A message longer than this many bytes keeps its first 700 and last 200 (a name or value quoted
// in it may be megabytes long: a message quotes at most a bounded part of it).
constexpr std::size_t kMaxMessageBytes = 1000;

// Names and values quoted in messages may hold control characters or invalid UTF-8: escaped, so
// that every diagnostic stays one line of valid text, and at most about kMaxMessageBytes long.
void Reader::error(SourcePos pos, std::string message) {
  ++errors_;
  if (!reporting()) return;
  pos.file = escape_for_message(pos.file);
  std::string text = escape_for_message(message);
  if (text.size() > kMaxMessageBytes) {
    const auto boundary = [&](std::size_t k) {  // not inside a UTF-8 character
      while (k > 0 && (static_cast<unsigned char>(text[k]) & 0xC0) == 0x80)
        --k;
      return k;
    };
    const std::size_t head = boundary(700), tail = boundary(text.size() - 200);
    text = fmt::format("{} ... ({} bytes left out) ... {}", text.substr(0, head), tail - head,
                       text.substr(tail));
  }
  diagnostics_.push_back(
      {escape_for_message(file_), pos, std::move(text), Diagnostic::Severity::kError});
}

std::vector<Diagnostic> Reader::take_diagnostics() {
  std::vector<Diagnostic> out = std::move(diagnostics_);
  // In order of file and position (stable: same-place problems keep the order they were found in).
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.pos.file, a.pos.line, a.pos.column) <
           std::tie(b.pos.file, b.pos.line, b.pos.column);
  });
  if (errors_ > out.size())
    out.push_back({escape_for_message(file_),
                   {},
                   fmt::format("{} more errors not shown (the first {} are listed)",
                               errors_ - out.size(), out.size()),
                   Diagnostic::Severity::kError});
  diagnostics_.clear();
  errors_ = 0;
  return out;
}

void Reader::check_keys(const YAML::Node& map, const std::string& path,
                        const std::vector<std::string>& allowed) {
  for (auto it = map.begin(); it != map.end(); ++it) {  // keys given twice: check_document()
    const std::string key = it->first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      error(it->first, reporting() ? fmt::format("{}: unknown key '{}'{}", prefix(path),
                                                 shortened(key), suggestion(key, allowed))
                                   : "");
  }
}

bool Reader::expect_map(const YAML::Node& node, const std::string& path) {
  if (node.IsMap()) return true;
  error(node, fmt::format("{}: expected a mapping of keys to values", path));
  return false;
}

YAML::Node Reader::child(const YAML::Node& map, const std::string& path, const char* key,
                         bool required) {
  YAML::Node c = map[key];
  if (!c && required)
    missing(map, {key}, fmt::format("{}: missing required key '{}'", prefix(path), key));
  return c;
}

void Reader::missing(const YAML::Node& map, std::initializer_list<const char*> keys,
                     const std::string& message) {
  if (origins_)
    for (const char* key : keys)
      if (const YAML::Node at = origins_->deletion(map, key); at.IsDefined()) {
        error(at, message + ", deleted here");
        return;
      }
  error(map, message);
}

std::optional<double> Reader::number(const YAML::Node& node, const std::string& path) {
  if (!node.IsScalar()) {
    error(node, fmt::format("{}: expected a number", path));
    return std::nullopt;
  }
  const std::string& text = node.Scalar();
  if (quoted(node)) {  // "2" is text in YAML: a number is written plain
    error(node, fmt::format("{}: expected a number (got the quoted string \"{}\")", path,
                            shortened(text)));
    return std::nullopt;
  }
  if (const std::string tag = explicit_tag(node); !tag.empty()) {
    error(node, fmt::format("{}: expected a number written plain (got '{}' with the tag {})", path,
                            shortened(text), shortened(tag)));
    return std::nullopt;
  }
  const std::optional<double> value = parse_number(text);
  if (!value) error(node, fmt::format("{}: expected a number (got '{}')", path, shortened(text)));
  return value;
}

std::optional<double> Reader::number_in(const YAML::Node& node, const std::string& path,
                                        const Bound& bound) {
  auto v = number(node, path);
  if (!v) return v;
  if (std::string problem = bound_problem(bound, *v); !problem.empty()) {
    error(node, fmt::format("{}: {}", path, problem));
    return std::nullopt;
  }
  return v;
}

std::optional<std::int64_t> Reader::whole(const YAML::Node& node, const std::string& path,
                                          const Bound& bound) {
  CONTINUUM_ASSERT(bound.whole);
  auto v = number_in(node, path, bound);
  if (!v) return std::nullopt;
  return static_cast<std::int64_t>(*v);
}

void Reader::required_number(const YAML::Node& map, const std::string& path, const char* key,
                             const Bound& bound, double& out, double fallback) {
  if (YAML::Node n = child(map, path, key, true))
    out = number_in(n, sub(path, key), bound).value_or(fallback);
}

void Reader::required_whole(const YAML::Node& map, const std::string& path, const char* key,
                            const Bound& bound, int& out, int fallback) {
  if (YAML::Node n = child(map, path, key, true))
    out = static_cast<int>(whole(n, sub(path, key), bound).value_or(fallback));
}

std::optional<bool> Reader::boolean(const YAML::Node& node, const std::string& path) {
  if (quoted(node)) {  // "true" is text in YAML: a boolean is written plain
    error(node, fmt::format("{}: expected true or false (got the quoted string \"{}\")", path,
                            shortened(node.Scalar())));
    return std::nullopt;
  }
  if (const std::string tag = explicit_tag(node); !tag.empty()) {
    error(node, fmt::format("{}: expected true or false written plain (got '{}' with the tag {})",
                            path, shortened(node.Scalar()), shortened(tag)));
    return std::nullopt;
  }
  if (node.IsScalar()) {
    const std::string& t = node.Scalar();
    if (t == "true" || t == "yes" || t == "on") return true;
    if (t == "false" || t == "no" || t == "off") return false;
  }
  error(node, fmt::format("{}: expected true or false", path));
  return std::nullopt;
}

std::optional<std::string> Reader::text(const YAML::Node& node, const std::string& path) {
  if (node.IsScalar()) return node.Scalar();
  error(node, fmt::format("{}: expected text", path));
  return std::nullopt;
}

}  // namespace continuum::config
