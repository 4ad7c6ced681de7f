#include <unistd.h>

#include <iostream>

#include "cmd/linkform/cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  linkform::ProcessEnvironment env;
  return linkform::run_cli(
      args, env,
      {std::cout, std::cerr, &std::cin, ::isatty(STDIN_FILENO) == 1, ::isatty(STDOUT_FILENO) == 1});
}
