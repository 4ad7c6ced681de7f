#pragma once
// The MCP gateway of a Frontegg environment (README, vendor assumptions): at plan, each distinct gateway is
// read once, without any credential, to learn whether an MCP gateway answers there at all. The MCP
// authorization specification requires an MCP server to serve its protected-resource metadata (RFC 9728,
// /.well-known/oauth-protected-resource); Frontegg's gateway routes it next to /integration-callback. The
// exact JSON Frontegg returns is not published, so any JSON object with a "resource" string is accepted,
// and the authorization-server document (RFC 8414, an object with "issuer") is tried before giving up.

#include <optional>
#include <string>
#include <string_view>

#include "core/http.h"

namespace linkform::frontegg {

inline constexpr std::string_view kProtectedResourcePath = "/.well-known/oauth-protected-resource";
inline constexpr std::string_view kAuthorizationServerPath = "/.well-known/oauth-authorization-server";

// Empty when `response` is the document at `path` (see above), else what came back instead, e.g.
// "404 Not Found", "a reply that is not JSON (text/html)", "a JSON object without \"resource\"".
std::string gateway_document_problem(std::string_view path, const HttpResponse& response);

// Reads the gateway's documents: nullopt when one answers as an MCP gateway's, else one line saying what
// came back from each ("no MCP gateway answers at ..."). A transport failure is such a line too: the plan
// goes on. No credential, no redirect, 64 KiB and 5 s at most, a single attempt each.
std::optional<std::string> probe_gateway(HttpTransport& transport, const std::string& gateway);

}  // namespace linkform::frontegg
