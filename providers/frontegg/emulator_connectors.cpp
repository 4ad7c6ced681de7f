// The connector endpoints of the Frontegg emulator:
// /app-integrations/resources/custom-integrations/v1[/{id}]. Bodies are
// checked against CreateCustomIntegrationRequestDto and
// UpdateCustomIntegrationRequestDto (plus appId, slug, authType and
// isDevCredsEnabled, which Frontegg's own Agen client sends), the way
// Frontegg's validation pipe reports problems: every problem, in one
// {"errors":[...]} reply.

#include <algorithm>
#include <regex>
#include <set>

#include "providers/emulator/common/json.h"
#include "providers/emulator/common/random.h"
#include "providers/frontegg/emulator.h"

namespace linkform::frontegg {

using emulator::JsonWriter;
using emulator::Reply;

namespace {
constexpr std::string_view kMaskedSecret = "********";
constexpr std::size_t kMaxSlugLength = 64;

// Reads fields of one JSON object, collecting a message for each problem.
class BodyReader {
 public:
  BodyReader(const rapidjson::Value& obj, std::string prefix, std::vector<std::string>& problems)
      : obj_(obj), prefix_(std::move(prefix)), problems_(problems) {}

  std::optional<std::string> string(const char* key, bool required) {
    const auto* v = find(key);
    if (v != nullptr && v->IsString()) return std::string(v->GetString(), v->GetStringLength());
    if (v != nullptr || required) problem(key, "must be a string");
    return std::nullopt;
  }
  std::optional<bool> boolean(const char* key) {
    const auto* v = find(key);
    if (v != nullptr && v->IsBool()) return v->GetBool();
    if (v != nullptr) problem(key, "must be a boolean value");
    return std::nullopt;
  }
  std::optional<std::vector<std::string>> strings(const char* key, bool required) {
    const auto* v = find(key);
    if (v != nullptr && v->IsArray() &&
        std::ranges::all_of(v->GetArray(), [](const auto& i) { return i.IsString(); })) {
      std::vector<std::string> out;
      for (const auto& i : v->GetArray()) out.emplace_back(i.GetString(), i.GetStringLength());
      return out;
    }
    if (v != nullptr || required) problem(key, "must be an array of strings");
    return std::nullopt;
  }
  const rapidjson::Value* object(const char* key, bool required) {
    const auto* v = find(key);
    if (v != nullptr && v->IsObject()) return v;
    if (v != nullptr || required) problem(key, "must be an object");
    return nullptr;
  }
  void forbid_others(std::initializer_list<std::string_view> allowed) {
    for (const auto& m : obj_.GetObject()) {
      const std::string_view name(m.name.GetString(), m.name.GetStringLength());
      if (std::ranges::find(allowed, name) == allowed.end()) {
        problems_.push_back("property " + prefix_ + std::string(name) + " should not exist");
      }
    }
  }
  void problem(const char* key, std::string_view what) {
    problems_.push_back(prefix_ + key + " " + std::string(what));
  }

 private:
  const rapidjson::Value* find(const char* key) const {
    const auto it = obj_.FindMember(key);
    return it == obj_.MemberEnd() ? nullptr : &it->value;
  }
  const rapidjson::Value& obj_;
  std::string prefix_;
  std::vector<std::string>& problems_;
};

Reply problems_reply(const std::vector<std::string>& problems) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  emulator::write_strings(w, "errors", problems);
  w.EndObject();
  return emulator::json_reply(400, buf.GetString());
}

Reply connector_reply(int status, const EmulatedConnector& c) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  write_connector(c, SecretField::kOmit, w);
  return emulator::json_reply(status, buf.GetString());
}

bool valid_slug(const std::string& slug) {
  static const std::regex kKebab("[a-z0-9]+(-[a-z0-9]+)*");
  return slug.size() <= kMaxSlugLength && std::regex_match(slug, kKebab);
}

std::string now_text() { return emulator::rfc3339(std::chrono::system_clock::now()); }

// The template both ids name: connectors that name one template by its id and
// by its integrationId are in the same slug namespace.
std::string template_key(const EmulatedEnvironment& env, const std::string& id) {
  const EmulatedTemplate* t = env.find_template(id);
  return t == nullptr ? id : t->id;
}

std::string unknown_apis(const EmulatedTemplate& t, const std::vector<std::string>& names) {
  for (const auto& n : names) {
    if (std::ranges::find(t.api_ids, n) == t.api_ids.end()) {
      return "apiNames contains '" + n + "', which template " + t.integration_id + " does not have";
    }
  }
  return {};
}

void enable_only(const EmulatedTemplate& t, const std::vector<std::string>& names, EmulatedConnector& c) {
  c.enabled_apis.clear();
  for (const auto& api : t.api_ids)
    c.enabled_apis.emplace_back(api, std::ranges::find(names, api) != names.end());
}

