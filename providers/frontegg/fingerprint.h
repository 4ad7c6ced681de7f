#pragma once
// The secret fingerprint linkform keeps in a connector's description (README, "What the vendor APIs allow";
// README, Security model).
//
// A connector's client secret is write-only, so to tell "secret unchanged" from "secret rotated" without a
// state file, linkform appends a marker to the description it writes:
//   "<user description> [linkform:v2 fp=<salt>.<hmac>]"
// salt: 8 random hex characters, new on every write; hmac: the first 16 bytes (32 hex characters) of
// HMAC-SHA256(key, "v2" 0 salt 0 identity 0 secret). The key is derived from the Frontegg environment's
// own secret (fingerprint_key), which only linkform's runs hold, so a description that anyone with read
// access sees is no oracle to test guesses against. The identity names the connector and the client id
// the secret goes with (connector_identity), so a connector re-pointed to another consumer's id, or the
// same secret on two connectors, never matches. Version 1 markers (unkeyed, not bound to the client id)
// are recognised but never trusted: the secret is written again, once.

#include <optional>
#include <string>
#include <string_view>

#include "core/secret.h"

namespace linkform::frontegg {

// The fingerprint key of an environment: HMAC-SHA256(frontegg_secret, "linkform fingerprint key v2").
// Rotating the Frontegg secret changes it, so the next apply writes each connector's secret once.
Secret fingerprint_key(const Secret& frontegg_secret);

// The 32 hex characters of the v2 HMAC above, truncated to 16 bytes.
std::string secret_hmac(const Secret& key, const Secret& secret, std::string_view salt,
                        std::string_view identity);

// "[linkform:v2 fp=<salt>.<hmac>]" with a fresh random salt (OpenSSL RAND_bytes).
std::string make_marker(const Secret& key, const Secret& secret, std::string_view identity);
// The same with a given salt (8 hex characters); for tests and reproducible output.
std::string make_marker(const Secret& key, const Secret& secret, std::string_view identity,
                        std::string_view salt);

struct ParsedDescription {
  std::string user_description;     // the description without the marker (and its separating space)
  std::optional<std::string> salt;  // of a v2 marker only
  std::optional<std::string> hmac;
  bool older_version = false;  // a v1 marker: recognised, never trusted
  // True when the description ends with a "[linkform:...]" marker, even one this version cannot read
  // (then salt and hmac are nullopt, and the marker is still stripped from user_description).
  bool has_marker = false;
};

ParsedDescription parse_description(std::string_view description);

// The v2 marker a parsed description ends with, as it was written; empty when it has none.
std::string marker_of(const ParsedDescription& parsed);

// True when the parsed marker is a v2 fingerprint of this secret for this identity under this key.
// Constant-time compare.
bool fingerprint_matches(const ParsedDescription& parsed, const Secret& key, const Secret& secret,
                         std::string_view identity);

// "<user description> <marker>", or the marker alone when the user description is empty.
std::string compose_description(std::string_view user_description, std::string_view marker);

}  // namespace linkform::frontegg
