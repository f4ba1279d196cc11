// Depth, expanded size and duplicate keys of a parsed document, checked in one bounded walk.
#include "document_limits.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace continuum::config {

namespace {

// One step of the path from the top to the node being visited: a key or a list index.
struct Step {
  const std::string* key = nullptr;  // the key's text (owned by the document), or null
  std::size_t index = 0;             // the list index when `key` is null
};

class Walker {
 public:
  Walker(Reader& r, std::size_t budget, bool duplicates, const std::optional<std::string>& shown)
      : r_(r), budget_(budget), duplicates_(duplicates), shown_(shown) {}

  // False once a limit is passed (reported).
  bool walk(const YAML::Node& node) {
    if (!node.IsMap() && !node.IsSequence()) return visit(node);
    // A collection walked before (an alias to it) is counted, not walked again, when it fits
    // the budget and the depth limit from here: an alias bomb padded to megabytes is refused
    // in milliseconds (its walk to the budget took seconds), with the same message and place.
    auto& at_mark = walked_[static_cast<std::size_t>(node.Mark().pos)];
    for (const auto& [seen, size] : at_mark)
      if (seen.is(node)) {
        if (count_ + size.nodes <= budget_ &&
            static_cast<int>(ancestors_.size() + size.height) <= kMaxNestingDepth) {
          count_ += size.nodes;
          return true;
        }
        return visit(node);  // walked again: it stops where the limit is passed
      }
    const std::size_t before = count_, outer_deepest = deepest_;
    deepest_ = ancestors_.size();
    const bool ok = visit(node);
    if (ok)
      walked_[static_cast<std::size_t>(node.Mark().pos)].push_back(
          {node, {count_ - before, deepest_ - ancestors_.size()}});
    deepest_ = std::max(outer_deepest, deepest_);
    return ok;
  }

 private:
  // The nodes a collection's walk counted and how much deeper than itself it went.
  struct Size {
    std::size_t nodes = 0;
    std::size_t height = 0;
  };

  bool visit(const YAML::Node& node) {
    if (!count(node)) return false;
    deepest_ = std::max(deepest_, ancestors_.size());
    if (static_cast<int>(ancestors_.size()) > kMaxNestingDepth) return refuse_depth(node);
    if (node.IsMap()) return walk_map(node);
    if (!node.IsSequence()) return true;
    ancestors_.push_back(&node);
    std::size_t i = 0;
    for (const YAML::Node& child : node) {
      steps_.push_back({nullptr, i++});
      if (!walk(child)) return false;
      steps_.pop_back();
    }
    ancestors_.pop_back();
    return true;
  }

  bool count(const YAML::Node& node) {
    if (++count_ <= budget_) return true;
    r_.error(at(node),
             fmt::format("scenario: more than {} nodes once aliases are expanded (at most "
                         "max(100000, 10 x the file's size in bytes))",
                         budget_));
    return false;
  }

  bool walk_map(const YAML::Node& map) {
    if (duplicates_) report_duplicates(map);
    ancestors_.push_back(&map);
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (!count(it->first)) return false;
      if (it->first.IsMap() || it->first.IsSequence()) {  // a key that is itself a collection
        steps_.push_back({nullptr, 0});
        if (!walk(it->first)) return false;
        steps_.pop_back();
      }
      steps_.push_back({it->first.IsScalar() ? &it->first.Scalar() : nullptr, 0});
      if (!walk(it->second)) return false;
      steps_.pop_back();
    }
    ancestors_.pop_back();
    return true;
  }

  // A node deeper than the limit: either an alias inside its own anchor (a collection that is
  // also one of its own ancestors: reported where it first is) or plain deep nesting.
  bool refuse_depth(const YAML::Node& node) {
    for (std::size_t k = 0; k < ancestors_.size(); ++k)
      for (std::size_t j = k + 1; j < ancestors_.size(); ++j)
        if (ancestors_[j]->is(*ancestors_[k])) {
          r_.error(at(*ancestors_[k]),
                   fmt::format("{}: contains itself through an alias", path(k)));
          return false;
        }
    r_.error(at(node), fmt::format("scenario: nested more than {} levels deep", kMaxNestingDepth));
    return false;
  }

