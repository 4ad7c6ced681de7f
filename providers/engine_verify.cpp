// After apply: read back what was written and compare every managed attribute (Terraform's "Provider
// produced inconsistent result after apply"). Frontegg's mapping of some fields is unconfirmed (the
// README's vendor assumptions), so a field it drops, renames or rewrites must fail the apply, not plan
// the same diff forever.

#include <algorithm>
#include <future>

#include "providers/engine.h"

namespace linkform {

namespace {

// What to do about an attribute that did not read back as sent.
std::string mapping_hint(const std::string& attribute) {
  if (attribute == "scopes") {
    return "linkform sends scopes in configuration.scopes (scopes_field); Frontegg's published create DTO "
           "has "
           "no such field, so if it does not keep them, set scopes_field = \"none\" in the environment";
  }
  if (attribute == "workspace" || attribute.starts_with("custom_configuration.")) {
    return "Frontegg did not keep this customConfiguration key; run linkform discover to see the keys its "
           "connectors store, and set workspace_key (or the custom_configuration key) to match";
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

std::string came_back(const AttributeChange& a) {
  if (a.sensitive) return "it cannot be compared";
  return a.before.empty() ? "(nothing)" : a.before;
}

}  // namespace

std::vector<std::string> Engine::verify_applied(const Plan& plan, const ApplyReport& report) {
  std::vector<std::string> problems;
  // One fresh list per app written to, shared by the connectors in it, all asked for at once.
  std::map<std::pair<std::string, std::string>, std::vector<frontegg::RemoteConnector>> lists;
  std::map<std::pair<std::string, std::string>, std::future<Result<std::vector<frontegg::RemoteConnector>>>>
      asked;
  for (const auto& address : report.done) {
    const ResourceChange* change = plan.find(address);
    if (change == nullptr) continue;
    const auto planned = connector_plans_.find(plan_key(change->environment, address));
    const auto session = sessions_.find(change->environment);
    if (planned == connector_plans_.end() || session == sessions_.end()) continue;
    const auto key = std::pair{change->environment, planned->second.app_id};
    if (asked.contains(key)) continue;
    frontegg::FronteggClient* client = session->second->client.get();
    asked.emplace(key, std::async(std::launch::async,
                                  [client, app = key.second] { return client->list_connectors(app); }));
  }
  std::map<std::pair<std::string, std::string>, Error> failed_lists;
  for (auto& [key, future] : asked) {
    auto listed = future.get();
    if (listed)
      lists.emplace(key, std::move(*listed));
    else
      failed_lists.emplace(key, listed.error());
  }
  for (const auto& address : report.done) {
    const ResourceChange* change = plan.find(address);
    if (change == nullptr) continue;
    const auto planned = connector_plans_.find(plan_key(change->environment, address));
    const FronteggEnvironment* env = config_.find_environment(change->environment);
    const auto session = sessions_.find(change->environment);
    if (planned == connector_plans_.end() || env == nullptr || session == sessions_.end()) continue;
    const std::string who = address + (plan.show_environments ? " [" + change->environment + "]" : "");
    frontegg::FronteggClient& client = *session->second->client;
    const std::string& app_id = planned->second.app_id;
    const auto key = std::pair{change->environment, app_id};
    if (const auto failed = failed_lists.find(key); failed != failed_lists.end()) {
      problems.push_back(who + ": cannot read it back after apply to verify it: " + failed->second.message);
      continue;
    }
    if (!lists.contains(key)) continue;
    auto& listed = lists.at(key);
    if (change->action == Action::kDelete) {
      if (std::ranges::find(listed, planned->second.connector_id, &frontegg::RemoteConnector::id) !=
          listed.end())
        problems.push_back(who + ": Frontegg still lists connector " + planned->second.connector_id +
                           " after deleting it");
      continue;
    }
    verify_connector(*change, *env, session->second->state, listed, client, who, problems);
  }
  return problems;
}

// Re-plans one written connector from what Frontegg now returns: any attribute still to change is one
// that Frontegg did not keep as sent.
void Engine::verify_connector(const ResourceChange& change, const FronteggEnvironment& env,
                              const frontegg::EnvironmentState& read,
                              std::vector<frontegg::RemoteConnector>& listed,
                              frontegg::FronteggClient& client, const std::string& who,
                              std::vector<std::string>& problems) {
  const auto configured = std::ranges::find_if(
      config_.connectors, [&](const Connector& c) { return "frontegg_connector." + c.id == change.address; });
  if (configured == config_.connectors.end()) return;
  for (auto& remote : listed) {
    if (remote.slug != configured->slug || remote.configuration) continue;
    auto settings = client.get_connector_configuration(remote.app_id, remote.id);
    if (!settings) {
      problems.push_back(who + ": cannot read it back after apply to verify it: " + settings.error().message);
      return;
    }
    remote.configuration = std::move(*settings);
  }
  frontegg::EnvironmentState state = read;
  state.connectors_by_app[connector_plans_.at(plan_key(change.environment, change.address)).app_id] = listed;
  const auto creds = credentials_for(*configured);
  auto again = frontegg::plan_connector(*configured, env, state, &creds);
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
                       " was sent as " + (a.sensitive ? "a new value" : a.after) + " but reads back as " +
                       came_back(a) + "; " + mapping_hint(a.name));
  }
}

}  // namespace linkform
