// Fuzz target: the service-URL checker (core/url.h) on arbitrary bytes. It must never crash, and what it
// accepts must have the shape linkform relies on: http(s), no whitespace or control characters, no
// userinfo, no query or fragment, plain http only on loopback — and libcurl, which will connect, must see
// the same scheme, host and port (a parser differential would let a URL pass as one host and reach
// another).

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstring>
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
  if (text.find_first_of("?#") != std::string_view::npos) __builtin_trap();
  CURLU* parsed = curl_url();
  const std::string owned(text);
  if (curl_url_set(parsed, CURLUPART_URL, owned.c_str(), 0) != CURLUE_OK) __builtin_trap();
  char* host = nullptr;
  char* user = nullptr;
  char* port = nullptr;
  if (curl_url_get(parsed, CURLUPART_HOST, &host, 0) != CURLUE_OK || host == nullptr) __builtin_trap();
  std::string curl_host(host);
  if (curl_host.size() > 1 && curl_host.front() == '[') {
    // IPv6: the same address, however each writes it ("::0" and "::").
    curl_host = curl_host.substr(1, curl_host.size() - 2);
    in6_addr a{};
    in6_addr b{};
    if (inet_pton(AF_INET6, curl_host.c_str(), &a) != 1 || inet_pton(AF_INET6, url->host.c_str(), &b) != 1 ||
        std::memcmp(&a, &b, sizeof a) != 0) {
      __builtin_trap();
    }
  } else {
    for (auto& c : curl_host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (curl_host != url->host) __builtin_trap();
  }
  if (curl_url_get(parsed, CURLUPART_USER, &user, 0) == CURLUE_OK) __builtin_trap();  // no userinfo
  // CURLU_DEFAULT_PORT: the port curl will use, written or not.
  if (curl_url_get(parsed, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK || port == nullptr)
    __builtin_trap();
  const int default_port = url->scheme == "https" ? 443 : 80;
  if (std::stoi(port) != (url->port != 0 ? url->port : default_port)) __builtin_trap();
  curl_free(host);
  curl_free(port);
  curl_url_cleanup(parsed);
  if (url->scheme != "https" && !(url->scheme == "http" && linkform::is_loopback_host(url->host)))
    __builtin_trap();
  if (url->host.empty()) __builtin_trap();
  return 0;
}
