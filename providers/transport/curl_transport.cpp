#include "providers/transport/curl_transport.h"

#include <curl/curl.h>

#include <cstdlib>
#include <string_view>
#include <utility>

#include "core/url.h"
#include "core/version.h"
#include "providers/transport/http_messages.h"
#include "providers/transport/retrying_transport.h"

namespace linkform {

namespace {

void global_init_once() {
  static const CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
  (void)rc;  // a failure shows up as curl_easy_init returning null
}

std::string default_ca_bundle() {
  for (const char* name : {"CURL_CA_BUNDLE", "SSL_CERT_FILE"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') return value;
  }
  return {};
}

// Per-request state that the curl callbacks write into.
struct Transfer {
  std::size_t max_body = 0;
  bool body_too_large = false;
  HttpResponse response;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  if (transfer->response.body.size() + n > transfer->max_body) {
    transfer->body_too_large = true;
    return 0;  // makes libcurl abort with CURLE_WRITE_ERROR
  }
  transfer->response.body.append(data, n);
  return n;
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  const std::string_view line(data, n);
  if (line.starts_with("HTTP/")) {
    // A new status line (after 100 Continue or a proxy CONNECT): only the final reply's headers count.
    transfer->response.headers.clear();
  } else if (const auto colon = line.find(':'); colon != std::string_view::npos && colon > 0) {
    transfer->response.headers.emplace_back(std::string(trim(line.substr(0, colon))),
                                            std::string(trim(line.substr(colon + 1))));
  }
  return n;
}

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

Result<Slist> build_headers(const HttpHeaders& headers) {
  Slist list;
  auto append = [&list](const std::string& line) {
    curl_slist* next = curl_slist_append(list.get(), line.c_str());
    if (next == nullptr) return false;
    (void)list.release();
    list.reset(next);
    return true;
  };
  for (const auto& [name, value] : headers) {
    if (name.find_first_of(":\r\n") != std::string::npos ||
        value.find_first_of("\r\n") != std::string::npos) {
      return fail(Error::invalid("header \"" + name + "\" contains a line break or colon"));
    }
    // "Name;" is libcurl's way to send a header with an empty value.
    if (!append(value.empty() ? name + ";" : name + ": " + value))
      return fail(Error::invalid("out of memory"));
  }
  // libcurl would otherwise wait for "100 Continue" before sending larger bodies.
  if (!append("Expect:")) return fail(Error::invalid("out of memory"));
  return list;
}

std::string describe(const HttpRequest& request) {
  const auto query = request.url.find_first_of("?#");
  return request.method + " " + request.url.substr(0, query);
}

}  // namespace

struct CurlTransport::Handle {
  CURL* easy = nullptr;
  char error_buffer[CURL_ERROR_SIZE] = {};
  ~Handle() {
    if (easy != nullptr) curl_easy_cleanup(easy);
  }
};

CurlTransport::CurlTransport(CurlOptions options) : options_(std::move(options)) {
  global_init_once();
  if (options_.user_agent.empty()) options_.user_agent = std::string("linkform/") + kVersion;
  if (options_.ca_bundle.empty()) options_.ca_bundle = default_ca_bundle();
}

CurlTransport::~CurlTransport() = default;

TransportStats CurlTransport::stats() const { return {requests_sent_.load(), connections_opened_.load()}; }

std::unique_ptr<CurlTransport::Handle> CurlTransport::acquire() {
  {
    const std::scoped_lock lock(pool_mutex_);
    if (!idle_.empty()) {
      auto handle = std::move(idle_.back());
      idle_.pop_back();
      // Keeps live connections, TLS sessions and the DNS cache; clears every option.
      curl_easy_reset(handle->easy);
      return handle;
    }
  }
  auto handle = std::make_unique<Handle>();
  handle->easy = curl_easy_init();
  if (handle->easy == nullptr) return nullptr;
  return handle;
}

void CurlTransport::release(std::unique_ptr<Handle> handle) {
  const std::scoped_lock lock(pool_mutex_);
  idle_.push_back(std::move(handle));
}

namespace {

Status check_target(const HttpRequest& request) {
  auto url = parse_url(request.url);
  if (!url) return fail(Error::invalid(describe(request) + ": " + url.error().message));
  if (url->scheme == "http" && !is_loopback_host(url->host)) {
    return fail(Error::invalid(describe(request) +
                               ": refusing plain http to a non-loopback host; use https (http is allowed "
                               "only on loopback)"));
  }
  if (request.method.empty() || request.method.find_first_of(" \r\n") != std::string::npos) {
    return fail(Error::invalid(describe(request) + ": invalid HTTP method"));
  }
  return {};
}

void set_method_and_body(CURL* easy, const HttpRequest& request) {
  if (request.method == "HEAD") {
    curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
    return;
  }
  if (request.method == "GET" && request.body.empty()) {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
    return;
  }
  if (request.method != "GET" && (request.method != "DELETE" || !request.body.empty())) {
    // POSTFIELDS sends the body (also an empty one, with Content-Length: 0); CUSTOMREQUEST sets the verb.
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
  }
  if (request.method != "POST") curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
}

}  // namespace

Result<HttpResponse> CurlTransport::send(const HttpRequest& request) {
  if (auto ok = check_target(request); !ok) return fail(ok.error());
  auto headers = build_headers(request.headers);
  if (!headers) return fail(Error::invalid(describe(request) + ": " + headers.error().message));
  auto handle = acquire();
  if (!handle)
    return fail({ErrorKind::kTransport, describe(request) + ": libcurl could not be initialised", 0});

  CURL* easy = handle->easy;
  Transfer transfer;
  transfer.max_body = options_.max_body_bytes;
  handle->error_buffer[0] = '\0';
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, handle->error_buffer);
  curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options_.ca_bundle.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, options_.ca_bundle.c_str());
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout.count()));
  curl_easy_setopt(easy, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_body_bytes));
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers->get());
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &transfer);
  set_method_and_body(easy, request);
  // libcurl silently sends a request again when a reused connection closes before any reply byte. For a
  // request that must not be repeated (a create), that could duplicate it; libcurl never re-sends over a
  // fresh connection. The auth POSTs and idempotent methods keep reusing connections.
  if (!is_retry_safe(request)) curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);

  requests_sent_.fetch_add(1);
  const CURLcode rc = curl_easy_perform(easy);
  long connects = 0;
  if (curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK && connects > 0) {
    connections_opened_.fetch_add(static_cast<std::uint64_t>(connects));
  }
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  // The option pointers refer to this call's buffers; drop them before the handle is pooled.
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, nullptr);
  const std::string detail = handle->error_buffer[0] != '\0' ? handle->error_buffer : curl_easy_strerror(rc);
  release(std::move(handle));

  if (transfer.body_too_large || rc == CURLE_FILESIZE_EXCEEDED) {
    return fail({ErrorKind::kTransport,
                 describe(request) + ": the reply body is larger than the limit of " +
                     std::to_string(options_.max_body_bytes) + " bytes",
                 0});
  }
  if (rc == CURLE_OPERATION_TIMEDOUT) {
    return fail({ErrorKind::kTimeout,
                 describe(request) + ": no reply in time (connect timeout " +
                     std::to_string(options_.connect_timeout.count()) + " ms, total timeout " +
                     std::to_string(options_.total_timeout.count()) + " ms): " + detail,
                 0});
  }
  if (rc != CURLE_OK) return fail({ErrorKind::kTransport, describe(request) + ": " + detail, 0});
  transfer.response.status = static_cast<int>(status);
  return std::move(transfer.response);
}

}  // namespace linkform
