#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <iostream>

#include "cmd/linkform/cli.h"
#include "cmd/linkform/redacting_stream.h"

namespace {

// A crash must not write the secrets in memory to a core file (README, Security model).
void forbid_core_dumps() {
  const rlimit none{0, 0};
  ::setrlimit(RLIMIT_CORE, &none);
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

}  // namespace

int main(int argc, char** argv) {
  forbid_core_dumps();
  std::vector<std::string> args(argv + 1, argv + argc);
  linkform::ProcessEnvironment env;
  int code = 0;
  bool healthy = true;
  {
    linkform::RedactingBuffer out_buffer(std::cout.rdbuf());
    linkform::RedactingBuffer err_buffer(std::cerr.rdbuf());
    std::ostream out(&out_buffer);
    std::ostream err(&err_buffer);
    code = linkform::run_cli(
        args, env, {out, err, &std::cin, ::isatty(STDIN_FILENO) == 1, ::isatty(STDOUT_FILENO) == 1});
    out.flush();
    err.flush();
    healthy = out_buffer.healthy() && out.good();
  }
  std::cout.flush();
  if (!healthy || !std::cout.good()) {
    // The output did not reach its destination (e.g. > /dev/full): the run did not do what was asked.
    std::cerr << "linkform: cannot write to standard output\n";
    return code == 0 ? 1 : code;
  }
  return code;
}
