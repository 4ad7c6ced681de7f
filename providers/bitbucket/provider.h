#pragma once
// The Bitbucket provider: bitbucket_consumer resources. Bitbucket's API cannot
// create or edit an OAuth consumer, so it reads each consumer through its own
// key and secret (one token call) and plans differences as manual steps; it
// never writes. Each consumer exports an OAuth client (core/oauth_client.h) to the connectors that name
// it: its key and secret, its declared permissions less the retired ones (their default scopes), whether
// a connector can use them, whether it reaches workspace W (with its token), the permission an API needs
// that it does not declare, and why an API cannot work (it needs a retired permission).

#include <map>
#include <mutex>
#include <string>

#include "core/http.h"
#include "core/provider.h"
#include "providers/bitbucket/client.h"
#include "providers/bitbucket/config.h"
#include "providers/bitbucket/consumer_plan.h"

namespace linkform::bitbucket {

class BitbucketProvider final : public Provider {
 public:
  // The transport, configuration and environment must outlive the provider.
  BitbucketProvider(HttpTransport& transport, const BitbucketSection& config, const Environment& env);

  [[nodiscard]] std::string display_name() const override { return "Bitbucket"; }
  [[nodiscard]] bool declares_anything() const override { return !config_.consumers.empty(); }
  [[nodiscard]] std::vector<std::string> resource_types() const override { return {"bitbucket_consumer"}; }
  // Only the selected consumers are read (and so planned and exported as usable).
  void select(const Selection& selection) override { selection_ = selection; }
  ProviderDiagnostics read() override;
  [[nodiscard]] Exports exports() const override;
  [[nodiscard]] ProviderPlan plan(const Exports& upstream) const override;
  Result<std::string> apply(const ResourceChange& change) override;
  void fingerprint(LiveDigest& digest) const override;

 private:
  void read_workspaces(ProviderDiagnostics& found);
  [[nodiscard]] OAuthClientExport export_of(const Consumer& consumer) const;
  // The answer to checks "workspace" for a valid consumer: one call per distinct workspace.
  Result<std::optional<std::string>> reaches_workspace(const std::string& consumer_id,
                                                       const std::string& workspace) const;

  const BitbucketSection& config_;
  const Environment& env_;
  Selection selection_;
  mutable BitbucketClient client_;
  std::map<std::string, ConsumerObservation> consumers_;  // by consumer id
  std::map<std::string, std::string> consumer_errors_;    // by consumer id
  mutable std::mutex checks_mutex_;
  mutable std::map<std::pair<std::string, std::string>, Result<std::optional<std::string>>> checked_;
};

}  // namespace linkform::bitbucket
