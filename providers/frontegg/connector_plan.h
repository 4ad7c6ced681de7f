#pragma once
// frontegg_connector.<name>: managed through Frontegg's API (README, "What the vendor APIs allow").
// plan_connector() is the pure function that compares one configured
// connector with what its Frontegg environment holds, and returns both the
// plan entry shown to a person and the exact request apply will send.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/plan.h"
#include "providers/frontegg/client.h"
#include "providers/frontegg/config.h"

namespace linkform::frontegg {

// What one Frontegg environment holds, read once per plan.
struct EnvironmentState {
  std::vector<Application> applications;
  std::vector<Template> templates;
  std::map<std::string, std::vector<RemoteConnector>> connectors_by_app;  // app id -> its connectors
  Secret fingerprint_key;  // fingerprint_key() of the environment's Frontegg secret
};

// The OAuth client a connector takes its client id and secret from (its OAuthClientExport).
struct ConnectorCredentials {
  Address client;       // the client's address
  bool usable = false;  // false: the connector is blocked on that client
  Secret client_id;
  Secret client_secret;
  // Set when the apply creates or replaces the client: its id and secret are known only after its write
  // (OAuthClientExport::pending), and the connector's write is planned again with them (filled()).
  std::shared_ptr<PendingClient> pending;
  // False when the client's provider does not hold its secret: the connector is taken to hold it while
  // it has the client's id and a fingerprint linkform wrote, and otherwise needs the client replaced.
  bool secret_held = true;
  std::vector<std::string> scopes;  // the client's default scopes for a connector
  // Why an API of the template cannot work with this client (nullopt: it can); such APIs are left out
  // of the default list. Unset: every API can.
  std::function<std::optional<std::string>(const std::string&)> api_unavailable;
  // Why the connector is blocked when it is not a client still to be made by a person, e.g. "its
  // client could not be read".
  std::string blocked_reason;
};

// The credentials with the pending client's id and secret in place once its write has filled them; as
// they are otherwise.
ConnectorCredentials filled(const ConnectorCredentials& credentials);

// What apply sends for one planned connector: the change's payload (ResourceChange::payload).
struct ConnectorWrite final : ChangePayload {
  std::string app_id;
  std::optional<ConnectorCreate> create;  // kCreate
  std::optional<ConnectorUpdate> update;  // kUpdate
  std::string connector_id;               // kUpdate and kDelete
  Template tmpl;                          // the template it is made from (its identity, with the slug)
  // What the plan was made with, for an apply that must plan the connector again (a create pre-empted
  // by another, or whose reply was lost). In memory only: a payload is never saved.
  ConnectorCredentials credentials;
};

// A planned connector change; for a write, change.payload holds a copy of `write`.
struct ConnectorPlan {
  ResourceChange change;
  std::string template_notice;  // TemplateMatch::notice of the template used
  ConnectorWrite write;
  // The connector must be written with its client's secret, which the client's provider does not hold
  // (ConnectorCredentials::secret_held): planned as blocked, it needs the client replaced.
  bool needs_secret = false;
};

// frontegg_connector.<id> [environment]
Address connector_address(const Connector& connector);

// The application a connector names, by id or by name. Errors when none or several match.
Result<const Application*> resolve_application(const std::vector<Application>& apps,
                                               const std::string& name_or_id, const std::string& environment);
// The integration template a connector uses.
struct TemplateMatch {
  const Template* found = nullptr;  // nullptr: `error` says why
  // Set when no template has the configured id and the one used was recognised as the kind's by its
  // name or integrationId: the plan says so.
  std::string notice;
  Error error;
};
// By integrationId or id. When none matches, exactly one template whose name is the kind's template_name
// (any case) or whose integrationId starts with its template_id is used (with a notice); otherwise the
// error lists the environment's templates (id, integrationId, name).
TemplateMatch resolve_template(const std::vector<Template>& templates, const std::string& template_id,
                               const ConnectorKind& kind, const std::string& environment);
// A configured connector's app and template in one environment, resolved once per read.
struct Resolved {
  const Application* app = nullptr;  // nullptr: app_error says why
  Error app_error;
  TemplateMatch tmpl;
  [[nodiscard]] bool complete() const { return app != nullptr && tmpl.found != nullptr; }
};
Resolved resolve(const Connector& connector, const FronteggEnvironment& environment,
                 const EnvironmentState& state);

// The one identity rule: a live connector is the configured one when it has its slug and was made from
// its template (by id or integrationId, Template::matches). Every lookup uses it.
bool is_connector_of(const RemoteConnector& remote, const Template& tmpl, std::string_view slug);
// The connector with this slug for this template among an app's connectors, or nullptr.
const RemoteConnector* find_connector(const std::vector<RemoteConnector>& connectors, const Template& tmpl,
                                      const std::string& slug);

// Names the connector and the client id its secret goes with, in its secret fingerprint: equal secrets
// on two connectors give unrelated fingerprints, and a connector re-pointed to another client id never
// matches.
std::string connector_identity(const std::string& app_id, const Template& tmpl, const std::string& slug,
                               const std::string& client_id);

// credentials is null for ensure = "absent". Errors: the app or template
// cannot be resolved, or the configuration names APIs the template lacks.
Result<ConnectorPlan> plan_connector(const Connector& connector, const FronteggEnvironment& environment,
                                     const EnvironmentState& state, const ConnectorCredentials* credentials);

}  // namespace linkform::frontegg
