// linkform fmt [--check] [FILE...]: the configuration formatted by Taplo (the TOML toolkit the project's
// schema test already uses), as `terraform fmt` does for HCL. linkform has no TOML writer of its own that
// keeps comments, so it does not pretend to: without Taplo it says how to get it.

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <ostream>
#include <sstream>
#include <vector>

#include "cmd/linkform/commands.h"

extern char** environ;

namespace linkform {

namespace {

// $LINKFORM_TAPLO, else the first executable `taplo` on PATH.
std::optional<std::string> find_taplo(const Environment& env) {
  if (const auto set = env.get("LINKFORM_TAPLO"); set && !set->empty()) return *set;
  const auto path = env.get("PATH");
  std::stringstream dirs(path.value_or("/usr/local/bin:/usr/bin:/bin"));
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (dir.empty()) continue;
    const std::filesystem::path candidate = std::filesystem::path(dir) / "taplo";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return std::nullopt;
}

// Runs argv with the process environment plus RUST_LOG=warn (Taplo logs each file at info level
// otherwise); returns its exit status, or -1 when it could not be started.
int run(const std::vector<std::string>& argv) {
  std::vector<std::string> env_text;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "RUST_LOG=", 9) != 0) env_text.emplace_back(*e);
  }
  env_text.emplace_back("RUST_LOG=warn");
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& e : env_text) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  if (::posix_spawn(&pid, argv[0].c_str(), nullptr, nullptr, args.data(), envp.data()) != 0) return -1;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

int run_fmt(const std::vector<std::string>& files, bool check, const Environment& env, CliStreams streams) {
  const auto taplo = find_taplo(env);
  if (!taplo) {
    streams.err << "Error: linkform fmt formats with Taplo, which is not installed. Install it with\n"
                   "  npm install -g @taplo/cli\n"
                   "or name it with LINKFORM_TAPLO=/path/to/taplo. Without linkform, the same check is:\n"
                   "  npx --yes @taplo/cli fmt --check linkform.toml\n";
    return kExitToolMissing;
  }
  for (const auto& f : files) {
    if (!std::filesystem::is_regular_file(f)) {
      streams.err << "Error: " << f << " is not a file linkform fmt can format\n";
      return kExitError;
    }
  }
  std::vector<std::string> argv = {*taplo, "fmt"};
  if (check) argv.emplace_back("--check");
  argv.emplace_back("--");
  argv.insert(argv.end(), files.begin(), files.end());
  streams.out << std::flush;
  streams.err << std::flush;
  const int rc = run(argv);
  if (rc < 0) {
    streams.err << "Error: could not run " << *taplo << ": " << std::strerror(errno) << "\n";
    return kExitError;
  }
  if (rc != 0) {
    streams.err << (check
                        ? "linkform fmt --check: not formatted, or not valid TOML (above); run linkform fmt "
                          "to format"
                        : "linkform fmt: Taplo could not format it (above)")
                << "\n";
    return kExitError;
  }
  return kExitOk;
}

}  // namespace linkform
