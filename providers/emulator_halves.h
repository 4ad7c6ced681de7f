#pragma once
// The vendor halves linkform-emulator serves, and the options each vendor's half is made with: the only
// place that names every half (as registry.h names every provider); a new vendor's half is one more line
// in emulator_halves.cpp (ARCHITECTURE.md, layers).

#include <memory>

#include "core/error.h"
#include "providers/emulator/server.h"
#include "providers/emulator/vendor_half.h"

namespace linkform::emulator {

// What the halves are made with.
struct HalfOptions {
  int frontegg_token_ttl_s = 3600;
  int bitbucket_token_ttl_s = 7200;
  // The pre-2026 token reply ("scopes" and a refresh token) instead of Bitbucket's current one.
  bool bitbucket_pre_2026_token_reply = false;
  // Bitbucket as before 2026-08-20: token replies list the scopes of Issues and Wikis.
  bool bitbucket_before_issues_sunset = false;
};

// linkform-emulator's options: the server's and the halves'.
struct EmulatorOptions : ServerOptions, HalfOptions {};

// Every half, in the order of their sections in the state file; Frontegg's also answers every path no
// half owns. Errors: options no half can use.
Result<Halves> make_halves(const HalfOptions& options);

// Emulator::start with every half.
Result<std::unique_ptr<Emulator>> start_with_halves(const EmulatorOptions& options);

}  // namespace linkform::emulator
