// User-facing input errors that carry their place in a file (FILE:LINE:COL: error: message).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace continuum {

// A position in a source file; 1-based. line == 0 means "no position known".
struct SourcePos {
  SourcePos(int line_ = 0, int column_ = 0, std::string file_ = {})
      : line(line_), column(column_), file(std::move(file_)) {}
  int line;
  int column;
  std::string file;  // set when the value came from another file than the scenario (extends:)
};

struct Diagnostic {
  enum class Severity { kError, kWarning };
  std::string file;
  SourcePos pos;
  std::string message;
  Severity severity = Severity::kError;

  // "FILE:LINE:COL: error: message" (or "FILE: error: message" without a position).
  std::string format() const;
};

// Thrown when a scenario cannot be used; holds every problem found, not only the first.
class ScenarioError : public std::runtime_error {
 public:
  explicit ScenarioError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// Our own broken invariants (never user input): file:line:function.
[[noreturn]] void invariant_failed(const char* expr, const char* file, int line,
                                   const char* function);

}  // namespace continuum

#define CONTINUUM_ASSERT(expr)   \
  ((expr) ? static_cast<void>(0) \
          : ::continuum::invariant_failed(#expr, __FILE__, __LINE__, __func__))
