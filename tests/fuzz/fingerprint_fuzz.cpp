// Fuzz target: parse_description (providers/frontegg/fingerprint.h), which reads a connector description
// that anyone with portal access can edit, and the compose/parse round trip.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "providers/frontegg/fingerprint.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view description(reinterpret_cast<const char*>(data), size);
  namespace fe = linkform::frontegg;
  const fe::ParsedDescription parsed = fe::parse_description(description);
  if (parsed.user_description.size() > description.size()) __builtin_trap();
  const linkform::Secret secret("fuzz-secret");
  static const linkform::Secret key = fe::fingerprint_key(linkform::Secret("fuzz-frontegg-secret"));
  (void)fe::fingerprint_matches(parsed, key, secret, "dev/app/bitbucket/slug");
  // Writing a marker behind what a user wrote must give back what they wrote, marker removed.
  if (!parsed.has_marker) {
    const std::string marker = fe::make_marker(key, secret, "dev/app/bitbucket/slug", "0123abcd");
    const std::string composed = fe::compose_description(parsed.user_description, marker);
    const fe::ParsedDescription again = fe::parse_description(composed);
    if (!again.has_marker || again.user_description != parsed.user_description ||
        !fe::fingerprint_matches(again, key, secret, "dev/app/bitbucket/slug")) {
      __builtin_trap();
    }
  }
  return 0;
}
