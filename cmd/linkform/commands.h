#pragma once
// The commands behind the command line. Each returns the process exit code.

#include <string>

#include "cmd/linkform/cli.h"
#include "core/config.h"

namespace linkform {

// Exit codes (DESIGN.md section 4).
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;
inline constexpr int kExitChangesPending = 2;
inline constexpr int kExitManualRemains = 3;

struct RunOptions {
  std::string config_path = "linkform.toml";
  bool no_color = false;
  double connect_timeout_s = 10;
  double timeout_s = 60;
  bool detailed_exitcode = false;  // plan
  bool auto_approve = false;       // apply
};

int run_validate(const std::string& config_path, const Environment& env, CliStreams streams);
int run_plan(const RunOptions& options, const Environment& env, CliStreams streams);
int run_apply(const RunOptions& options, const Environment& env, CliStreams streams);

// Prints every diagnostic to err in file order. Returns true if any is an error.
bool report_diagnostics(const Diagnostics& diags, CliStreams streams);

}  // namespace linkform
