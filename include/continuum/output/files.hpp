// Result files written whole or not at all, and output directories replaced as one set.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "continuum/output/manifest.hpp"
#include "continuum/output/output_lock.hpp"

namespace continuum {

// Writes `content` to a temporary name beside `path` and renames it into place, so a crash
// never leaves half a file. Throws std::runtime_error with the path on failure.
void write_file_atomic(const std::filesystem::path& path, const std::string& content);

// Locks the output directory `dir` for this process (OutputLock), checks that it may be replaced
// (absent, empty, or holding only continuum outputs: a directory with other files is refused)
// and removes the temporary directories that dead runs into it left behind. Call before
// simulating, so a refusal comes at once. Throws std::runtime_error naming `dir`.
OutputLock lock_output_dir(const std::filesystem::path& dir);

// Writes `files` and manifest.json into a fresh temporary directory beside the locked target,
// then puts it in the target's place in one rename (docs/outputs.md, "Whole or absent"): the
// target is at every moment the whole previous set or the whole new one. On failure the
// previous set is unchanged and std::runtime_error names the target.
void write_outputs(const OutputLock& lock, const std::vector<OutputFile>& files,
                   const Provenance& provenance);

}  // namespace continuum
