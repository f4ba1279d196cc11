// Formatting of user-facing diagnostics and the invariant-failure handler.
#include "continuum/core/diagnostics.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>

namespace continuum {

std::string Diagnostic::format() const {
  const char* what = severity == Severity::kError ? "error" : "warning";
  const std::string& where = pos.file.empty() ? file : pos.file;
  if (pos.line <= 0) return fmt::format("{}: {}: {}", where, what, message);
  return fmt::format("{}:{}:{}: {}: {}", where, pos.line, pos.column, what, message);
}

namespace {
std::string join_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) {
    if (!out.empty()) out += '\n';
    out += d.format();
  }
  return out;
}
}  // namespace

ScenarioError::ScenarioError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join_diagnostics(diagnostics)), diagnostics_(std::move(diagnostics)) {}

void invariant_failed(const char* expr, const char* file, int line, const char* function) {
  std::fprintf(stderr, "%s:%d: %s: internal invariant failed: %s\n", file, line, function, expr);
  std::abort();
}

}  // namespace continuum
