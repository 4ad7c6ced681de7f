#include "providers/frontegg/config.h"

#include <algorithm>
#include <cctype>

#include "core/config_check.h"
#include "core/suggest.h"

namespace linkform {

const FronteggEnvironment* FronteggSection::find_environment(const std::string& name) const {
  const auto it = std::ranges::find(environments, name, &FronteggEnvironment::name);
  return it == environments.end() ? nullptr : &*it;
}

namespace frontegg {

namespace {

// The connector-mapping settings, which [frontegg] may also set for every environment under it.
void read_mapping_keys(ConfigTable& r, const std::vector<const ConnectorKind*>& kinds,
                       FronteggEnvironment& env) {
  for (const ConnectorKind* kind : kinds) {
    for (const std::string* setting : {&kind->template_setting, &kind->target_key_setting}) {
      if (setting->empty()) continue;
      if (auto v = r.string(*setting, &env.keys)) env.kind_settings[*setting] = *v;
    }
  }
  if (auto v = r.string("scopes_field", &env.keys)) env.scopes_field = *v;
  if (auto v = r.boolean("prune", &env.keys)) env.prune = *v;
  if (auto v = r.string("gateway", &env.keys)) {
    env.gateway = *v;
    while (env.gateway.ends_with('/')) env.gateway.pop_back();
  }
}

void read_environment_keys(ConfigTable& r, const std::filesystem::path& base_dir,
                           const std::vector<const ConnectorKind*>& kinds, FronteggEnvironment& env) {
  if (auto v = r.string("region", &env.keys)) env.region = *v;
  if (auto v = r.string("base_url", &env.keys)) env.base_url = *v;
  env.client_id = r.credential("client_id", true, &env.keys, base_dir);
  env.secret = r.credential("secret", false, &env.keys, base_dir, credential_variable(env, "SECRET"));
  if (auto v = r.string("environment_id", &env.keys)) env.environment_id = *v;
  read_mapping_keys(r, kinds, env);
}

// Every key an environment may have: its own, and each kind's settings.
std::vector<std::string> environment_keys(const std::vector<const ConnectorKind*>& kinds) {
  std::vector<std::string> keys = {"region", "base_url", "client_id", "secret"};
  for (const ConnectorKind* kind : kinds) {
    for (const std::string* setting : {&kind->template_setting, &kind->target_key_setting}) {
      if (!setting->empty() && std::ranges::find(keys, *setting) == keys.end()) keys.push_back(*setting);
    }
  }
  for (const std::string key : {"scopes_field", "environment_id", "prune", "gateway"}) keys.push_back(key);
  return keys;
}

std::vector<std::string> with(std::vector<std::string> v, const std::string& extra) {
  v.push_back(extra);
  return v;
}

void read_named_environments(ConfigTable& envs, ConfigTable& frontegg, const std::filesystem::path& base_dir,
                             FronteggSection& section) {
  Diagnostics& diags = frontegg.diagnostics();
  for (const std::string key : {"region", "base_url", "client_id", "secret", "environment_id"}) {
    if (const auto where = frontegg.take(key)) {
      diags.error(*where, "\"" + key +
                              "\" cannot be set in [frontegg] when [frontegg.environments] "
                              "is used; set it in each environment");
    }
  }
  FronteggEnvironment defaults;
  read_mapping_keys(frontegg, section.kinds, defaults);
  frontegg.finish(with(environment_keys(section.kinds), "environments"));
  if (envs.empty()) diags.error(envs.table_location(), "[frontegg.environments] declares no environment");
  envs.for_each_table("[frontegg.environments.", ConfigTable::Order::kKey,
                      [&](const std::string& name, ConfigTable& r, SourceLocation where) {
                        FronteggEnvironment env = defaults;
                        env.name = name;
                        env.where = std::move(where);
                        read_environment_keys(r, base_dir, section.kinds, env);
                        r.finish(environment_keys(section.kinds));
                        section.environments.push_back(std::move(env));
                      });
}

void read_ensure(ConfigTable& r, Connector& c) {
  const auto v = r.string("ensure", &c.keys);
  if (!v) return;
  if (*v == "present")
    c.ensure = Ensure::kPresent;
  else if (*v == "absent")
    c.ensure = Ensure::kAbsent;
  else
    r.diagnostics().error(c.keys["ensure"], "\"ensure\" in " + r.display() +
                                                " must be \"present\" or \"absent\", not \"" + *v + "\"" +
                                                did_you_mean(*v, {"present", "absent"}));
}

// The key that names the connector's client says its kind; two such keys are an error, none the first kind.
void read_client(ConfigTable& r, const std::vector<const ConnectorKind*>& kinds, Connector& c) {
  for (const ConnectorKind* kind : kinds) {
    auto v = r.string(kind->reference_key, &c.keys);
    if (!v) continue;
    if (c.kind != nullptr) {
      r.diagnostics().error(c.keys[kind->reference_key],
                            r.display() + " names both " + c.kind->reference_key + " and " +
                                kind->reference_key + "; a connector uses one OAuth client");
      continue;
    }
    c.kind = kind;
    c.client = *v;
  }
  if (c.kind == nullptr) c.kind = kinds.front();
}

// Every key a connector may have: its own, and the client and target keys of every kind.
std::vector<std::string> connector_keys(const std::vector<const ConnectorKind*>& kinds) {
  std::vector<std::string> keys = {"environment", "app"};
  for (const ConnectorKind* k : kinds) keys.push_back(k->reference_key);
  for (const std::string key : {"name", "description", "slug"}) keys.push_back(key);
  for (const ConnectorKind* k : kinds) {
    if (!k->target_key.empty() && std::ranges::find(keys, k->target_key) == keys.end())
      keys.push_back(k->target_key);
  }
  for (const std::string key :
       {"scopes", "apis", "template", "enabled", "prevent_destroy", "ensure", "custom_configuration"})
    keys.push_back(key);
  return keys;
}

void read_connector(const std::string& id, ConfigTable& r, SourceLocation where,
                    const std::vector<const ConnectorKind*>& kinds, Connector& c) {
  c.id = id;
  c.slug = id;
  c.where = std::move(where);
  if (auto v = r.string("environment", &c.keys)) c.environment = *v;
  if (auto v = r.string("app", &c.keys))
    c.app = *v;
  else if (!r.has("app"))
    r.missing("app", "the Frontegg application name or id");
  read_client(r, kinds, c);
  c.name = c.kind->default_name;
  if (auto v = r.string("name", &c.keys)) c.name = *v;
  if (auto v = r.string("description", &c.keys)) c.description = *v;
  if (auto v = r.string("slug", &c.keys)) c.slug = *v;
  if (!c.kind->target_key.empty()) {
    if (auto v = r.string(c.kind->target_key, &c.keys)) c.target = *v;
  }
  c.scopes = r.string_array("scopes", &c.keys);
  c.apis = r.string_array("apis", &c.keys);
  if (auto v = r.string("template", &c.keys)) c.template_id = *v;
  if (auto v = r.boolean("enabled", &c.keys)) c.enabled = *v;
  if (auto v = r.boolean("prevent_destroy", &c.keys)) c.prevent_destroy = *v;
  read_ensure(r, c);
  if (auto v = r.string_map("custom_configuration", &c.keys)) c.custom_configuration = std::move(*v);
  r.finish(connector_keys(kinds));
}

}  // namespace

std::string environment_display(const FronteggSection& section, const FronteggEnvironment& env) {
  return env.name == "default" && section.environments.size() == 1 ? "[frontegg]"
                                                                   : "environment \"" + env.name + "\"";
}

void read_environments(ConfigTable& root, const std::filesystem::path& base_dir, FronteggSection& section) {
  auto r = root.table("frontegg", "[frontegg]", nullptr);
  if (!r) {
    if (!root.has("frontegg"))
      root.missing("frontegg", "a [frontegg] table (or [frontegg.environments.<name>])");
    return;
  }
  if (auto envs = r->table("environments", "[frontegg.environments]", nullptr)) {
    read_named_environments(*envs, *r, base_dir, section);
    return;
  }
  FronteggEnvironment env;
  env.name = "default";
  env.where = r->table_location();
  read_environment_keys(*r, base_dir, section.kinds, env);
  r->finish(with(environment_keys(section.kinds), "environments"));
  section.environments.push_back(std::move(env));
}

void fill_defaults(FronteggSection& section) {
  if (section.environments.size() != 1) return;
  for (auto& c : section.connectors) {
    if (c.environment.empty()) c.environment = section.environments.front().name;
  }
}

void read_connectors(ConfigTable& root, FronteggSection& section) {
  auto connectors = root.table("connectors", "[connectors]", nullptr);
  if (!connectors) return;
  connectors->for_each_table("[connectors.", ConfigTable::Order::kFile,
                             [&](const std::string& id, ConfigTable& r, SourceLocation where) {
                               Connector c;
                               read_connector(id, r, std::move(where), section.kinds, c);
                               section.connectors.push_back(std::move(c));
                             });
}

}  // namespace frontegg

std::string gateway_callback(const std::string& gateway) { return gateway + "/integration-callback"; }

Address client_address(const Connector& connector) {
  return {connector.kind->client_type, connector.client, ""};
}

const std::string& template_of(const FronteggEnvironment& env, const ConnectorKind& kind) {
  const auto it = env.kind_settings.find(kind.template_setting);
  return kind.template_setting.empty() || it == env.kind_settings.end() ? kind.template_id : it->second;
}

const std::string& target_key_of(const FronteggEnvironment& env, const ConnectorKind& kind) {
  const auto it = env.kind_settings.find(kind.target_key_setting);
  return kind.target_key_setting.empty() || it == env.kind_settings.end() ? kind.target_key : it->second;
}

std::string credential_variable(const FronteggEnvironment& env, const std::string& what) {
  return suggested_variable("FRONTEGG", env.name == "default" ? "" : env.name, what);
}

}  // namespace linkform
