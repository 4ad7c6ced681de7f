#pragma once
// Frontegg's part of linkform.toml: [frontegg] (or [frontegg.environments.<name>]) and
// [connectors.<id>], their defaults, their checks and the FRONTEGG_* environment variables. Reading is in
// config.cpp, the checks and the variables in config_check.cpp.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/config_reader.h"
#include "core/diagnostics.h"
#include "core/oauth_client.h"

namespace linkform {

struct FronteggEnvironment {
  std::string name;      // "default" for the single [frontegg] form
  std::string region;    // eu, us, ca, au, uk; empty when base_url is given
  std::string base_url;  // resolved from region when not given
  std::optional<CredentialSource> client_id;
  std::optional<CredentialSource> secret;
  // Account-level credentials (a portal API token) see every environment; this names the one meant, as
  // the client id of that environment, sent as the frontegg-environment-id header. Empty: none is sent,
  // and the credentials are the environment's own.
  std::string environment_id;
  // Assumptions about the connector API that the README's vendor assumptions mark unconfirmed: the
  // integration template and the customConfiguration key of a connector's target, per kind, by the kind's
  // setting names (ConnectorKind::template_setting, target_key_setting: "template", "workspace_key").
  // Unset: those of the connector's kind (ConnectorKind::template_id, ConnectorKind::target_key).
  std::map<std::string, std::string> kind_settings;
  // Where the connector's scopes go: "configuration.scopes" (sent and compared there) or "none" (neither
  // sent nor compared: Frontegg's published create DTO has no scopes field).
  std::string scopes_field = "configuration.scopes";
  // The environment's MCP gateway (README, vendor assumptions), e.g. "https://acme.mcp-gw.frontegg.com": the
  // origin OAuth consumers send codes back to, at <gateway>/integration-callback. Empty: not declared.
  std::string gateway;
  bool prune = false;
  SourceLocation where;
  KeyLocations keys;
};

enum class Ensure { kPresent, kAbsent };

struct Connector {
  std::string id;           // the table name: frontegg_connector.<id>
  std::string environment;  // Frontegg environment name
  std::string app;          // application name or id
  // The kind of OAuth client it uses (core/oauth_client.h), by the key that names the client; a connector
  // that names none has the first kind. Never null after reading.
  const ConnectorKind* kind = nullptr;
  std::string client;  // the name of that client (its table name)
  std::string name;    // defaults to the kind's default_name
  std::string description;
  std::string slug;                                  // defaults to id
  std::string target;                                // the kind's target_key; defaults to its client's
  std::optional<std::vector<LocatedString>> scopes;  // defaults to the client's default scopes
  std::optional<std::vector<LocatedString>> apis;    // enabled API names; default: all the template offers
  std::string template_id;                           // defaults to the environment's template
  std::map<std::string, std::string> custom_configuration;
  bool enabled = true;
  Ensure ensure = Ensure::kPresent;
  bool prevent_destroy = false;
  SourceLocation where;
  KeyLocations keys;
};

struct FronteggSection {
  // The kinds of OAuth client a connector may use, in registration order (set before reading).
  std::vector<const ConnectorKind*> kinds;
  std::vector<FronteggEnvironment> environments;  // [frontegg], or the named ones in key order
  std::vector<Connector> connectors;              // in file order

  [[nodiscard]] const FronteggEnvironment* find_environment(const std::string& name) const;
};

namespace frontegg {

// How diagnostics name an environment: "[frontegg]" for the single form, else "environment \"NAME\"".
std::string environment_display(const FronteggSection& section, const FronteggEnvironment& env);

// [frontegg] of the root table (required); file sources are relative to `base_dir`.
void read_environments(ConfigTable& root, const std::filesystem::path& base_dir, FronteggSection& section);
// [connectors.<id>], in file order; section.kinds says which keys name a client.
void read_connectors(ConfigTable& root, FronteggSection& section);

// FRONTEGG_REGION, FRONTEGG_BASE_URL and FRONTEGG_GATEWAY apply to every environment. FRONTEGG_CLIENT_ID,
// FRONTEGG_SECRET (aliases FRONTEGG_SECRET_KEY, FRONTEGG_API_KEY) and FRONTEGG_ENVIRONMENT_ID apply to a
// single [frontegg] only; with several environments each names its own sources, and such a variable being set
// is a warning, never ignored silently.
void apply_environment_overrides(FronteggSection& section, const Environment& env, Diagnostics& diags);

// Each environment's URL or region, credentials and connector-mapping settings, and credentials that
// several environments share.
void check_environments(const FronteggSection& section, Diagnostics& diags);
// The defaults that depend on the environments: a connector that names no environment is in the only
// one there is. Call after both are read.
void fill_defaults(FronteggSection& section);

// A connector's own rules: its environment, slug, app, name, lists, custom_configuration and ensure. The
// consumer it names is checked with the consumers (providers/config.h).
void check_connector(const Connector& connector, const FronteggSection& section, Diagnostics& diags);
// Two connectors with the same environment, app and slug.
void check_duplicate_connectors(const FronteggSection& section, Diagnostics& diags);
// Regions against Frontegg's list; fills each environment's base_url from its region.
void check_regions(FronteggSection& section, Diagnostics& diags);

}  // namespace frontegg

// The callback URL an OAuth client needs for a gateway: "<gateway>/integration-callback".
std::string gateway_callback(const std::string& gateway);

// The address of the client a connector uses, e.g. "<vendor>_consumer.mcp".
Address client_address(const Connector& connector);
// The integration template and the customConfiguration key of the target for a connector of `kind` in
// `env`: the environment's setting, else the kind's.
const std::string& template_of(const FronteggEnvironment& env, const ConnectorKind& kind);
const std::string& target_key_of(const FronteggEnvironment& env, const ConnectorKind& kind);

// The variable to suggest for an environment's credential: FRONTEGG_SECRET for a single [frontegg]
// (which reads it), FRONTEGG_PROD_SECRET for [frontegg.environments.prod] (which does not).
std::string credential_variable(const FronteggEnvironment& env, const std::string& what);

}  // namespace linkform
