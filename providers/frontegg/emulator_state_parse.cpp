// Reading the "frontegg" section of an emulator seed or state file.

#include <set>

#include "providers/emulator/common/random.h"
#include "providers/frontegg/emulator_state.h"

namespace linkform::frontegg {

using emulator::optional_bool;
using emulator::optional_object_text;
using emulator::optional_string;
using emulator::optional_strings;
using emulator::required_string;

namespace {
Status read_strings(const rapidjson::Value& v,
                    std::initializer_list<std::pair<const char*, std::string*>> fields, bool required) {
  for (const auto& [key, target] : fields) {
    auto s = optional_string(v, key);
    if (!s) return fail(s.error());
    if (s->has_value()) {
      *target = **s;
    } else if (required) {
      return fail(Error::invalid(std::string(key) + " is required"));
    }
  }
  return {};
}

Status read_configuration(const rapidjson::Value& v, EmulatedConnector& c) {
  if (!v.HasMember("configuration") || !v["configuration"].IsObject()) {
    return fail(Error::invalid("configuration must be an object"));
  }
  const auto& conf = v["configuration"];
  if (auto s = read_strings(conf, {{"clientId", &c.client_id}, {"clientSecret", &c.client_secret}}, true);
      !s) {
    return fail(s.error());
  }
  auto custom = optional_object_text(conf, "customConfiguration");
  auto scopes = optional_strings(conf, "scopes");
  auto base_url = optional_string(conf, "baseUrl");
  if (!custom) return fail(custom.error());
  if (!scopes) return fail(scopes.error());
  if (!base_url) return fail(base_url.error());
  c.custom_configuration = custom->value_or("{}");
  c.scopes = scopes->value_or(std::vector<std::string>{});
  c.base_url = *base_url;
  return {};
}

Status read_enabled_apis(const rapidjson::Value& v, const EmulatedTemplate& t, EmulatedConnector& c) {
  std::set<std::string> enabled;
  if (v.HasMember("enabledApis")) {
    if (!v["enabledApis"].IsObject()) return fail(Error::invalid("enabledApis must be an object"));
    for (const auto& m : v["enabledApis"].GetObject()) {
      if (!m.value.IsBool()) return fail(Error::invalid("enabledApis values must be booleans"));
      if (m.value.GetBool()) enabled.insert(m.name.GetString());
    }
  }
  for (const auto& api : t.api_ids) c.enabled_apis.emplace_back(api, enabled.contains(api));
  return {};
}

Result<EmulatedConnector> parse_connector(const rapidjson::Value& v, const EmulatedEnvironment& env) {
  if (!v.IsObject()) return fail(Error::invalid("each connector must be an object"));
  EmulatedConnector c;
  if (auto s = read_strings(v,
                            {{"appId", &c.app_id},
                             {"integrationTemplateId", &c.integration_template_id},
                             {"slug", &c.slug},
                             {"name", &c.name}},
                            true);
      !s) {
    return fail(s.error());
  }
  const std::string now = emulator::rfc3339(std::chrono::system_clock::now());
  c.id = emulator::random_uuid();
  c.vendor_id = env.vendor_id;
  c.created_at = c.updated_at = now;
  if (auto s = read_strings(v,
                            {{"id", &c.id},
                             {"vendorId", &c.vendor_id},
                             {"description", &c.description},
                             {"authType", &c.auth_type},
                             {"createdAt", &c.created_at},
                             {"updatedAt", &c.updated_at}},
                            false);
      !s) {
    return fail(s.error());
  }
  auto active = optional_bool(v, "isActive");
  auto dev_creds = optional_bool(v, "isDevCredsEnabled");
  if (!active) return fail(active.error());
  if (!dev_creds) return fail(dev_creds.error());
  c.is_active = active->value_or(true);
  c.is_dev_creds_enabled = dev_creds->value_or(false);
  if (env.find_application(c.app_id) == nullptr) return fail(Error::invalid("unknown appId " + c.app_id));
  const EmulatedTemplate* t = env.find_template(c.integration_template_id);
  if (t == nullptr) return fail(Error::invalid("unknown integrationTemplateId " + c.integration_template_id));
  c.type = t->integration_id;
  if (auto s = read_enabled_apis(v, *t, c); !s) return fail(s.error());
  if (auto s = read_configuration(v, c); !s) return fail(s.error());
  return c;
}

Status read_applications(const rapidjson::Value& v, EmulatedEnvironment& env) {
  if (!v.HasMember("applications")) return {};
  if (!v["applications"].IsArray()) return fail(Error::invalid("applications must be an array"));
  for (const auto& a : v["applications"].GetArray()) {
    if (!a.IsObject()) return fail(Error::invalid("each application must be an object"));
    EmulatedApplication app{emulator::random_uuid(), ""};
    if (auto s = read_strings(a, {{"name", &app.name}}, true); !s) return fail(s.error());
    if (auto s = read_strings(a, {{"id", &app.id}}, false); !s) return fail(s.error());
    env.applications.push_back(std::move(app));
  }
  return {};
}

Status read_templates(const rapidjson::Value& v, const std::vector<std::string>& offered,
                      EmulatedEnvironment& env) {
  if (!v.HasMember("templates")) {
    env.templates = offered_templates(offered);
    return {};
  }
  if (!v["templates"].IsArray()) return fail(Error::invalid("templates must be an array"));
  for (const auto& t : v["templates"].GetArray()) {
    auto parsed = parse_template(t);
    if (!parsed) return fail(parsed.error());
    env.templates.push_back(std::move(*parsed));
  }
  return {};
}

Result<EmulatedEnvironment> parse_environment(const rapidjson::Value& v,
                                              const std::vector<std::string>& offered) {
  if (!v.IsObject()) return fail(Error::invalid("each environment must be an object"));
  EmulatedEnvironment env;
  if (auto s = read_strings(v, {{"name", &env.name}, {"client_id", &env.client_id}, {"secret", &env.secret}},
                            true);
      !s) {
    return fail(s.error());
  }
  env.vendor_id = emulator::random_uuid();
  if (auto s = read_strings(v, {{"vendor_id", &env.vendor_id}}, false); !s) return fail(s.error());
  if (auto s = read_applications(v, env); !s) return fail(s.error());
  if (auto s = read_templates(v, offered, env); !s) return fail(s.error());
  if (v.HasMember("connectors")) {
    if (!v["connectors"].IsArray()) return fail(Error::invalid("connectors must be an array"));
    for (const auto& c : v["connectors"].GetArray()) {
      auto parsed = parse_connector(c, env);
      if (!parsed) return fail(Error::invalid("connector: " + parsed.error().message));
      env.connectors.push_back(std::move(*parsed));
    }
  }
  return env;
}
}  // namespace

Result<EmulatedFrontegg> parse_emulated_frontegg(const rapidjson::Value& section,
                                                 const std::vector<std::string>& templates) {
  if (!section.IsObject()) return fail(Error::invalid("frontegg must be an object"));
  EmulatedFrontegg state;
  std::set<std::string> client_ids;
  if (section.HasMember("accounts")) {
    if (!section["accounts"].IsArray()) return fail(Error::invalid("frontegg.accounts must be an array"));
    for (const auto& a : section["accounts"].GetArray()) {
      if (!a.IsObject()) return fail(Error::invalid("frontegg.accounts: each account must be an object"));
      auto id = emulator::required_string(a, "client_id");
      if (!id) return fail(Error::invalid("frontegg.accounts: " + id.error().message));
      auto secret = emulator::required_string(a, "secret");
      if (!secret) return fail(Error::invalid("frontegg.accounts: " + secret.error().message));
      if (!client_ids.insert(*id).second)
        return fail(Error::invalid("frontegg.accounts: client_id " + *id + " is used twice"));
      state.accounts.push_back({*id, *secret});
    }
  }
  if (!section.HasMember("environments")) return state;
  if (!section["environments"].IsArray())
    return fail(Error::invalid("frontegg.environments must be an array"));
  std::set<std::string> names;
  for (const auto& e : section["environments"].GetArray()) {
    auto env = parse_environment(e, templates);
    if (!env) return fail(Error::invalid("frontegg.environments: " + env.error().message));
    if (!names.insert(env->name).second) return fail(Error::invalid("duplicate environment " + env->name));
    // The client id alone picks the environment at /auth/vendor.
    if (!client_ids.insert(env->client_id).second) {
      return fail(Error::invalid("environment " + env->name +
                                 " reuses the client_id of another environment or account"));
    }
    state.environments.push_back(std::move(*env));
  }
  return state;
}

}  // namespace linkform::frontegg
