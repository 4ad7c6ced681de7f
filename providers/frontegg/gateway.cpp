#include "providers/frontegg/gateway.h"

#include "core/url.h"
#include "providers/transport/http_messages.h"
#include "providers/transport/json_reply.h"

namespace linkform::frontegg {

namespace {

constexpr std::size_t kMaxDocumentBytes = 64 * 1024;
constexpr long kTimeoutMs = 5000;

bool has_string(const rapidjson::Value& doc, std::string_view name) {
  const auto* value = json::member(doc, name);
  return value != nullptr && value->IsString() && value->GetStringLength() > 0;
}

}  // namespace

std::string gateway_document_problem(std::string_view path, const HttpResponse& response) {
  if (response.status != 200) return status_text(response.status);
  auto doc = json::parse(response.body, "gateway document");
  if (!doc || !doc->IsObject()) {
    const std::string type = response.header("Content-Type").value_or("no Content-Type");
    return "200 with a reply that is not a JSON object (" + body_excerpt(type, 60) + ")";
  }
  const std::string_view field = path == kProtectedResourcePath ? "resource" : "issuer";
  if (!has_string(*doc, field)) return "200 with a JSON object without \"" + std::string(field) + "\"";
  return {};
}

std::optional<std::string> probe_gateway(HttpTransport& transport, const std::string& gateway) {
  std::string seen;
  for (const std::string_view path : {kProtectedResourcePath, kAuthorizationServerPath}) {
    HttpRequest request{"GET", join_url(gateway, std::string(path)), {{"Accept", "application/json"}}, {}};
    request.label = "gateway";
    request.max_body_bytes = kMaxDocumentBytes;
    request.timeout_ms = kTimeoutMs;
    request.single_attempt = true;
    auto response = transport.send(request);
    std::string problem = response ? gateway_document_problem(path, *response) : response.error().message;
    if (problem.empty()) return std::nullopt;
    seen += (seen.empty() ? "" : "; ") + ("GET " + std::string(path) + ": " + problem);
  }
  return "no MCP gateway answers at " + gateway + " (" + seen +
         "). Check gateway against the MCP Gateway URL in the Frontegg portal's Settings: OAuth flows "
         "through this gateway would fail";
}

}  // namespace linkform::frontegg
