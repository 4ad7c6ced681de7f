// linkform-emulator: Bitbucket Cloud and Frontegg, as linkform uses them, on
// one loopback port (README, "Try your config against the emulator"). The first line on stdout is
// "listening on http://HOST:PORT"; SIGINT or SIGTERM stops it.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include "core/suggest.h"
#include "core/version.h"
#include "providers/emulator_halves.h"

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
  app.add_flag("--bitbucket-before-issues-sunset", f.options.bitbucket_before_issues_sunset,
               "Answer Bitbucket token calls as before 2026-08-20, listing the scopes of Issues and Wikis "
               "(issue, issue:write, wiki); today they are left out, since those features are gone");
}

constexpr const char* kFooter = R"(
Without --seed it serves workspace "acme" and the Frontegg environments "dev" and "prod" (client ids
dev-client-id and prod-client-id, secrets dev-secret and prod-secret, one app "Agen for Work" each); on
start it prints all of that after the "listening on URL" line.

Control API (JSON in and out, no auth), under URL/_emulator/:
  POST   bitbucket/consumers                    create a consumer as a person would: {"workspace","name",
                                                "callback_url","private","permissions"} -> key and secret
  PATCH  bitbucket/consumers/KEY                edit it; POST .../KEY/regenerate-secret for a new secret
  GET    frontegg/connectors?environment=NAME   the stored connectors, secrets included
  PATCH  frontegg/connectors/ID?environment=NAME  edit one as in the portal (the vendor's PATCH body:
                                                name, isActive, configuration.clientId/clientSecret/
                                                customConfiguration/scopes, enabledApis)
  GET state | POST seed | POST reset | GET, DELETE requests | POST, GET, DELETE faults | POST latency
Bodies are JSON, sent as application/json or without a Content-Type; text/plain and multipart bodies are
refused (what a web page may post unasked), as are a foreign Host or Origin: callers on this machine only.
)";

// An unknown flag: CLI11's message, and the closest real one.
int refuse(const CLI::App& app, const CLI::ParseError& e, int argc, char** argv) {
  std::string what = e.what();
  if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::ExtrasError)) {
    std::vector<std::string> flags;
    for (const CLI::Option* option : app.get_options()) {
      for (const auto& name : option->get_lnames()) flags.push_back("--" + name);
    }
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if (!arg.starts_with("--")) continue;
      const std::string flag = arg.substr(0, arg.find('='));
      if (std::ranges::find(flags, flag) == flags.end()) what += linkform::did_you_mean(flag, flags);
    }
  }
  std::cerr << "linkform-emulator: " << what << "\nRun 'linkform-emulator --help' for usage.\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"linkform-emulator: the vendor APIs linkform manages on one local port, for demos and tests"};
  app.footer(kFooter);
  app.set_version_flag("--version", std::string("linkform-emulator ") + linkform::kVersion);
  Flags flags;
  define_flags(app, flags);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
      app.exit(e);
      return 0;
    }
    return refuse(app, e, argc, argv);
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

  auto emulator = linkform::emulator::start_with_halves(flags.options);
  if (!emulator) {
    std::cerr << "linkform-emulator: " << emulator.error().message << "\n";
    return 1;
  }
  std::cout << "listening on " << (*emulator)->base_url() << "\n"
            << (*emulator)->startup_text() << std::flush;

  int signal = 0;
  sigwait(&stop_signals, &signal);
  (*emulator)->stop();
  std::cerr << "linkform-emulator: stopped (" << (signal == SIGINT ? "SIGINT" : "SIGTERM") << ")\n";
  return 0;
}
