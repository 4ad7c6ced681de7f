#pragma once
// The whole of linkform.toml (README, Configuration reference): one part per registered provider
// (core/config_part.h, providers/registry.h), read from one parse of the file, and the checks that span
// parts (a connector's client, the callback its gateway sends, the endpoint policy, every credential).
// Names no vendor: each part owns its sections.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/config_part.h"
#include "core/diagnostics.h"
#include "core/error.h"
#include "core/plan.h"
#include "core/selection.h"

namespace linkform {

struct Config {
  std::string path;                                // the file as the user named it
  std::vector<std::unique_ptr<ConfigPart>> parts;  // in registration order (provider_modules())

  // The part of type T, or nullptr.
  template <class T>
  [[nodiscard]] T* part() const {
    for (const auto& p : parts) {
      if (auto* t = dynamic_cast<T*>(p.get())) return t;
    }
    return nullptr;
  }
  // Every part's declared OAuth clients, and its connectors' uses of clients, in part order.
  [[nodiscard]] std::vector<DeclaredClient> clients() const;
  [[nodiscard]] std::vector<ClientUse> client_uses() const;
  // The target a connector of a client of `client_type` uses when it names none (ConfigPart::default_target).
  [[nodiscard]] std::string default_target(const std::string& client_type) const;
  // How many environments the parts declare in all.
  [[nodiscard]] std::size_t environment_count() const;
};

// The line of the table that declares each resource (its [consumers.X] or [connectors.X]).
std::map<Address, int> declared_lines(const Config& config);

struct LoadResult {
  std::optional<Config> config;  // absent when the file could not be read or parsed at all
  Diagnostics diagnostics;
  std::string text;  // the bytes that were parsed (a saved plan hashes exactly these)
};

// Comma-separated hosts, besides the vendors' own and loopback, that a configuration may send
// credentials to (a custom API domain, a gateway). Read from the environment only: a configuration file
// cannot allow a host.
inline constexpr const char* kAllowHostsVariable = "LINKFORM_ALLOW_HOSTS";
// "1": a run may mix loopback and real vendor hosts.
inline constexpr const char* kAllowMixedHostsVariable = "LINKFORM_ALLOW_MIXED_HOSTS";

// Reads, parses and validates a configuration file. Every problem found is
// collected in diagnostics; config is set whenever the TOML parsed, so a
// caller can still inspect it, but must not act on it if there are errors.
LoadResult load_config(const std::string& path, const Environment& env);
// The same from text already in memory; `path` is used in diagnostics only.
LoadResult load_config_text(const std::string& text, const std::string& path, const Environment& env);

// The checks between parts, after each has checked its own: a connector's client must be declared and not
// retired, and a client no connector uses is a warning.
void check_references(const Config& config, Diagnostics& diags);

// The gateway link (README, the gateway), after the parts are checked: a client used in
// environments with different gateways is an error; otherwise its part checks or derives its callback
// against the one the gateway sends (ConfigPart::check_callback). Retired clients are skipped.
void derive_callbacks(Config& config, Diagnostics& diags);

// Each part's vocabulary (ConfigPart::check_vocabulary), a connector's scopes against its client's kind
// and declared scopes, then the endpoint policy: every service URL written in the file is the vendor's own
// host, loopback, or allowed by LINKFORM_ALLOW_HOSTS; loopback and real hosts are not mixed unless
// LINKFORM_ALLOW_MIXED_HOSTS=1.
void check_vendor_rules(Config& config, Diagnostics& diags, const Environment& env);

// load_config followed by check_vendor_rules: what every command runs first.
LoadResult load_checked_config(const std::string& path, const Environment& env);

// File sources: see SecretSourceCheck (core/config_check.h), for every credential of the configuration.
void check_secret_sources(Config& config, const Environment& env, Diagnostics& diags);

// What --target TARGET... selects before anything is read: each declared resource a target names ("type.name"
// in every environment, "type.name [environment]" in one; a name no resource declares, as itself: a pruned
// one) and, transitively, the OAuth clients their connectors use. No targets: everything.
Selection select_targets(const Config& config, const std::vector<std::string>& targets);

// Reads every file source of the configuration once, before any request: a file that may not or cannot
// be read (outside the tree, not a regular file, too large) stops the run before anything is sent. A
// missing file is not an error here (it is a secret not provided to this run). One line per problem.
Status check_secret_files(const Config& config, const Environment& env);

}  // namespace linkform
