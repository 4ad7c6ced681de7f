// Planning: configured connectors, pruning, and the warnings about them.

#include "providers/frontegg/provider.h"

#include <algorithm>

#include "providers/frontegg/fingerprint.h"

namespace linkform::frontegg {

FronteggProvider::FronteggProvider(HttpTransport& transport, const FronteggSection& config,
                                   const Environment& env)
    : transport_(transport), config_(config), env_(env) {}

FronteggProvider::~FronteggProvider() = default;

const Connector* FronteggProvider::configured(const Address& address) const {
  const auto it = std::ranges::find(config_.connectors, address, connector_address);
  return it == config_.connectors.end() ? nullptr : &*it;
}

std::vector<Address> FronteggProvider::protected_resources() const {
  std::vector<Address> out;
  for (const auto& c : config_.connectors) {
    if (c.prevent_destroy) out.push_back(connector_address(c));
  }
  return out;
}

ConnectorCredentials FronteggProvider::credentials_for(const Connector& connector,
                                                       const Exports& upstream) const {
  ConnectorCredentials creds;
  creds.client = client_address(connector);
  const OAuthClientExport* client = upstream.find(creds.client);
  if (client == nullptr) return creds;
  creds.usable = client->usable;
  creds.blocked_reason = client->blocked_reason;
  creds.client_id = client->client_id;
  creds.client_secret = client->client_secret;
  creds.pending = client->pending;
  creds.secret_held = client->secret_held;
  creds.scopes = client->scopes;
  creds.api_unavailable = client->api_unavailable;
  return creds;
}

// The APIs a connector enables that need a scope its client does not declare: the client's system would
// refuse the gateway those calls. A warning, since the API-to-scope mapping is the client's provider's
// guess (OAuthClientExport::missing_scope_for_api).
void FronteggProvider::warn_about_api_permissions(const Connector& connector, const Template* tmpl,
                                                  const OAuthClientExport* client,
                                                  ProviderDiagnostics& out) const {
  if (client == nullptr || connector.ensure != Ensure::kPresent || !client->missing_scope_for_api) return;
  std::vector<std::string> apis;
  if (connector.apis) {
    for (const auto& a : *connector.apis) apis.push_back(a.value);
    warn_about_unavailable_apis(connector, *client, out);
  } else {
    if (tmpl == nullptr) return;
    apis = tmpl->api_names;
  }
  std::vector<std::pair<std::string, std::string>> missing;  // scope, the APIs that need it
  for (const auto& api : apis) {
    const auto needed = client->missing_scope_for_api(api);
    if (!needed) continue;
    auto it = std::ranges::find(missing, *needed, &std::pair<std::string, std::string>::first);
    if (it == missing.end())
      missing.emplace_back(*needed, api);
    else
      it->second += ", " + api;
  }
  if (missing.empty()) return;
  std::string list;
  for (const auto& [permission, needing] : missing)
    list += (list.empty() ? "" : "; ") + ("\"" + permission + "\" for " + needing);
  out.push_back(warning_about("",
                              connector_address(connector).str() + " enables APIs that need " +
                                  connector.kind->vendor + " permissions " + client->owner.str() +
                                  " does not declare (judged from the API names): " + list +
                                  ". Add them to the " + connector.kind->client_noun +
                                  "'s permissions, or list only the APIs it can serve in apis",
                              connector.where));
}

// APIs the connector lists that cannot work with its client (OAuthClientExport::api_unavailable).
// Listed on purpose, they are sent; the warning says why they will fail.
void FronteggProvider::warn_about_unavailable_apis(const Connector& connector,
                                                   const OAuthClientExport& client,
                                                   ProviderDiagnostics& out) const {
  if (!client.api_unavailable || !connector.apis) return;
  for (const auto& api : *connector.apis) {
    if (const auto why = client.api_unavailable(api.value))
      out.push_back(warning_about("",
                                  connector_address(connector).str() + " enables API \"" + api.value +
                                      "\", which cannot work: " + *why + ". Remove it from apis",
                                  api.where));
  }
}

// True when the list of the connector's app, or the settings of the live connector it matches, could
// not be read: it cannot be planned.
bool FronteggProvider::reads_failed_for(const Connector& connector, const Session& session) const {
  if (session.unread.empty()) return false;
  const auto resolved = session.resolved.find(connector.id);
  if (resolved == session.resolved.end() || resolved->second.app == nullptr) return false;
  if (session.unread.contains(resolved->second.app->id)) return true;
  const auto listed = session.state.connectors_by_app.find(resolved->second.app->id);
  if (listed == session.state.connectors_by_app.end() || resolved->second.tmpl.found == nullptr) return false;
  return std::ranges::any_of(listed->second, [&](const RemoteConnector& remote) {
    return is_connector_of(remote, *resolved->second.tmpl.found, connector.slug) &&
           session.unread.contains(remote.id);
  });
}

void FronteggProvider::plan_connector_entry(const Connector& connector, const Exports& upstream,
                                            ProviderPlan& out) const {
  const auto session = sessions_.find(connector.environment);
  const FronteggEnvironment* env = config_.find_environment(connector.environment);
  if (session == sessions_.end() || env == nullptr) return;   // its read failed; the error is reported
  if (reads_failed_for(connector, *session->second)) return;  // its error is reported
  const EnvironmentState& state = session->second->state;
  const Address address = connector_address(connector);
  const auto creds = credentials_for(connector, upstream);
  auto planned =
      plan_connector(connector, *env, state, connector.ensure == Ensure::kPresent ? &creds : nullptr);
  if (!planned) {
    out.diagnostics.push_back(error_about(address.str(), planned.error().message, connector.where));
    return;
  }
  if (planned->needs_secret) {
    out.replace_requests.push_back(
        {creds.client, address.label(config_.environments.size() > 1) + " must be written with its secret"});
  }
  warn_about_api_permissions(connector, &planned->write.tmpl, upstream.find(creds.client), out.diagnostics);
  if (auto w = workspace_problems_.find(connector.id); w != workspace_problems_.end())
    out.diagnostics.push_back(warning_about("", w->second, connector.where));
  if (!planned->template_notice.empty() && std::ranges::none_of(out.diagnostics, [&](const auto& d) {
        return d.message == planned->template_notice;
      })) {
    out.diagnostics.push_back(warning_about("", planned->template_notice, env->where));
  }
  const auto app = std::ranges::find(state.applications, planned->write.app_id, &Application::id);
  const std::string where =
      "app \"" + (app == state.applications.end() ? planned->write.app_id : app->name) + "\"";
  out.observations.push_back(
      {address, planned->change.remote_id.empty()
                    ? "not found in " + where
                    : "found in " + where + " (id " + planned->change.remote_id + ")"});
  out.changes.push_back(std::move(planned->change));
}

ClientIdsInUse FronteggProvider::client_ids_in_use() const {
  ClientIdsInUse held;
  for (const auto& connector : config_.connectors) {
    const FronteggEnvironment* env = config_.find_environment(connector.environment);
    const auto session = sessions_.find(connector.environment);
    if (!selected(connector) || env == nullptr || session == sessions_.end()) continue;
    const EnvironmentState& state = session->second->state;
    const Resolved resolved = resolve(connector, *env, state);
    if (!resolved.complete()) continue;
    const auto listed = state.connectors_by_app.find(resolved.app->id);
    if (listed == state.connectors_by_app.end()) continue;
    const RemoteConnector* remote = find_connector(listed->second, *resolved.tmpl.found, connector.slug);
    if (remote != nullptr && remote->configuration && !remote->configuration->client_id.empty())
      held[client_address(connector)].insert(remote->configuration->client_id);
  }
  return held;
}

ProviderPlan FronteggProvider::plan(const Exports& upstream) const {
  ProviderPlan out;
  for (const auto& connector : config_.connectors) {
    if (selected(connector)) plan_connector_entry(connector, upstream, out);
  }
  plan_pruning(out);
  return out;
}

// prune = true: the deletion of connectors linkform made that the configuration no longer names.
void FronteggProvider::plan_pruning(ProviderPlan& out) const {
  for (const auto& env : config_.environments) {
    const auto session = sessions_.find(env.name);
    if (!env.prune || session == sessions_.end()) continue;
    for (const ConnectorKind* kind : config_.kinds) plan_pruning(env, *kind, *session->second, out);
  }
}

void FronteggProvider::plan_pruning(const FronteggEnvironment& env, const ConnectorKind& kind,
                                    const Session& session, ProviderPlan& out) const {
  const EnvironmentState& state = session.state;
  const auto tmpl = resolve_template(state.templates, template_of(env, kind), kind, env.name);
  if (tmpl.found == nullptr) return;  // already reported for the connectors that need it
  // Slugs the configuration names in each app of this environment.
  std::set<std::pair<std::string, std::string>> named;
  for (const auto& c : config_.connectors) {
    if (c.environment != env.name) continue;
    if (auto app = resolve_application(state.applications, c.app, env.name))
      named.emplace((*app)->id, c.slug);
  }
  for (const auto& [app_id, connectors] : state.connectors_by_app) {
    for (const auto& remote : connectors) {
      if (!tmpl.found->matches(remote.integration_template_id) || named.contains({app_id, remote.slug}))
        continue;
      // Only what linkform wrote carries its marker; anything else is never pruned.
      if (!parse_description(remote.description).has_marker) continue;
      ConnectorWrite write;
      write.app_id = app_id;
      write.connector_id = remote.id;
      ResourceChange change;
      change.address = {"frontegg_connector", remote.slug, env.name};
      change.action = Action::kDelete;
      change.pruned = true;
      change.headline = "will be destroyed (not in the configuration; prune = true)";
      change.remote_id = remote.id;
      change.attributes.push_back({"name", Value::string(remote.name), {}, false, true});
      change.attributes.push_back({"slug", Value::string(remote.slug), {}, false, true});
      change.payload = std::make_shared<const ConnectorWrite>(std::move(write));
      const auto app = std::ranges::find(state.applications, app_id, &Application::id);
      const std::string app_name = app == state.applications.end() ? app_id : app->name;
      out.observations.push_back({change.address, "found in app \"" + app_name + "\" (id " + remote.id +
                                                      "), made by linkform, not in the configuration"});
      out.changes.push_back(std::move(change));
    }
  }
}

}  // namespace linkform::frontegg
