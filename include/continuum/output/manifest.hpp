// manifest.json: what wrote an output set (command line, scenario hashes, seed, replications,
// version) and each file of the set with its size and SHA-256.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "continuum/experiment/run_spec.hpp"
#include "continuum/output/byte_sink.hpp"
#include "continuum/output/sha256.hpp"

namespace continuum {

// An output file: its name inside the set and its bytes, whole in `content` or, when `stream`
// is set, written by it into a sink piece by piece (large files: write_outputs() sends them to
// the file and its hash through one small buffer, never whole in memory).
struct OutputFile {
  std::string name;
  std::string content;
  std::function<void(ByteSink&)> stream = {};

  void write(ByteSink& sink) const {
    if (stream)
      stream(sink);
    else
      sink.append(content);
  }
};

// A written file as manifest.json lists it.
struct FileDigest {
  std::string name;
  std::uint64_t bytes = 0;
  std::string sha256;  // 64 lowercase hex digits
};

// A sink that counts and hashes what passes through it (a file's FileDigest); a subclass that
// also stores the bytes calls DigestSink::take() from its own.
class DigestSink : public ByteSink {
 public:
  // Flushes, then the digest (once: the hash is spent).
  FileDigest digest(std::string name) {
    flush();
    return {std::move(name), bytes_, hash_.hex()};
  }

 protected:
  void take(std::string_view block) override {
    bytes_ += block.size();
    hash_.update(block);
  }

 private:
  std::uint64_t bytes_ = 0;
  Sha256 hash_;
};

// Where an output set comes from. Nothing in it depends on the time or the temporary directory,
// so the same command, scenario and seed give the same manifest.json.
struct Provenance {
  std::vector<std::string> command_line;                       // program file name, then argv
  std::vector<std::pair<std::string, std::string>> scenarios;  // (path as given, SHA-256)
  std::uint64_t seed = 0;
  int replications = 0;
};

// This process's command line (/proc/self/cmdline): the program by its file name only (not the
// directory it was started from), then every argument as given.
std::vector<std::string> this_command_line();
// The provenance of a run of this process over `scenario_paths` (each read and hashed now).
Provenance provenance(const std::vector<std::string>& scenario_paths, const RunSpec& spec);
// manifest.json (docs/outputs.md), ending in a newline; `files` in the order they are listed.
std::string manifest_json(const Provenance& provenance, const std::vector<FileDigest>& files);
// The same for files given by their bytes (each written once into a hash).
std::string manifest_json(const Provenance& provenance, const std::vector<OutputFile>& files);

}  // namespace continuum
