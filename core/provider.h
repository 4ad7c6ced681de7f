#pragma once
// The provider contract (in the spirit of Terraform's provider interface and
// ninja's DiskInterface). A provider owns some resource types and everything a
// vendor means: its client, what it read, how it plans and how it writes. The
// engine (core/engine.h) knows only this interface: it reads every provider in
// parallel, plans them in dependency order, enforces prevent_destroy and the
// pruning rules, and hands each planned write back to the provider that made
// it. One plan goes through a provider like this:
//
//   read()            the live state of what its configuration names (network)
//   read_dependent()  further reads that need what upstream resources export
//   held_downstream() the client ids downstream live objects hold (client_ids_in_use())
//   exports()         what its resources offer the resources that name them
//   plan()            pure: configuration + what was read + upstream exports
//   apply()           one planned write, from the payload plan() left in it
//   verify()          after apply: read back what was written
//
// Providers are given in dependency order: each sees the exports of the ones
// before it. A provider never includes another: what one offers another is an
// OAuthClientExport (core/oauth_client.h).

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/apply.h"
#include "core/config_part.h"
#include "core/diagnostics.h"
#include "core/error.h"
#include "core/http.h"
#include "core/oauth_client.h"
#include "core/plan.h"
#include "core/secret.h"
#include "core/selection.h"

namespace linkform {

// A problem found while reading or planning. Kept apart from the text until a reporter shows it.
struct ProviderDiagnostic {
  Severity severity = Severity::kError;
  std::string subject;   // what it concerns, as shown: "acme_client.mcp", "environment \"prod\""
  SourceLocation where;  // the declaration in the configuration it concerns; line 0 when none
  std::string message;   // one line, without the subject

  // "subject: message", or the message alone.
  [[nodiscard]] std::string text() const { return subject.empty() ? message : subject + ": " + message; }
};
using ProviderDiagnostics = std::vector<ProviderDiagnostic>;

inline ProviderDiagnostic error_about(std::string subject, std::string message, SourceLocation where = {}) {
  return {Severity::kError, std::move(subject), std::move(where), std::move(message)};
}
inline ProviderDiagnostic warning_about(std::string subject, std::string message, SourceLocation where = {}) {
  return {Severity::kWarning, std::move(subject), std::move(where), std::move(message)};
}

// A resource (an upstream OAuth client) that a plan asks to have replaced, and why, e.g. a connector that
// must be written with a secret its client's provider does not hold.
struct ReplaceRequest {
  Address address;
  std::string reason;  // a sentence without the subject: "frontegg_connector.x [prod] needs its secret"
};

// What a run plans as replaced, and why: --replace addresses and ReplaceRequests. An address with no
// environment names the resource in every environment (as --target does).
class Replacements {
 public:
  // True when `request` names an address not asked for before.
  bool add(ReplaceRequest request) {
    bool known = false;
    for (const auto& r : requests_) {
      if (r.address != request.address) continue;
      known = true;
      if (r.reason == request.reason) return false;
    }
    requests_.push_back(std::move(request));
    return !known;
  }
  // Why `address` is to be replaced, one reason per request; empty when it is not.
  [[nodiscard]] std::vector<std::string> reasons_for(const Address& address) const {
    std::vector<std::string> out;
    for (const auto& r : requests_) {
      if (r.address.type == address.type && r.address.name == address.name &&
          (r.address.environment.empty() || r.address.environment == address.environment))
        out.push_back(r.reason);
    }
    return out;
  }
  [[nodiscard]] const std::vector<ReplaceRequest>& requests() const { return requests_; }
  [[nodiscard]] bool empty() const { return requests_.empty(); }

 private:
  std::vector<ReplaceRequest> requests_;
};

// What a provider planned: its resources in file order.
struct ProviderPlan {
  std::vector<Observation> observations;
  std::vector<ResourceChange> changes;
  ProviderDiagnostics diagnostics;  // errors leave the resource out of the plan; warnings are shown
  // Upstream resources this plan needs replaced: the engine plans again with them replaced (Provider::
  // replace), so that what depends on them is planned with what the replacement exports.
  std::vector<ReplaceRequest> replace_requests;
};

// Appends "<size>:<field>" to a digest input, so that fields cannot run into each other.
inline void add_digest_field(std::string& digest_input, const std::string& field) {
  digest_input += std::to_string(field.size());
  digest_input += ':';
  digest_input += field;
}

// What a read found, as digest inputs per named part (Provider::fingerprint).
class LiveDigest {
 public:
  void add(const std::string& part, const std::string& field) { add_digest_field(parts_[part], field); }
  [[nodiscard]] const std::map<std::string, std::string>& parts() const { return parts_; }

