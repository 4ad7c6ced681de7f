#pragma once
// The secret fingerprint linkform keeps in a connector's description (DESIGN.md section 2).
//
// A connector's client secret is write-only, so to tell "secret unchanged" from "secret rotated" without a
// state file, linkform appends a marker to the description it writes:
//   "<user description> [linkform:v1 fp=<salt>.<hmac>]"
// salt: 8 random hex characters, new on every write; hmac: the first 16 bytes (32 hex characters) of
// HMAC-SHA256(key = salt || identity, message = secret). The identity string names the connector (the
// caller passes e.g. "<environment>/<app id>/<template>/<slug>"), so the same secret on two connectors gives
// unrelated fingerprints. The marker is a keyed, salted hash: never the secret, never a plain hash of it.

#include <optional>
#include <string>
#include <string_view>

#include "core/secret.h"

namespace linkform::frontegg {

// The 32 hex characters of HMAC-SHA256(salt || identity, secret), truncated to 16 bytes.
std::string secret_hmac(const Secret& secret, std::string_view salt, std::string_view identity);

// "[linkform:v1 fp=<salt>.<hmac>]" with a fresh random salt (OpenSSL RAND_bytes).
std::string make_marker(const Secret& secret, std::string_view identity);
// The same with a given salt (8 hex characters); for tests and reproducible output.
std::string make_marker(const Secret& secret, std::string_view identity, std::string_view salt);

struct ParsedDescription {
  std::string user_description;  // the description without the marker (and its separating space)
  std::optional<std::string> salt;
  std::optional<std::string> hmac;
  // True when the description ends with a "[linkform:...]" marker, even one this version cannot read
  // (then salt and hmac are nullopt, and the marker is still stripped from user_description).
  bool has_marker = false;
};

ParsedDescription parse_description(std::string_view description);

// True when the parsed marker is a v1 fingerprint of this secret for this identity. Constant-time compare.
bool fingerprint_matches(const ParsedDescription& parsed, const Secret& secret, std::string_view identity);

// "<user description> <marker>", or the marker alone when the user description is empty.
std::string compose_description(std::string_view user_description, std::string_view marker);

}  // namespace linkform::frontegg
