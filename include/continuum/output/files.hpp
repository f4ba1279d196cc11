// Result files written whole or not at all.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace continuum {

// Writes `content` to a temporary name beside `path` and renames it into place, so a crash
// never leaves half a file. Throws std::runtime_error with the path on failure.
void write_file_atomic(const std::filesystem::path& path, const std::string& content);
// Creates `dir` if needed and writes each (file name, content) pair atomically.
void write_outputs(const std::filesystem::path& dir,
                   const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace continuum
