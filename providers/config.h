#pragma once
// The whole of linkform.toml (README, Configuration reference): each vendor's sections
// (providers/bitbucket/config.h, providers/frontegg/config.h) joined, the checks that need both (a
// connector's consumer and workspace, the endpoint policy), and loading. The only configuration header that
// names every vendor.

#include <map>
#include <optional>
#include <string>

#include "core/config.h"
#include "core/diagnostics.h"
#include "core/error.h"
#include "core/plan.h"
#include "providers/bitbucket/config.h"
#include "providers/frontegg/config.h"

namespace linkform {

struct Config : BitbucketSection, FronteggSection {
  std::string path;  // the file as the user named it
};

// The line of the table that declares each resource (its [consumers.X] or [connectors.X]).
std::map<Address, int> declared_lines(const Config& config);

struct LoadResult {
  std::optional<Config> config;  // absent when the file could not be read or parsed at all
  Diagnostics diagnostics;
  std::string text;  // the bytes that were parsed (a saved plan hashes exactly these)
};

// Comma-separated hosts, besides the vendors' own and loopback, that a configuration may send
// credentials to (a Frontegg custom API domain, a gateway). Read from the environment only: a
// configuration file cannot allow a host.
inline constexpr const char* kAllowHostsVariable = "LINKFORM_ALLOW_HOSTS";
// "1": a run may mix loopback and real vendor hosts.
inline constexpr const char* kAllowMixedHostsVariable = "LINKFORM_ALLOW_MIXED_HOSTS";

// Reads, parses and validates a configuration file. Every problem found is
// collected in diagnostics; config is set whenever the TOML parsed, so a
// caller can still inspect it, but must not act on it if there are errors.
LoadResult load_config(const std::string& path, const Environment& env);
// The same from text already in memory; `path` is used in diagnostics only.
LoadResult load_config_text(const std::string& text, const std::string& path, const Environment& env);

// The checks between the vendors' sections, after each has checked its own: a connector's consumer must
// be declared, the workspace it names must be a workspace slug (one it does not name is [bitbucket]'s,
// filled in after the checks), and a consumer no connector uses is a warning.
void check_references(const Config& config, Diagnostics& diags);

// The gateway link (README, "[frontegg]": the gateway), after the sections are checked: a consumer used in
// environments with different gateways is an error; an omitted callback_url becomes
// <gateway>/integration-callback (callback_derived), or is an error when no gateway is known; a declared
// one that is not a prefix of it is an error, a strict prefix a warning. Retired consumers are skipped.
void derive_callbacks(Config& config, Diagnostics& diags);

// Checks permission and scope names against Bitbucket's list, and regions
// against Frontegg's, and fills each environment's base_url from its region.
// Then the endpoint policy: every service URL written in the file is the
// vendor's own host, loopback, or allowed by LINKFORM_ALLOW_HOSTS; loopback and
// real hosts are not mixed unless LINKFORM_ALLOW_MIXED_HOSTS=1.
void check_vendor_rules(Config& config, Diagnostics& diags, const Environment& env);

// load_config followed by check_vendor_rules: what every command runs first.
LoadResult load_checked_config(const std::string& path, const Environment& env);

// File sources: see SecretSourceCheck (core/config_check.h), for every credential of the configuration.
void check_secret_sources(Config& config, const Environment& env, Diagnostics& diags);

// Reads every file source of the configuration once, before any request: a file that may not or cannot
// be read (outside the tree, not a regular file, too large) stops the run before anything is sent. A
// missing file is not an error here (it is a secret not provided to this run). One line per problem.
Status check_secret_files(const Config& config, const Environment& env);

}  // namespace linkform
