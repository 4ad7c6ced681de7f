#pragma once
// Diagnostics point at a place in the configuration and are collected, not
// thrown one at a time, so one run reports every mistake it can find.

#include <string>
#include <vector>

namespace linkform {

struct SourceLocation {
  std::string file;  // as the user named it
  int line = 0;      // 1-based; 0 when the place is not in a file (e.g. an environment variable)
  int column = 0;    // 1-based
};

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  SourceLocation where;
  std::string message;
};

// Renders "file:line:col: error: message" (or "warning:"). Without a line,
// renders "file: error: message".
std::string format_diagnostic(const Diagnostic& d);

class Diagnostics {
 public:
  void error(SourceLocation where, std::string message);
  void warning(SourceLocation where, std::string message);

  [[nodiscard]] bool has_errors() const;
  [[nodiscard]] int error_count() const;
  [[nodiscard]] int warning_count() const;
  [[nodiscard]] const std::vector<Diagnostic>& all() const { return items_; }
  // Errors and warnings in file order (line, then column), errors first on a tie.
  [[nodiscard]] std::vector<Diagnostic> sorted() const;
  void append(const Diagnostics& other);

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace linkform