// Reads a configuration object into c. On create, clientId, clientSecret and
// customConfiguration are required; on update every field is optional and
// an absent clientSecret keeps the stored one.
void read_configuration(const rapidjson::Value& conf, bool create, std::vector<std::string>& problems,
                        EmulatedConnector& c) {
  BodyReader r(conf, "configuration.", problems);
  r.forbid_others({"clientId", "clientSecret", "customConfiguration", "scopes", "baseUrl", "type"});
  if (auto v = r.string("clientId", create)) c.client_id = *v;
  if (auto v = r.string("clientSecret", create)) c.client_secret = *v;
  if (const auto* v = r.object("customConfiguration", create))
    c.custom_configuration = emulator::to_json_text(*v);
  if (auto v = r.strings("scopes", false)) c.scopes = *v;
  if (auto v = r.string("baseUrl", false)) c.base_url = *v;
  r.string("type", false);  // type follows the template; a client may echo it back
}

// A partial map: the APIs it names change, the others stay as they are.
// Returns what is wrong, or an empty string.
std::string merge_enabled_apis(const rapidjson::Value& enabled, EmulatedConnector& c) {
  for (const auto& m : enabled.GetObject()) {
    const std::string name = m.name.GetString();
    const auto slot = std::ranges::find(c.enabled_apis, name, &std::pair<std::string, bool>::first);
    if (slot == c.enabled_apis.end()) return "enabledApis names unknown API '" + name + "'";
    if (!m.value.IsBool()) return "enabledApis." + name + " must be a boolean value";
    slot->second = m.value.GetBool();
  }
  return {};
}

bool app_matches(const httplib::Request& req, const EmulatedConnector& c) {
  return !req.has_param("appId") || req.get_param_value("appId") == c.app_id;
}
}  // namespace

Reply FronteggEmulator::list_connectors(const EmulatedEnvironment& env, const httplib::Request& req) const {
  // Frontegg's OpenAPI file documents this list with no parameters; `appId` as a filter is what its
  // Terraform provider sends (README, assumptions). Without it, every app's connectors are listed.
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartArray();
  for (const auto& c : env.connectors) {
    if (app_matches(req, c)) write_connector(c, SecretField::kOmit, w);
  }
  w.EndArray();
  return emulator::json_reply(200, buf.GetString());
}

Reply FronteggEmulator::get_connector_by_template(const EmulatedEnvironment& env, const httplib::Request& req,
                                                  std::string_view template_id) const {
  if (!req.has_param("appId")) return error_reply(400, "appId must be a string");
  const std::string key = template_key(env, std::string(template_id));
  for (const auto& c : env.connectors) {
    if (app_matches(req, c) && template_key(env, c.integration_template_id) == key)
      return connector_reply(200, c);
  }
  return error_reply(404, "Custom integration not found");
}

Reply FronteggEmulator::get_connector(const EmulatedEnvironment& env, const httplib::Request& req,
                                      std::string_view id) const {
  const auto c = std::ranges::find(env.connectors, id, &EmulatedConnector::id);
  if (c == env.connectors.end() || !app_matches(req, *c))
    return error_reply(404, "Custom integration not found");
  // CustomIntegrationConfigurationResponseDto: the configuration alone, the secret masked.
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  emulator::write_field(w, "clientId", c->client_id);
  emulator::write_field(w, "clientSecret", kMaskedSecret);
  if (c->base_url) emulator::write_field(w, "baseUrl", *c->base_url);
  emulator::write_raw_field(w, "customConfiguration", c->custom_configuration);
  emulator::write_strings(w, "scopes", c->scopes);
  emulator::write_field(w, "type", c->type);
  w.EndObject();
  return emulator::json_reply(200, buf.GetString());
}

