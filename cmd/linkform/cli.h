#pragma once
// The linkform command line. run() is main() without the process: tests call
// it with their own arguments, environment and streams.

#include <iosfwd>
#include <string>
#include <vector>

#include "core/config.h"

namespace linkform {

struct CliStreams {
  std::ostream& out;
  std::ostream& err;
};

// Returns the process exit code (DESIGN.md section 4).
int run_cli(const std::vector<std::string>& args, const Environment& env, CliStreams streams);

}  // namespace linkform
