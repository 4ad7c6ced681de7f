// Executing a plan's writes, and the digest of what was read.

#include <algorithm>
#include <chrono>
#include <optional>

#include "providers/frontegg/provider.h"

namespace linkform::frontegg {

// A create that failed without a clear answer (no reply, a 5xx) may have gone
// through, and a 409 means someone else made the connector: list before doing
// anything else. If the connector is there, adopt it and converge it to the
// configuration; if a lost create is not there, send it once more.
Result<std::string> FronteggProvider::recover_create(const ResourceChange& change,
                                                     const ConnectorWrite& planned, FronteggClient& client,
                                                     const Error& failure) {
  if (!may_have_happened(failure) && failure.kind != ErrorKind::kConflict) return fail(failure);
  auto listed = client.list_connectors(planned.app_id);
  if (!listed) {
    return fail(Error{failure.kind,
                      failure.message +
                          "; listing the app's connectors to see whether it went through also failed: " +
                          listed.error().message,
                      failure.http_status});
  }
  return converge_to_listed(change, planned, client, failure, std::move(*listed));
}

// After a failed or pre-empted create, with the app's connectors just listed:
// adopt the connector if it is there, else resend a create whose reply was lost.
Result<std::string> FronteggProvider::converge_to_listed(const ResourceChange& change,
                                                         const ConnectorWrite& planned,
                                                         FronteggClient& client, const Error& failure,
                                                         std::vector<RemoteConnector> listed) {
  const auto& body = *planned.create;
  const auto found = std::ranges::find_if(
      listed, [&](const RemoteConnector& c) { return is_connector_of(c, planned.tmpl, body.slug); });
  if (found == listed.end()) {
    if (failure.kind == ErrorKind::kConflict) return fail(failure);
    auto again = client.create_connector(body);
    if (!again) return fail(again.error());
    return "id " + again->id + ", created on the second try after: " + failure.message;
  }
  const Connector* connector = configured(change.address);
  const FronteggEnvironment* env = config_.find_environment(change.address.environment);
  if (connector == nullptr || env == nullptr) return fail(failure);
  EnvironmentState state;
  {
    const std::scoped_lock lock(sessions_mutex_);
    state = sessions_.at(env->name)->state;
  }
  state.connectors_by_app[planned.app_id] = std::move(listed);
  auto converged = plan_connector(*connector, *env, state, &planned.credentials);
  if (!converged) return fail(converged.error());
  const std::string adopted = "adopted id " + converged->write.connector_id + " after: " + failure.message;
  if (converged->change.action != Action::kUpdate) return adopted;
  auto updated = client.update_connector(converged->write.connector_id, *converged->write.update);
  if (!updated) return fail(updated.error());
  return adopted + "; then updated it to match the configuration";
}

void FronteggProvider::fingerprint(LiveDigest& digest) const {
  for (const auto& [id, problem] : workspace_problems_) {
    digest.add("the workspace checks of frontegg_connector." + id, problem);
  }
  for (const auto& [name, session] : sessions_) {
    const std::string environment = "Frontegg environment " + name + " (its applications and templates)";
    for (const auto& app : session->state.applications) digest.add(environment, app.id + "=" + app.name);
    for (const auto& t : session->state.templates) digest.add(environment, t.id + "=" + t.integration_id);
    for (const auto& [app_id, connectors] : session->state.connectors_by_app) {
      digest.add(environment, app_id);
      for (const auto& c : connectors) {
        // Named as the plan names it: the configured connector with this slug, else the slug itself.
        std::string part_name = c.slug;
        for (const auto& conf : config_.connectors) {
          if (conf.environment == name && conf.slug == c.slug) part_name = conf.id;
        }
        const std::string part =
            Address{"frontegg_connector", part_name, name}.label(config_.environments.size() > 1);
        digest.add(part, app_id);
        for (const auto* f : {&c.id, &c.slug, &c.name, &c.description, &c.integration_template_id})
          digest.add(part, *f);
        digest.add(part, c.is_active ? "active" : "inactive");
        for (const auto& [api, on] : c.enabled_apis) digest.add(part, api + (on ? "+" : "-"));
        if (c.configuration) {
          digest.add(part, c.configuration->client_id);
          for (const auto& [k, v] : c.configuration->custom_configuration) digest.add(part, k + "=" + v);
          for (const auto& s : c.configuration->scopes) digest.add(part, s);
        }
      }
    }
  }
}

// A plan's list younger than this serves the apply's first create in that app as is: re-reading it a
// moment later would cost every apply a round trip to learn nothing (a connector made in between is
// refused with 409 and then adopted, see recover_create). After a longer pause, e.g. a confirmation
// at a terminal, the list is read again.
constexpr std::chrono::seconds kPlanListFreshFor{10};

Result<std::vector<RemoteConnector>*> FronteggProvider::apply_list(const std::string& environment,
                                                                   const std::string& app_id,
                                                                   Session& session) {
  const auto key = std::pair{environment, app_id};
  {
    const std::scoped_lock lock(sessions_mutex_);
    if (auto it = apply_lists_.find(key); it != apply_lists_.end()) return &it->second;
    const auto planned = session.state.connectors_by_app.find(app_id);
    if (planned != session.state.connectors_by_app.end() &&
        std::chrono::steady_clock::now() - session.read_at < kPlanListFreshFor) {
      return &apply_lists_.emplace(key, planned->second).first->second;
    }
  }
  // Only this environment's writes use this list, one at a time: listing unlocked cannot race.
  auto listed = session.client->list_connectors(app_id);
  if (!listed) return fail(listed.error());
  const std::scoped_lock lock(sessions_mutex_);
  return &apply_lists_.insert_or_assign(key, std::move(*listed)).first->second;
}

// A create checks the app's list, read once per app per apply (or the plan's, when it is fresh) and kept
// up to date with what this apply creates (issue 13: re-listing the whole app per write made an apply
// quadratic).
Result<std::string> FronteggProvider::create(const ResourceChange& change, const ConnectorWrite& planned,
                                             Session& session) {
  FronteggClient& client = *session.client;
  const auto& body = *planned.create;
  auto listed = apply_list(change.address.environment, planned.app_id, session);
  if (!listed) return fail(listed.error());
  for (const auto& c : **listed) {
    if (is_connector_of(c, planned.tmpl, body.slug)) {
      // Made since the plan, e.g. by an apply running at the same time: converge to it.
      return converge_to_listed(
          change, planned, client,
          Error{ErrorKind::kConflict, "a connector with slug \"" + body.slug + "\" appeared since the plan",
                409},
          **listed);
    }
  }
  auto created = client.create_connector(body);
  if (created) {
    (*listed)->push_back(*created);
    return "id " + created->id;
  }
  // The list may now be stale (a lost reply may have created it): read it again next time.
  {
    const std::scoped_lock lock(sessions_mutex_);
    apply_lists_.erase(std::pair{change.address.environment, planned.app_id});
  }
  return recover_create(change, planned, client, created.error());
}

// A connector planned with a client the apply creates (its id and secret known after apply): the client's
// write, which apply ran first, has filled them in, so the write is planned again with them, from the
// plan's read and by the same pure function: its request and fingerprint are then exactly those of a
// connector planned with a client that already existed.
Result<ConnectorWrite> FronteggProvider::with_client_known(const ResourceChange& change,
                                                           const ConnectorWrite& planned,
                                                           const FronteggEnvironment& env, Session& session) {
  const ConnectorCredentials credentials = filled(planned.credentials);
  const Connector* connector = configured(change.address);
  if (credentials.pending || connector == nullptr) {
    return fail(Error::invalid("the id and secret of " + credentials.client.str() +
                               " are not known: its write has not happened"));
  }
  EnvironmentState state;
  {
    const std::scoped_lock lock(sessions_mutex_);
    state = session.state;
  }
  auto again = plan_connector(*connector, env, state, &credentials);
  if (!again) return fail(again.error());
  if (again->change.action != change.action) {
    return fail(Error::invalid("planned again with the id of the new " + connector->kind->client_noun + " " +
                               credentials.client.str() + ", it is no longer a " +
                               action_marker(change.action) + " change; run linkform plan again"));
  }
  return std::move(again->write);
}

Result<std::string> FronteggProvider::apply(const ResourceChange& change) {
  const auto* planned = dynamic_cast<const ConnectorWrite*>(change.payload.get());
  const FronteggEnvironment* env = config_.find_environment(change.address.environment);
  if (planned == nullptr || env == nullptr) {
    return fail(Error::invalid("nothing planned for " + change.address.str()));
  }
  auto session = open_environment(*env);
  if (!session) return fail(session.error());
  std::optional<ConnectorWrite> known;
  if (planned->credentials.pending && change.action != Action::kDelete) {
    auto again = with_client_known(change, *planned, *env, **session);
    if (!again) return fail(again.error());
    known = std::move(*again);
    planned = &*known;
  }
  FronteggClient& client = *(*session)->client;
  // Before each write, re-read only what it is about to change: an update or a delete reads its
  // connector by id.
  switch (change.action) {
    case Action::kCreate:
      return create(change, *planned, **session);
    case Action::kUpdate: {
      auto current = client.get_connector_configuration(planned->app_id, planned->connector_id);
      if (!current && current.error().kind == ErrorKind::kNotFound) {
        return fail(Error{
            ErrorKind::kNotFound,
            "connector " + planned->connector_id + " was deleted since the plan; run linkform plan again",
            0});
      }
      if (!current) return fail(current.error());
      auto updated = client.update_connector(planned->connector_id, *planned->update);
      if (!updated) return fail(updated.error());
      return "id " + updated->id;
    }
    case Action::kDelete: {
      auto current = client.get_connector_configuration(planned->app_id, planned->connector_id);
      if (!current && current.error().kind == ErrorKind::kNotFound) return "already gone";
      if (!current) return fail(current.error());
      auto deleted = client.delete_connector(planned->app_id, planned->connector_id);
      if (!deleted) return fail(deleted.error());
      return "id " + planned->connector_id;
    }
    case Action::kNoop:
    case Action::kManual:
    case Action::kBlocked:
    case Action::kReplace:  // a connector is never replaced: its secret can be written again
      break;
  }
  return fail(Error::invalid(change.address.str() + " has no write to execute"));
}

}  // namespace linkform::frontegg
