#include "providers/bitbucket/emulator.h"

#include <openssl/evp.h>

#include <algorithm>
#include <optional>

#include "providers/bitbucket/permissions.h"
#include "providers/emulator/common/json.h"
#include "providers/emulator/common/random.h"
#include "providers/emulator/vendor_half.h"

namespace linkform::bitbucket {

using emulator::JsonWriter;
using emulator::Reply;

namespace {
constexpr std::string_view kPublicConsumer =
    "Cannot use client_credentials with a consumer marked as \"public\". Calls for auto generated consumers "
    "should use urn:bitbucket:oauth2:jwt instead.";

Reply oauth_error(std::string_view error, std::string_view description, int status = 400) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  emulator::write_field(w, "error", error);
  emulator::write_field(w, "error_description", description);
  w.EndObject();
  return emulator::json_reply(status, buf.GetString());
}

struct BasicCredentials {
  std::string key;
  std::string secret;
};

// Decodes "Authorization: Basic base64(key:secret)"; nullopt when absent or malformed.
std::optional<BasicCredentials> basic_credentials(const httplib::Request& req) {
  const std::string header = req.get_header_value("Authorization");
  if (header.size() < 7 || !std::equal(header.begin(), header.begin() + 6, "Basic ", [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
      })) {
    return std::nullopt;
  }
  std::string encoded = header.substr(6);
  std::erase(encoded, ' ');
  if (encoded.empty() || encoded.size() % 4 != 0) return std::nullopt;
  std::string decoded(encoded.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                                reinterpret_cast<const unsigned char*>(encoded.data()),
                                static_cast<int>(encoded.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts the bytes that the '=' padding stands for.
  const auto padding = static_cast<int>(encoded.size() - encoded.find_last_not_of('=') - 1);
  decoded.resize(static_cast<std::size_t>(n - padding));
  const auto colon = decoded.find(':');
  if (colon == std::string::npos) return std::nullopt;
  return BasicCredentials{decoded.substr(0, colon), decoded.substr(colon + 1)};
}

std::optional<std::string> bearer_token(const httplib::Request& req) {
  const std::string header = req.get_header_value("Authorization");
  if (header.size() <= 7 || header.compare(0, 7, "Bearer ") != 0) return std::nullopt;
  return header.substr(7);
}

std::string join(const std::vector<std::string>& items, char sep) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out.push_back(sep);
    out += s;
  }
  return out;
}

void write_link(JsonWriter& w, const char* key, const std::string& href) {
  w.Key(key);
  w.StartObject();
  emulator::write_field(w, "href", href);
  w.EndObject();
}

std::string workspace_json(const EmulatedWorkspace& ws, const std::string& api_base) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  emulator::write_field(w, "type", "workspace");
  emulator::write_field(w, "uuid", ws.uuid);
  emulator::write_field(w, "name", ws.name);
  emulator::write_field(w, "slug", ws.slug);
  w.Key("is_private");
  w.Bool(true);
  w.Key("is_privacy_enforced");
  w.Bool(false);
  emulator::write_field(w, "forking_mode", "allow_forks");
  emulator::write_field(w, "created_on", "2020-01-01T00:00:00.000000+00:00");
  emulator::write_field(w, "updated_on", "2020-01-01T00:00:00.000000+00:00");
  w.Key("links");
  w.StartObject();
  const std::string self = api_base + "/2.0/workspaces/" + ws.slug;
  write_link(w, "avatar", "https://bitbucket.org/workspaces/" + ws.slug + "/avatar/");
  write_link(w, "html", "https://bitbucket.org/" + ws.slug + "/");
  write_link(w, "members", self + "/members");
  write_link(w, "owners", self + "/members?q=permission%3D%22owner%22");
  write_link(w, "projects", self + "/projects");
  write_link(w, "repositories", api_base + "/2.0/repositories/" + ws.slug);
  write_link(w, "snippets", api_base + "/2.0/snippets/" + ws.slug);
  write_link(w, "self", self);
  w.EndObject();
  w.EndObject();
  return buf.GetString();
}

Reply unauthorized(std::string_view message) {
  Reply r = BitbucketEmulator::error_reply(401, message);
  r.headers.emplace_back("WWW-Authenticate", "BitbucketCustom realm=\"Bitbucket.org HTTP\"");
  return r;
}
}  // namespace

BitbucketEmulator::BitbucketEmulator(EmulatedBitbucket state, int token_ttl_s, TokenReplyShape reply_shape,
                                     bool issues_and_wikis)
    : state_(std::move(state)),
      token_ttl_s_(token_ttl_s),
      reply_shape_(reply_shape),
      issues_and_wikis_(issues_and_wikis) {}

std::string BitbucketEmulator::consumer_key_of(const httplib::Request& req) {
  const auto creds = basic_credentials(req);
  return creds ? creds->key : std::string();
}

bool BitbucketEmulator::owns_path(std::string_view path) {
  return path.starts_with("/site/") || path.starts_with("/2.0/") || path == "/2.0" ||
         path.find("/workspace/settings/oauth-consumers") != std::string_view::npos;
}

Reply BitbucketEmulator::error_reply(int status, std::string_view message) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  emulator::write_field(w, "type", "error");
  w.Key("error");
  w.StartObject();
  emulator::write_field(w, "message", message);
  w.EndObject();
  w.EndObject();
  return emulator::json_reply(status, buf.GetString());
}

Reply BitbucketEmulator::rate_limited_reply() {
  Reply r;
  r.status = 429;
  r.content_type = "text/plain";
  r.body = "Rate limit for this resource has been exceeded";
  return r;
}

