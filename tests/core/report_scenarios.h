#pragma once
// Synthetic plans for the reporter golden tests, shaped like the ones the
// providers build (providers/bitbucket/consumer_plan.cpp, providers/frontegg/connector_plan.cpp).
// kFakeSecret is the consumer secret these scenarios "have"; no renderer may
// ever show it.

#include <ostream>
#include <string>
#include <vector>

#include "core/apply.h"
#include "core/plan.h"

namespace linkform::testing {

inline constexpr const char* kFakeSecret = "fAkE-sEcReT-7f3a9c1e-never-printed";

inline AttributeChange attr(std::string name, Value before, Value after) {
  return {std::move(name), std::move(before), std::move(after), false, true};
}

inline AttributeChange secret_attr(bool changed) { return {"client_secret", {}, {}, true, changed}; }

inline Value str(std::string s) { return Value::string(std::move(s)); }
inline Value list(std::vector<std::string> v) { return Value::list(std::move(v)); }

// "type.name" in `environment`.
inline Address at(const std::string& address, const std::string& environment = "") {
  Address a = *Address::parse(address);
  a.environment = environment;
  return a;
}

// A plan as the engine starts it: read from both vendors.
inline Plan read_plan() {
  Plan p;
  p.sources = {"Bitbucket", "Frontegg"};
  return p;
}

inline Observation seen(const std::string& address, const std::string& environment, std::string text) {
  return {at(address, environment), std::move(text)};
}

inline std::vector<std::string> consumer_creation_steps() {
  return {
      "Open https://bitbucket.org/acme/workspace/settings/oauth-consumers/new",
      "Name:          Frontegg Integration\nDescription:   OAuth consumer for the Frontegg MCP gateway\n"
      "Callback URL:  https://acme.mcp-gw.frontegg.com/integration-callback\n"
      "URL:           https://app.acme.example",
      "Tick \"This is a private consumer\".",
      "Permissions: Account: Read · Repositories: Read · Pull requests: Read · Issues: Read",
      "Save, open the consumer, and store Key in BITBUCKET_MCP_KEY and Secret in\n"
      "BITBUCKET_MCP_SECRET (CI secured variables). Never commit them.",
  };
}

inline ResourceChange noop_consumer(const std::string& id = "mcp") {
  ResourceChange c;
  c.address = at("bitbucket_consumer." + id);
  return c;
}

inline ResourceChange noop_connector(const std::string& id, const std::string& env,
                                     const std::string& remote_id) {
  ResourceChange c;
  c.address = at("frontegg_connector." + id, env);
  c.remote_id = remote_id;
  c.depends_on = {at("bitbucket_consumer.mcp")};
  return c;
}

// First run: nobody has created the consumer yet.
inline Plan bootstrap_plan() {
  Plan p = read_plan();
  p.observations = {
      seen("bitbucket_consumer.mcp", "", "key not set (environment variable BITBUCKET_MCP_KEY is not set)"),
      seen("frontegg_connector.bitbucket", "default", "not found in app \"Agen for Work\""),
  };
  ResourceChange consumer = noop_consumer();
  consumer.action = Action::kManual;
  consumer.headline = "must be created by a person";
  consumer.notes = {
      "key not set (environment variable BITBUCKET_MCP_KEY is not set): if the consumer already "
      "exists, only do step 5."};
  consumer.steps = consumer_creation_steps();
  ResourceChange connector;
  connector.address = at("frontegg_connector.bitbucket", "default");
  connector.action = Action::kBlocked;
  connector.headline = "will be created once bitbucket_consumer.mcp exists";
  connector.depends_on = {at("bitbucket_consumer.mcp")};
  p.changes = {consumer, connector};
  return p;
}

inline ResourceChange created_connector(const std::string& id, const std::string& env) {
  ResourceChange c;
  c.address = at("frontegg_connector." + id, env);
  c.action = Action::kCreate;
  c.headline = "will be created";
  c.depends_on = {at("bitbucket_consumer.mcp")};
  c.attributes = {
      attr("name", {}, str("Bitbucket")),
      attr("slug", {}, str("bitbucket")),
      attr("description", {}, str("Bitbucket for the MCP gateway")),
      attr("enabled", {}, Value::boolean(true)),
      attr("client_id", {}, str("Kq8wVbN3pLr2XyZ7aB")),
      secret_attr(true),
      attr("workspace", {}, str("acme")),
      attr("scopes", {}, list({"account", "repository", "pullrequest", "issue"})),
      attr("apis", {}, list({"repositories", "pull-requests"})),
  };
  return c;
}

// The consumer exists and works; the connector does not exist yet.
inline Plan create_plan() {
  Plan p = read_plan();
  p.observations = {
      seen("bitbucket_consumer.mcp", "", "private consumer, granted: account issue pullrequest repository"),
      seen("frontegg_connector.bitbucket", "default", "not found in app \"Agen for Work\""),
  };
  p.changes = {noop_consumer(), created_connector("bitbucket", "default")};
  return p;
}

// One connector renamed in the portal (secret unchanged), another whose
// consumer secret was rotated.
inline Plan update_plan() {
  Plan p = read_plan();
  p.observations = {
      seen("bitbucket_consumer.mcp", "", "private consumer, granted: account issue pullrequest repository"),
      seen("frontegg_connector.bitbucket", "default", "found in app \"Agen for Work\" (id 3f1c0d2e-renamed)"),
      seen("frontegg_connector.bitbucket-ci", "default",
           "found in app \"Agen for Work\" (id 9b7a6c5d-rotated)"),
  };
  ResourceChange renamed = noop_connector("bitbucket", "default", "3f1c0d2e-renamed");
  renamed.action = Action::kUpdate;
  renamed.headline = "will be updated in place";
  renamed.attributes = {
      attr("name", str("Bitbucket (renamed)"), str("Bitbucket")),
      attr("scopes", list({"account", "repository"}), list({"account", "issue", "repository"})),
      attr("custom_configuration.team", Value::none(), str("platform")),
      secret_attr(false),
  };
  ResourceChange rotated = noop_connector("bitbucket-ci", "default", "9b7a6c5d-rotated");
  rotated.action = Action::kUpdate;
  rotated.headline = "will be updated in place";
  rotated.attributes = {attr("enabled", Value::boolean(false), Value::boolean(true)), secret_attr(true)};
  rotated.notes = {"the consumer secret differs from the one linkform last wrote"};
  p.changes = {noop_consumer(), renamed, rotated};
  return p;
}

// A connector the configuration marks ensure = "absent".
inline Plan delete_plan() {
  Plan p = read_plan();
  p.observations = {
      seen("bitbucket_consumer.mcp", "", "private consumer, granted: account repository"),
      seen("frontegg_connector.legacy", "default", "found in app \"Agen for Work\" (id 0a1b2c3d-legacy)"),
  };
  ResourceChange legacy;
  legacy.address = at("frontegg_connector.legacy", "default");
  legacy.remote_id = "0a1b2c3d-legacy";
  legacy.action = Action::kDelete;
  legacy.headline = "will be destroyed";
  legacy.attributes = {attr("name", str("Bitbucket (legacy)"), {}), attr("slug", str("legacy"), {})};
  p.changes = {noop_consumer(), legacy};
  return p;
}

// Two environments: dev gets a new connector, prod's consumer lost a permission.
inline Plan multi_environment_plan() {
  Plan p = read_plan();
  p.show_environments = true;
  p.observations = {
      seen("bitbucket_consumer.mcp-dev", "", "private consumer, granted: account pullrequest repository"),
      seen("bitbucket_consumer.mcp-prod", "", "private consumer, granted: account pullrequest repository"),
      seen("frontegg_connector.bitbucket-dev", "dev", "not found in app \"Agen for Work\""),
      seen("frontegg_connector.bitbucket-prod", "prod", "found in app \"Agen for Work\" (id 5e4d3c2b-prod)"),
  };
  ResourceChange prod_consumer = noop_consumer("mcp-prod");
  prod_consumer.action = Action::kManual;
  prod_consumer.headline = "permissions differ from the configuration";
  prod_consumer.notes = {"granted:  Account: Read · Repositories: Read · Pull requests: Read",
                         "declared: Account: Read · Repositories: Read · Pull requests: Read · Issues: Read"};
  prod_consumer.steps = {
      "Open https://bitbucket.org/acme/workspace/settings/oauth-consumers, edit \"Frontegg Integration\".",
      "Tick \"Issues: Read\". Save."};
  ResourceChange dev = created_connector("bitbucket-dev", "dev");
  dev.depends_on = {at("bitbucket_consumer.mcp-dev")};
  ResourceChange prod = noop_connector("bitbucket-prod", "prod", "5e4d3c2b-prod");
  prod.depends_on = {at("bitbucket_consumer.mcp-prod")};
  p.changes = {noop_consumer("mcp-dev"), prod_consumer, dev, prod};
  return p;
}

// An apply of multi_environment_plan() that wrote its connector and left the consumer to a person.
inline ApplyReport manual_left_apply(const Plan& multi_environment) {
  ApplyReport report;
  report.done = {multi_environment.changes[2].address};
  report.pending_manual = {multi_environment.changes[1].address};
  return report;
}

inline Plan no_changes_plan() {
  Plan p = read_plan();
  p.observations = {
      seen("bitbucket_consumer.mcp", "", "private consumer, granted: account issue pullrequest repository"),
      seen("frontegg_connector.bitbucket", "default", "found in app \"Agen for Work\" (id 3f1c0d2e-same)"),
  };
  p.changes = {noop_consumer(), noop_connector("bitbucket", "default", "3f1c0d2e-same")};
  return p;
}

// An OAuth client replaced to obtain a secret (create before destroy), and the connector that gets the new
// client's id and secret, both known only after apply.
inline Plan replace_plan() {
  Plan p = read_plan();
  p.observations = {
      seen("acme_application.mcp", "", "application 4711 (client id 9f8e7d), no secret held"),
      seen("frontegg_connector.acme", "default", "not found in app \"Agen for Work\""),
  };
  ResourceChange client;
  client.address = at("acme_application.mcp");
  client.remote_id = "4711";
  client.action = Action::kReplace;
  client.headline = "must be replaced to obtain a secret";
  client.attributes = {attr("name", {}, str("Frontegg Integration")),
                       attr("client_id", str("9f8e7d"), Value::unknown()), secret_attr(true)};
  client.attributes[0].changed = false;
  client.notes = {"frontegg_connector.acme needs the secret, which acme shows only when it creates one"};
  ResourceChange connector = created_connector("acme", "default");
  connector.depends_on = {client.address};
  connector.attributes[4] = attr("client_id", {}, Value::unknown());
  p.changes = {client, connector};
  return p;
}

struct Scenario {
  const char* name;
  Plan (*build)();
};

inline void PrintTo(const Scenario& s, std::ostream* os) { *os << s.name; }

inline const std::vector<Scenario>& all_scenarios() {
  static const std::vector<Scenario> scenarios = {
      {"bootstrap", bootstrap_plan},
      {"create", create_plan},
      {"update", update_plan},
      {"delete", delete_plan},
      {"multi_environment", multi_environment_plan},
      {"no_changes", no_changes_plan},
      {"replace", replace_plan},
  };
  return scenarios;
}

// `count` connectors to create, for the size limits.
inline Plan large_plan(int count) {
  Plan p = read_plan();
  p.changes.push_back(noop_consumer());
  for (int i = 0; i < count; ++i) {
    const std::string id = "bitbucket-" + std::to_string(i);
    p.observations.push_back(
        seen("frontegg_connector." + id, "default", "not found in app \"Agen for Work\""));
    p.changes.push_back(created_connector(id, "default"));
  }
  return p;
}

}  // namespace linkform::testing
