#pragma once
// Masking secrets in what linkform writes (README, Security model). Every Secret constructed in the process
// is remembered (secret.h), with the forms it can take in text: raw, JSON-escaped, percent-encoded and
// inside base64 (an echoed "Authorization: Basic ..." header), so that the output streams, saved plans
// and reports can mask all of them, whatever code path put them there. Thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "core/secret.h"

namespace linkform {

inline constexpr std::string_view kRedactedMark = "(redacted)";

// Secrets shorter than this are too common as substrings to be masked everywhere: they are masked only
// where code names them (redact_secrets), never by the output filter.
inline constexpr std::size_t kMinMaskedSecretLength = 6;

// The texts a secret can appear as: itself, JSON-escaped, percent-encoded (upper- and lower-case hex,
// '+' for a space) and the stable middle of its base64 at each of the three byte alignments. Only forms
// of at least 8 characters that differ from each other; the raw form always.
std::vector<std::string> secret_forms(std::string_view secret);

// Masks every form of each secret in `secrets`, then every value after "Bearer " or "Basic " (any case).
std::string redact_secrets(std::string text, const std::vector<std::string_view>& secrets);

// Masks every remembered secret (of at least kMinMaskedSecretLength) in all its forms, and every
// Bearer/Basic credential value.
std::string redact_known(std::string text);

// Remembers a secret for redact_known (Secret's constructor calls it). Empty and duplicate values are
// ignored. Transient ones (SecretLife, secret.h) beyond a few thousand drop the oldest transient one, never
// a pinned one.
void remember_secret(std::string_view secret, SecretLife life = SecretLife::kPinned);

}  // namespace linkform
