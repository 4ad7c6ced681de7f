#pragma once
// Runs the linkform command line in-process with captured output.

#include <sstream>
#include <string>
#include <vector>

#include "cmd/linkform/cli.h"

namespace linkform::testing {

struct CliRun {
  int exit_code = 0;
  std::string out;
  std::string err;
};

inline CliRun run_linkform(const std::vector<std::string>& args, const Environment& env) {
  std::ostringstream out;
  std::ostringstream err;
  CliRun run;
  run.exit_code = run_cli(args, env, {out, err});
  run.out = out.str();
  run.err = err.str();
  return run;
}

inline CliRun run_linkform(const std::vector<std::string>& args) {
  MapEnvironment env;
  return run_linkform(args, env);
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace linkform::testing
