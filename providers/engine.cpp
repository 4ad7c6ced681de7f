#include "providers/engine.h"

#include <algorithm>
#include <set>

#include "core/plan_file.h"
#include "providers/frontegg/fingerprint.h"

namespace linkform {

using bitbucket::ConsumerObservation;
using frontegg::ConnectorPlan;
using frontegg::FronteggClient;
using frontegg::RemoteConnector;

namespace {

std::string plan_key(const std::string& environment, const std::string& address) {
  return environment + "/" + address;
}

std::string environment_label(const FronteggEnvironment& env, const Config& config) {
  return config.environments.size() == 1 && env.name == "default" ? "[frontegg]"
                                                                  : "environment \"" + env.name + "\"";
}

}  // namespace

Engine::Engine(HttpTransport& transport, const Config& config, const Environment& env)
    : transport_(transport),
      config_(config),
      env_(env),
      bitbucket_(transport, config.bitbucket.oauth_url, config.bitbucket.api_url) {}

Engine::~Engine() = default;

Result<Engine::EnvironmentSession*> Engine::open_environment(const FronteggEnvironment& env) {
  if (auto it = sessions_.find(env.name); it != sessions_.end()) return it->second.get();
  const std::string label = environment_label(env, config_);
  if (!env.client_id || !env.secret)
    return fail(Error::invalid(label + ": client_id or secret is not configured"));
  auto client_id = resolve_credential(*env.client_id, env_);
  if (!client_id)
    return fail(Error::invalid(label + ": cannot read client_id: " + client_id.error().message));
  auto secret = resolve_credential(*env.secret, env_);
  if (!secret) return fail(Error::invalid(label + ": cannot read secret: " + secret.error().message));
  auto session = std::make_unique<EnvironmentSession>();
  session->client = std::make_unique<FronteggClient>(transport_, env.base_url, client_id->reveal(), *secret);
  auto apps = session->client->list_applications();
  if (!apps)
    return fail(Error{apps.error().kind, label + ": " + apps.error().message, apps.error().http_status});
  session->state.applications = std::move(*apps);
  auto templates = session->client->list_templates();
  if (!templates) {
    return fail(Error{templates.error().kind, label + ": " + templates.error().message,
                      templates.error().http_status});
  }
  session->state.templates = std::move(*templates);
  return sessions_.emplace(env.name, std::move(session)).first->second.get();
}

void Engine::read_consumers(Plan& plan, std::vector<std::string>& errors) {
  for (const auto& consumer : config_.consumers) {
    const std::string address = "bitbucket_consumer." + consumer.id;
    auto observed = bitbucket::observe_consumer(bitbucket_, consumer, config_.bitbucket.workspace, env_);
    if (!observed) {
      errors.push_back(address + ": " + observed.error().message);
      continue;
    }
    plan.observations.push_back({address, "", bitbucket::describe_observation(*observed)});
    plan.changes.push_back(bitbucket::plan_consumer(consumer, config_.bitbucket, *observed));
    consumers_.emplace(consumer.id, std::move(*observed));
  }
}

frontegg::ConnectorCredentials Engine::credentials_for(const Connector& connector) const {
  frontegg::ConnectorCredentials creds;
  creds.consumer_address = "bitbucket_consumer." + connector.consumer;
  const Consumer* consumer = config_.find_consumer(connector.consumer);
  const auto it = consumers_.find(connector.consumer);
  if (consumer == nullptr || it == consumers_.end()) return creds;
  creds.usable = bitbucket::credentials_usable(it->second);
  creds.client_id = it->second.key;
  creds.client_secret = it->second.secret;
  for (const auto& p : consumer->permissions) creds.permissions.push_back(p.value);
  return creds;
}

void Engine::read_connectors(Plan& plan, std::vector<std::string>& errors) {
  for (const auto& connector : config_.connectors) {
    const std::string address = "frontegg_connector." + connector.id;
    const FronteggEnvironment* env = config_.find_environment(connector.environment);
    if (env == nullptr) {
      errors.push_back(address + ": environment \"" + connector.environment + "\" is not declared");
      continue;
    }
    auto session = open_environment(*env);
    if (!session) {
      errors.push_back(session.error().message);
      continue;
    }
    EnvironmentSession& s = **session;
    auto app = frontegg::resolve_application(s.state.applications, connector.app, env->name);
    if (!app) {
      errors.push_back(address + ": " + app.error().message);
      continue;
    }
    const std::string& app_id = (*app)->id;
    if (!s.state.connectors_by_app.contains(app_id)) {
      auto listed = s.client->list_connectors(app_id);
      if (!listed) {
        errors.push_back(address + ": " + listed.error().message);
        continue;
      }
      s.state.connectors_by_app.emplace(app_id, std::move(*listed));
    }
    const std::string& template_id = connector.template_id.empty() ? env->template_id : connector.template_id;
    auto tmpl = frontegg::resolve_template(s.state.templates, template_id, env->name);
    if (!tmpl) {
      errors.push_back(address + ": " + tmpl.error().message);
      continue;
    }
    // The list may omit the configuration; read it for the one connector the diff needs it for.
    for (auto& remote : s.state.connectors_by_app[app_id]) {
      if (remote.slug != connector.slug || !(*tmpl)->matches(remote.integration_template_id) ||
          remote.configuration) {
        continue;
      }
      auto settings = s.client->get_connector_configuration(app_id, remote.id);
      if (!settings) {
        errors.push_back(address + ": " + settings.error().message);
        break;
      }
      remote.configuration = std::move(*settings);
    }
    const auto creds = credentials_for(connector);
    auto planned = frontegg::plan_connector(connector, *env, s.state,
                                            connector.ensure == Ensure::kPresent ? &creds : nullptr);
    if (!planned) {
      errors.push_back(address + ": " + planned.error().message);
      continue;
    }
    const RemoteConnector* remote =
        frontegg::find_connector(s.state.connectors_by_app[app_id], **tmpl, connector.slug);
    plan.observations.push_back({address, connector.environment,
                                 remote != nullptr
                                     ? "found in app \"" + (*app)->name + "\" (id " + remote->id + ")"
                                     : "not found in app \"" + (*app)->name + "\""});
    plan.changes.push_back(planned->change);
    connector_plans_.insert_or_assign(plan_key(connector.environment, address), std::move(*planned));
  }
}

void Engine::plan_pruning(Plan& plan, std::vector<std::string>& errors) {
  for (const auto& env : config_.environments) {
    const auto session = sessions_.find(env.name);
    if (!env.prune || session == sessions_.end()) continue;
    const frontegg::EnvironmentState& state = session->second->state;
    auto tmpl = frontegg::resolve_template(state.templates, env.template_id, env.name);
    if (!tmpl) continue;  // already reported for the connectors that need it
    // Slugs the configuration names in each app of this environment.
    std::set<std::pair<std::string, std::string>> named;
    for (const auto& c : config_.connectors) {
      if (c.environment != env.name) continue;
      if (auto app = frontegg::resolve_application(state.applications, c.app, env.name))
        named.emplace((*app)->id, c.slug);
    }
    for (const auto& [app_id, connectors] : state.connectors_by_app) {
      for (const auto& remote : connectors) {
        if (!(*tmpl)->matches(remote.integration_template_id) || named.contains({app_id, remote.slug}))
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
  connector_plans_.clear();
  sessions_.clear();
  std::vector<std::string> errors;
  read_consumers(plan, errors);
  read_connectors(plan, errors);
  plan_pruning(plan, errors);
  check_prevent_destroy(plan, errors);
  if (!errors.empty()) {
    std::string message;
    for (const auto& e : errors) message += (message.empty() ? "" : "\n") + e;
    return fail(Error::invalid(message));
  }
  return plan;
}

// A create that failed without a clear answer (no reply, a 5xx) may have gone
// through, and a 409 means someone else made the connector: list before doing
// anything else. If the connector is there, adopt it and converge it to the
// configuration; if a lost create is not there, send it once more.
Result<std::string> Engine::recover_create(const ResourceChange& change,
                                           const frontegg::ConnectorPlan& planned, FronteggClient& client,
                                           const Error& failure) {
  const bool ambiguous = failure.kind == ErrorKind::kTransport || failure.kind == ErrorKind::kTimeout ||
                         (failure.kind == ErrorKind::kHttp && failure.http_status >= 500);
  if (!ambiguous && failure.kind != ErrorKind::kConflict) return fail(failure);
  const auto& body = *planned.create;
  auto listed = client.list_connectors(planned.app_id);
  if (!listed) {
    return fail(Error{failure.kind,
                      failure.message +
                          "; listing the app's connectors to see whether it went through also failed: " +
                          listed.error().message,
                      failure.http_status});
  }
  const auto found = std::ranges::find_if(*listed, [&](const RemoteConnector& c) {
    return c.slug == body.slug && c.integration_template_id == body.integration_template_id;
  });
  if (found == listed->end()) {
    if (failure.kind == ErrorKind::kConflict) return fail(failure);
    auto again = client.create_connector(body);
    if (!again) return fail(again.error());
    return "id " + again->id + ", created on the second try after: " + failure.message;
  }
  const auto configured = std::ranges::find_if(
      config_.connectors, [&](const Connector& c) { return "frontegg_connector." + c.id == change.address; });
  const FronteggEnvironment* env = config_.find_environment(change.environment);
  if (configured == config_.connectors.end() || env == nullptr) return fail(failure);
  frontegg::EnvironmentState state = sessions_.at(env->name)->state;
  state.connectors_by_app[planned.app_id] = std::move(*listed);
  const auto creds = credentials_for(*configured);
  auto converged = frontegg::plan_connector(*configured, *env, state, &creds);
  if (!converged) return fail(converged.error());
  const std::string adopted = "adopted id " + converged->connector_id + " after: " + failure.message;
  if (converged->change.action != Action::kUpdate) return adopted;
  auto updated = client.update_connector(converged->connector_id, *converged->update);
  if (!updated) return fail(updated.error());
  return adopted + "; then updated it to match the configuration";
}

std::string Engine::live_fingerprint() const {
  std::string text;
  const auto add = [&](const std::string& field) {
    text += std::to_string(field.size());
    text += ':';
    text += field;
  };
  for (const auto& [id, o] : consumers_) {
    add("consumer");
    add(id);
    add(std::to_string(static_cast<int>(o.status)));
    for (const auto& s : o.granted) add(s);
    add(o.workspace_problem.value_or(""));
  }
  for (const auto& [name, session] : sessions_) {
    add("environment");
    add(name);
    for (const auto& app : session->state.applications) add(app.id + "=" + app.name);
    for (const auto& t : session->state.templates) add(t.id + "=" + t.integration_id);
    for (const auto& [app_id, connectors] : session->state.connectors_by_app) {
      add(app_id);
      for (const auto& c : connectors) {
        for (const auto* f : {&c.id, &c.slug, &c.name, &c.description, &c.integration_template_id}) add(*f);
        add(c.is_active ? "active" : "inactive");
        for (const auto& [api, on] : c.enabled_apis) add(api + (on ? "+" : "-"));
        if (c.configuration) {
          add(c.configuration->client_id);
          for (const auto& [k, v] : c.configuration->custom_configuration) add(k + "=" + v);
          for (const auto& s : c.configuration->scopes) add(s);
        }
      }
    }
  }
  return sha256_hex(text);
}

Result<std::string> Engine::execute(const ResourceChange& change) {
  const auto it = connector_plans_.find(plan_key(change.environment, change.address));
  const FronteggEnvironment* env = config_.find_environment(change.environment);
  if (it == connector_plans_.end() || env == nullptr) {
    return fail(Error::invalid("nothing planned for " + change.address));
  }
  const ConnectorPlan& planned = it->second;
  auto session = open_environment(*env);
  if (!session) return fail(session.error());
  FronteggClient& client = *(*session)->client;

  // Re-read the app's connectors: the object about to change must still be as planned.
  auto current = client.list_connectors(planned.app_id);
  if (!current) return fail(current.error());
  const auto by_id = [&](const std::string& id) {
    return std::ranges::find(*current, id, &RemoteConnector::id) != current->end();
  };
  switch (change.action) {
    case Action::kCreate: {
      const auto& body = *planned.create;
      for (const auto& c : *current) {
        if (c.slug == body.slug && c.integration_template_id == body.integration_template_id) {
          // Made since the plan, e.g. by an apply running at the same time: converge to it.
          return recover_create(
              change, planned, client,
              Error{ErrorKind::kConflict,
                    "a connector with slug \"" + body.slug + "\" appeared since the plan", 409});
        }
      }
      auto created = client.create_connector(body);
      if (created) return "id " + created->id;
      return recover_create(change, planned, client, created.error());
    }
    case Action::kUpdate: {
      if (!by_id(planned.connector_id)) {
        return fail(Error{
            ErrorKind::kNotFound,
            "connector " + planned.connector_id + " was deleted since the plan; run linkform plan again", 0});
      }
      auto updated = client.update_connector(planned.connector_id, *planned.update);
      if (!updated) return fail(updated.error());
      return "id " + updated->id;
    }
    case Action::kDelete: {
      if (!by_id(planned.connector_id)) return "already gone";
      auto deleted = client.delete_connector(planned.app_id, planned.connector_id);
      if (!deleted) return fail(deleted.error());
      return "id " + planned.connector_id;
    }
    case Action::kNoop:
    case Action::kManual:
    case Action::kBlocked:
      break;
  }
  return fail(Error::invalid(change.address + " has no write to execute"));
}

}  // namespace linkform
