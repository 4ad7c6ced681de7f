// linkform import: TOML for the live Bitbucket connectors the configuration
// does not name yet, so an existing setup can be adopted. Secrets become
// environment references; what no API can read is marked for a person.

#include <algorithm>
#include <cctype>
#include <set>

#include "core/config_check.h"
#include "providers/frontegg/fingerprint.h"
#include "providers/frontegg/provider.h"

namespace linkform::frontegg {

namespace {

std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (const char ch : s) {
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[(ch >> 4) & 0xf];
          out += kHex[ch & 0xf];
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

std::string toml_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const auto& i : items) out += (out.size() > 1 ? ", " : "") + toml_string(i);
  return out + "]";
}

// A table name for a vendor-supplied slug: the slug's letters, digits, '-' and '_', anything else as '-'
// (a slug is data: written as a quoted string by the caller, never as TOML syntax), never taken twice.
std::string unique_name(const std::string& slug, std::set<std::string>& taken) {
  std::string wanted;
  for (const char c : slug) {
    const bool bare = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
    if (bare || (!wanted.empty() && wanted.back() != '-')) wanted.push_back(bare ? c : '-');
    if (wanted.size() >= 48) break;
  }
  while (!wanted.empty() && wanted.back() == '-') wanted.pop_back();
  if (wanted.empty()) wanted = "connector";
  std::string name = wanted;
  for (int i = 2; taken.contains(name); ++i) name = wanted + "-" + std::to_string(i);
  taken.insert(name);
  return name;
}

std::vector<std::string> enabled(const RemoteConnector& c) {
  std::vector<std::string> out;
  for (const auto& [api, on] : c.enabled_apis) {
    if (on) out.push_back(api);
  }
  return out;
}

// "apis = [...]" when the live connector enables other APIs than a configuration without apis would.
std::string apis_line(std::vector<std::string> apis, const Template& tmpl, const ImportContext& known) {
  std::vector<std::string> defaults;
  for (const auto& api : tmpl.api_names) {
    if (!known.api_enabled_by_default || known.api_enabled_by_default(api)) defaults.push_back(api);
  }
  std::vector<std::string> shown = apis;
  std::ranges::sort(apis);
  std::ranges::sort(defaults);
  return apis == defaults ? std::string() : "apis = " + toml_list(shown) + "\n";
}

}  // namespace

Result<std::string> FronteggProvider::import_toml(const ImportContext& known,
                                                  std::vector<std::string>& warnings) {
  std::string out;
  std::vector<std::string> errors;
  std::set<std::string> consumer_names;
  for (const auto& [id, permissions] : known.permissions) consumer_names.insert(id);
  std::set<std::string> connector_names;
  for (const auto& c : config_.connectors) connector_names.insert(c.id);
  // Configured consumers whose key can be read name themselves; imported ones are added as they come.
  std::map<std::string, std::string> consumer_by_key = known.consumer_by_key;
  int imported = 0;
  for (const auto& env : config_.environments) {
    auto session = open_environment(env);
    if (!session) {
      errors.push_back(session.error().message);
      continue;
    }
    EnvironmentState& state = (*session)->state;
    const auto tmpl = resolve_template(state.templates, env.template_id, env.name);
    if (tmpl.found == nullptr) {
      errors.push_back(tmpl.error.message);
      continue;
    }
    for (const auto& app : state.applications) {
      auto listed = (*session)->client->list_connectors(app.id);
      for (auto& foreign : (*session)->client->take_foreign_entries())
        warnings.push_back(label(env) + ": " + foreign);
      if (!listed) {
        errors.push_back(listed.error().message);
        continue;
      }
      const bool ambiguous_name = std::ranges::count(state.applications, app.name, &Application::name) > 1;
      for (const auto& remote : *listed) {
        if (!tmpl.found->matches(remote.integration_template_id)) continue;
        const bool named = std::ranges::any_of(config_.connectors, [&](const Connector& c) {
          if (c.environment != env.name || c.slug != remote.slug) return false;
          return c.app == app.id || c.app == app.name;
        });
        if (named) continue;
        out += import_connector(env, app, ambiguous_name, remote, *tmpl.found, known, consumer_by_key,
                                consumer_names, connector_names);
        ++imported;
      }
    }
  }
  if (!errors.empty()) {
    std::string message;
    for (const auto& e : errors) message += (message.empty() ? "" : "\n") + e;
    return fail(Error::invalid(message));
  }
  if (imported == 0)
    return std::string(
        "# linkform import: every live Bitbucket connector is already in the configuration.\n");
  return "# linkform import: " + std::to_string(imported) + " connector" + (imported == 1 ? "" : "s") +
         " not yet in the configuration.\n" + out;
}

