#include "providers/transport/curl_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <future>
#include <mutex>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "core/url.h"
#include "core/version.h"
#include "providers/transport/ca_bundle.h"
#include "providers/transport/curl_loop.h"
#include "providers/transport/easy_pool.h"
#include "providers/transport/http_messages.h"
#include "providers/transport/retrying_transport.h"

namespace linkform {

namespace {

void global_init_once() {
  static const CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
  (void)rc;  // a failure shows up as curl_easy_init returning null
}

// Per-request state that the curl callbacks write into.
struct Transfer {
  std::size_t max_body = 0;
  bool body_too_large = false;
  HttpResponse response;
  std::string_view upload;  // what on_upload has still to hand libcurl of a body it may not send twice
};

// A body libcurl reads through this callback, and cannot read again: see set_method_and_body.
std::size_t on_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t n = std::min(size * count, transfer->upload.size());
  std::copy_n(transfer->upload.data(), n, buffer);
  transfer->upload.remove_prefix(n);
  return n;
}

int refuse_rewind(void* /*user*/, curl_off_t /*offset*/, int /*origin*/) { return CURL_SEEKFUNC_CANTSEEK; }

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  if (transfer->response.body.size() + n > transfer->max_body) {
    transfer->body_too_large = true;
    return 0;  // makes libcurl abort with CURLE_WRITE_ERROR
  }
  try {
    transfer->response.body.append(data, n);
  } catch (...) {  // never through libcurl's C frames; 0 aborts the transfer
    return 0;
  }
  return n;
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

void add_header_line(HttpResponse& response, std::string_view line) {
  if (line.starts_with("HTTP/")) {
    // A new status line (after 100 Continue or a proxy CONNECT): only the final reply's headers count.
    response.headers.clear();
  } else if (const auto colon = line.find(':'); colon != std::string_view::npos && colon > 0) {
    response.headers.emplace_back(std::string(trim(line.substr(0, colon))),
                                  std::string(trim(line.substr(colon + 1))));
  }
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  try {
    add_header_line(transfer->response, std::string_view(data, n));
  } catch (...) {  // never through libcurl's C frames; 0 aborts the transfer
    return 0;
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

CurlTransport::CurlTransport(CurlOptions options) : options_(std::move(options)) {
  global_init_once();
  if (options_.user_agent.empty()) options_.user_agent = std::string("linkform/") + kVersion;
  if (options_.ca_bundle.empty()) {
    const CaBundle found = find_ca_bundle();
    options_.ca_bundle = found.path;
    ca_problem_ = found.problem;
  }
  options_.max_host_connections = std::max(1, options_.max_host_connections);
  admission_ = std::make_unique<HostAdmission>(options_.max_host_connections);
  loop_ = std::make_unique<Loop>(options_.max_host_connections, options_.total_timeout);
  easy_pool_ = std::make_unique<EasyPool>();
}

CurlTransport::~CurlTransport() = default;

std::string TransportStats::summary() const {
  return std::to_string(requests_sent) + " requests sent, " + std::to_string(connections_opened) +
         " connections opened, " + std::to_string(http2_replies) + " over HTTP/2, at most " +
         std::to_string(peak_in_flight) + " in flight to one host" +
         (rebound == 0
              ? std::string()
              : ", " + std::to_string(rebound) + " given another connection when theirs never came up");
}

int CurlTransport::requests_at_once() const { return admission_->widest_bound(); }

TransportStats CurlTransport::stats() const {
  return {requests_sent_.load(), connections_opened_.load(), http2_replies_.load(),
          admission_->peak_in_flight(), loop_->rebound()};
}

namespace {

std::size_t body_limit(const CurlOptions& options, const HttpRequest& request) {
  return request.max_body_bytes > 0 ? request.max_body_bytes : options.max_body_bytes;
}

// Failures that another attempt cannot cure: the peer's certificate or the local trust store.
bool is_certificate_failure(CURLcode rc) {
  switch (rc) {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_CRL_BADFILE:
      return true;
    default:
      return false;
  }
}

// Checks the request before any connection; returns the host it goes to (scheme, host and port).
// What goes wrong before a request leaves this machine, or in handling its reply here: sending the
// request again would fail the same way.
bool is_local_failure(CURLcode rc) {
  switch (rc) {
    case CURLE_OUT_OF_MEMORY:
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_NOT_BUILT_IN:
    case CURLE_FAILED_INIT:
    case CURLE_BAD_FUNCTION_ARGUMENT:
      return true;
    default:
      return false;
  }
}

bool is_loopback_url(const std::string& url) {
  auto parsed = parse_url(url);
  return parsed && is_loopback_host(parsed->host);
}

Result<std::string> check_target(const HttpRequest& request) {
  auto url = parse_url(request.url);
  if (!url) return fail(Error::invalid(describe(request) + ": " + url.error().message));
  if (!request.proxy.empty()) {
    auto proxy = parse_url(request.proxy);
    if (!proxy || proxy->scheme != "http" || !is_loopback_host(proxy->host)) {
      return fail(Error::invalid(describe(request) + ": the proxy must be an http:// URL on loopback"));
    }
  }
  if (url->scheme == "http" && !is_loopback_host(url->host) && request.proxy.empty()) {
    return fail(Error::invalid(describe(request) +
                               ": refusing plain http to a non-loopback host; use https (http is allowed "
                               "only on loopback)"));
  }
  if (request.method.empty() || request.method.find_first_of(" \r\n") != std::string::npos) {
    return fail(Error::invalid(describe(request) + ": invalid HTTP method"));
  }
  return url->scheme + "://" + url->host + ":" + std::to_string(url->port);
}

// libcurl silently sends a request again when a reused connection closes before any reply byte, and to do
// so it rewinds the body. A request that must not be repeated (a create: is_retry_safe is false) gives its
// body through a callback that cannot rewind: once any of it was sent, libcurl fails the transfer instead
// (CURLE_SEND_FAIL_REWIND), and linkform's own recovery lists what is there before anything is sent
// again. Before any of the body was sent, the server cannot have acted on it, and libcurl's resend is
// harmless. So a create may use a kept-alive connection, and over HTTP/2 share one, instead of paying
// for a new TCP and TLS handshake each (ARCHITECTURE.md, "The transport"). A create without a body, which
// nothing would stop, still takes a fresh connection, on which libcurl never re-sends.
void set_method_and_body(CURL* easy, const HttpRequest& request, Transfer& transfer) {
  if (request.method == "HEAD") {
    curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
    return;
  }
  if (request.method == "GET" && request.body.empty()) {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
    return;
  }
  const bool once_only = !is_retry_safe(request);
  if (request.method != "GET" && (request.method != "DELETE" || !request.body.empty())) {
    if (once_only && !request.body.empty()) {
      transfer.upload = request.body;
      curl_easy_setopt(easy, CURLOPT_POST, 1L);
      curl_easy_setopt(easy, CURLOPT_READFUNCTION, &on_upload);
      curl_easy_setopt(easy, CURLOPT_READDATA, &transfer);
      curl_easy_setopt(easy, CURLOPT_SEEKFUNCTION, &refuse_rewind);
    } else {
      // POSTFIELDS sends the body (also an empty one, with Content-Length: 0).
      curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
    }
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }
  if (once_only && request.body.empty()) curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
  if (request.method != "POST") curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
}

// Everything one transfer is told: where, how, with what limits and timeouts, and where its reply goes.
void set_transfer_options(CURL* easy, const CurlOptions& options, const HttpRequest& request,
                          const std::string& host, curl_slist* headers, Transfer& transfer,
                          char* error_buffer) {
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  // Over TLS, wait for a connection being opened to say whether it multiplexes rather than open more.
  // (Over plain http, HTTP/1.1 is certain, and waiting would only cost the first requests a round trip.)
  if (host.starts_with("https:")) curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
  // Credentials meant for loopback (the emulator, over plain http) never go through an http_proxy.
  if (!request.proxy.empty()) {
    curl_easy_setopt(easy, CURLOPT_PROXY, request.proxy.c_str());
    curl_easy_setopt(easy, CURLOPT_NOPROXY, "");  // through this proxy whatever no_proxy says
  } else if (is_loopback_url(request.url)) {
    curl_easy_setopt(easy, CURLOPT_NOPROXY, "*");
  }
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options.ca_bundle.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, options.ca_bundle.c_str());
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(
      easy, CURLOPT_TIMEOUT_MS,
      request.timeout_ms > 0 ? request.timeout_ms : static_cast<long>(options.total_timeout.count()));
  curl_easy_setopt(easy, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(body_limit(options, request)));
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &transfer);
  set_method_and_body(easy, request, transfer);
}

// The reply, or the error that says why there is none, named by its kind.
Result<HttpResponse> to_result(CURLcode rc, long status, const std::string& detail, Transfer& transfer,
                               const HttpRequest& request, const CurlOptions& options) {
  if (transfer.body_too_large || rc == CURLE_FILESIZE_EXCEEDED) {
    return fail({ErrorKind::kLocal,
                 describe(request) + ": the reply body is larger than the limit of " +
                     std::to_string(body_limit(options, request)) + " bytes",
                 0});
  }
  if (rc == CURLE_OPERATION_TIMEDOUT) {
    return fail({ErrorKind::kTimeout,
                 describe(request) + ": no reply in time (connect timeout " +
                     std::to_string(options.connect_timeout.count()) + " ms, total timeout " +
                     std::to_string(options.total_timeout.count()) + " ms): " + detail,
                 0});
  }
  if (is_certificate_failure(rc)) {
    return fail({ErrorKind::kTls,
                 describe(request) + ": " + detail +
                     " (linkform always verifies the server's certificate and its host name; if the server "
                     "uses a private CA, point CURL_CA_BUNDLE or SSL_CERT_FILE at the CA's certificate file)",
                 0});
  }
  if (rc == CURLE_BAD_CONTENT_ENCODING) {
    // The server's fault, not this machine's: it said the body was compressed and it was not.
    return fail({ErrorKind::kTransport,
                 describe(request) +
                     ": the server sent a body its Content-Encoding header does not describe (" + detail +
                     ")",
                 0});
  }
  if (is_local_failure(rc)) {
    return fail({ErrorKind::kLocal,
                 describe(request) + ": " + detail + " (a failure on this machine; not retried)", 0});
  }
  if (rc == CURLE_SEND_FAIL_REWIND) {
    return fail({ErrorKind::kTransport,
                 describe(request) +
                     ": the connection closed after the request was sent and before any reply (it may have "
                     "been received; libcurl does not send it again)",
                 0});
  }
  if (rc != CURLE_OK) return fail({ErrorKind::kTransport, describe(request) + ": " + detail, 0});
  transfer.response.status = static_cast<int>(status);
  return std::move(transfer.response);
}

}  // namespace

Result<HttpResponse> CurlTransport::send(const HttpRequest& request) {
  auto host = check_target(request);
  if (!host) return fail(host.error());
  if (!ca_problem_.empty() && host->starts_with("https:")) {
    return fail({ErrorKind::kTls, describe(request) + ": " + ca_problem_, 0});
  }
  auto headers = build_headers(request.headers);
  if (!headers) return fail(Error::invalid(describe(request) + ": " + headers.error().message));
  const EasyPool::Lease handle = easy_pool_->take();
  if (handle.get() == nullptr || !loop_->usable())
    return fail({ErrorKind::kLocal, describe(request) + ": libcurl could not be initialised", 0});

  CURL* easy = handle.get();
  Transfer transfer;
  transfer.max_body = body_limit(options_, request);
  char error_buffer[CURL_ERROR_SIZE] = {};
  set_transfer_options(easy, options_, request, *host, headers->get(), transfer, error_buffer);

  Loop::Outcome outcome;
  {
    const HostAdmission::Slot slot(*admission_, *host);  // left again however this block ends
    requests_sent_.fetch_add(1);
    outcome = loop_->perform(easy, *host);
    long version = 0;
    if (outcome.rc == CURLE_OK && curl_easy_getinfo(easy, CURLINFO_HTTP_VERSION, &version) == CURLE_OK &&
        version == CURL_HTTP_VERSION_2_0) {
      http2_replies_.fetch_add(1);
      admission_->set_multiplexing(*host);
    }
  }
  long connects = 0;
  if (curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK && connects > 0) {
    connections_opened_.fetch_add(static_cast<std::uint64_t>(connects));
  }
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  const CURLcode rc = outcome.rc;
  // A request the loop ended at its deadline never got a connection; the error buffer may hold a
  // half-written step of libcurl's and says nothing true about it.
  const std::string detail = outcome.expired           ? "no connection to the host became free in time"
                             : error_buffer[0] != '\0' ? error_buffer
                                                       : curl_easy_strerror(rc);

  return to_result(rc, status, detail, transfer, request, options_);
}

}  // namespace linkform
