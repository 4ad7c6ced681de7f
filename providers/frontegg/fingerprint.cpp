#include "providers/frontegg/fingerprint.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "core/hex.h"

namespace linkform::frontegg {

namespace {

constexpr std::string_view kMarkerStart = "[linkform:";
constexpr std::string_view kV1Prefix = "[linkform:v1 fp=";
constexpr std::string_view kV2Prefix = "[linkform:v2 fp=";
constexpr std::string_view kKeyLabel = "linkform fingerprint key v2";
constexpr std::size_t kSaltChars = 8;
constexpr std::size_t kHmacBytes = 16;

bool is_lower_hex(std::string_view s, std::size_t length) {
  return s.size() == length &&
         std::ranges::all_of(s, [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string random_salt() {
  std::array<unsigned char, kSaltChars / 2> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    // Without randomness the salt is only less unique; the HMAC is still keyed by the identity.
    bytes.fill(0);
  }
  return to_hex(bytes.data(), bytes.size());
}

}  // namespace

Secret fingerprint_key(const Secret& frontegg_secret) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  const auto& key = frontegg_secret.reveal();
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(kKeyLabel.data()), kKeyLabel.size(), digest.data(),
           &length) == nullptr) {
    return Secret();
  }
  return Secret(to_hex(digest.data(), length));
}

std::string secret_hmac(const Secret& key, const Secret& secret, std::string_view salt,
                        std::string_view identity) {
  std::string message = "v2";
  message += '\0';
  message.append(salt).append(1, '\0').append(identity).append(1, '\0').append(secret.reveal());
  const Secret held(std::move(message), Secret::Shown{});  // wiped when done; never printed
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  const auto& k = key.reveal();
  const auto& m = held.reveal();
  if (k.empty() ||
      HMAC(EVP_sha256(), k.data(), static_cast<int>(k.size()),
           reinterpret_cast<const unsigned char*>(m.data()), m.size(), digest.data(), &length) == nullptr ||
      length < kHmacBytes) {
    return {};
  }
  return to_hex(digest.data(), kHmacBytes);
}

std::string make_marker(const Secret& key, const Secret& secret, std::string_view identity) {
  return make_marker(key, secret, identity, random_salt());
}

std::string make_marker(const Secret& key, const Secret& secret, std::string_view identity,
                        std::string_view salt) {
  return std::string(kV2Prefix) + std::string(salt) + "." + secret_hmac(key, secret, salt, identity) + "]";
}

std::string marker_of(const ParsedDescription& parsed) {
  if (!parsed.salt || !parsed.hmac) return {};
  return std::string(kV2Prefix) + *parsed.salt + "." + *parsed.hmac + "]";
}

ParsedDescription parse_description(std::string_view description) {
  ParsedDescription parsed;
  parsed.user_description = std::string(description);
  std::string_view trimmed = description;
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back())))
    trimmed.remove_suffix(1);
  const auto start = trimmed.rfind(kMarkerStart);
  if (start == std::string_view::npos || !trimmed.ends_with(']')) return parsed;
  const std::string_view marker = trimmed.substr(start);
  if (marker.find(']') != marker.size() - 1) return parsed;  // a "]" inside: not our marker

  parsed.has_marker = true;
  std::string_view user = trimmed.substr(0, start);
  if (user.ends_with(' ')) user.remove_suffix(1);
  parsed.user_description = std::string(user);
  if (marker.starts_with(kV1Prefix)) parsed.older_version = true;
  if (!marker.starts_with(kV2Prefix)) return parsed;
  const std::string_view value = marker.substr(kV2Prefix.size(), marker.size() - kV2Prefix.size() - 1);
  const auto dot = value.find('.');
  if (dot == std::string_view::npos) return parsed;
  const std::string_view salt = value.substr(0, dot);
  const std::string_view hmac = value.substr(dot + 1);
  if (is_lower_hex(salt, kSaltChars) && is_lower_hex(hmac, 2 * kHmacBytes)) {
    parsed.salt = std::string(salt);
    parsed.hmac = std::string(hmac);
  }
  return parsed;
}

bool fingerprint_matches(const ParsedDescription& parsed, const Secret& key, const Secret& secret,
                         std::string_view identity) {
  if (!parsed.salt || !parsed.hmac) return false;
  const std::string expected = secret_hmac(key, secret, *parsed.salt, identity);
  if (expected.empty()) return false;
  return expected.size() == parsed.hmac->size() &&
         CRYPTO_memcmp(expected.data(), parsed.hmac->data(), expected.size()) == 0;
}

std::string compose_description(std::string_view user_description, std::string_view marker) {
  if (user_description.empty()) return std::string(marker);
  return std::string(user_description) + " " + std::string(marker);
}

}  // namespace linkform::frontegg
