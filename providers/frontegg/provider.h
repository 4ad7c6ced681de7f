#pragma once
// The Frontegg provider: frontegg_connector resources, managed through
// Frontegg's API. Reads run in parallel: every environment at once; within
// one, the application and template lists together after the token, then each
// app's connector list, then the settings of the connectors the diff needs.
// A connector takes its client id and secret from the consumer it names, through
// that consumer's exports (core/provider.h); the provider includes no other vendor.
//
// Files: provider.cpp (planning), provider_read.cpp (reading),
// provider_apply.cpp (writes and the live digest), provider_verify.cpp (reading
// back after apply), provider_import.cpp (linkform import), provider_discover.cpp
// (linkform discover).

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "core/http.h"
#include "core/provider.h"
#include "providers/frontegg/client.h"
#include "providers/frontegg/config.h"
#include "providers/frontegg/connector_plan.h"

namespace linkform::frontegg {

// A live connector as linkform discover shows it: never a secret's value.
struct DiscoveredConnector {
  std::string id;
  std::string app_id;
  std::string slug;
  std::string name;
  bool is_active = false;
  std::vector<std::string> configuration_keys;         // keys of its configuration
  std::vector<std::string> custom_configuration_keys;  // keys of its customConfiguration
};

// What one environment offers for one kind of connector (ConnectorKind), as linkform discover shows it.
struct DiscoveredKind {
  std::string vendor;                           // ConnectorKind::vendor
  std::optional<Template> used_template;        // the template linkform would use
  std::string template_notice;                  // set when it was found by name, not id
  std::string template_problem;                 // set when none could be chosen
  std::vector<Template> templates;              // every template, when none could be chosen
  std::vector<DiscoveredConnector> connectors;  // those of the used template, in every app
};

// One configured Frontegg environment as linkform discover shows it.
struct DiscoveredEnvironment {
  std::string name;
  std::string base_url;
  std::string environment_id;
  std::vector<Application> applications;
  std::vector<DiscoveredKind> kinds;  // one per registered kind of connector, in registration order
  std::vector<std::string> errors;    // what could not be read
  std::vector<std::string> warnings;  // e.g. another app's entries in a connector list
};

// What linkform import needs to know of the OAuth clients the configuration declares. They are other
// providers' resources, so the caller works it out (cmd/linkform/import_context.cpp).
struct ImportContext {
  // (client type, resolved client id) -> the name of the declared client that has it
  std::map<std::pair<std::string, std::string>, std::string> client_by_id;
  // Every declared client: its address -> the scopes it declares.
  std::map<Address, std::vector<std::string>> declared_scopes;
  // Client type -> the target a connector of such a client uses when it names none.
  std::map<std::string, std::string> default_target;
};

class FronteggProvider final : public Provider {
 public:
  // The transport, configuration and environment must outlive the provider.
  FronteggProvider(HttpTransport& transport, const FronteggSection& config, const Environment& env);
  ~FronteggProvider() override;
  FronteggProvider(const FronteggProvider&) = delete;
  FronteggProvider& operator=(const FronteggProvider&) = delete;

  [[nodiscard]] std::string display_name() const override { return "Frontegg"; }
  [[nodiscard]] std::vector<std::string> resource_types() const override { return {"frontegg_connector"}; }
  // Only the environments of selected connectors are read, and only their connectors planned.
  void select(const Selection& selection) override { selection_ = selection; }
  ProviderDiagnostics read() override;
  // Each selected connector's target is checked with its client (OAuthClientExport::reaches).
  ProviderDiagnostics read_dependent(const Exports& upstream) override;
  // The client id each configured connector's live configuration holds, per client it names.
  [[nodiscard]] ClientIdsInUse client_ids_in_use() const override;
  [[nodiscard]] ProviderPlan plan(const Exports& upstream) const override;
  Result<std::string> apply(const ResourceChange& change) override;
  std::vector<std::string> verify(const std::vector<const ResourceChange*>& written,
                                  bool show_environments) override;
  void fingerprint(LiveDigest& digest) const override;
  [[nodiscard]] std::size_t environment_count() const override { return config_.environments.size(); }
  [[nodiscard]] std::vector<Address> protected_resources() const override;

  // linkform discover: each configured environment's apps, the template linkform would use and the keys
  // its live connectors store. Read-only.
  std::vector<DiscoveredEnvironment> discover();

  // linkform import: TOML for the live connectors of every configured environment that the configuration
  // does not name yet, with a client table (ConnectorKind::client_table) for each client id it does not know.
  // `warnings` receives what the reads met and left out (another app's connectors in a list).
  Result<std::string> import_toml(const ImportContext& known, std::vector<std::string>& warnings);

