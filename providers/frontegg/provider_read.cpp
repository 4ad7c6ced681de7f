// Reading the live state, in parallel: see the contract in provider.h.

#include <algorithm>
#include <cctype>
#include <future>
#include <mutex>

#include "core/plan_file.h"
#include "providers/frontegg/fingerprint.h"
#include "providers/frontegg/gateway.h"
#include "providers/frontegg/provider.h"

namespace linkform::frontegg {

namespace {

template <class F>
auto start(F&& f) {
  return std::async(std::launch::async, std::forward<F>(f));
}

}  // namespace

std::string FronteggProvider::label(const FronteggEnvironment& env) const {
  return config_.environments.size() == 1 && env.name == "default" ? "[frontegg]"
                                                                   : "environment \"" + env.name + "\"";
}

// Environments on one credential pair (account-level credentials with environment_id) authenticate once.
// Its --debug label is that of the environment that made it.
std::shared_ptr<VendorAuth> FronteggProvider::shared_auth(const std::string& base_url,
                                                          const std::string& client_id, const Secret& secret,
                                                          const std::string& log_label) const {
  const std::string key = base_url + '\n' + client_id + '\n' + sha256_hex(secret.reveal());
  const std::scoped_lock lock(auth_mutex_);
  auto& auth = auth_by_credentials_[key];
  if (!auth) {
    auth = std::make_shared<VendorAuth>(transport_, base_url, client_id, secret);
    auth->set_log_label(log_label);
  }
  return auth;
}

Result<std::unique_ptr<FronteggProvider::Session>> FronteggProvider::connect(
    const FronteggEnvironment& env) const {
  if (!env.client_id || !env.secret) {
    return fail(Error::invalid(label(env) + ": client_id or secret is not configured"));
  }
  auto client_id = resolve_credential(*env.client_id, env_);
  if (!client_id)
    return fail(Error::invalid(label(env) + ": cannot read client_id: " + client_id.error().message));
  auto secret = resolve_credential(*env.secret, env_);
  if (!secret) return fail(Error::invalid(label(env) + ": cannot read secret: " + secret.error().message));
  auto session = std::make_unique<Session>();
  // The key for the fingerprints is made by read_environment once the reads are under way: an HMAC's
  // first use costs OpenSSL a lookup that the authentication need not wait for.
  session->secret = std::move(*secret);
  const std::string log_label =
      config_.environments.size() == 1 && env.name == "default" ? "frontegg" : env.name;
  session->client = std::make_unique<FronteggClient>(
      transport_, shared_auth(env.base_url, client_id->reveal(), session->secret, log_label),
      env.environment_id);
  session->client->set_log_label(log_label);
  return session;
}

std::unique_ptr<FronteggProvider::Session> FronteggProvider::read_environment(
    const FronteggEnvironment& env) const {
  auto connected = connect(env);
  if (!connected) {
    auto failed = std::make_unique<Session>();
    failed->errors.push_back(connected.error().message);
    return failed;
  }
  std::unique_ptr<Session> session = std::move(*connected);
  FronteggClient& client = *session->client;
  EnvironmentState& state = session->state;
  // The client authenticates once for both; they go out together once the token is there.
  auto apps = start([&] { return client.list_applications(); });
  auto templates = start([&] { return client.list_templates(); });
  state.fingerprint_key = fingerprint_key(session->secret);
  auto listed_apps = apps.get();
  auto listed_templates = templates.get();
  if (!listed_apps) session->errors.push_back(label(env) + ": " + listed_apps.error().message);
  // A failed authentication fails both lists with the same error: say it once.
  if (!listed_templates && (listed_apps || listed_templates.error().message != listed_apps.error().message))
    session->errors.push_back(label(env) + ": " + listed_templates.error().message);
  if (!session->errors.empty()) return session;
  session->readable = true;
  state.applications = std::move(*listed_apps);
  state.templates = std::move(*listed_templates);
  resolve_connectors(env, *session);

  // One connector list per app the configuration names here, all at once.
  std::map<std::string, std::future<Result<std::vector<RemoteConnector>>>> lists;
  for (const auto& [id, resolved] : session->resolved) {
    // An unknown app is reported when planning.
    if (resolved.app == nullptr || lists.contains(resolved.app->id)) continue;
    lists.emplace(resolved.app->id,
                  start([&client, app_id = resolved.app->id] { return client.list_connectors(app_id); }));
  }
  for (auto& [app_id, future] : lists) {
    auto listed = future.get();
    if (listed) {
      state.connectors_by_app.emplace(app_id, std::move(*listed));
    } else {
      session->errors.push_back(label(env) + ": " + listed.error().message);
      session->unread.insert(app_id);
    }
  }
  for (auto& foreign : client.take_foreign_entries())
    session->warnings.push_back(label(env) + ": " + foreign);
  read_connector_settings(env, *session);
  session->read_at = std::chrono::steady_clock::now();
  return session;
}

// Each configured connector of this environment: its app and template, resolved once for every read
// and plan that needs them.
void FronteggProvider::resolve_connectors(const FronteggEnvironment& env, Session& session) const {
  const bool all = reads_all_of(env);
  for (const auto& c : config_.connectors) {
    if (c.environment == env.name && (all || selected(c)))
      session.resolved.emplace(c.id, resolve(c, env, session.state));
  }
}

bool FronteggProvider::selected(const Connector& connector) const {
  return selection_.contains(connector_address(connector));
}

bool FronteggProvider::reads_all_of(const FronteggEnvironment& env) const {
  if (selection_.everything()) return true;
  if (!env.prune) return false;
  // A selected address of this environment that no connector declares: a pruned one, which is known only by
  // what the configuration does not name here.
  return std::ranges::any_of(*selection_.addresses(), [&](const Address& a) {
    if (a.type != "frontegg_connector" || !(a.environment.empty() || a.environment == env.name)) return false;
    return std::ranges::none_of(config_.connectors, [&](const Connector& c) {
      return c.environment == env.name && connector_address(c).name == a.name;
    });
  });
}

// The list may omit a connector's configuration; read it only for the connectors the diff needs.
void FronteggProvider::read_connector_settings(const FronteggEnvironment& env, Session& session) const {
  EnvironmentState& state = session.state;
  std::vector<std::future<void>> reads;
  std::mutex errors_mutex;
  for (const auto& c : config_.connectors) {
    const auto resolved = session.resolved.find(c.id);
    if (c.environment != env.name || resolved == session.resolved.end() || !resolved->second.complete())
      continue;
    const std::string& app_id = resolved->second.app->id;
    if (!state.connectors_by_app.contains(app_id)) continue;
    for (auto& remote : state.connectors_by_app[app_id]) {
      if (!is_connector_of(remote, *resolved->second.tmpl.found, c.slug) || remote.configuration) continue;
      reads.push_back(start([&, app_id] {
        auto settings = session.client->get_connector_configuration(app_id, remote.id);
        if (settings) {
          remote.configuration = std::move(*settings);
        } else {
          std::lock_guard lock(errors_mutex);
          session.errors.push_back(label(env) + ": " + settings.error().message);
          session.unread.insert(remote.id);
        }
      }));
    }
  }
  for (auto& r : reads) r.get();
}

Result<FronteggProvider::Session*> FronteggProvider::open_environment(const FronteggEnvironment& env) {
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

ProviderDiagnostics FronteggProvider::read() {
  sessions_.clear();
  apply_lists_.clear();
  workspace_problems_.clear();
  std::vector<const FronteggEnvironment*> needed;
  for (const auto& env : config_.environments) {
    // With a selection (--target): the environments of selected connectors, and one that prunes where a
    // pruned connector is selected.
    const bool has_selected = std::ranges::any_of(
        config_.connectors, [&](const Connector& c) { return c.environment == env.name && selected(c); });
    const bool used = selection_.everything() ? env.prune || has_selected : has_selected || reads_all_of(env);
    if (used) needed.push_back(&env);
  }
  std::vector<std::future<std::unique_ptr<Session>>> environments;
  for (const auto* env : needed)
    environments.push_back(start([this, env] { return read_environment(*env); }));
  // Each distinct gateway once, alongside (README, "[frontegg]"); the first environment that names it
  // is where a warning points.
  std::vector<std::pair<const FronteggEnvironment*, std::future<std::optional<std::string>>>> gateways;
  for (const auto* env : needed) {
    if (env->gateway.empty() ||
        std::ranges::any_of(gateways, [&](const auto& g) { return g.first->gateway == env->gateway; }))
      continue;
    gateways.emplace_back(env, start([this, env] { return probe_gateway(transport_, env->gateway); }));
  }
  ProviderDiagnostics found;
  for (std::size_t i = 0; i < needed.size(); ++i) {
    auto session = environments[i].get();
    for (const auto& e : session->errors) found.push_back(error_about("", e, needed[i]->where));
    for (const auto& w : session->warnings) found.push_back(warning_about("", w, needed[i]->where));
    // What was read is planned; what was not is skipped (its error is reported).
    if (session->readable) sessions_.emplace(needed[i]->name, std::move(session));
  }
  for (auto& [env, probe] : gateways) {
    if (auto problem = probe.get())
      found.push_back(warning_about("gateway of " + label(*env), *problem, env->keys.at("gateway")));
  }
  return found;
}

// Each connector's target (its kind's target_key: where its client works) is checked with its client, once
// per distinct (target, client): a client may reach fewer targets than its configuration suggests.
ProviderDiagnostics FronteggProvider::read_dependent(const Exports& upstream) {
  ProviderDiagnostics found;
  for (const auto& c : config_.connectors) {
    if (c.ensure != Ensure::kPresent || c.kind->target_key.empty() || !selected(c)) continue;
    const OAuthClientExport* client = upstream.find(client_address(c));
    if (client == nullptr || !client->reaches) continue;
    const std::string& what = c.kind->target_key;
    auto problem = client->reaches(c.target);
    if (!problem) {
      std::string vendor = c.kind->vendor;
      std::ranges::transform(vendor, vendor.begin(),
                             [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
      found.push_back(error_about(connector_address(c).str(),
                                  vendor + " " + what + " \"" + c.target + "\": " + problem.error().message,
                                  c.where));
      continue;
    }
    if (*problem) {
      const std::string& noun = c.kind->client_noun;
      workspace_problems_[c.id] = connector_address(c).str() + " uses " + what + " \"" + c.target +
                                  "\", which " + client->owner.str() + " cannot reach (" + **problem +
                                  "); the gateway's calls there would fail. Set the connector's " + what +
                                  " to the one that owns the " + noun + ", or use a " + noun + " of that " +
                                  what;
    }
  }
  return found;
}

}  // namespace linkform::frontegg
