#include "providers/engine.h"

#include <algorithm>
#include <set>

#include "providers/bitbucket/permissions.h"
#include "providers/frontegg/fingerprint.h"

namespace linkform {

Engine::Engine(HttpTransport& transport, const Config& config, const Environment& env)
    : transport_(transport),
      config_(config),
      env_(env),
      bitbucket_(transport, config.bitbucket.oauth_url, config.bitbucket.api_url) {}

Engine::~Engine() = default;

void Engine::plan_consumers(Plan& plan) const {
  for (const auto& consumer : config_.consumers) {
    const auto it = consumers_.find(consumer.id);
    if (it == consumers_.end()) continue;  // its read failed; the error is reported
    const std::string address = "bitbucket_consumer." + consumer.id;
    plan.observations.push_back({address, "", bitbucket::describe_observation(it->second)});
    plan.changes.push_back(bitbucket::plan_consumer(consumer, config_.bitbucket, it->second));
  }
}

frontegg::ConnectorCredentials Engine::credentials_for(const Connector& connector) const {
  frontegg::ConnectorCredentials creds;
  creds.consumer_address = "bitbucket_consumer." + connector.consumer;
  const Consumer* consumer = config_.find_consumer(connector.consumer);
  const auto it = consumers_.find(connector.consumer);
  if (consumer_errors_.contains(connector.consumer)) {
    creds.blocked_reason = creds.consumer_address + " could not be read (see the errors)";
  }
  if (consumer == nullptr || it == consumers_.end()) return creds;
  creds.usable = bitbucket::credentials_usable(it->second);
  creds.client_id = it->second.key;
  creds.client_secret = it->second.secret;
  for (const auto& p : consumer->permissions) creds.permissions.push_back(p.value);
  return creds;
}

// The APIs a connector enables that need a permission its consumer does not declare: Bitbucket would
// refuse the gateway those calls. A warning, since the API-to-scope mapping is linkform's guess.
void Engine::warn_about_api_permissions(const Connector& connector, const FronteggEnvironment& env,
                                        const frontegg::EnvironmentState& state,
                                        std::vector<std::string>& warnings) const {
  const Consumer* consumer = config_.find_consumer(connector.consumer);
  if (consumer == nullptr || connector.ensure != Ensure::kPresent) return;
  std::vector<std::string> apis;
  if (connector.apis) {
    for (const auto& a : *connector.apis) apis.push_back(a.value);
  } else {
    const auto tmpl = frontegg::resolve_template(
        state.templates, connector.template_id.empty() ? env.template_id : connector.template_id, env.name);
    if (tmpl.found == nullptr) return;
    apis = tmpl.found->api_names;
  }
  std::vector<std::string> declared;
  for (const auto& p : consumer->permissions) declared.push_back(p.value);
  const auto granted = bitbucket::close_permissions(declared);
  std::vector<std::pair<std::string, std::string>> missing;  // permission, the APIs that need it
  for (const auto& api : apis) {
    const std::string needed = bitbucket::permission_for_api(api);
    if (needed.empty() || granted.contains(needed)) continue;
    auto it = std::ranges::find(missing, needed, &std::pair<std::string, std::string>::first);
    if (it == missing.end())
      missing.emplace_back(needed, api);
    else
      it->second += ", " + api;
  }
  if (missing.empty()) return;
  std::string list;
  for (const auto& [permission, needing] : missing)
    list += (list.empty() ? "" : "; ") + ("\"" + permission + "\" for " + needing);
  warnings.push_back("frontegg_connector." + connector.id + " enables APIs that need Bitbucket permissions " +
                     "bitbucket_consumer." + consumer->id +
                     " does not declare (judged from the API names): " + list +
                     ". Add them to the consumer's permissions, or list only the APIs it can serve in apis");
}

// True when the list of the connector's app, or the settings of the live connector it matches, could
// not be read: it cannot be planned.
bool Engine::reads_failed_for(const Connector& connector, const EnvironmentSession& session) const {
  if (session.unread.empty()) return false;
  auto app = frontegg::resolve_application(session.state.applications, connector.app, connector.environment);
  if (!app) return false;
  if (session.unread.contains((*app)->id)) return true;
  const auto listed = session.state.connectors_by_app.find((*app)->id);
  if (listed == session.state.connectors_by_app.end()) return false;
  return std::ranges::any_of(listed->second, [&](const frontegg::RemoteConnector& remote) {
    return remote.slug == connector.slug && session.unread.contains(remote.id);
  });
}

void Engine::plan_connectors(Plan& plan, std::vector<std::string>& errors) {
  for (const auto& connector : config_.connectors) {
    const auto session = sessions_.find(connector.environment);
    const FronteggEnvironment* env = config_.find_environment(connector.environment);
    if (session == sessions_.end() || env == nullptr) continue;  // its read failed; the error is reported
    const frontegg::EnvironmentState& state = session->second->state;
    const std::string address = "frontegg_connector." + connector.id;
    if (reads_failed_for(connector, *session->second)) continue;  // its error is reported
    const auto creds = credentials_for(connector);
    auto planned = frontegg::plan_connector(connector, *env, state,
                                            connector.ensure == Ensure::kPresent ? &creds : nullptr);
    if (!planned) {
      errors.push_back(address + ": " + planned.error().message);
      continue;
    }
    warn_about_api_permissions(connector, *env, state, plan.warnings);
    if (auto w = connector_workspace_problems_.find(connector.id); w != connector_workspace_problems_.end())
      plan.warnings.push_back(w->second);
    if (!planned->template_notice.empty() &&
        std::ranges::find(plan.warnings, planned->template_notice) == plan.warnings.end()) {
      plan.warnings.push_back(planned->template_notice);
    }
    const auto app = std::ranges::find(state.applications, planned->app_id, &frontegg::Application::id);
    const std::string where =
        "app \"" + (app == state.applications.end() ? planned->app_id : app->name) + "\"";
    plan.observations.push_back({address, connector.environment,
                                 planned->change.remote_id.empty()
                                     ? "not found in " + where
                                     : "found in " + where + " (id " + planned->change.remote_id + ")"});
    plan.changes.push_back(planned->change);
    connector_plans_.insert_or_assign(plan_key(connector.environment, address), std::move(*planned));
  }
}

void Engine::plan_pruning(Plan& plan, std::vector<std::string>& errors) {
  for (const auto& env : config_.environments) {
    const auto session = sessions_.find(env.name);
    if (!env.prune || session == sessions_.end()) continue;
    const frontegg::EnvironmentState& state = session->second->state;
    const auto tmpl = frontegg::resolve_template(state.templates, env.template_id, env.name);
    if (tmpl.found == nullptr) continue;  // already reported for the connectors that need it
    // Slugs the configuration names in each app of this environment.
    std::set<std::pair<std::string, std::string>> named;
    for (const auto& c : config_.connectors) {
      if (c.environment != env.name) continue;
      if (auto app = frontegg::resolve_application(state.applications, c.app, env.name))
        named.emplace((*app)->id, c.slug);
    }
    for (const auto& [app_id, connectors] : state.connectors_by_app) {
      for (const auto& remote : connectors) {
        if (!tmpl.found->matches(remote.integration_template_id) || named.contains({app_id, remote.slug}))
          continue;
        // Only what linkform wrote carries its marker; anything else is never pruned.
        if (!frontegg::parse_description(remote.description).has_marker) continue;
        const std::string address = "frontegg_connector." + remote.slug;
        if (plan.find(address) != nullptr) {
          errors.push_back(address + ": cannot prune connector " + remote.id + " in environment \"" +
                           env.name + "\": its slug is also the name of a configured connector");
          continue;
        }
        frontegg::ConnectorPlan pruned;
        pruned.app_id = app_id;
        pruned.connector_id = remote.id;
        pruned.change.address = address;
        pruned.change.environment = env.name;
        pruned.change.action = Action::kDelete;
        pruned.change.headline = "will be destroyed (not in the configuration; prune = true)";
        pruned.change.remote_id = remote.id;
        pruned.change.attributes.push_back({"name", "\"" + remote.name + "\"", "", false, true});
        pruned.change.attributes.push_back({"slug", "\"" + remote.slug + "\"", "", false, true});
        const auto app = std::ranges::find(state.applications, app_id, &frontegg::Application::id);
        const std::string app_name = app == state.applications.end() ? app_id : app->name;
        plan.observations.push_back({address, env.name,
                                     "found in app \"" + app_name + "\" (id " + remote.id +
                                         "), made by linkform, not in the configuration"});
        plan.changes.push_back(pruned.change);
        connector_plans_.insert_or_assign(plan_key(env.name, address), std::move(pruned));
      }
    }
  }
}

// prevent_destroy is a promise: no plan may delete such a connector, whatever asked for it.
void Engine::check_prevent_destroy(const Plan& plan, std::vector<std::string>& errors) const {
  for (const auto& change : plan.changes) {
    if (change.action != Action::kDelete) continue;
    for (const auto& c : config_.connectors) {
      if (c.prevent_destroy && "frontegg_connector." + c.id == change.address) {
        errors.push_back(change.address + ": the plan would destroy it, and it has prevent_destroy = true");
      }
    }
  }
}

Result<Plan> Engine::plan() {
  Plan plan;
  plan.show_environments = config_.environments.size() > 1;
  consumers_.clear();
  consumer_errors_.clear();
  connector_workspace_problems_.clear();
  connector_plans_.clear();
  apply_lists_.clear();
  sessions_.clear();
  std::vector<std::string> errors;
  read_everything(errors);
  for (const auto& consumer : config_.consumers) {
    if (auto it = consumer_errors_.find(consumer.id); it != consumer_errors_.end()) {
      errors.insert(errors.begin(), "bitbucket_consumer." + consumer.id + ": " + it->second);
    }
  }
  plan_consumers(plan);
  plan_connectors(plan, errors);
  plan_pruning(plan, errors);
  check_prevent_destroy(plan, errors);
  // Parallel reads can fail the same way twice (e.g. one auth failure seen by two calls): say it once.
  std::set<std::string> said;
  for (const auto& e : errors) {
    if (said.insert(e).second) plan.errors.push_back(e);
  }
  return plan;
}

}  // namespace linkform
