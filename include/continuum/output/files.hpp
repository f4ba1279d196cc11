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

// Why `path` may not be the one file a command writes with write_file_atomic (run --trace, graph
// --out), or "" when it may: it must be a new path or an existing regular file (by lstat: a
// symbolic link is refused, not followed; a device, FIFO or socket would be replaced, not written
// to), not one of `inputs` (the files the command reads: the scenario and its extends: bases,
// compared by device and inode) and not inside a continuum output set (whose manifest.json would
// no longer match). The reason only, e.g. "exists and is not a regular file (a FIFO); give a new
// file path": the caller puts the option and path before it.
std::string single_file_refusal(const std::filesystem::path& path,
                                const std::vector<std::string>& inputs);

// The nearest directory above `path` (not `path` itself) that is a continuum output set (its
// manifest.json is one continuum wrote), as the user would name it: relative to the working
// directory when `path` is relative; "" when there is none.
std::string enclosing_output_set(const std::filesystem::path& path);

// Locks the output directory `dir` for this process (OutputLock), checks that it may be replaced
// (absent, empty, or holding only continuum outputs: a directory with other files is refused)
// and removes the temporary directories that dead runs into it left behind. A `dir` inside
// another output set is refused before anything is created (that set could no longer be
// replaced). Call before simulating, so a refusal comes at once. Throws std::runtime_error naming
// `dir`.
OutputLock lock_output_dir(const std::filesystem::path& dir);

// Writes `files` and manifest.json into a fresh temporary directory beside the locked target,
// then puts it in the target's place in one rename (docs/outputs.md, "Whole or absent"): the
// target is at every moment the whole previous set or the whole new one. On failure the
// previous set is unchanged and std::runtime_error names the target.
void write_outputs(const OutputLock& lock, const std::vector<OutputFile>& files,
                   const Provenance& provenance);

}  // namespace continuum
