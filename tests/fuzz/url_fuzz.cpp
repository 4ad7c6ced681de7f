// Fuzz target: the service-URL checker (core/url.h) on arbitrary bytes. It must never crash, and what it
// accepts must have the shape linkform relies on: http(s), a host of the allowed characters, no
// whitespace or control characters, no userinfo, no query or fragment, plain http only on loopback.

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/http.h"
#include "core/url.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)linkform::check_web_url(text);
  if (!linkform::check_service_url(text).empty()) return 0;
  auto url = linkform::parse_url(text);
  if (!url) __builtin_trap();  // accepted, so it parses
  for (unsigned char c : text) {
    if (c <= 0x20 || c == 0x7f) __builtin_trap();
  }
  if (text.find_first_of("?#@") != std::string_view::npos) __builtin_trap();
  if (url->scheme != "https" && !(url->scheme == "http" && linkform::is_loopback_host(url->host))) __builtin_trap();
  if (url->host.empty()) __builtin_trap();
  return 0;
}
