// After apply: read back what was written and compare every managed attribute (Terraform's "Provider
// produced inconsistent result after apply"). Frontegg's mapping of some fields is unconfirmed (the
// README's vendor assumptions), so a field it drops, renames or rewrites must fail the apply, not plan
// the same diff forever.

#include <algorithm>
#include <future>

#include "core/report.h"
#include "providers/frontegg/provider.h"

namespace linkform::frontegg {

namespace {

// What to do about an attribute that did not read back as sent.
std::string mapping_hint(const std::string& attribute, const ConnectorKind& kind) {
  if (attribute == "scopes") {
    return "linkform sends scopes in configuration.scopes (scopes_field); Frontegg's published create DTO "
           "has "
           "no such field, so if it does not keep them, set scopes_field = \"none\" in the environment";
  }
  if ((!kind.target_key.empty() && attribute == kind.target_key) ||
      attribute.starts_with("custom_configuration.")) {
    return "Frontegg did not keep this customConfiguration key; run linkform discover to see the keys its "
           "connectors store, and set " +
           (kind.target_key_setting.empty()
                ? std::string("the custom_configuration key")
                : kind.target_key_setting + " (or the custom_configuration key)") +
           " to match";
  }
  if (attribute == "apis") {
    return "Frontegg did not enable these APIs as sent; run linkform discover to see the template's API "
           "names";
  }
  if (attribute == "client_secret") {
    return "the description, which carries linkform's fingerprint of the secret, did not read back as "
           "written, "
           "so the next plan cannot tell whether the secret is current";
  }
  return "no setting changes how linkform maps it: Frontegg behaves in a way linkform does not know, so "
         "please report it with this message";
}

// A value as the plan shows it: "text", true, ["a", "b"] or (none); (nothing) when absent.
std::string shown(const Value& v) { return v.absent() ? "(nothing)" : render_value(v); }

std::string came_back(const AttributeChange& a) {
  if (a.sensitive) return "it cannot be compared";
  return shown(a.before);
}

}  // namespace

std::vector<std::string> FronteggProvider::verify(const std::vector<const ResourceChange*>& written,
                                                  bool show_environments) {
  std::vector<std::string> problems;
  // Other environments' applies may open sessions meanwhile: look this one's up under the lock. A
  // session is never erased while its environment is written or verified (the same thread does both).
  std::map<std::string, Session*> open;
  {
    const std::scoped_lock lock(sessions_mutex_);
    for (const ResourceChange* change : written) {
      if (const auto it = sessions_.find(change->address.environment); it != sessions_.end())
        open.emplace(it->first, it->second.get());
    }
  }
  using Key = std::pair<std::string, std::string>;  // environment, app id
  // One fresh list per app written to, shared by the connectors in it, all asked for at once.
  std::map<Key, std::future<Result<std::vector<RemoteConnector>>>> asked;
  for (const ResourceChange* change : written) {
    const auto* planned = dynamic_cast<const ConnectorWrite*>(change->payload.get());
    const auto session = open.find(change->address.environment);
    if (planned == nullptr || session == open.end()) continue;
    const Key key{change->address.environment, planned->app_id};
    if (asked.contains(key)) continue;
    FronteggClient* client = session->second->client.get();
    asked.emplace(key, std::async(std::launch::async,
                                  [client, app = key.second] { return client->list_connectors(app); }));
  }
  std::map<Key, std::vector<RemoteConnector>> lists;
  std::map<Key, Error> failed_lists;
  for (auto& [key, future] : asked) {
    auto listed = future.get();
    if (listed)
      lists.emplace(key, std::move(*listed));
    else
      failed_lists.emplace(key, listed.error());
  }
  for (const ResourceChange* change : written) {
    const auto* planned = dynamic_cast<const ConnectorWrite*>(change->payload.get());
    const FronteggEnvironment* env = config_.find_environment(change->address.environment);
    const auto session = open.find(change->address.environment);
    if (planned == nullptr || env == nullptr || session == open.end()) continue;
    const std::string who = change->address.label(show_environments);
    const Key key{change->address.environment, planned->app_id};
    if (const auto failed = failed_lists.find(key); failed != failed_lists.end()) {
      problems.push_back(who + ": cannot read it back after apply to verify it: " + failed->second.message);
      continue;
    }
    if (!lists.contains(key)) continue;
    auto& listed = lists.at(key);
    if (change->action == Action::kDelete) {
      if (std::ranges::find(listed, planned->connector_id, &RemoteConnector::id) != listed.end())
        problems.push_back(who + ": Frontegg still lists connector " + planned->connector_id +
                           " after deleting it");
      continue;
    }
    verify_connector(*change, *env, session->second->state, listed, *session->second->client, who, problems);
  }
  return problems;
}

// Re-plans one written connector from what Frontegg now returns: any attribute still to change is one
// that Frontegg did not keep as sent.
void FronteggProvider::verify_connector(const ResourceChange& change, const FronteggEnvironment& env,
                                        const EnvironmentState& read, std::vector<RemoteConnector>& listed,
                                        FronteggClient& client, const std::string& who,
                                        std::vector<std::string>& problems) {
  const Connector* connector = configured(change.address);
  const auto* planned = dynamic_cast<const ConnectorWrite*>(change.payload.get());
  if (connector == nullptr || planned == nullptr) return;
  for (auto& remote : listed) {
    if (!is_connector_of(remote, planned->tmpl, connector->slug) || remote.configuration) continue;
    auto settings = client.get_connector_configuration(remote.app_id, remote.id);
    if (!settings) {
      problems.push_back(who + ": cannot read it back after apply to verify it: " + settings.error().message);
      return;
    }
    remote.configuration = std::move(*settings);
  }
  EnvironmentState state = read;
  state.connectors_by_app[planned->app_id] = listed;
  const ConnectorCredentials credentials = filled(planned->credentials);  // as the apply wrote them
  auto again = plan_connector(*connector, env, state, &credentials);
  if (!again) {
    problems.push_back(who + ": cannot verify it after apply: " + again.error().message);
    return;
  }
  if (again->change.action == Action::kCreate) {
    problems.push_back(who + ": Frontegg answered the create, but the app's connectors do not include it");
    return;
  }
  for (const auto& a : again->change.attributes) {
    if (!a.changed) continue;
    problems.push_back(who + ": Frontegg produced an inconsistent result after apply: " + a.name +
                       " was sent as " + (a.sensitive ? "a new value" : shown(a.after)) +
                       " but reads back as " + came_back(a) + "; " + mapping_hint(a.name, *connector->kind));
  }
}

}  // namespace linkform::frontegg
