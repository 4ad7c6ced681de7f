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
    if (token->scope_text) {
      for (const auto& scope : bb::split_scope_list(*token->scope_text)) {
        if (scope.empty()) __builtin_trap();  // split on spaces and commas: never an empty one
      }
    }
  }
  (void)bb::parse_oauth_error(body);
  (void)bb::parse_workspace(body);
  (void)bb::vendor_message(body);
  return 0;
}
