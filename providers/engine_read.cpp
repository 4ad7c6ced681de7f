// Reading the live state, in parallel: see the contract in engine.h.

#include <algorithm>
#include <future>
#include <mutex>

#include "core/plan_file.h"
#include "providers/engine.h"
#include "providers/frontegg/fingerprint.h"

namespace linkform {

using frontegg::FronteggClient;

namespace {

std::string environment_label(const FronteggEnvironment& env, const Config& config) {
  return config.environments.size() == 1 && env.name == "default" ? "[frontegg]"
                                                                  : "environment \"" + env.name + "\"";
}

template <class F>
auto start(F&& f) {
  return std::async(std::launch::async, std::forward<F>(f));
}

}  // namespace

// Environments on one credential pair (account-level credentials with environment_id) authenticate once.
std::shared_ptr<frontegg::VendorAuth> Engine::shared_auth(const std::string& base_url,
                                                          const std::string& client_id,
                                                          const Secret& secret) const {
  const std::string key = base_url + '\n' + client_id + '\n' + sha256_hex(secret.reveal());
  const std::scoped_lock lock(auth_mutex_);
  auto& auth = auth_by_credentials_[key];
  if (!auth) auth = std::make_shared<frontegg::VendorAuth>(transport_, base_url, client_id, secret);
  return auth;
}

Result<std::unique_ptr<Engine::EnvironmentSession>> Engine::connect(const FronteggEnvironment& env) const {
  const std::string label = environment_label(env, config_);
  if (!env.client_id || !env.secret) {
    return fail(Error::invalid(label + ": client_id or secret is not configured"));
  }
  auto client_id = resolve_credential(*env.client_id, env_);
  if (!client_id)
    return fail(Error::invalid(label + ": cannot read client_id: " + client_id.error().message));
  auto secret = resolve_credential(*env.secret, env_);
  if (!secret) return fail(Error::invalid(label + ": cannot read secret: " + secret.error().message));
  auto session = std::make_unique<EnvironmentSession>();
  session->state.fingerprint_key = frontegg::fingerprint_key(*secret);
  session->client = std::make_unique<FronteggClient>(
      transport_, shared_auth(env.base_url, client_id->reveal(), *secret), env.environment_id);
  return session;
}

std::unique_ptr<Engine::EnvironmentSession> Engine::read_environment(const FronteggEnvironment& env) const {
  const std::string label = environment_label(env, config_);
  auto connected = connect(env);
  if (!connected) {
    auto failed = std::make_unique<EnvironmentSession>();
    failed->errors.push_back(connected.error().message);
    return failed;
  }
  std::unique_ptr<EnvironmentSession> session = std::move(*connected);
  FronteggClient& client = *session->client;
  frontegg::EnvironmentState& state = session->state;
  // The client authenticates once for both; they go out together once the token is there.
  auto apps = start([&] { return client.list_applications(); });
  auto templates = start([&] { return client.list_templates(); });
  auto listed_apps = apps.get();
  auto listed_templates = templates.get();
  if (!listed_apps) session->errors.push_back(label + ": " + listed_apps.error().message);
  // A failed authentication fails both lists with the same error: say it once.
  if (!listed_templates && (listed_apps || listed_templates.error().message != listed_apps.error().message))
    session->errors.push_back(label + ": " + listed_templates.error().message);
  if (!session->errors.empty()) return session;
  session->readable = true;
  state.applications = std::move(*listed_apps);
  state.templates = std::move(*listed_templates);

  // One connector list per app the configuration names here, all at once.
  std::map<std::string, std::future<Result<std::vector<frontegg::RemoteConnector>>>> lists;
  for (const auto& c : config_.connectors) {
    if (c.environment != env.name) continue;
    auto app = frontegg::resolve_application(state.applications, c.app, env.name);
    if (!app || lists.contains((*app)->id)) continue;  // an unknown app is reported when planning
    lists.emplace((*app)->id, start([&client, id = (*app)->id] { return client.list_connectors(id); }));
  }
  for (auto& [app_id, future] : lists) {
    auto listed = future.get();
    if (listed) {
      state.connectors_by_app.emplace(app_id, std::move(*listed));
    } else {
      session->errors.push_back(label + ": " + listed.error().message);
      session->unread.insert(app_id);
    }
  }

  // The list may omit a connector's configuration; read it only for the connectors the diff needs.
  std::vector<std::future<void>> reads;
  std::mutex errors_mutex;
  for (const auto& c : config_.connectors) {
    if (c.environment != env.name) continue;
    auto app = frontegg::resolve_application(state.applications, c.app, env.name);
    auto tmpl = frontegg::resolve_template(state.templates,
                                           c.template_id.empty() ? env.template_id : c.template_id, env.name);
    if (!app || !tmpl.found || !state.connectors_by_app.contains((*app)->id)) continue;
    for (auto& remote : state.connectors_by_app[(*app)->id]) {
      if (remote.slug != c.slug || !tmpl.found->matches(remote.integration_template_id) ||
          remote.configuration) {
        continue;
      }
      reads.push_back(start([&, app_id = (*app)->id] {
        auto settings = client.get_connector_configuration(app_id, remote.id);
        if (settings) {
          remote.configuration = std::move(*settings);
        } else {
          std::lock_guard lock(errors_mutex);
          session->errors.push_back(label + ": " + settings.error().message);
          session->unread.insert(remote.id);
        }
      }));
    }
  }
  for (auto& r : reads) r.get();
  return session;
}

Result<Engine::EnvironmentSession*> Engine::open_environment(const FronteggEnvironment& env) {
  // apply runs the writes of different environments at once; each opens only its own session.
  const std::scoped_lock lock(sessions_mutex_);
  if (auto it = sessions_.find(env.name); it != sessions_.end()) {
    if (it->second->errors.empty()) return it->second.get();
    sessions_.erase(it);  // read again: a write needs all of it
  }
  auto session = read_environment(env);
  if (!session->errors.empty()) {
    std::string message;
    for (const auto& e : session->errors) message += (message.empty() ? "" : "\n") + e;
    return fail(Error::invalid(message));
  }
  return sessions_.emplace(env.name, std::move(session)).first->second.get();
}

void Engine::read_consumers(std::vector<std::string>& errors) {
  std::vector<std::future<Result<bitbucket::ConsumerObservation>>> probes;
  for (const auto& consumer : config_.consumers) {
    probes.push_back(start([&] { return bitbucket::observe_consumer(bitbucket_, consumer, env_); }));
  }
  for (std::size_t i = 0; i < probes.size(); ++i) {
    auto observed = probes[i].get();
    const std::string& id = config_.consumers[i].id;
    if (observed)
      consumers_.emplace(id, std::move(*observed));
    else
      consumer_errors_.emplace(id, observed.error().message);
  }
  // One workspace call per distinct workspace: [bitbucket] workspace, with the first token that works.
  const auto valid = std::ranges::find_if(consumers_, [](const auto& entry) {
    return entry.second.status == bitbucket::ConsumerObservation::Status::kValid;
  });
  if (valid == consumers_.end()) return;
  check_connector_workspaces(errors);
  auto problem =
      bitbucket::check_workspace(bitbucket_, config_.bitbucket.workspace, valid->second.access_token);
  if (!problem) {
    errors.push_back("bitbucket workspace \"" + config_.bitbucket.workspace +
                     "\": " + problem.error().message);
    return;
  }
  for (auto& [id, o] : consumers_) {
    if (o.status == bitbucket::ConsumerObservation::Status::kValid) o.workspace_problem = *problem;
  }
}

// A connector that names its own workspace: checked with its consumer's token, like [bitbucket] workspace
// (since 2026-05-04 a consumer of a personal workspace reaches only that one). One call per distinct
// (workspace, consumer).
void Engine::check_connector_workspaces(std::vector<std::string>& errors) {
  std::map<std::pair<std::string, std::string>, std::optional<std::string>> checked;
  for (const auto& c : config_.connectors) {
    if (c.ensure != Ensure::kPresent || c.workspace == config_.bitbucket.workspace) continue;
    const auto consumer = consumers_.find(c.consumer);
    if (consumer == consumers_.end() ||
        consumer->second.status != bitbucket::ConsumerObservation::Status::kValid)
      continue;
    const auto key = std::pair{c.workspace, c.consumer};
    if (!checked.contains(key)) {
      auto problem = bitbucket::check_workspace(bitbucket_, c.workspace, consumer->second.access_token);
      if (!problem) {
        errors.push_back("frontegg_connector." + c.id + ": bitbucket workspace \"" + c.workspace +
                         "\": " + problem.error().message);
        checked.emplace(key, std::nullopt);
        continue;
      }
      checked.emplace(key, *problem);
    }
    if (const auto& problem = checked.at(key)) {
      connector_workspace_problems_[c.id] =
          "frontegg_connector." + c.id + " uses workspace \"" + c.workspace +
          "\", which bitbucket_consumer." + c.consumer + " cannot reach (" + *problem +
          "); the gateway's calls there would fail. Set the "
          "connector's workspace to the one that owns the consumer, or use a consumer of that workspace";
    }
  }
}

void Engine::read_everything(std::vector<std::string>& errors) {
  std::vector<const FronteggEnvironment*> needed;
  for (const auto& env : config_.environments) {
    const bool used = env.prune || std::ranges::any_of(config_.connectors, [&](const Connector& c) {
                        return c.environment == env.name;
                      });
    if (used) needed.push_back(&env);
  }
  std::vector<std::future<std::unique_ptr<EnvironmentSession>>> environments;
  for (const auto* env : needed)
    environments.push_back(start([this, env] { return read_environment(*env); }));
  read_consumers(errors);
  for (std::size_t i = 0; i < needed.size(); ++i) {
    auto session = environments[i].get();
    errors.insert(errors.end(), session->errors.begin(), session->errors.end());
    // What was read is planned; what was not is skipped (its error is reported).
    if (session->readable) sessions_.emplace(needed[i]->name, std::move(session));
  }
}

}  // namespace linkform