 private:
  std::map<std::string, std::string> parts_;
};

class Provider {
 public:
  virtual ~Provider() = default;

  // The system it reads, as a person names it, e.g. in "No changes. X and Y match the configuration.".
  [[nodiscard]] virtual std::string display_name() const = 0;

  // Whether its configuration declares anything: one that declares nothing is not named as a system the
  // plan read ("No changes. X and Y match the configuration.").
  [[nodiscard]] virtual bool declares_anything() const { return true; }

  // The resource types it owns, e.g. {"acme_connector"}: apply routes a change here by its type.
  [[nodiscard]] virtual std::vector<std::string> resource_types() const = 0;

  // Before read(): what the run reads and plans (--target). A provider reads what is selected, and may
  // read more where a selected resource needs it; the engine's caller filters the plan to the selection.
  virtual void select(const Selection& selection) { (void)selection; }

  // Before plan(): the resources to plan as replaced (kReplace, create before destroy), with why (--replace,
  // or a downstream ReplaceRequest). A provider plans each of its own that it can replace so (a resource
  // that does not exist yet is simply created); the engine reports any it did not.
  virtual void replace(const Replacements& requested) { (void)requested; }

  // Reads the live state of everything its configuration names, forgetting any earlier read. Runs
  // concurrently with the other providers' read(). What could not be read is a diagnostic; the rest is
  // kept and planned.
  virtual ProviderDiagnostics read() = 0;

  // After every provider has read: reads that need what upstream resources export. Most have none.
  virtual ProviderDiagnostics read_dependent(const Exports& upstream) {
    (void)upstream;
    return {};
  }

  // After every read: the client ids its live objects hold, per declared client each is configured to use.
  [[nodiscard]] virtual ClientIdsInUse client_ids_in_use() const { return {}; }
  // Before plan(): what the live objects of every provider hold (the union of client_ids_in_use()).
  virtual void held_downstream(const ClientIdsInUse& held) { (void)held; }

  // The OAuth clients it declares, as their connectors see them, from what read() found.
  [[nodiscard]] virtual Exports exports() const { return {}; }

  // Plans every resource it owns, as a pure function of its configuration, what it read and what
  // upstream resources export. A write's change carries the payload apply() needs.
  [[nodiscard]] virtual ProviderPlan plan(const Exports& upstream) const = 0;

  // Carries out one planned write, re-checking the live object first. Called concurrently for changes
  // of different environments. On success, a short note for the log (e.g. the new object's id).
  virtual Result<std::string> apply(const ResourceChange& change) = 0;

  // After apply: reads back what `written` changed and compares it with what was sent. One line per
  // difference or per object that could not be read back; empty when all is as written. Called once per
  // environment as soon as its writes end, so concurrently for different environments, like apply().
  virtual std::vector<std::string> verify(const std::vector<const ResourceChange*>& written,
                                          bool show_environments) {
    (void)written;
    (void)show_environments;
    return {};
  }

  // Adds what the last read found (never a secret) to the digest, in parts named as a person would name
  // them ("acme_client.mcp", "acme_connector.main [prod]"): a saved plan is applied only
  // while every part is unchanged, and a refusal names the parts that changed.
  virtual void fingerprint(LiveDigest& digest) const = 0;

  // How many environments its configuration declares: with more than one anywhere, a plan labels each
  // resource with its environment.
  [[nodiscard]] virtual std::size_t environment_count() const { return 0; }

  // Resources no plan may delete, whatever asks for it (prevent_destroy = true).
  [[nodiscard]] virtual std::vector<Address> protected_resources() const { return {}; }
};

// What one vendor registers (providers/registry.cpp, one line each): its part of the configuration, and
// its provider made from that part.
struct ProviderModule {
  std::unique_ptr<ConfigPart> (*new_config)();
  // `config` is the part new_config made; it, the transport and the environment outlive the provider.
  std::unique_ptr<Provider> (*new_provider)(HttpTransport& transport, const ConfigPart& config,
                                            const Environment& env);
};

// The module of a vendor whose part of the configuration is `Part` and whose provider is `P` (constructed
// from the transport, its part and the environment).
template <class Part, class P>
ProviderModule module_of() {
  return {[]() -> std::unique_ptr<ConfigPart> { return std::make_unique<Part>(); },
          [](HttpTransport& transport, const ConfigPart& config,
             const Environment& env) -> std::unique_ptr<Provider> {
            return std::make_unique<P>(transport, dynamic_cast<const Part&>(config), env);
          }};
}

}  // namespace linkform
