#pragma once
// The commands behind the command line. Each returns the process exit code.

#include <string>

#include "cmd/linkform/cli.h"
#include "core/config.h"

namespace linkform {

int run_validate(const std::string& config_path, const Environment& env, CliStreams streams);

// Prints every diagnostic to err in file order. Returns true if any is an error.
bool report_diagnostics(const Diagnostics& diags, CliStreams streams);

}  // namespace linkform
