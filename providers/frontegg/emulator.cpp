#include "providers/frontegg/emulator.h"

#include <openssl/evp.h>

#include <algorithm>

#include "providers/emulator/common/json.h"
#include "providers/emulator/common/random.h"

namespace linkform::frontegg {

using emulator::JsonWriter;
using emulator::Reply;

namespace {
constexpr std::string_view kCustomIntegrations = "/app-integrations/resources/custom-integrations/v1";

std::string base64url(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  const int n =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
  out.resize(static_cast<std::size_t>(n));
  std::erase(out, '=');
  std::ranges::replace(out, '+', '-');
  std::ranges::replace(out, '/', '_');
  return out;
}

// Frontegg's vendor tokens are JWTs. This one has the shape (a client may
// decode the payload) but an unsigned, random signature.
std::string vendor_token(const std::string& client_id, const std::string& tenant_id, int ttl_s) {
  const auto now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  emulator::write_field(w, "sub", client_id);
  emulator::write_field(w, "tenantId", tenant_id);
  emulator::write_field(w, "type", "vendor");
  w.Key("iat");
  w.Int64(now);
  w.Key("exp");
  w.Int64(now + ttl_s);
  w.EndObject();
  return base64url(R"({"alg":"HS256","typ":"JWT"})") + "." + base64url(buf.GetString()) + "." +
         base64url(emulator::random_alnum(32));
}

std::string strip_trailing_slash(const std::string& path) {
  if (path.size() > 1 && path.back() == '/') return path.substr(0, path.size() - 1);
  return path;
}
}  // namespace

FronteggEmulator::FronteggEmulator(EmulatedFrontegg state, int token_ttl_s)
    : state_(std::move(state)), token_ttl_s_(token_ttl_s) {}

Reply FronteggEmulator::error_reply(int status, std::string_view message) {
  return emulator::json_reply(status, emulator::errors_body(message));
}

Reply FronteggEmulator::rate_limited_reply(std::chrono::system_clock::time_point reset) {
  Reply r = error_reply(429, "Too many requests");
  r.headers.emplace_back("X-Rate-Limit-Reset", emulator::rfc3339(reset));
  return r;
}

std::string FronteggEmulator::new_trace_id() { return emulator::random_hex(32); }

void FronteggEmulator::replace_state(EmulatedFrontegg state) {
  state_ = std::move(state);
  tokens_.clear();
}

bool FronteggEmulator::owns_path(std::string_view path) {
  return path.starts_with("/auth/") || path.starts_with("/applications/") ||
         path.starts_with("/app-integrations/") || path.starts_with("/.well-known/") ||
         path.starts_with("/integration-callback");
}

Reply FronteggEmulator::handle(const httplib::Request& req) {
  const std::string path = strip_trailing_slash(req.path);
  const auto not_found = [&] { return error_reply(404, "Cannot " + req.method + " " + req.path); };
  if (path == "/auth/vendor") return req.method == "POST" ? authenticate(req) : not_found();
  if (auto page = gateway_page(req)) return std::move(*page);

  const bool known = path == "/applications/resources/applications/v1" ||
                     (path.starts_with(kCustomIntegrations) &&
                      (path.size() == kCustomIntegrations.size() || path[kCustomIntegrations.size()] == '/'));
  if (!known) return not_found();
  Reply error;
  EmulatedEnvironment* env = authorised_environment(req, &error);
  if (env == nullptr) return error;
  if (path == "/applications/resources/applications/v1") {
    return req.method == "GET" ? list_applications(*env) : not_found();
  }
  auto r = route_custom_integrations(*env, req, std::string_view(path).substr(kCustomIntegrations.size()));
  return r ? std::move(*r) : not_found();
}

std::optional<Reply> FronteggEmulator::route_custom_integrations(EmulatedEnvironment& env,
                                                                 const httplib::Request& req,
                                                                 std::string_view rest) {
  const std::string& m = req.method;
  if (rest.empty()) {
    if (m == "GET") return list_connectors(env, req);
    if (m == "POST") return create_connector(env, req);
    return std::nullopt;
  }
  rest.remove_prefix(1);
  if (rest == "templates") {
    if (m == "GET") return list_templates(env);
    return std::nullopt;
  }
  constexpr std::string_view kByTemplate = "by-template/";
  if (rest.starts_with(kByTemplate) && m == "GET") {
    return get_connector_by_template(env, req, rest.substr(kByTemplate.size()));
  }
  if (rest.find('/') != std::string_view::npos) return std::nullopt;
  if (m == "GET") return get_connector(env, req, rest);
  if (m == "PATCH") return update_connector(env, req, rest);
  if (m == "DELETE") return delete_connector(env, req, rest);
  return std::nullopt;
}

Reply FronteggEmulator::authenticate(const httplib::Request& req) {
  auto doc = emulator::parse_json_object(req.body);
  if (!doc) return error_reply(400, doc.error().message);
  std::vector<std::string> problems;
  for (const char* key : {"clientId", "secret"}) {
    if (!doc->HasMember(key) || !(*doc)[key].IsString())
      problems.push_back(std::string(key) + " must be a string");
  }
  if (!problems.empty()) {
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    w.StartObject();
    emulator::write_strings(w, "errors", problems);
    w.EndObject();
    return emulator::json_reply(400, buf.GetString());
  }
  const std::string client_id = (*doc)["clientId"].GetString();
  const std::string secret = (*doc)["secret"].GetString();
  const auto env = std::ranges::find(state_.environments, client_id, &EmulatedEnvironment::client_id);
  const auto account = std::ranges::find(state_.accounts, client_id, &EmulatedAccount::client_id);
  const bool env_ok = env != state_.environments.end() && env->secret == secret;
  const bool account_ok = account != state_.accounts.end() && account->secret == secret;
  if (!env_ok && !account_ok) return error_reply(401, "Invalid authentication: wrong client id or secret");
  const auto now = std::chrono::steady_clock::now();
  std::erase_if(tokens_, [&](const auto& item) { return item.second.expires <= now; });
  std::string token = vendor_token(client_id, env_ok ? env->vendor_id : std::string("account"), token_ttl_s_);
  tokens_[token] = {env_ok ? env->name : std::string(), now + std::chrono::seconds(token_ttl_s_)};

  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  emulator::write_field(w, "token", token);
  w.Key("expiresIn");
  w.Int(token_ttl_s_);
  w.EndObject();
  return emulator::json_reply(200, buf.GetString());
}

EmulatedEnvironment* FronteggEmulator::authorised_environment(const httplib::Request& req, Reply* error) {
  const std::string header = req.get_header_value("Authorization");
  if (header.size() <= 7 || header.compare(0, 7, "Bearer ") != 0) {
    *error = error_reply(401, "Unauthorized: missing bearer token");
    return nullptr;
  }
  const auto it = tokens_.find(std::string_view(header).substr(7));
  if (it == tokens_.end()) {
    *error = error_reply(401, "Unauthorized: invalid token");
    return nullptr;
  }
  if (it->second.expires <= std::chrono::steady_clock::now()) {
    *error = error_reply(401, "Unauthorized: token expired");
    return nullptr;
  }
  if (it->second.environment.empty()) return account_environment(req, error);
  // An environment's own token acts on that environment; the header is not needed (and, as the
  // vendor's docs say nothing of it here, not checked).
  const auto env = std::ranges::find(state_.environments, it->second.environment, &EmulatedEnvironment::name);
  if (env == state_.environments.end()) {
    *error = error_reply(401, "Unauthorized: invalid token");
    return nullptr;
  }
  return &*env;
}

EmulatedEnvironment* FronteggEmulator::account_environment(const httplib::Request& req, Reply* error) {
  if (state_.environments.empty()) {
    *error = error_reply(404, "The account has no environment");
    return nullptr;
  }
  if (!req.has_header("frontegg-environment-id")) return &state_.environments.front();
  const std::string wanted = req.get_header_value("frontegg-environment-id");
  const auto env = std::ranges::find(state_.environments, wanted, &EmulatedEnvironment::client_id);
  if (env == state_.environments.end()) {
    *error = error_reply(403, "No environment with client id '" + wanted + "' in this account");
    return nullptr;
  }
  return &*env;
}

Reply FronteggEmulator::list_applications(const EmulatedEnvironment& env) const {
  // The ApplicationsResponse fields applications.json requires; the emulator
  // keeps only id and name, the rest are fixed, plausible values.
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartArray();
  bool first = true;
  for (const auto& app : env.applications) {
    w.StartObject();
    emulator::write_field(w, "id", app.id);
    emulator::write_field(w, "vendorId", env.vendor_id);
    emulator::write_field(w, "accessType", "FREE_ACCESS");
    emulator::write_field(w, "appURL", "http://localhost:3000");
    emulator::write_field(w, "loginURL", "http://localhost:3000/oauth");
    w.Key("isDefault");
    w.Bool(first);
    w.Key("isActive");
    w.Bool(true);
    emulator::write_field(w, "name", app.name);
    emulator::write_field(w, "logoURL", "");
    emulator::write_field(w, "createdAt", "2024-01-01T00:00:00.000Z");
    emulator::write_field(w, "updatedAt", "2024-01-01T00:00:00.000Z");
    emulator::write_field(w, "type", "agent");
    emulator::write_field(w, "frontendStack", "react");
    emulator::write_field(w, "description", "");
    emulator::write_field(w, "integrationFinishedAt", "");
    w.Key("metadata");
    w.StartObject();
    w.EndObject();
    w.Key("allowDcr");
    w.Bool(false);
    w.EndObject();
    first = false;
  }
  w.EndArray();
  return emulator::json_reply(200, buf.GetString());
}

Reply FronteggEmulator::list_templates(const EmulatedEnvironment& env) const {
  std::string body = "[";
  for (const auto& t : env.templates) {
    if (body.size() > 1) body += ",";
    body += t.json;
  }
  body += "]";
  return emulator::json_reply(200, body);
}

Reply FronteggEmulator::edit_stored_connector(std::string_view environment, std::string_view id,
                                              const httplib::Request& req) {
  const auto env = std::ranges::find(state_.environments, environment, &EmulatedEnvironment::name);
  if (env == state_.environments.end()) {
    std::string names;
    for (const auto& e : state_.environments) names += (names.empty() ? "" : ", ") + e.name;
    return error_reply(404, "no environment \"" + std::string(environment) + "\" (it has " + names +
                                "); name it with ?environment=NAME");
  }
  httplib::Request edit;
  edit.method = "PATCH";
  edit.body = req.body;
  return update_connector(*env, edit, id);
}

Reply FronteggEmulator::stored_connectors(std::string_view environment) const {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartArray();
  for (const auto& env : state_.environments) {
    if (!environment.empty() && env.name != environment) continue;
    for (const auto& c : env.connectors) {
      // The connector object, then the environment field spliced in.
      rapidjson::StringBuffer one;
      JsonWriter ow(one);
      write_connector(c, SecretField::kInclude, ow);
      std::string text = one.GetString();
      text.insert(1, "\"environment\":" + emulator::json_quote(env.name) + ",");
      w.RawValue(text.data(), text.size(), rapidjson::kObjectType);
    }
  }
  w.EndArray();
  return emulator::json_reply(200, buf.GetString());
}

}  // namespace linkform::frontegg
