// Finding Graphviz's `dot` on the PATH and running it on DOT text.
#include "continuum/output/graphviz.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace continuum {

namespace {

// The `dot` executable on the PATH, or empty.
std::string find_dot() {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    const std::string dir = dirs.substr(start, end - start);
    const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/dot";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "";
}

// Writes `text` to a new private temporary file and returns its path.
std::string write_temporary(const std::string& text) {
  std::string path = (std::filesystem::temp_directory_path() / "continuum-graph-XXXXXX").string();
  const int fd = ::mkstemp(path.data());
  if (fd < 0) throw std::runtime_error("cannot create a temporary file for dot");
  ::close(fd);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return path;
}

// Runs `command` and returns what it writes to stdout; `status` gets its exit status as
// pclose() reports it (-1 when it could not be started).
std::string run_reading_stdout(const std::string& command, int& status) {
  std::string output;
  status = -1;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[65536];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
      output.append(buffer, n);
    status = ::pclose(pipe);
  }
  return output;
}

}  // namespace

std::string render_dot(const std::string& dot, const std::string& format) {
  const std::string program = find_dot();
  if (program.empty())
    throw std::runtime_error(fmt::format(
        "--format {} needs Graphviz's 'dot' program, which is not on the PATH; install Graphviz "
        "(Debian/Ubuntu: sudo apt-get install graphviz; Fedora: sudo dnf install graphviz; macOS: "
        "brew install graphviz) or write DOT with --format dot and render it elsewhere",
        format));
  // The DOT text goes through a private temporary file; dot's output comes back on a pipe.
  const std::string input = write_temporary(dot);
  const std::string command = fmt::format("'{}' -T{} '{}'", program, format, input);
  int status = -1;
  std::string output = run_reading_stdout(command, status);
  std::error_code ignored;
  std::filesystem::remove(input, ignored);
  if (status != 0) throw std::runtime_error(fmt::format("{} failed (status {})", command, status));
  return output;
}

}  // namespace continuum