  // Keys given twice in one mapping, each reported once at its second (third...) place even when
  // an alias makes the walk see the mapping again.
  void report_duplicates(const YAML::Node& map) {
    std::set<std::string_view> keys;
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (!it->first.IsScalar() || keys.insert(it->first.Scalar()).second) continue;
      const YAML::Mark m = it->first.Mark();
      if (reported_.insert({m.line, m.column}).second)
        r_.error(at(it->first), fmt::format("{}: key '{}' is given twice", path(steps_.size()),
                                            it->first.Scalar()));
    }
  }

  // The path of the node at depth `depth` ("levels.detox", "arrivals[0]"; "scenario" at the top).
  std::string path(std::size_t depth) const {
    std::string out;
    for (std::size_t k = 0; k < depth; ++k) {
      if (!steps_[k].key)
        out += fmt::format("[{}]", steps_[k].index);
      else
        out += (out.empty() ? "" : ".") + *steps_[k].key;
    }
    return out.empty() ? "scenario" : out;
  }

  // The node's place in the file being checked (not yet in Origins), or where Origins put it.
  SourcePos at(const YAML::Node& node) const {
    if (!shown_) return r_.pos_of(node);
    const YAML::Mark m = node.Mark();
    return m.line < 0 ? SourcePos{} : SourcePos{m.line + 1, m.column + 1, *shown_};
  }

  Reader& r_;
  std::size_t budget_;
  bool duplicates_;
  const std::optional<std::string>& shown_;
  std::size_t count_ = 0;
  std::vector<const YAML::Node*> ancestors_;  // the collections above the node, top first
  std::vector<Step> steps_;                   // the steps from each ancestor to the next
  std::set<std::pair<int, int>> reported_;    // (line, column) of duplicate keys reported
  std::size_t deepest_ = 0;                   // the most ancestors a node walked had
  std::unordered_map<std::size_t, std::vector<std::pair<YAML::Node, Size>>>
      walked_;  // collections walked whole, by their mark's offset
};

bool blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

}  // namespace

