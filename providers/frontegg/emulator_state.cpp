#include "providers/frontegg/emulator_state.h"

#include <set>

#include "providers/emulator/common/random.h"

namespace linkform::frontegg {

using emulator::JsonWriter;
using emulator::optional_string;
using emulator::required_string;

const EmulatedTemplate* EmulatedEnvironment::find_template(std::string_view id_or_integration_id) const {
  for (const auto& t : templates) {
    if (t.id == id_or_integration_id || t.integration_id == id_or_integration_id) return &t;
  }
  return nullptr;
}

const EmulatedApplication* EmulatedEnvironment::find_application(std::string_view id) const {
  for (const auto& a : applications) {
    if (a.id == id) return &a;
  }
  return nullptr;
}

namespace {
Status read_api_ids(const rapidjson::Value& apis, std::vector<std::string>& out) {
  for (const auto& group : apis.GetObject()) {
    if (!group.value.IsObject()) return fail(Error::invalid("template apis must group objects by resource"));
    for (const auto& api : group.value.GetObject()) {
      auto id = api.value.IsObject() ? required_string(api.value, "id")
                                     : Result<std::string>(fail(Error::invalid("an API must be an object")));
      if (!id)
        return fail(
            Error::invalid(std::string("template API ") + api.name.GetString() + ": " + id.error().message));
      out.push_back(*id);
    }
  }
  return {};
}

EmulatedEnvironment default_environment(const std::string& name, const std::vector<std::string>& templates) {
  EmulatedEnvironment env;
  env.name = name;
  env.client_id = name + "-client-id";
  env.secret = name + "-secret";
  env.vendor_id = emulator::random_uuid();
  env.applications.push_back({emulator::random_uuid(), "Agen for Work"});
  for (const auto& t : offered_templates(templates)) env.templates.push_back(t);
  return env;
}
}  // namespace

Result<EmulatedTemplate> parse_template(const rapidjson::Value& v) {
  if (!v.IsObject()) return fail(Error::invalid("each template must be an object"));
  EmulatedTemplate t;
  for (const char* key : {"id", "integrationId", "name"}) {
    auto s = required_string(v, key);
    if (!s) return fail(Error::invalid("template: " + s.error().message));
    if (std::string_view(key) == "id") t.id = *s;
    if (std::string_view(key) == "integrationId") t.integration_id = *s;
  }
  for (const char* key : {"config", "apis"}) {
    if (!v.HasMember(key) || !v[key].IsObject()) {
      return fail(Error::invalid("template " + t.id + ": " + key + " must be an object"));
    }
  }
  if (auto s = read_api_ids(v["apis"], t.api_ids); !s) return fail(s.error());
  t.json = emulator::to_json_text(v);
  return t;
}

std::vector<EmulatedTemplate> offered_templates(const std::vector<std::string>& templates) {
  std::vector<EmulatedTemplate> out;
  for (const auto& json : templates) {
    std::string text = json;
    text.insert(text.find('{') + 1, "\"id\":\"" + emulator::random_uuid() + "\",");
    rapidjson::Document doc;
    doc.Parse(text.c_str());
    if (auto parsed = parse_template(doc)) out.push_back(std::move(*parsed));
  }
  return out;
}

EmulatedFrontegg default_emulated_frontegg(const std::vector<std::string>& templates) {
  EmulatedFrontegg state;
  state.environments.push_back(default_environment("dev", templates));
  state.environments.push_back(default_environment("prod", templates));
  state.accounts.push_back({"account-client-id", "account-secret"});
  return state;
}

void write_connector(const EmulatedConnector& c, SecretField secret, JsonWriter& w) {
  w.StartObject();
  emulator::write_field(w, "id", c.id);
  emulator::write_field(w, "vendorId", c.vendor_id);
  emulator::write_field(w, "appId", c.app_id);
  emulator::write_field(w, "integrationTemplateId", c.integration_template_id);
  emulator::write_field(w, "slug", c.slug);
  emulator::write_field(w, "name", c.name);
  emulator::write_field(w, "description", c.description);
  w.Key("isActive");
  w.Bool(c.is_active);
  w.Key("enabledApis");
  w.StartObject();
  for (const auto& [api, enabled] : c.enabled_apis) {
    w.Key(api.c_str());
    w.Bool(enabled);
  }
  w.EndObject();
  emulator::write_field(w, "authType", c.auth_type);
  w.Key("isDevCredsEnabled");
  w.Bool(c.is_dev_creds_enabled);
  w.Key("configuration");
  w.StartObject();
  emulator::write_field(w, "clientId", c.client_id);
  if (secret == SecretField::kInclude) emulator::write_field(w, "clientSecret", c.client_secret);
  emulator::write_raw_field(w, "customConfiguration", c.custom_configuration);
  emulator::write_strings(w, "scopes", c.scopes);
  if (c.base_url) emulator::write_field(w, "baseUrl", *c.base_url);
  emulator::write_field(w, "type", c.type);
  w.EndObject();
  emulator::write_field(w, "createdAt", c.created_at);
  emulator::write_field(w, "updatedAt", c.updated_at);
  w.EndObject();
}

void write_emulated_frontegg(const EmulatedFrontegg& state, JsonWriter& w) {
  w.StartObject();
  w.Key("environments");
  w.StartArray();
  for (const auto& env : state.environments) {
    w.StartObject();
    emulator::write_field(w, "name", env.name);
    emulator::write_field(w, "client_id", env.client_id);
    emulator::write_field(w, "secret", env.secret);
    emulator::write_field(w, "vendor_id", env.vendor_id);
    w.Key("applications");
    w.StartArray();
    for (const auto& app : env.applications) {
      w.StartObject();
      emulator::write_field(w, "id", app.id);
      emulator::write_field(w, "name", app.name);
      w.EndObject();
    }
    w.EndArray();
    w.Key("templates");
    w.StartArray();
    for (const auto& t : env.templates) w.RawValue(t.json.data(), t.json.size(), rapidjson::kObjectType);
    w.EndArray();
    w.Key("connectors");
    w.StartArray();
    for (const auto& c : env.connectors) write_connector(c, SecretField::kInclude, w);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Key("accounts");
  w.StartArray();
  for (const auto& a : state.accounts) {
    w.StartObject();
    emulator::write_field(w, "client_id", a.client_id);
    emulator::write_field(w, "secret", a.secret);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

}  // namespace linkform::frontegg
