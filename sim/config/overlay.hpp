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

// How long reading a FIFO (a named pipe, or a shell's `<(command)`) waits for its writer to write
// or close, each time it waits: 5 seconds. A FIFO that nothing writes to would block opening and
// reading it for ever; past this wait it is refused. CONTINUUM_PIPE_WAIT_MS=MILLISECONDS
// overrides it (for tests).
constexpr int kPipeWaitMilliseconds = 5000;
// kPipeWaitMilliseconds, or CONTINUUM_PIPE_WAIT_MS when it holds a whole number.
int pipe_wait_milliseconds();

enum class ReadStatus { kOk, kCannotOpen, kDirectory, kPipeSilent };

// The text of a file, read in chunks and never more than kMaxFileBytes + 1 bytes: reading stops
// after the chunk that holds the first NUL byte or passes the limit (parse_text refuses both), so
// that /dev/zero, an endless stream or a file whose size lies takes bounded time and memory. The
// file is opened without blocking: a FIFO is then read as its writer writes it, and is
// kPipeSilent when nothing is written to it nor is it closed for pipe_wait_milliseconds() (no
// writer, or one that stalls).
ReadStatus read_text_file(const std::string& path, std::string& text);
// Why a kPipeSilent file is not read: "is a FIFO (named pipe) that nothing was written to for
// 5 s".
std::string pipe_silent_reason();

// Parses `text` (the file `path`), follows its `extends:` chain and merges each file onto its
// base: the merged document, or a null node after reporting why there is none. Every node is
// recorded in `origins` with the file that wrote it. `files` (when given) receives `path`, then
// each base file of the chain that was read, as opened (relative to the file that extends it).
YAML::Node load_document(const std::string& text, const std::string& path, Reader& r,
                         Origins& origins, std::vector<std::string>* files = nullptr);

}  // namespace continuum::config
