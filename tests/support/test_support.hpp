// Helpers shared by the test binaries: paths, running the CLI, reading files.
#pragma once

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "continuum/config/load.hpp"
#include "continuum/experiment/runner.hpp"
#include "continuum/model/scenario.hpp"

namespace continuum::testing {

inline std::string source_path(const std::string& relative) {
  return std::string(CONTINUUM_SOURCE_DIR) + "/" + relative;
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The .yaml files of a directory of the source tree, as paths relative to it, sorted.
inline std::vector<std::string> yaml_files(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(source_path(dir)))
    if (e.path().extension() == ".yaml") files.push_back(dir + "/" + e.path().filename().string());
  std::sort(files.begin(), files.end());
  return files;
}

struct CommandResult {
  int status = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs the continuum CLI with `args` (already shell-quoted as needed).
inline CommandResult run_cli(const std::string& args) {
  static int counter = 0;
  const auto dir =
      std::filesystem::temp_directory_path() /
      ("continuum-cli-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::create_directories(dir);
  const std::string cmd = std::string(CONTINUUM_BINARY) + " " + args + " >" +
                          (dir / "out").string() + " 2>" + (dir / "err").string();
  const int raw = std::system(cmd.c_str());
  CommandResult r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = read_file(dir / "out");
  r.err = read_file(dir / "err");
  std::filesystem::remove_all(dir);
  return r;
}

// A fresh empty directory under the system temporary directory.
inline std::filesystem::path temp_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("continuum-test-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// The loader's message for a scenario's YAML text ("FILE:LINE:COL: error: ...", `file` naming
// it), or "" when it loads.
inline std::string load_error(const std::string& text, const std::string& file) {
  try {
    load_scenario_text(text, file);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

// Loads a scenario and runs all its replications on all cores.
inline Summary run_summary(const Scenario& s, bool daily = false) {
  RunOptions options;
  options.record_daily = daily;
  return summarize(s, run_replications(s, options), s.seed);
}

}  // namespace continuum::testing
