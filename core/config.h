#pragma once
// The typed configuration model of linkform.toml (DESIGN.md section 3).
// Loading never resolves a secret: sources are kept as references and read
// only when a command needs the value (see resolve_credential).

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "core/error.h"
#include "core/secret.h"

namespace linkform {

// Where a credential comes from. Literals are allowed only for identifiers
// (a client id, a consumer key), never for secrets.
struct CredentialSource {
  enum class Kind { kLiteral, kEnv, kFile };
  CredentialSource() = default;
  CredentialSource(Kind k, std::string r, SourceLocation w)
      : kind(k), ref(std::move(r)), where(std::move(w)) {}

  Kind kind = Kind::kEnv;
  std::string ref;  // the literal value, the variable name, or the file path (absolute, normalised)
  SourceLocation where;
  // kFile: the directories the file may lie in, absolute and canonical: the configuration's own
  // directory, and those LINKFORM_ALLOW_SECRET_FILES names (set when the configuration is checked).
  std::vector<std::string> roots;
  bool written_absolute = false;  // kFile: the file gave an absolute path
  // False for identifiers (a client id, a consumer key): resolved values are shown, not masked.
  bool masked = true;

  // "environment variable NAME", "file PATH" or "the configuration".
  [[nodiscard]] std::string describe() const;
};

// Places of keys inside one table, so later checks can point at a line.
using KeyLocations = std::map<std::string, SourceLocation>;

struct LocatedString {
  std::string value;
  SourceLocation where;
};

struct BitbucketSettings {
  std::string workspace;
  std::string api_url = "https://api.bitbucket.org";
  std::string oauth_url = "https://bitbucket.org";
  SourceLocation where;
  KeyLocations keys;
};

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
  // Assumptions about the connector API that DESIGN.md marks unconfirmed.
  std::string template_id = "bitbucket";
  std::string workspace_key = "workspace";
  // Where the connector's scopes go: "configuration.scopes" (sent and compared there) or "none" (neither
  // sent nor compared: Frontegg's published create DTO has no scopes field).
  std::string scopes_field = "configuration.scopes";
  bool prune = false;
  SourceLocation where;
  KeyLocations keys;
};

struct Consumer {
  std::string id;  // the table name: bitbucket_consumer.<id>
  std::string name;
  std::string description;
  std::string callback_url;
  std::string url;
  bool is_private = true;
  std::vector<LocatedString> permissions;
  std::optional<CredentialSource> key;
  std::optional<CredentialSource> secret;
  SourceLocation where;
  KeyLocations keys;
};

enum class Ensure { kPresent, kAbsent };

struct Connector {
  std::string id;           // the table name: frontegg_connector.<id>
  std::string environment;  // Frontegg environment name
  std::string app;          // application name or id
  std::string consumer;     // consumer id
  std::string name = "Bitbucket";
  std::string description;
  std::string slug;                                  // defaults to id
  std::string workspace;                             // defaults to bitbucket.workspace
  std::optional<std::vector<LocatedString>> scopes;  // defaults to the consumer's permissions
  std::optional<std::vector<LocatedString>> apis;    // enabled API names; default: all the template offers
  std::string template_id;                           // defaults to the environment's template
  std::map<std::string, std::string> custom_configuration;
  bool enabled = true;
  Ensure ensure = Ensure::kPresent;
  bool prevent_destroy = false;
  SourceLocation where;
  KeyLocations keys;
};

struct Config {
  std::string path;  // the file as the user named it
  BitbucketSettings bitbucket;
  std::vector<FronteggEnvironment> environments;  // in file order
  std::vector<Consumer> consumers;                // in file order
  std::vector<Connector> connectors;              // in file order

  [[nodiscard]] const FronteggEnvironment* find_environment(const std::string& name) const;
  [[nodiscard]] const Consumer* find_consumer(const std::string& id) const;
};

// The process environment, behind a seam so tests can supply their own.
class Environment {
 public:
  virtual ~Environment() = default;
  [[nodiscard]] virtual std::optional<std::string> get(const std::string& name) const = 0;
};

class ProcessEnvironment final : public Environment {
 public:
  [[nodiscard]] std::optional<std::string> get(const std::string& name) const override;
};

class MapEnvironment final : public Environment {
 public:
  MapEnvironment() = default;
  MapEnvironment(std::initializer_list<std::pair<const std::string, std::string>> vars) : vars_(vars) {}
  void set(const std::string& k, const std::string& v) { vars_[k] = v; }
  [[nodiscard]] std::optional<std::string> get(const std::string& name) const override;

 private:
  std::map<std::string, std::string> vars_;
};

struct LoadResult {
  std::optional<Config> config;  // absent when the file could not be read or parsed at all
  Diagnostics diagnostics;
  std::string text;  // the bytes that were parsed (a saved plan hashes exactly these)
};

// Reads, parses and validates a configuration file. Every problem found is
// collected in diagnostics; config is set whenever the TOML parsed, so a
// caller can still inspect it, but must not act on it if there are errors.
LoadResult load_config(const std::string& path, const Environment& env);
// The same from text already in memory; `path` is used in diagnostics only.
LoadResult load_config_text(const std::string& text, const std::string& path, const Environment& env);

// Colon-separated directories outside the configuration's own tree that { file = ... } sources may
// read from. From the environment only: a configuration file cannot widen what it may read.
inline constexpr const char* kAllowSecretFilesVariable = "LINKFORM_ALLOW_SECRET_FILES";

// Reads a credential when a command needs it. An empty or unset variable,
// or an unreadable file, is an error that names the source (never its value).
// A file must be a regular file of at most 64 KiB inside source.roots after
// every symlink (read_secret_file). A file's trailing newline is dropped.
Result<Secret> resolve_credential(const CredentialSource& source, const Environment& env);

// Reads every file source of the configuration once, before any request: a file that may not or cannot
// be read (outside the tree, not a regular file, too large) stops the run before anything is sent. A
// missing file is not an error here (it is a secret not provided to this run). One line per problem.
Status check_secret_files(const Config& config, const Environment& env);

}  // namespace linkform
