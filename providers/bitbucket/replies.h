#pragma once
// Parsers for Bitbucket Cloud replies (DESIGN.md section 1). Each takes an untrusted body and returns data
// or a kParse Error naming the field; none of them crashes on any input.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/secret.h"

namespace linkform::bitbucket {

struct Workspace {
  std::string slug;
  std::string uuid;  // with braces, as Bitbucket sends it: "{1f0e...}"
  std::string name;
};

// The 200 reply of POST /site/oauth2/access_token.
struct TokenReply {
  Secret access_token;
  std::vector<std::string> scopes;  // "scope" (or "scopes") split on whitespace, in the vendor's order
  std::string_view scope_field;     // which of the two the reply carried
};

// The OAuth error object of a failed token call: {"error": "...", "error_description": "..."}.
struct OAuthError {
  std::string error;
  std::string description;
};

// Requires "access_token" (string) and the granted permissions: "scope" (Bitbucket since 2026-05-04) or,
// failing that, "scopes" (before; still sent by older or proxied deployments), a string that may be empty.
// Neither is a kParse Error naming both. A "refresh_token" is neither expected nor read.
Result<TokenReply> parse_token_reply(std::string_view body);

// nullopt when the body is not an OAuth error object.
std::optional<OAuthError> parse_oauth_error(std::string_view body);

// Requires "slug", "uuid" and "name" (strings).
Result<Workspace> parse_workspace(std::string_view body);

// The human part of an error reply: "message (detail)" from a Bitbucket 2.0 error object
// {"type":"error","error":{"message":..., "detail": string-or-object}}, "error_description" from an OAuth
// error, else a short excerpt of the body (a 429 has plain text). Empty for an empty body.
std::string vendor_message(std::string_view body);

}  // namespace linkform::bitbucket
