#pragma once
// Small pieces both vendor clients use to build requests and error messages.
// Error messages name method, path, status and the vendor's words, and never a credential (ARCHITECTURE.md).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/encoding.h"  // base64_encode, for basic auth
#include "core/http.h"
#include "core/secret.h"

namespace linkform {

// "Not Found" for 404 and so on; empty for statuses without a well-known phrase.
std::string reason_phrase(int status);

// "404 Not Found", or just "599" when there is no phrase.
std::string status_text(int status);

// The path of an absolute URL without query or fragment ("/2.0/workspaces/acme"); "/" when empty.
std::string path_without_query(std::string_view url);

// Percent-encodes everything but RFC 3986 unreserved characters, for one path segment or query value.
std::string url_encode(std::string_view text);

// Replaces every occurrence of each non-empty secret in text with "(redacted)", in every form it can take
// (raw, JSON-escaped, percent-encoded, inside base64; core/redaction.h), and every Bearer/Basic value.
// Call it on a reply body before any excerpt is taken of it, so a cut cannot leave part of a secret.
std::string redact(std::string text, const std::vector<const Secret*>& secrets);

// A short, printable excerpt of a reply body that is not a recognised error object: at most max_chars
// characters, control characters replaced, "(an HTML page)" for HTML, empty for an empty body.
std::string body_excerpt(std::string_view body, std::size_t max_chars = 200);

// " (after N attempts)" when the reply was retried (it carries RetryingTransport's attempts header),
// else empty; for error messages built from a reply.
std::string attempts_suffix(const HttpResponse& response);

}  // namespace linkform
