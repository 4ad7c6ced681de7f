#pragma once
// The engine wires the two vendors together for one command run: it reads
// the live state of everything a configuration names, builds the plan with
// the providers' pure planning functions, and executes the plan's writes.
//
// Reads run in parallel (issue 7): every consumer's token call and every
// environment's reads start at once; within an environment the application
// and template lists go together after the token, and each app's connector
// list as soon as the app is known. Requests per host are bounded by the
// transport (CurlTransport, --parallelism). Output order is the configuration's order.
//
// Files: engine.cpp (planning), engine_read.cpp (reading), engine_apply.cpp
// (writes), engine_import.cpp (linkform import).

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "core/apply.h"
#include "core/config.h"
#include "core/http.h"
#include "core/plan.h"
#include "providers/bitbucket/client.h"
#include "providers/bitbucket/consumer_plan.h"
#include "providers/frontegg/client.h"
#include "providers/frontegg/connector_plan.h"

namespace linkform {

// A live Bitbucket connector as linkform discover shows it: never a secret's value.
struct DiscoveredConnector {
  std::string id;
  std::string app_id;
  std::string slug;
  std::string name;
  bool is_active = false;
  std::vector<std::string> configuration_keys;         // keys of its configuration
  std::vector<std::string> custom_configuration_keys;  // keys of its customConfiguration
};

// One configured Frontegg environment as linkform discover shows it.
struct DiscoveredEnvironment {
  std::string name;
  std::string base_url;
  std::string environment_id;
  std::vector<frontegg::Application> applications;
  std::optional<frontegg::Template> used_template;  // the template linkform would use
  std::string template_notice;                      // set when it was found by name, not id
  std::string template_problem;                     // set when none could be chosen
  std::vector<frontegg::Template> templates;        // every template, when none could be chosen
  std::vector<DiscoveredConnector> connectors;      // those of the used template, in every app
  std::vector<std::string> errors;                  // what could not be read
};

class Engine final : public ChangeExecutor {
 public:
  // The transport, configuration and environment must outlive the engine.
  Engine(HttpTransport& transport, const Config& config, const Environment& env);
  ~Engine() override;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Reads both vendors and plans every resource it could read. What could not be read or planned (a
  // token call, an environment, an app's list, a connector's settings) is in Plan::errors, one line
  // each; the resources it concerns are left out, and connectors that wait on a consumer that could not
  // be read are blocked with that reason.
  Result<Plan> plan();

  // linkform discover: each configured environment's apps, the template linkform would use and the keys
  // its live connectors store. Read-only.
  std::vector<DiscoveredEnvironment> discover();

  // TOML for the live Bitbucket connectors of every configured environment
  // that the configuration does not name yet (linkform import).
  Result<std::string> import_toml();

  // A digest of the live state the last plan was built from: what Bitbucket
  // said of each consumer and every field of every connector read (never a
  // secret; connector descriptions carry only linkform's keyed fingerprints).
  [[nodiscard]] std::string live_fingerprint() const;

  // Executes one write of the plan last built, after re-reading the
  // connector it is about to change.
  Result<std::string> execute(const ResourceChange& change) override;

  // After apply: reads back every connector the report says was written (each app's list once, and a
  // connector's settings where the list omits them) and compares every attribute linkform manages. One
  // line per difference, naming the attribute, what was sent, what came back and the setting that
  // changes how linkform maps it; a line for what could not be read back. Empty: all is as written.
  std::vector<std::string> verify_applied(const Plan& plan, const ApplyReport& report);

 private:
  // One Frontegg environment's client and what was read from it.
  struct EnvironmentSession {
    std::unique_ptr<frontegg::FronteggClient> client;
    frontegg::EnvironmentState state;
    std::vector<std::string> errors;  // what could not be read, one line each
    bool readable = false;            // its applications and templates were read
    std::set<std::string> unread;     // ids of apps whose list, and connectors whose settings, failed
  };

  static std::string plan_key(const std::string& environment, const std::string& address) {
    return environment + "/" + address;
  }

  // engine_read.cpp
  std::shared_ptr<frontegg::VendorAuth> shared_auth(const std::string& base_url, const std::string& client_id,
                                                    const Secret& secret) const;
  Result<std::unique_ptr<EnvironmentSession>> connect(const FronteggEnvironment& env) const;
  std::unique_ptr<EnvironmentSession> read_environment(const FronteggEnvironment& env) const;
  Result<EnvironmentSession*> open_environment(const FronteggEnvironment& env);
  void read_everything(std::vector<std::string>& errors);
  void read_consumers(std::vector<std::string>& errors);
  void check_connector_workspaces(std::vector<std::string>& errors);

  // engine.cpp
  void plan_consumers(Plan& plan) const;
  void plan_connectors(Plan& plan, std::vector<std::string>& errors);
  bool reads_failed_for(const Connector& connector, const EnvironmentSession& session) const;
  void warn_about_api_permissions(const Connector& connector, const FronteggEnvironment& env,
                                  const frontegg::EnvironmentState& state,
                                  std::vector<std::string>& warnings) const;
  // prune = true: plans the deletion of connectors linkform made that the configuration no longer names.
  void plan_pruning(Plan& plan, std::vector<std::string>& errors);
  void check_prevent_destroy(const Plan& plan, std::vector<std::string>& errors) const;
  frontegg::ConnectorCredentials credentials_for(const Connector& connector) const;

  // engine_apply.cpp
  // The app's connectors as this apply knows them: listed once per app, then kept up to date with what
  // the apply creates.
  Result<std::vector<frontegg::RemoteConnector>*> apply_list(const std::string& environment,
                                                             const std::string& app_id,
                                                             frontegg::FronteggClient& client);
  Result<std::string> recover_create(const ResourceChange& change, const frontegg::ConnectorPlan& planned,
                                     frontegg::FronteggClient& client, const Error& failure);
  Result<std::string> converge_to_listed(const ResourceChange& change, const frontegg::ConnectorPlan& planned,
                                         frontegg::FronteggClient& client, const Error& failure,
                                         std::vector<frontegg::RemoteConnector> listed);

  // engine_discover.cpp
  DiscoveredEnvironment discover_environment(const FronteggEnvironment& env);

  // engine_verify.cpp
  void verify_connector(const ResourceChange& change, const FronteggEnvironment& env,
                        const frontegg::EnvironmentState& read,
                        std::vector<frontegg::RemoteConnector>& listed, frontegg::FronteggClient& client,
                        const std::string& who, std::vector<std::string>& problems);

  // engine_import.cpp
  std::string import_connector(const FronteggEnvironment& env, const frontegg::Application& app,
                               bool ambiguous_app_name, const frontegg::RemoteConnector& remote,
                               const frontegg::Template& tmpl,
                               const std::map<std::string, std::string>& consumer_by_key,
                               std::set<std::string>& consumer_names, std::set<std::string>& connector_names);

  HttpTransport& transport_;
  const Config& config_;
  const Environment& env_;
  mutable bitbucket::BitbucketClient bitbucket_;
  std::map<std::string, bitbucket::ConsumerObservation> consumers_;            // by consumer id
  std::map<std::string, std::string> consumer_errors_;                         // by consumer id
  std::map<std::string, std::string> connector_workspace_problems_;            // by connector id: a warning
  std::map<std::string, std::unique_ptr<EnvironmentSession>> sessions_;        // by environment name
  std::map<std::string, frontegg::ConnectorPlan> connector_plans_;             // by plan_key
  std::map<std::string, std::vector<frontegg::RemoteConnector>> apply_lists_;  // by plan_key(env, app id)
  mutable std::mutex auth_mutex_;
  // Guards sessions_ and apply_lists_ while apply writes to several environments at once.
  std::mutex sessions_mutex_;
  // by base URL, client id and the secret's digest
  mutable std::map<std::string, std::shared_ptr<frontegg::VendorAuth>> auth_by_credentials_;
};

}  // namespace linkform
