#pragma once
// Runs a real binary with a given environment and captures its output.

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace linkform::testing {

struct ProcessResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together, in order
};

// `command` is run by /bin/sh; quote arguments yourself.
inline ProcessResult run_command(const std::string& command) {
  ProcessResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace linkform::testing
