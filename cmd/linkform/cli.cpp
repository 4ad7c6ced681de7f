#include "cmd/linkform/cli.h"

#include <ostream>

#include "core/version.h"

namespace linkform {
int run_cli(const std::vector<std::string>&, const Environment&, CliStreams streams) {
  streams.out << "linkform " << kVersion << "\n";
  return 0;
}
}  // namespace linkform
