#pragma once
// Bitbucket's part of linkform.toml as the loader sees it (core/config_part.h): [bitbucket] and
// [consumers.<id>] (providers/bitbucket/config.h), the consumers as OAuth clients, the callback rules
// Bitbucket applies, its two service URLs and the consumers' credentials.

#include "core/config_part.h"
#include "providers/bitbucket/config.h"

namespace linkform::bitbucket {

class BitbucketConfig final : public ConfigPart, public BitbucketSection {
 public:
  [[nodiscard]] std::vector<std::string> table_names() const override { return {"bitbucket", "consumers"}; }
  [[nodiscard]] std::vector<const ConnectorKind*> connector_kinds() const override;
  [[nodiscard]] std::string display_name() const override { return "Bitbucket"; }

  void read(ConfigTable& root, const ConfigContext& context) override;
  void apply_environment(const Environment& env, Diagnostics& diags) override;
  void check(Diagnostics& diags) const override;
  void check_vocabulary(Diagnostics& diags) override;

  [[nodiscard]] std::vector<DeclaredClient> clients() const override;
  // [bitbucket] workspace.
  [[nodiscard]] std::optional<std::string> default_target(const std::string& client_type) const override;
  // README, vendor assumptions: Bitbucket accepts an authorization request's redirect_uri only when it
  // starts with the consumer's callback URL.
  void check_callback(const Address& client, const std::string& expected, const std::string& label,
                      const std::string& hint, Diagnostics& diags) override;

  [[nodiscard]] std::vector<Endpoint> endpoints() const override;
  std::vector<DeclaredCredential> credentials() override;
  [[nodiscard]] std::vector<std::pair<Address, int>> declared() const override;
  [[nodiscard]] std::vector<ResourceCount> counts() const override;
};

}  // namespace linkform::bitbucket
