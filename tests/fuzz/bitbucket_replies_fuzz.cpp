// Fuzz target: every parser of Bitbucket replies (providers/bitbucket/replies.h) on arbitrary bytes.
// They take untrusted bodies and must return data or an error, never crash.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "providers/bitbucket/replies.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  namespace bb = linkform::bitbucket;
  if (auto token = bb::parse_token_reply(body)) {
    for (const auto& scope : token->scopes) {
      if (scope.empty()) __builtin_trap();  // scopes are split on whitespace: never an empty one
    }
  }
  (void)bb::parse_oauth_error(body);
  (void)bb::parse_workspace(body);
  (void)bb::vendor_message(body);
  return 0;
}
