// linkform-emulator: Bitbucket Cloud and Frontegg, as linkform uses them, on
// one loopback port (DESIGN.md section 5). The first line on stdout is
// "listening on http://HOST:PORT"; SIGINT or SIGTERM stops it.

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include "providers/emulator/server.h"

namespace {

struct Flags {
  linkform::emulator::EmulatorOptions options;
  std::string seed_file;
  std::string state_file;
  std::optional<int> token_ttl_s;
};

void define_flags(CLI::App& app, Flags& f) {
  app.add_option("--host", f.options.host, "Address to listen on (default 127.0.0.1)");
  app.add_flag("--allow-non-loopback", f.options.allow_non_loopback,
               "Allow --host to be an address other than loopback (the emulator has no real security)");
  app.add_option("--port", f.options.port, "Port to listen on; 0 picks a free one (default 0)")
      ->check(CLI::Range(0, 65535));
  app.add_option("--seed", f.seed_file, "JSON seed file (default: built-in seed)")->check(CLI::ExistingFile);
  app.add_option("--state", f.state_file,
                 "JSON state file: loaded at start if present, rewritten after each change");
  app.add_option("--latency-ms", f.options.latency_ms, "Delay added to every vendor request")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--token-ttl", f.token_ttl_s,
                 "Lifetime of issued tokens in seconds (default: 3600 Frontegg, 7200 Bitbucket)")
      ->check(CLI::PositiveNumber);
  app.add_flag(
      "--bitbucket-pre-2026-token-reply", f.options.bitbucket_pre_2026_token_reply,
      "Answer Bitbucket token calls as before 2026-05-04 (\"scopes\" and a refresh token) instead of "
      "as Bitbucket does today (\"scope\", no refresh token)");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"linkform-emulator: Bitbucket Cloud and Frontegg APIs on one local port, for demos and tests"};
  Flags flags;
  define_flags(app, flags);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 1;
  }
  if (!flags.seed_file.empty()) flags.options.seed_file = flags.seed_file;
  if (!flags.state_file.empty()) flags.options.state_file = flags.state_file;
  if (flags.token_ttl_s) {
    flags.options.frontegg_token_ttl_s = *flags.token_ttl_s;
    flags.options.bitbucket_token_ttl_s = *flags.token_ttl_s;
  }

  // Block the stop signals before any thread starts, so every server thread
  // inherits the mask and only sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto emulator = linkform::emulator::Emulator::start(flags.options);
  if (!emulator) {
    std::cerr << "linkform-emulator: " << emulator.error().message << "\n";
    return 1;
  }
  std::cout << "listening on " << (*emulator)->base_url() << std::endl;

  int signal = 0;
  sigwait(&stop_signals, &signal);
  (*emulator)->stop();
  std::cerr << "linkform-emulator: stopped (" << (signal == SIGINT ? "SIGINT" : "SIGTERM") << ")\n";
  return 0;
}
