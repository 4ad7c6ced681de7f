#pragma once
// Bitbucket's part of linkform.toml: [bitbucket] and [consumers.<id>], their defaults, their checks and
// their environment variables (LINKFORM_BITBUCKET_API_URL, LINKFORM_BITBUCKET_OAUTH_URL).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/config_reader.h"
#include "core/diagnostics.h"

namespace linkform {

struct BitbucketSettings {
  std::string workspace;
  std::string api_url = "https://api.bitbucket.org";
  std::string oauth_url = "https://bitbucket.org";
  // The system whose connectors use the consumers, as messages name it (from the registry; not a key).
  std::string connector_system;
  SourceLocation where;
  KeyLocations keys;
};

struct Consumer {
  std::string id;  // the table name: bitbucket_consumer.<id>
  std::string name;
  std::string description;
  // Declared, or derived from the gateway of its connectors' environment (callback_derived) by the
  // composition (providers/config.h); empty when neither.
  std::string callback_url;
  bool callback_derived = false;
  std::string url;
  bool is_private = true;
  // "This consumer must be dead" (README, "Rotating a consumer's secret"): no connector may use it, and a
  // plan asks a person to delete it for as long as its key and secret still work.
  bool retired = false;
  std::vector<LocatedString> permissions;
  std::optional<CredentialSource> key;
  std::optional<CredentialSource> secret;
  SourceLocation where;
  KeyLocations keys;
};

struct BitbucketSection {
  BitbucketSettings bitbucket;
  std::vector<Consumer> consumers;  // in file order

  [[nodiscard]] const Consumer* find_consumer(const std::string& id) const;
};

namespace bitbucket {

// [bitbucket] of the root table (required).
void read_settings(ConfigTable& root, BitbucketSection& section);
// [consumers.<id>], in file order; file sources are relative to `base_dir`.
void read_consumers(ConfigTable& root, const std::filesystem::path& base_dir, BitbucketSection& section);

// LINKFORM_BITBUCKET_API_URL and LINKFORM_BITBUCKET_OAUTH_URL, after checking what the file wrote.
void apply_environment_overrides(BitbucketSection& section, const Environment& env, Diagnostics& diags);

// [bitbucket]: the workspace slug and the service URLs.
void check_settings(const BitbucketSection& section, Diagnostics& diags);
// Each consumer's URLs, repeated permissions and public consumers.
void check_consumers(const BitbucketSection& section, Diagnostics& diags);
// Each consumer's permission names against Bitbucket's list.
void check_permission_names(const BitbucketSection& section, Diagnostics& diags);

// Empty when `slug` is a Bitbucket workspace slug, else why not.
std::string workspace_slug_problem(const std::string& slug);
// Empty when `scope` is a permission Bitbucket accepts, else why not.
std::string permission_problem(const std::string& scope);
// The warning for a permission that still exists but grants nothing (is_retired). `destination` is the
// system connectors send scopes to. connector_scope: the scope is listed in a connector's scopes (and so
// sent), not a consumer's permissions.
std::string retired_permission_warning(const std::string& scope, const std::string& destination,
                                       bool connector_scope = false);
// Reports every name of `scopes` that is not a Bitbucket permission (an error) or is a retired one (a
// warning).
void check_permission_list(const std::vector<LocatedString>& scopes, Diagnostics& diags,
                           const std::string& destination, bool connector_scopes = false);

}  // namespace bitbucket

}  // namespace linkform