namespace {

// What the scan of the raw text meets: a flow bracket opening (with the flow collections open,
// itself included) or closing, a node of its own (a scalar, quoted, plain or block, or an
// alias), or an indicator that may stand for an empty node (`-`, `?`, `:` and `,`).
enum class Token { kOpen, kClose, kNode, kIndicator };

bool flow_indicator(char c) {
  return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

// Scans `t` as YAML's tokens would split it, calling visit(token, offset, depth) at each token
// above; returns the offset of the first one for which visit returns true, or npos. It skips
// comments, quoted scalars, block scalars and brackets inside plain scalars of block context, as
// YAML does; it reads no more than the text and allocates nothing.
template <class Visit>
std::size_t scan_tokens(std::string_view t, Visit&& visit) {
  const std::size_t n = t.size();
  const auto at = [&](std::size_t k) { return k < n ? t[k] : '\n'; };
  const auto end_of_line = [&](std::size_t k) { return std::min(t.find('\n', k), n); };
  int depth = 0;                      // flow collections open
  bool node_start = true;             // a node may start here ('[', '{', a quote, '|', '>')
  bool plain = false;                 // in a plain scalar of block context (to the line's end)
  bool json_value = false;            // after a quoted scalar or a closing bracket (`"a":1`)
  bool line_start = true;             // i is the first byte of a line
  std::size_t line = 0;               // offset of the current line's first byte
  std::size_t entry = 0;              // column of the block node the line's text belongs to
  std::ptrdiff_t scalar_indent = -1;  // in a block scalar: the indentation of its parent node
  std::ptrdiff_t scalar_text = -1;    // and of its first line of text (lines indented as much,
                                      // and blank lines, are its text; -1 before that line)
  for (std::size_t i = 0; i < n;) {
    if (line_start) {  // indentation, a block scalar's text, a document marker
      line_start = false;
      line = i;
      std::size_t k = i;
      while (k < n && t[k] == ' ')
        ++k;
      const auto indent = static_cast<std::ptrdiff_t>(k - i);
      if (scalar_indent >= 0) {
        const bool blank_line = at(k) == '\n' || at(k) == '\r';
        if (!blank_line && scalar_text < 0 && indent > scalar_indent) scalar_text = indent;
        if (blank_line || (scalar_text >= 0 && indent >= scalar_text)) {
          i = end_of_line(k);
          continue;
        }
      }
      scalar_indent = scalar_text = -1;
      plain = false;
      entry = k - i;
      if (depth == 0) node_start = true;
      if (k == i && (t.substr(i, 3) == "---" || t.substr(i, 3) == "...") && blank(at(i + 3))) {
        k += 3;
        node_start = true;
      }
      i = k;
      continue;
    }
    const char c = t[i];
    if (c == '\n') {
      line_start = true;
      ++i;
      continue;
    }
    if (c == '#' && (i == 0 || blank(t[i - 1]))) {  // a comment, to the end of the line
      i = end_of_line(i);
      continue;
    }
    if ((c == '\'' || c == '"') && node_start) {  // a quoted scalar, over lines if need be
      if (visit(Token::kNode, i, depth)) return i;
      std::size_t k = i + 1;
      for (; k < n; ++k) {
        if (c == '"' && t[k] == '\\') {
          ++k;
        } else if (t[k] == c) {
          if (c == '\'' && at(k + 1) == '\'') {
            ++k;
            continue;
          }
          break;
        }
        if (k < n && t[k] == '\n') line = k + 1;
      }
      i = k + 1;
      node_start = false;
      json_value = true;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    if (depth > 0) {  // flow context: every bracket opens or closes a collection
      const bool after_value = json_value;
      json_value = false;
      if (c == '[' || c == '{') {
        if (visit(Token::kOpen, i, ++depth)) return i;
        node_start = true;
      } else if (c == ']' || c == '}') {
        if (visit(Token::kClose, i, depth--)) return i;
        node_start = false;
        json_value = true;
      } else if (c == ':' && (blank(at(i + 1)) || flow_indicator(at(i + 1)) ||
                              after_value)) {  // a value indicator
        if (visit(Token::kIndicator, i, depth)) return i;
        node_start = true;
      } else if (c == ',' || (c == '?' && blank(at(i + 1)))) {
        if (visit(Token::kIndicator, i, depth)) return i;
        node_start = true;
      } else if (node_start && (c == '&' || c == '!' || c == '*')) {  // anchor, tag or alias
        if (c == '*' && visit(Token::kNode, i, depth)) return i;
        while (i < n && !blank(t[i]) && !flow_indicator(t[i]))
          ++i;
        node_start = c != '*';
        continue;
      } else {  // plain text (`a:b` too): a scalar where a node may start
        if (node_start && visit(Token::kNode, i, depth)) return i;
        node_start = false;
      }
      ++i;
      continue;
    }
    // Block context: a bracket opens a flow collection wherever a token starts (yaml-cpp:
    // `"a" [`, `*a [` and `[] [` too), that is anywhere but inside a plain scalar.
    if (!plain && (c == '[' || c == '{')) {
      depth = 1;
      if (visit(Token::kOpen, i, depth)) return i;
      node_start = true;
    } else if (node_start && (c == '|' || c == '>')) {  // a block scalar: its lines are skipped
      if (visit(Token::kNode, i, depth)) return i;
      scalar_indent = static_cast<std::ptrdiff_t>(entry);
      scalar_text = -1;
      i = end_of_line(i);
      continue;
    } else if ((c == '-' || c == '?') && !plain && blank(at(i + 1))) {
      if (visit(Token::kIndicator, i, depth)) return i;
      entry = i - line;
      node_start = true;
    } else if (c == ':' && blank(at(i + 1))) {  // ends a plain key
      if (visit(Token::kIndicator, i, depth)) return i;
      plain = false;
      node_start = true;
    } else if (!plain && (c == '&' || c == '!' || c == '*')) {  // anchor, tag or alias
      if (c == '*' && visit(Token::kNode, i, depth)) return i;
      while (i < n && !blank(t[i]))
        ++i;
      node_start = c != '*';
      continue;
    } else if (!plain) {  // a plain scalar: a key, or a value to the end of the line
      if (visit(Token::kNode, i, depth)) return i;
      if (node_start) entry = i - line;
      plain = true;
      node_start = false;
    }
    ++i;
  }
  return std::string_view::npos;
}

}  // namespace

std::size_t too_deep_bracket(std::string_view t) {
  return scan_tokens(t, [](Token token, std::size_t, int depth) {
    return token == Token::kOpen && depth > kMaxNestingDepth;
  });
}

NodeCount count_nodes(std::string_view t, std::size_t limit) {
  NodeCount out;
  out.nodes = 1;  // the document's top node, which no token may stand for (`:` alone is a map)
  out.over = scan_tokens(t, [&](Token token, std::size_t, int) {
    out.nodes += token == Token::kIndicator ? 2 : 1;
    return out.nodes > limit;
  });
  return out;
}

std::size_t node_budget(std::size_t bytes) {
  return std::max<std::size_t>(100000, 10 * bytes);
}

bool check_document(const YAML::Node& root, std::size_t budget, bool duplicates,
                    const std::optional<std::string>& shown, Reader& r) {
  return Walker(r, budget, duplicates, shown).walk(root);
}

}  // namespace continuum::config
