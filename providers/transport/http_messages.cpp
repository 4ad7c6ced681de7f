#include "providers/transport/http_messages.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "core/redaction.h"
#include "providers/transport/retrying_transport.h"

namespace linkform {

std::string reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 413:
      return "Payload Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return {};
  }
}

std::string status_text(int status) {
  std::string phrase = reason_phrase(status);
  return phrase.empty() ? std::to_string(status) : std::to_string(status) + " " + phrase;
}

std::string path_without_query(std::string_view url) {
  const auto scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  if (scheme != std::string_view::npos) {
    const auto slash = rest.find_first_of("/?#");
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
  }
  rest = rest.substr(0, rest.find_first_of("?#"));
  return rest.empty() ? "/" : std::string(rest);
}

std::string url_encode(std::string_view text) {
  // libcurl ignores the handle argument of curl_easy_escape since 7.82; it is documented to accept NULL.
  const std::unique_ptr<char, decltype(&curl_free)> escaped(
      curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size())), &curl_free);
  return escaped ? std::string(escaped.get()) : std::string();
}

std::string redact(std::string text, const std::vector<const Secret*>& secrets) {
  std::vector<std::string_view> values;
  for (const Secret* secret : secrets) {
    if (secret != nullptr && !secret->empty()) values.emplace_back(secret->reveal());
  }
  return redact_secrets(std::move(text), values);
}

std::string body_excerpt(std::string_view body, std::size_t max_chars) {
  const auto first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  body = body.substr(first);
  std::string head(body.substr(0, 64));
  std::ranges::transform(head, head.begin(), [](unsigned char c) { return std::tolower(c); });
  if (head.starts_with("<!doctype html") || head.starts_with("<html") || head.starts_with("<?xml") ||
      head.starts_with("<head") || head.starts_with("<body")) {
    return "(an HTML page)";
  }
  std::string out;
  for (char c : body.substr(0, max_chars)) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7f) ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (body.size() > max_chars) out += "...";
  return out;
}

std::string attempts_suffix(const HttpResponse& response) {
  const auto attempts = response.header(RetryingTransport::kAttemptsHeader);
  if (!attempts || attempts->empty() || attempts->find_first_not_of("0123456789") != std::string::npos)
    return {};
  return " (after " + *attempts + " attempts)";
}

}  // namespace linkform
