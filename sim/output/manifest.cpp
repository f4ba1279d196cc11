// manifest.json of an output set; the version is the CMake project version (CONTINUUM_VERSION).
#include "continuum/output/manifest.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "continuum/output/sha256.hpp"

namespace continuum {

namespace {
std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot read", path));
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
}  // namespace

std::vector<std::string> this_command_line() {
  // NUL-separated arguments, each ending in a NUL.
  const std::string raw = read_bytes("/proc/self/cmdline");
  std::vector<std::string> args;
  for (std::size_t begin = 0; begin < raw.size();) {
    const std::size_t end = std::min(raw.find('\0', begin), raw.size());
    args.push_back(raw.substr(begin, end - begin));
    begin = end + 1;
  }
  if (!args.empty()) args[0] = std::filesystem::path(args[0]).filename().string();
  return args;
}

Provenance provenance(const std::vector<std::string>& scenario_paths, const RunSpec& spec) {
  Provenance p;
  p.command_line = this_command_line();
  for (const auto& path : scenario_paths)
    p.scenarios.emplace_back(path, sha256_hex(read_bytes(path)));
  p.seed = spec.seed;
  p.replications = spec.replications;
  return p;
}

std::string manifest_json(const Provenance& provenance, const std::vector<FileDigest>& files) {
  nlohmann::ordered_json j;
  j["schema_version"] = 1;
  j["continuum_version"] = CONTINUUM_VERSION;
  j["command_line"] = provenance.command_line;
  j["scenarios"] = nlohmann::ordered_json::array();
  for (const auto& [path, hash] : provenance.scenarios)
    j["scenarios"].push_back({{"path", path}, {"sha256", hash}});
  j["seed"] = provenance.seed;
  j["replications"] = provenance.replications;
  j["files"] = nlohmann::ordered_json::array();
  for (const FileDigest& file : files)
    j["files"].push_back({{"name", file.name}, {"bytes", file.bytes}, {"sha256", file.sha256}});
  // Arguments are bytes as given: invalid UTF-8 is written as U+FFFD rather than refused.
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string manifest_json(const Provenance& provenance, const std::vector<OutputFile>& files) {
  std::vector<FileDigest> digests;
  for (const OutputFile& file : files) {
    DigestSink sink;
    file.write(sink);
    digests.push_back(sink.digest(file.name));
  }
  return manifest_json(provenance, digests);
}

}  // namespace continuum
