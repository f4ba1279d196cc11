// Reading a scenario document with its overlays (`extends:`), private to sim/config/.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

#include "yaml_reader.hpp"

namespace continuum::config {

// The whole text of a file; false when it cannot be opened.
bool read_text_file(const std::string& path, std::string& text);

// Parses `text` (the file `path`), follows its `extends:` chain and merges each file onto its
// base: the merged document, or a null node after reporting why there is none. Every node is
// recorded in `origins` with the file that wrote it.
YAML::Node load_document(const std::string& text, const std::string& path, Reader& r,
                         Origins& origins);

}  // namespace continuum::config
