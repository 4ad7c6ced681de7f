#pragma once
// Parsers for Bitbucket Cloud replies (README, vendor assumptions). Each takes an untrusted body and returns
// data or a kParse Error naming the field; none of them crashes on any input.

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
  // The reply's headers about the credential (support.atlassian.com, "How to fetch the scope of a token
  // via command line"): the scopes it holds, and its kind. Absent when not sent.
  std::optional<std::string> oauth_scopes;     // x-oauth-scopes
  std::optional<std::string> credential_type;  // x-credential-type
};

// The 200 reply of POST /site/oauth2/access_token.
struct TokenReply {
  Secret access_token;
  // The granted permissions as sent: "scope" (or "scopes"); nullopt when the reply has neither.
  std::optional<std::string> scope_text;
  std::string_view scope_field;  // which of the two the reply carried; empty when neither
};

// Splits a scope list on spaces (the token reply) and commas (the x-oauth-scopes header, whose separator
// Bitbucket does not document), dropping empty items.
std::vector<std::string> split_scope_list(std::string_view text);

// The OAuth error object of a failed token call: {"error": "...", "error_description": "..."}.
struct OAuthError {
  std::string error;
  std::string description;
};

// Requires "access_token" (string). The granted permissions are "scope" (Bitbucket since 2026-05-04) or,
// failing that, "scopes" (before; still sent by older or proxied deployments), a string that may be empty;
// a reply with neither is read (scope_text nullopt): the caller may have another witness. A
// "refresh_token" is neither expected nor read.
Result<TokenReply> parse_token_reply(std::string_view body);

// nullopt when the body is not an OAuth error object.
std::optional<OAuthError> parse_oauth_error(std::string_view body);

// Requires "slug", "uuid" and "name" (strings).
Result<Workspace> parse_workspace(std::string_view body);

// The human part of an error reply: "message (detail)" from a Bitbucket 2.0 error object
// {"type":"error","error":{"message":..., "detail": string-or-object}}; a detail with "granted" and
// "required" lists (a 403 for missing scopes) reads "granted: a, b; required: c", "error_description" from an
// OAuth error, else a short excerpt of the body (a 429 has plain text). Empty for an empty body.
std::string vendor_message(std::string_view body);

}  // namespace linkform::bitbucket