Reply FronteggEmulator::create_connector(EmulatedEnvironment& env, const httplib::Request& req) {
  auto doc = emulator::parse_json_object(req.body);
  if (!doc) return error_reply(400, doc.error().message);
  std::vector<std::string> problems;
  BodyReader r(*doc, "", problems);
  r.forbid_others({"appId", "integrationTemplateId", "name", "slug", "description", "apiNames", "authType",
                   "isActive", "isDevCredsEnabled", "configuration"});
  EmulatedConnector c;
  c.app_id = r.string("appId", true).value_or("");
  c.integration_template_id = r.string("integrationTemplateId", true).value_or("");
  c.name = r.string("name", true).value_or("");
  c.slug = r.string("slug", true).value_or("");
  c.description = r.string("description", false).value_or("");
  c.auth_type = r.string("authType", false).value_or("oauth");
  c.is_active = r.boolean("isActive").value_or(true);
  c.is_dev_creds_enabled = r.boolean("isDevCredsEnabled").value_or(false);
  const auto api_names = r.strings("apiNames", true);
  if (const auto* conf = r.object("configuration", true)) read_configuration(*conf, true, problems, c);
  if (doc->HasMember("slug") && (*doc)["slug"].IsString() && !valid_slug(c.slug)) {
    problems.push_back(
        "slug must be lower-case kebab-case (a-z, 0-9 and single dashes), at most 64 characters");
  }
  if (!problems.empty()) return problems_reply(problems);

  if (env.find_application(c.app_id) == nullptr) {
    return error_reply(400, "appId " + c.app_id + " is not an application of this environment");
  }
  const EmulatedTemplate* t = env.find_template(c.integration_template_id);
  if (t == nullptr)
    return error_reply(400, "integration template " + c.integration_template_id + " not found");
  if (auto problem = unknown_apis(*t, *api_names); !problem.empty()) return error_reply(400, problem);
  const bool duplicate = std::ranges::any_of(env.connectors, [&](const EmulatedConnector& other) {
    return other.app_id == c.app_id && other.slug == c.slug &&
           template_key(env, other.integration_template_id) == t->id;
  });
  if (duplicate) {
    return error_reply(409, "A custom integration with slug '" + c.slug +
                                "' already exists for this application and template");
  }
  c.id = emulator::random_uuid();
  c.vendor_id = env.vendor_id;
  c.type = t->integration_id;
  enable_only(*t, *api_names, c);
  c.created_at = c.updated_at = now_text();
  env.connectors.push_back(c);
  Reply reply = connector_reply(201, c);
  reply.changed = true;
  return reply;
}

Reply FronteggEmulator::update_connector(EmulatedEnvironment& env, const httplib::Request& req,
                                         std::string_view id) {
  const auto it = std::ranges::find(env.connectors, id, &EmulatedConnector::id);
  if (it == env.connectors.end() || !app_matches(req, *it))
    return error_reply(404, "Custom integration not found");
  auto doc = emulator::parse_json_object(req.body);
  if (!doc) return error_reply(400, doc.error().message);
  std::vector<std::string> problems;
  BodyReader r(*doc, "", problems);
  r.forbid_others({"appId", "integrationTemplateId", "name", "slug", "description", "apiNames", "enabledApis",
                   "authType", "isActive", "isDevCredsEnabled", "configuration"});
  // Edit a copy: a refused update changes nothing.
  EmulatedConnector c = *it;
  if (auto v = r.string("name", false)) c.name = *v;
  if (auto v = r.string("description", false)) c.description = *v;
  if (auto v = r.string("authType", false)) c.auth_type = *v;
  if (auto v = r.boolean("isActive")) c.is_active = *v;
  if (auto v = r.boolean("isDevCredsEnabled")) c.is_dev_creds_enabled = *v;
  if (auto v = r.string("appId", false); v && *v != c.app_id)
    problems.emplace_back("appId cannot be changed");
  if (auto v = r.string("slug", false); v && *v != c.slug) problems.emplace_back("slug is immutable");
  if (auto v = r.string("integrationTemplateId", false);
      v && template_key(env, *v) != template_key(env, c.integration_template_id)) {
    problems.emplace_back("integrationTemplateId cannot be changed");
  }
  const auto api_names = r.strings("apiNames", false);
  const auto* enabled = r.object("enabledApis", false);
  if (const auto* conf = r.object("configuration", false)) read_configuration(*conf, false, problems, c);
  if (!problems.empty()) return problems_reply(problems);

  const EmulatedTemplate* t = env.find_template(c.integration_template_id);
  if (t != nullptr && api_names) {
    if (auto problem = unknown_apis(*t, *api_names); !problem.empty()) return error_reply(400, problem);
    enable_only(*t, *api_names, c);
  }
  if (enabled != nullptr) {
    if (auto problem = merge_enabled_apis(*enabled, c); !problem.empty()) return error_reply(400, problem);
  }
  c.updated_at = now_text();
  *it = std::move(c);
  Reply reply = connector_reply(200, *it);
  reply.changed = true;
  return reply;
}

Reply FronteggEmulator::delete_connector(EmulatedEnvironment& env, const httplib::Request& req,
                                         std::string_view id) {
  const auto it = std::ranges::find(env.connectors, id, &EmulatedConnector::id);
  if (it == env.connectors.end() || !app_matches(req, *it))
    return error_reply(404, "Custom integration not found");
  env.connectors.erase(it);
  Reply reply = emulator::empty_reply(200);
  reply.changed = true;
  return reply;
}

}  // namespace linkform::frontegg
