// The limits every parsed document must meet before anything else walks it (nesting depth and
// the number of nodes once aliases are expanded), and the duplicate-key check; private to
// sim/config/.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "yaml_reader.hpp"

namespace continuum::config {

// Nodes deeper than this (the top-level mapping is depth 0) are refused; a scenario needs 6.
constexpr int kMaxNestingDepth = 64;

// The offset in `text` of the first flow bracket (`[` or `{`) nested more than kMaxNestingDepth
// flow collections deep, or npos: a scan of the raw text before yaml-cpp parses it (yaml-cpp
// holds every token of an unclosed `[[[[...` in memory). It skips comments, quoted scalars, block
// scalars and brackets inside plain scalars of block context, as YAML does; block nesting is not
// counted (check_document() counts it after parsing).
std::size_t too_deep_bracket(std::string_view text);

// The most nodes the text of a scenario file may hold, as count_nodes() counts them (an upper
// bound of the nodes yaml-cpp allocates for it, ~350 bytes each); with `extends:`, the files of
// the chain together. A scenario holds a few thousand (bench/scenarios/statewide.yaml, the
// largest shipped, counts 7,996; a test's 20,000 one-line changes count 380,059); the limit
// keeps a file's tree under about 350 MB (`{,,,...}`, all empty nodes, is the costliest) and
// its refusal under a second, where 8 MiB of `[1,1,1,...]` took 2.9 GB and 16 s to parse.
constexpr std::size_t kMaxNodes = 500000;

// The count of a scan of the raw text before yaml-cpp parses it (the same scan as
// too_deep_bracket()): each scalar (plain, quoted or block), alias and flow bracket counts 1,
// each `-`, `?`, `:` and `,` indicator 2 (it may stand for an empty key and value), the
// document 1. yaml-cpp allocates at most that many nodes for the text (checked against its
// events on 300,000 generated texts), but for a few at a syntax error: at most about one more
// for each flow bracket left open at the end (64 at most). The scan stops at the first token that
// takes the count past `limit`: `over` is its offset (npos when the count stays within it).
struct NodeCount {
  std::size_t nodes = 0;
  std::size_t over = std::string_view::npos;
};
NodeCount count_nodes(std::string_view text, std::size_t limit);

// How many nodes a document of `bytes` bytes may expand to, aliases included (each use of an
// alias counts its whole subtree again): max(100000, 10 x bytes). A document without aliases
// has fewer nodes than bytes, so only alias bombs (an anchor repeated inside another, many
// times) come near it.
std::size_t node_budget(std::size_t bytes);

// Walks `root` as the section readers will (every alias expanded) and reports, at the node where
// it happens: nesting deeper than kMaxNestingDepth (or a node that contains itself through an
// alias), and more than `budget` nodes; false after either (the walk stops there, so this takes
// O(budget) time and no memory per node). With `duplicates`, also reports every key given twice
// in one mapping, with the mapping's path (those do not stop the walk). Positions name `shown`
// (the file of an `extends:` chain the document was read from; "" for the top file), or, without
// it, the file the reader's Origins give (a merged document).
bool check_document(const YAML::Node& root, std::size_t budget, bool duplicates,
                    const std::optional<std::string>& shown, Reader& r);

}  // namespace continuum::config
