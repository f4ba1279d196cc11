// Reading a scenario document with its overlays (`extends:`), private to sim/config/.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>
#include <vector>

#include "yaml_reader.hpp"

namespace continuum::config {

// The most bytes a scenario file (or a base file of `extends:`) may hold: 8 MiB.
constexpr std::size_t kMaxFileBytes = std::size_t{8} << 20;

enum class ReadStatus { kOk, kCannotOpen, kDirectory };

// The text of a file, read in chunks and never more than kMaxFileBytes + 1 bytes: reading stops
// after the chunk that holds the first NUL byte or passes the limit (parse_text refuses both), so
// that /dev/zero, a FIFO or a file whose size lies takes bounded time and memory.
ReadStatus read_text_file(const std::string& path, std::string& text);

// Parses `text` (the file `path`), follows its `extends:` chain and merges each file onto its
// base: the merged document, or a null node after reporting why there is none. Every node is
// recorded in `origins` with the file that wrote it. `files` (when given) receives `path`, then
// each base file of the chain that was read, as opened (relative to the file that extends it).
YAML::Node load_document(const std::string& text, const std::string& path, Reader& r,
                         Origins& origins, std::vector<std::string>* files = nullptr);

}  // namespace continuum::config