 private:
  // One environment's client and what was read from it.
  struct Session {
    std::unique_ptr<FronteggClient> client;
    Secret secret;  // the environment's secret (its authentication holds it too): the fingerprint key's input
    EnvironmentState state;
    std::vector<std::string> errors;    // what could not be read, one line each
    std::vector<std::string> warnings;  // what was read but left out (another app's list entries)
    bool readable = false;              // its applications and templates were read
    std::set<std::string> unread;       // ids of apps whose list, and connectors whose settings, failed
    std::chrono::steady_clock::time_point read_at;  // when the reads finished
    std::map<std::string, Resolved> resolved;       // by connector id: its app and template, once
  };

  // provider_read.cpp
  std::shared_ptr<VendorAuth> shared_auth(const std::string& base_url, const std::string& client_id,
                                          const Secret& secret, const std::string& log_label) const;
  Result<std::unique_ptr<Session>> connect(const FronteggEnvironment& env) const;
  std::unique_ptr<Session> read_environment(const FronteggEnvironment& env) const;
  void read_connector_settings(const FronteggEnvironment& env, Session& session) const;
  void resolve_connectors(const FronteggEnvironment& env, Session& session) const;
  Result<Session*> open_environment(const FronteggEnvironment& env);
  [[nodiscard]] std::string label(const FronteggEnvironment& env) const;

  // provider.cpp
  void plan_connector_entry(const Connector& connector, const Exports& upstream, ProviderPlan& out) const;
  void warn_about_unavailable_apis(const Connector& connector, const OAuthClientExport& client,
                                   ProviderDiagnostics& out) const;
  bool reads_failed_for(const Connector& connector, const Session& session) const;
  void plan_pruning(ProviderPlan& out) const;
  void plan_pruning(const FronteggEnvironment& env, const ConnectorKind& kind, const Session& session,
                    ProviderPlan& out) const;
  void warn_about_api_permissions(const Connector& connector, const Template* tmpl,
                                  const OAuthClientExport* client, ProviderDiagnostics& out) const;
  [[nodiscard]] ConnectorCredentials credentials_for(const Connector& connector,
                                                     const Exports& upstream) const;
  [[nodiscard]] const Connector* configured(const Address& address) const;

  // provider_apply.cpp
  Result<std::vector<RemoteConnector>*> apply_list(const std::string& environment, const std::string& app_id,
                                                   Session& session);
  Result<std::string> create(const ResourceChange& change, const ConnectorWrite& planned, Session& session);
  Result<ConnectorWrite> with_client_known(const ResourceChange& change, const ConnectorWrite& planned,
                                           const FronteggEnvironment& env, Session& session);
  Result<std::string> recover_create(const ResourceChange& change, const ConnectorWrite& planned,
                                     FronteggClient& client, const Error& failure);
  Result<std::string> converge_to_listed(const ResourceChange& change, const ConnectorWrite& planned,
                                         FronteggClient& client, const Error& failure,
                                         std::vector<RemoteConnector> listed);

  // provider_verify.cpp
  void verify_connector(const ResourceChange& change, const FronteggEnvironment& env,
                        const EnvironmentState& read, std::vector<RemoteConnector>& listed,
                        FronteggClient& client, const std::string& who, std::vector<std::string>& problems);

  // provider_discover.cpp
  DiscoveredEnvironment discover_environment(const FronteggEnvironment& env);

  // provider_import.cpp
  struct ImportNames;
  // Where an imported connector lives: its environment, kind, template and app.
  struct ImportSite {
    const FronteggEnvironment& env;
    const ConnectorKind& kind;
    const Template& tmpl;
    const Application& app;
    bool ambiguous_app_name;
  };
  int import_environment(const FronteggEnvironment& env, const ConnectorKind& kind, Session& session,
                         const ImportContext& known, ImportNames& names, std::string& out,
                         std::vector<std::string>& errors, std::vector<std::string>& warnings);
  std::string import_connector(const ImportSite& site, const RemoteConnector& remote,
                               const ImportContext& known, ImportNames& names) const;

  [[nodiscard]] bool selected(const Connector& connector) const;
  // True when every connector of `env` is resolved and its app listed: the selection may name a pruned one.
  [[nodiscard]] bool reads_all_of(const FronteggEnvironment& env) const;

  HttpTransport& transport_;
  const FronteggSection& config_;
  const Environment& env_;
  Selection selection_;
  std::map<std::string, std::unique_ptr<Session>> sessions_;  // by environment name
  // What read_dependent found: by connector id, the warning that its consumer cannot reach its workspace.
  std::map<std::string, std::string> workspace_problems_;
  // The app's connectors as this apply knows them: by environment and app id, listed once per app, then
  // kept up to date with what the apply creates.
  std::map<std::pair<std::string, std::string>, std::vector<RemoteConnector>> apply_lists_;
  mutable std::mutex auth_mutex_;
  // Guards sessions_ and apply_lists_ while apply writes to several environments at once.
  std::mutex sessions_mutex_;
  // by base URL, client id and the secret's digest
  mutable std::map<std::string, std::shared_ptr<VendorAuth>> auth_by_credentials_;
};

}  // namespace linkform::frontegg
