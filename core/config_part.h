#pragma once
// One provider's part of linkform.toml (ARCHITECTURE.md, "The configuration"). The loader
// (providers/config.h) parses the file once, gives each registered provider's part the root table to read
// its own sections from, and then runs the checks that span parts through this interface only: which
// OAuth clients are declared and which connectors use them, the callback each use expects, every service
// URL (the endpoint policy) and every credential source. No part sees another.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/config_reader.h"
#include "core/diagnostics.h"
#include "core/oauth_client.h"
#include "core/plan.h"

namespace linkform {

// What every part is read with.
struct ConfigContext {
  std::filesystem::path base_dir;  // the configuration's directory: file sources are relative to it
  // Every registered kind of OAuth client, in registration order (ConfigPart::connector_kinds).
  std::vector<const ConnectorKind*> kinds;
  // How messages name the system(s) whose connectors use OAuth clients ("A", "A and B").
  std::string connector_system;
};

// One service URL a credential (or an anonymous read) is sent to, and where it was written.
struct Endpoint {
  std::string url;
  SourceLocation where;
  bool from_file = true;  // false: an environment override, which is set from outside the file
  std::string what;       // "base_url of [section]"
  std::string owner;      // the vendor, as messages name it
  std::vector<std::string> vendor_hosts;
  std::string vendor_suffix = {};  // any host under it is the vendor's too
  bool sends_credentials = true;   // false: read without any credentials (not part of the mix rule)
};

// The endpoint written at `key` of a table whose key places are `keys`; at `table` when the key is not
// written (a default). One set from the environment (a place without a line) is not from the file.
inline Endpoint endpoint_at(std::string url, const KeyLocations& keys, const std::string& key,
                            const SourceLocation& table) {
  Endpoint e;
  e.url = std::move(url);
  const auto it = keys.find(key);
  e.where = it == keys.end() ? table : it->second;
  e.from_file = it == keys.end() || it->second.line > 0;
  return e;
}

// A credential source a part declares: the checks every credential gets (SecretSourceCheck, and
// check_secret_file_readable before anything is sent).
struct DeclaredCredential {
  std::optional<CredentialSource>* source;
  std::string what;       // as the configuration checks name it: "secret of [section]"
  std::string file_what;  // as the pre-flight file check names it
  bool is_secret = true;
};

// An OAuth client a part declares, as the checks between parts and linkform import see it.
struct DeclaredClient {
  Address address;
  const ConnectorKind* kind = nullptr;
  std::string display;  // how messages name it: consumer "mcp"
  SourceLocation where;
  bool retired = false;                // must be dead: no connector may use it
  std::vector<std::string> scopes;     // as declared
  std::optional<CredentialSource> id;  // where its client id comes from, when the configuration says
};

// One place a connector may be in, and the callback URL an OAuth client needs there.
struct ClientContext {
  std::string name;      // the environment's name
  std::string label;     // as messages name it: environment "prod"
  std::string gateway;   // where the OAuth flow returns; empty: not declared
  std::string callback;  // the callback URL for that gateway; empty with it
};

// A connector's use of an OAuth client.
struct ClientUse {
  Address user_address;  // the connector's address
  std::string user;      // as messages name the connector: connector "x"
  Address client;
  const ConnectorKind* kind = nullptr;
  SourceLocation reference_where;                      // its key that names the client (or the table)
  bool present = true;                                 // false: ensure = "absent", which needs no client
  std::string context;                                 // ClientContext::name
  const std::vector<LocatedString>* scopes = nullptr;  // its own scopes, when it lists them
  std::string* target = nullptr;  // its target (ConnectorKind::target_key); empty: the client's default
};

// How many resources of one kind a part declares, for `linkform validate`.
struct ResourceCount {
  std::string key;   // in JSON: "consumers"
  std::string noun;  // in text, singular: "consumer"
  std::size_t count = 0;
};

class ConfigPart {
 public:
  virtual ~ConfigPart() = default;

  // The root keys it owns ("[x]", "[x.y]" tables), in the order they are reported when unknown.
  [[nodiscard]] virtual std::vector<std::string> table_names() const = 0;
  // The kinds of OAuth client its clients are (data for connectors); most parts declare none.
  [[nodiscard]] virtual std::vector<const ConnectorKind*> connector_kinds() const { return {}; }
  // True for a part whose connectors use OAuth clients: ConfigContext::connector_system names it.
  [[nodiscard]] virtual bool uses_clients() const { return false; }
  [[nodiscard]] virtual std::string display_name() const = 0;

  // Reads its sections from the root table; problems go to the table's diagnostics.
  virtual void read(ConfigTable& root, const ConfigContext& context) = 0;
  // LINKFORM_* and vendor variables that override what the file says.
  virtual void apply_environment(const Environment& env, Diagnostics& diags) = 0;
  // Its own rules, after every part has read.
  virtual void check(Diagnostics& diags) const = 0;
  // The vendor's vocabularies and defaults that need them (names of scopes, regions), before the endpoint
  // policy: what every command that sends requests checks.
  virtual void check_vocabulary(Diagnostics& diags) { (void)diags; }

  // The OAuth clients it declares, and the connectors of its that use clients, and where they may be.
  [[nodiscard]] virtual std::vector<DeclaredClient> clients() const { return {}; }
  virtual std::vector<ClientUse> client_uses() { return {}; }
  [[nodiscard]] virtual std::vector<ClientContext> client_contexts() const { return {}; }
  // The target (ConnectorKind::target_key) of a connector whose client is of `client_type` and that names
  // none; nullopt: not one of its types.
  [[nodiscard]] virtual std::optional<std::string> default_target(const std::string& client_type) const {
    (void)client_type;
    return std::nullopt;
  }
  // The hint for a client whose callback cannot be derived: how to declare a gateway.
  [[nodiscard]] virtual std::string gateway_hint() const { return {}; }
  // A client's callback against the one its connectors' gateway sends: an omitted one is derived, a
  // declared one that cannot work is an error. `expected` is empty when no gateway is known.
  virtual void check_callback(const Address& client, const std::string& expected, const std::string& label,
                              const std::string& hint, Diagnostics& diags) {
    (void)client, (void)expected, (void)label, (void)hint, (void)diags;
  }

  [[nodiscard]] virtual std::vector<Endpoint> endpoints() const { return {}; }
  virtual std::vector<DeclaredCredential> credentials() { return {}; }
  // Every resource it declares, with the line of its table.
  [[nodiscard]] virtual std::vector<std::pair<Address, int>> declared() const = 0;
  [[nodiscard]] virtual std::vector<ResourceCount> counts() const = 0;
  // How many environments it declares: with more than one anywhere, addresses show theirs.
  [[nodiscard]] virtual std::size_t environment_count() const { return 0; }
  // True when a resource of `type` that it does not declare may still be planned (it prunes).
  [[nodiscard]] virtual bool may_plan_undeclared(const std::string& type) const {
    (void)type;
    return false;
  }
};

}  // namespace linkform
