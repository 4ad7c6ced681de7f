// linkform import: TOML for the live connectors the configuration
// does not name yet, so an existing setup can be adopted. Secrets become
// environment references; what no API can read is marked for a person.

#include <algorithm>
#include <cctype>
#include <set>

#include "core/config_check.h"
#include "core/toml_text.h"
#include "core/word_list.h"
#include "providers/frontegg/fingerprint.h"
#include "providers/frontegg/provider.h"

namespace linkform::frontegg {

namespace {

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
std::string apis_line(std::vector<std::string> apis, const Template& tmpl, const ConnectorKind& kind) {
  std::vector<std::string> defaults;
  for (const auto& api : tmpl.api_names) {
    if (!kind.api_enabled_by_default || kind.api_enabled_by_default(api)) defaults.push_back(api);
  }
  std::vector<std::string> shown = apis;
  std::ranges::sort(apis);
  std::ranges::sort(defaults);
  return apis == defaults ? std::string() : "apis = " + toml_list(shown) + "\n";
}

}  // namespace

// What one import has named so far: table names taken, and the client of each client id.
struct FronteggProvider::ImportNames {
  std::set<std::string> clients;
  std::set<std::string> connectors;
  std::map<std::pair<std::string, std::string>, std::string> client_by_id;  // (type, client id) -> name
};

Result<std::string> FronteggProvider::import_toml(const ImportContext& known,
                                                  std::vector<std::string>& warnings) {
  std::string out;
  std::vector<std::string> errors;
  ImportNames names;
  for (const auto& [address, scopes] : known.declared_scopes) names.clients.insert(address.name);
  for (const auto& c : config_.connectors) names.connectors.insert(c.id);
  // Configured clients whose id can be read name themselves; imported ones are added as they come.
  names.client_by_id = known.client_by_id;
  int imported = 0;
  for (const auto& env : config_.environments) {
    auto session = open_environment(env);
    if (!session) {
      errors.push_back(session.error().message);
      continue;
    }
    for (const ConnectorKind* kind : config_.kinds)
      imported += import_environment(env, *kind, **session, known, names, out, errors, warnings);
  }
  if (!errors.empty()) {
    std::string message;
    for (const auto& e : errors) message += (message.empty() ? "" : "\n") + e;
    return fail(Error::invalid(message));
  }
  if (imported == 0) {
    std::string vendors;
    for (const ConnectorKind* kind : config_.kinds) vendors += (vendors.empty() ? "" : " or ") + kind->vendor;
    return "# linkform import: every live " + vendors + " connector is already in the configuration.\n";
  }
  return "# linkform import: " + std::to_string(imported) + " connector" + (imported == 1 ? "" : "s") +
         " not yet in the configuration.\n" + out;
}

// The live connectors of one kind in one environment that the configuration does not name: their TOML is
// appended to `out`; returns how many.
int FronteggProvider::import_environment(const FronteggEnvironment& env, const ConnectorKind& kind,
                                         Session& session, const ImportContext& known, ImportNames& names,
                                         std::string& out, std::vector<std::string>& errors,
                                         std::vector<std::string>& warnings) {
  EnvironmentState& state = session.state;
  const auto tmpl = resolve_template(state.templates, template_of(env, kind), kind, env.name);
  if (tmpl.found == nullptr) {
    errors.push_back(tmpl.error.message);
    return 0;
  }
  int imported = 0;
  for (const auto& app : state.applications) {
    auto listed = session.client->list_connectors(app.id);
    for (auto& foreign : session.client->take_foreign_entries())
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
      out += import_connector({env, kind, *tmpl.found, app, ambiguous_name}, remote, known, names);
      ++imported;
    }
  }
  return imported;
}

std::string FronteggProvider::import_connector(const ImportSite& site, const RemoteConnector& remote,
                                               const ImportContext& known, ImportNames& names) const {
  const ConnectorSettings settings = remote.configuration.value_or(ConnectorSettings{});
  const ConnectorKind& kind = site.kind;
  const FronteggEnvironment& env = site.env;
  std::string text;
  std::string client;
  const std::pair<std::string, std::string> id_key{kind.client_type, settings.client_id};
  if (auto it = names.client_by_id.find(id_key); it != names.client_by_id.end()) {
    client = it->second;
  } else {
    client = unique_name(remote.slug, names.clients);
    // Connectors that share a client id share its client: one table per distinct id.
    if (!settings.client_id.empty()) names.client_by_id.emplace(id_key, client);
    text += kind.client_table(client, remote.name, settings.client_id, settings.scopes);
  }
  const std::string name = unique_name(remote.slug, names.connectors);
  text += "\n[connectors." + name + "]\n";
  if (config_.environments.size() > 1 || env.name != "default")
    text += "environment = " + toml_string(env.name) + "\n";
  text += "app = " + toml_string(site.ambiguous_app_name ? site.app.id : site.app.name) + "\n";
  text += kind.reference_key + " = " + toml_string(client) + "\n";
  if (name != remote.slug) text += "slug = " + toml_string(remote.slug) + "\n";
  text += "name = " + toml_string(remote.name) + "\n";
  const std::string description = parse_description(remote.description).user_description;
  if (!description.empty()) text += "description = " + toml_string(description) + "\n";
  const std::string target_key = kind.target_key.empty() ? std::string() : target_key_of(env, kind);
  if (!target_key.empty()) {
    const auto target = settings.custom_configuration.find(target_key);
    const auto fallback = known.default_target.find(kind.client_type);
    const std::string usual = fallback == known.default_target.end() ? std::string() : fallback->second;
    if (target != settings.custom_configuration.end() && target->second != usual)
      text += kind.target_key + " = " + toml_string(target->second) + "\n";
  }
  const auto configured = known.declared_scopes.find({kind.client_type, client, ""});
  if (configured != known.declared_scopes.end()) {
    const std::vector<std::string> scopes =
        kind.default_scopes ? kind.default_scopes(configured->second) : configured->second;
    if (sorted(scopes) != sorted(settings.scopes)) text += "scopes = " + toml_list(settings.scopes) + "\n";
  }
  text += apis_line(enabled(remote), site.tmpl, kind);
  std::string extra;
  for (const auto& [k, v] : settings.custom_configuration) {
    if (k != target_key) extra += (extra.empty() ? "" : ", ") + toml_string(k) + " = " + toml_string(v);
  }
  if (!extra.empty()) text += "custom_configuration = { " + extra + " }\n";
  if (!remote.is_active) text += "enabled = false\n";
  return text;
}

}  // namespace linkform::frontegg
