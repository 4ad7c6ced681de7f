#pragma once
// An OAuth client that one provider declares (a code host's OAuth consumer or application) and another
// provider's connector uses (ARCHITECTURE.md, "The provider contract"). Two parts:
//
//   ConnectorKind       data the client's provider supplies once: what a connector that uses one of its
//                       clients is called, which integration template it is made from, which extra key
//                       says where the client works, and the client's scope vocabulary. The connector's
//                       provider reads and plans any kind alike: no branch names a code host.
//   OAuthClientExport   what one declared client offers its connectors after a read: the client id, the
//                       secret in memory, the callback, the default scopes and the questions a connector
//                       may ask of it.

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/diagnostics.h"
#include "core/error.h"
#include "core/plan.h"
#include "core/secret.h"

namespace linkform {

struct ConnectorKind {
  std::string client_type;    // the resource type of its clients, e.g. "<vendor>_consumer"
  std::string reference_key;  // the connector key that names the client, e.g. "consumer"
  std::string client_noun;    // how messages call one client, e.g. "consumer"
  std::string vendor;         // how messages call the client's system
  std::string default_name;   // a connector's default display name
  // The integration template, by integrationId or id. When an environment has none with it, the one
  // template whose name is template_name (any case) or whose integrationId starts with template_id is used.
  std::string template_id;
  std::string template_name;
  // The keys of the connector platform's environment settings that override template_id and target_key for
  // this kind (unconfirmed vendor mappings a person may correct), e.g. "template" and "workspace_key".
  // Each kind has its own, so that one environment can hold connectors of several kinds. Empty: none.
  std::string template_setting;
  std::string target_key_setting;
  // The connector key that says where the client works (stored in the connector's customConfiguration),
  // and the configuration's value when a connector leaves it out. Empty target_key: none.
  std::string target_key;
  std::function<std::string(const std::string&)> target_problem;  // empty when the value is valid
  // A connector's own `scopes`: each name checked against the vocabulary (errors and warnings);
  // `destination` names the system the connector sends them to.
  std::function<void(const std::vector<LocatedString>&, const std::string& destination, Diagnostics&)>
      check_scopes;
  std::string scopes_noun;  // how messages call a client's scopes, e.g. "permissions"
  // True for a name of the vocabulary.
  std::function<bool(const std::string&)> is_scope;
  // What a list of declared scopes grants, with the scopes they imply.
  std::function<std::set<std::string>(const std::vector<std::string>&)> implied_scopes;
  // True for a scope that still exists but grants nothing (it is never sent by default).
  std::function<bool(const std::string&)> grants_nothing;
  // A connector's default scopes from its client's declared ones.
  std::function<std::vector<std::string>(const std::vector<std::string>&)> default_scopes;
  // Whether an API of the template is enabled by default (it can work with some client of this kind).
  std::function<bool(const std::string&)> api_enabled_by_default;
  // linkform import: the TOML table (from its blank line to its last newline) of a client the
  // configuration does not declare yet, named `name`, for a live connector named `connector_name` that holds
  // `client_id` (public: in every authorize URL) and `scopes`.
  std::function<std::string(const std::string& name, const std::string& connector_name,
                            const std::string& client_id, const std::vector<std::string>& scopes)>
      client_table;
};

// The id and secret of a client that the apply creates (or replaces): known only after its write. The
// client's write fills them; the writes that depend on the client (apply runs them after it) take them.
// Shared by the plan's payloads, in memory only, never saved.
class PendingClient {
 public:
  struct Filled {
    std::string client_id;
    Secret client_secret;
  };
  void fill(std::string client_id, Secret client_secret) {
    const std::scoped_lock lock(mutex_);
    filled_ = Filled{std::move(client_id), std::move(client_secret)};
  }
  // nullopt until the client's write has filled it.
  [[nodiscard]] std::optional<Filled> get() const {
    const std::scoped_lock lock(mutex_);
    return filled_;
  }

 private:
  mutable std::mutex mutex_;
  std::optional<Filled> filled_;
};

// What a declared OAuth client offers the connectors that name it (Terraform's exported attributes).
struct OAuthClientExport {
  Address owner;                        // the client's address
  const ConnectorKind* kind = nullptr;  // its provider's data for connectors
  bool usable = false;                  // false: what depends on it is blocked
  std::string blocked_reason;           // set when it is not simply waiting for a person, e.g. a failed read
  Secret client_id;
  Secret client_secret;  // in memory only
  // Set when the apply creates or replaces the client: client_id and client_secret are empty, the plan
  // shows them as known after apply, and a connector's write takes them from here.
  std::shared_ptr<PendingClient> pending;
  // False when the client exists but its provider does not hold its secret (a vendor that shows a secret
  // only when it creates one): a connector that needs the secret written asks for the client to be
  // replaced (ProviderPlan::replace_requests), which its provider plans as a replace.
  bool secret_held = true;
  std::string redirect_uri;         // the callback the client accepts
  std::vector<std::string> scopes;  // a connector's default scopes
  // The scope an API of a connector needs that the client does not declare (nullopt: none).
  std::function<std::optional<std::string>(const std::string& api)> missing_scope_for_api;
  // Why an API cannot work with the client at all (nullopt: it can).
  std::function<std::optional<std::string>(const std::string& api)> api_unavailable;
  // Can the client reach the target a connector names (ConnectorKind::target_key)? nullopt: yes; a string:
  // why not; an Error: no answer could be had. Unset: it cannot tell.
  std::function<Result<std::optional<std::string>>(const std::string& target)> reaches;
};

// The client ids that live downstream objects hold, per declared client they are configured to use (a
// connector's configuration names its client by id): how a client's provider recognises its own objects
// without a state file, e.g. after an apply that was killed between a client's create and its connectors'
// writes (ARCHITECTURE.md, "The provider contract").
using ClientIdsInUse = std::map<Address, std::set<std::string>>;

class Exports {
 public:
  void add(OAuthClientExport e) {
    Address key = e.owner;
    items_.insert_or_assign(std::move(key), std::move(e));
  }
  [[nodiscard]] const OAuthClientExport* find(const Address& address) const {
    const auto it = items_.find(address);
    return it == items_.end() ? nullptr : &it->second;
  }
  void merge(const Exports& other) {
    for (const auto& [a, e] : other.items_) items_.insert_or_assign(a, e);
  }

 private:
  std::map<Address, OAuthClientExport> items_;
};

}  // namespace linkform