std::string FronteggProvider::import_connector(const FronteggEnvironment& env, const Application& app,
                                               bool ambiguous_app_name, const RemoteConnector& remote,
                                               const Template& tmpl, const ImportContext& known,
                                               std::map<std::string, std::string>& consumer_by_key,
                                               std::set<std::string>& consumer_names,
                                               std::set<std::string>& connector_names) {
  const ConnectorSettings settings = remote.configuration.value_or(ConnectorSettings{});
  std::string text;
  std::string consumer;
  if (auto it = consumer_by_key.find(settings.client_id); it != consumer_by_key.end()) {
    consumer = it->second;
  } else {
    consumer = unique_name(remote.slug, consumer_names);
    // Connectors that share a client id share its consumer: one table per distinct key.
    if (!settings.client_id.empty()) consumer_by_key.emplace(settings.client_id, consumer);
    text += "\n[consumers." + consumer + "]\n";
    text +=
        "# Bitbucket cannot report a consumer's name or callback URL: check these two against the consumer\n";
    // The key is the OAuth client id: public in every authorize URL, and what a person must look for.
    text += "# whose Key is this connector's client id" +
            (settings.client_id.empty() ? std::string(".") : ", " + settings.client_id + ".") + "\n";
    text += "name = " + toml_string(remote.name) + "\n";
    text += "callback_url = \"https://example.invalid/set-the-callback-url\"\n";
    text += "permissions = " +
            toml_list(settings.scopes.empty() ? std::vector<std::string>{"account"} : settings.scopes) + "\n";
    text += "key = { env = \"" + suggested_variable("BITBUCKET", consumer, "KEY") + "\" }\n";
    text += "secret = { env = \"" + suggested_variable("BITBUCKET", consumer, "SECRET") + "\" }\n";
  }
  const std::string name = unique_name(remote.slug, connector_names);
  text += "\n[connectors." + name + "]\n";
  if (config_.environments.size() > 1 || env.name != "default")
    text += "environment = " + toml_string(env.name) + "\n";
  text += "app = " + toml_string(ambiguous_app_name ? app.id : app.name) + "\n";
  text += "consumer = " + toml_string(consumer) + "\n";
  if (name != remote.slug) text += "slug = " + toml_string(remote.slug) + "\n";
  text += "name = " + toml_string(remote.name) + "\n";
  const std::string description = parse_description(remote.description).user_description;
  if (!description.empty()) text += "description = " + toml_string(description) + "\n";
  const auto workspace = settings.custom_configuration.find(env.workspace_key);
  if (workspace != settings.custom_configuration.end() && workspace->second != known.default_workspace) {
    text += "workspace = " + toml_string(workspace->second) + "\n";
  }
  const auto configured = known.permissions.find(consumer);
  std::vector<std::string> permissions;
  if (configured != known.permissions.end()) {
    for (const auto& p : configured->second) permissions.push_back(p.value);
    if (known.default_scopes) permissions = known.default_scopes(permissions);
  }
  auto sorted = [](std::vector<std::string> v) {
    std::ranges::sort(v);
    return v;
  };
  if (configured != known.permissions.end() && sorted(permissions) != sorted(settings.scopes)) {
    text += "scopes = " + toml_list(settings.scopes) + "\n";
  }
  text += apis_line(enabled(remote), tmpl, known);
  std::string extra;
  for (const auto& [k, v] : settings.custom_configuration) {
    if (k != env.workspace_key)
      extra += (extra.empty() ? "" : ", ") + toml_string(k) + " = " + toml_string(v);
  }
  if (!extra.empty()) text += "custom_configuration = { " + extra + " }\n";
  if (!remote.is_active) text += "enabled = false\n";
  return text;
}

}  // namespace linkform::frontegg
