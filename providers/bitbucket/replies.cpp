#include "providers/bitbucket/replies.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cctype>

#include "providers/transport/http_messages.h"
#include "providers/transport/json_reply.h"

namespace linkform::bitbucket {

namespace {

// "granted: a, b; required: c" from a detail object's string lists; empty when it has neither.
std::string scope_detail_text(const rapidjson::Value& detail) {
  std::string out;
  for (const std::string_view name : {"granted", "required"}) {
    const auto* list = json::member(detail, name);
    if (list == nullptr || !list->IsArray()) continue;
    std::string items;
    for (const auto& item : list->GetArray()) {
      if (item.IsString())
        items += (items.empty() ? "" : ", ") + std::string(item.GetString(), item.GetStringLength());
    }
    out += (out.empty() ? "" : "; ") + std::string(name) + ": " + (items.empty() ? "(none)" : items);
  }
  return out;
}

// A detail that is an object is shown as compact JSON, cut short.
std::string detail_text(const rapidjson::Value& detail) {
  if (detail.IsString()) return {detail.GetString(), detail.GetStringLength()};
  if (detail.IsNull()) return {};
  if (std::string scopes = scope_detail_text(detail); !scopes.empty()) return scopes;
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  detail.Accept(writer);
  return body_excerpt({buffer.GetString(), buffer.GetSize()});
}

}  // namespace

Result<TokenReply> parse_token_reply(std::string_view body) {
  constexpr std::string_view kWhat = "Bitbucket token reply";
  auto doc = json::parse(body, kWhat);
  if (!doc) return fail(doc.error());
  json::FieldReader reader(*doc, std::string(kWhat));
  TokenReply reply;
  reply.access_token = Secret(reader.string("access_token"), Secret::Transient{});
  // Bitbucket's reply names the granted permissions "scope" since 2026-05-04 ("OAuth 2.0 and API
  // authentication changes for Bitbucket Cloud"); older or proxied deployments still say "scopes".
  reply.scope_text = reader.optional_string("scope");
  reply.scope_field = "scope";
  if (!reply.scope_text) {
    reply.scope_text = reader.optional_string("scopes");
    reply.scope_field = reply.scope_text ? "scopes" : "";
  }
  if (!reader.ok()) return fail(*reader.error());
  if (reply.access_token.empty()) return fail(json::parse_error(kWhat, "field \"access_token\" is empty"));
  return reply;
}

std::vector<std::string> split_scope_list(std::string_view text) {
  std::vector<std::string> out;
  std::string item;
  for (const char c : text) {
    if (c == ',' || std::isspace(static_cast<unsigned char>(c))) {
      if (!item.empty()) out.push_back(std::move(item));
      item.clear();
    } else {
      item.push_back(c);
    }
  }
  if (!item.empty()) out.push_back(std::move(item));
  return out;
}

std::optional<OAuthError> parse_oauth_error(std::string_view body) {
  auto doc = json::parse(body, "Bitbucket OAuth error");
  if (!doc) return std::nullopt;
  json::FieldReader reader(*doc, "Bitbucket OAuth error");
  OAuthError error;
  error.error = reader.string("error");
  error.description = reader.optional_string("error_description").value_or("");
  if (!reader.ok()) return std::nullopt;
  return error;
}

Result<Workspace> parse_workspace(std::string_view body) {
  constexpr std::string_view kWhat = "Bitbucket workspace reply";
  auto doc = json::parse(body, kWhat);
  if (!doc) return fail(doc.error());
  json::FieldReader reader(*doc, std::string(kWhat));
  Workspace workspace{reader.string("slug"), reader.string("uuid"), reader.string("name"), {}, {}};
  if (!reader.ok()) return fail(*reader.error());
  return workspace;
}

std::string vendor_message(std::string_view body) {
  auto doc = json::parse(body, "Bitbucket error");
  if (!doc) return body_excerpt(body);
  if (const auto* error = json::member(*doc, "error"); error != nullptr && error->IsObject()) {
    const auto* message = json::member(*error, "message");
    std::string text = message != nullptr && message->IsString()
                           ? std::string(message->GetString(), message->GetStringLength())
                           : std::string();
    if (const auto* detail = json::member(*error, "detail"); detail != nullptr) {
      const std::string d = detail_text(*detail);
      if (!d.empty()) text += text.empty() ? d : " (" + d + ")";
    }
    if (!text.empty()) return body_excerpt(text, 500);
  }
  if (auto oauth = parse_oauth_error(body)) {
    return body_excerpt(oauth->description.empty() ? oauth->error : oauth->description, 500);
  }
  return body_excerpt(body);
}

}  // namespace linkform::bitbucket
