#pragma once
// The linkform command line. run_cli() is main() without the process: tests
// call it with their own arguments, environment and streams.

#include <iosfwd>
#include <string>
#include <vector>

#include "core/config.h"

namespace linkform {

struct CliStreams {
  std::ostream& out;
  std::ostream& err;
  std::istream* in = nullptr;  // where apply reads "yes"; null: no input
  bool stdin_is_tty = false;   // apply may ask for confirmation
  bool stdout_is_tty = false;  // colour is allowed
};

// Returns the process exit code (README, Commands).
int run_cli(const std::vector<std::string>& args, const Environment& env, CliStreams streams);

}  // namespace linkform