Reply BitbucketEmulator::handle(const httplib::Request& req) {
  if (req.path == "/site/oauth2/access_token" && req.method == "POST") return issue_token(req);
  if (req.method == "GET" && req.path.find("/workspace/settings/oauth-consumers") != std::string::npos)
    return consumer_page(req.path);
  if (ReportsEmulator::owns_path(req.path)) {
    const bool authenticated = bearer_token(req).has_value() || req.has_header(emulator::kProxiedHeader);
    return reports_.handle(req.method, req.path, req.body, authenticated);
  }
  constexpr std::string_view kWorkspaces = "/2.0/workspaces/";
  if (req.method == "GET" && req.path.starts_with(kWorkspaces)) {
    const std::string_view id = std::string_view(req.path).substr(kWorkspaces.size());
    if (!id.empty() && id.find('/') == std::string_view::npos) return get_workspace(req, id);
  }
  Reply r = error_reply(404, "Resource not found");
  // Bitbucket adds a pointer to its documentation for paths it does not serve.
  r.body.insert(
      r.body.size() - 2,
      ",\"detail\":\"There is no API hosted at this URL.\\n\\nFor information about our API's, please "
      "refer to the documentation at: https://developer.atlassian.com/bitbucket/api/2/reference/\"");
  return r;
}

Reply BitbucketEmulator::issue_token(const httplib::Request& req) {
  httplib::Params form;
  httplib::detail::parse_query_text(req.body, form);
  const auto grant = form.find("grant_type");
  if (grant == form.end() || grant->second != "client_credentials") {
    const std::string value = grant == form.end() ? "None" : grant->second;
    return oauth_error("unsupported_grant_type", "Unsupported grant type: " + value);
  }
  const auto creds = basic_credentials(req);
  if (!creds) {
    return oauth_error(
        "unauthorized_client",
        "Client credentials missing; this request needs to be authenticated with the OAuth client "
        "id and secret");
  }
  const EmulatedConsumer* consumer = state_.find_consumer(creds->key);
  if (consumer == nullptr || consumer->secret != creds->secret) {
    return oauth_error("unauthorized_client", "Invalid OAuth client credentials");
  }
  if (consumer->callback_url.empty()) {
    return oauth_error("invalid_request", "No callback uri defined for the OAuth client.");
  }
  if (!consumer->is_private) return oauth_error("invalid_grant", kPublicConsumer);

  const auto now = std::chrono::steady_clock::now();
  std::erase_if(tokens_, [&](const auto& item) { return item.second.expires <= now; });
  const std::string access_token = emulator::random_alnum(128);
  // Since 2026-08-20 Issues and Wikis are gone, and a token grants nothing of theirs: the reply leaves
  // their scopes out (an assumption: README, vendor assumptions).
  std::vector<std::string> granted;
  for (const auto& p : consumer->permissions) {
    const Permission* known = find_permission(p);
    if (issues_and_wikis_ || known == nullptr || !known->retired) granted.push_back(p);
  }
  tokens_[access_token] = {consumer->key, consumer->workspace, granted,
                           now + std::chrono::seconds(token_ttl_s_)};

  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  emulator::write_field(w, "access_token", access_token);
  // Since 2026-05-04 Bitbucket names the field "scope" and gives client credentials no refresh token
  // (Atlassian, "OAuth 2.0 and API authentication changes for Bitbucket Cloud"); before, it was "scopes"
  // with a refresh token.
  const bool pre_2026 = reply_shape_ == TokenReplyShape::kPre2026;
  emulator::write_field(w, pre_2026 ? "scopes" : "scope", join(granted, ' '));
  w.Key("expires_in");
  w.Int(token_ttl_s_);
  emulator::write_field(w, "token_type", "bearer");
  emulator::write_field(w, "state", "client_credentials");
  if (pre_2026) emulator::write_field(w, "refresh_token", emulator::random_alnum(24));
  w.EndObject();
  return emulator::json_reply(200, buf.GetString());
}

Reply BitbucketEmulator::get_workspace(const httplib::Request& req, std::string_view id) {
  const auto token = bearer_token(req);
  if (!token) return unauthorized("Authentication required.");
  const auto it = tokens_.find(*token);
  if (it == tokens_.end())
    return unauthorized("Token is invalid, expired, or not supported for this endpoint.");
  if (it->second.expires <= std::chrono::steady_clock::now()) return unauthorized("Access token expired.");

  const EmulatedWorkspace* ws = state_.find_workspace(id);
  if (ws == nullptr) return error_reply(404, "No workspace with identifier '" + std::string(id) + "'.");
  if (ws->slug != it->second.workspace) {
    return error_reply(403, "You do not have access to workspace '" + ws->slug + "'.");
  }
  const std::string host = req.get_header_value("Host");
  Reply reply = emulator::json_reply(
      200, workspace_json(*ws, host.empty() ? "https://api.bitbucket.org" : "http://" + host));
  // The scopes the credential holds (support.atlassian.com, "How to fetch the scope of a token via command
  // line"); several are separated by ", " as clients read them. x-credential-type is not sent: its value
  // for a consumer's token is not published.
  std::string scopes;
  for (const auto& s : it->second.scopes) scopes += (scopes.empty() ? "" : ", ") + s;
  reply.headers.emplace_back("x-oauth-scopes", scopes);
  return reply;
}

void BitbucketEmulator::forget_tokens_of(std::string_view consumer_key) {
  std::erase_if(tokens_, [&](const auto& item) { return item.second.consumer_key == consumer_key; });
}

void BitbucketEmulator::replace_state(EmulatedBitbucket state) {
  state_ = std::move(state);
  tokens_.clear();
  reports_.clear();
}

}  // namespace linkform::bitbucket
