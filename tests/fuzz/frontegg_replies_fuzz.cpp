// Fuzz target: every parser of Frontegg replies (providers/frontegg/replies.h) on arbitrary bytes.
// They take untrusted bodies and must return data or an error, never crash.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "providers/frontegg/replies.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  namespace fe = linkform::frontegg;
  (void)fe::parse_vendor_token(body);
  (void)fe::parse_applications(body);
  if (auto templates = fe::parse_templates(body)) {
    for (const auto& t : *templates) (void)t.matches("bitbucket");
  }
  (void)fe::parse_connectors(body);
  (void)fe::parse_connector(body);
  (void)fe::parse_connector_settings(body);
  (void)fe::vendor_message(body);
  return 0;
}
