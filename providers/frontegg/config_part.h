#pragma once
// Frontegg's part of linkform.toml as the loader sees it (core/config_part.h): [frontegg] and
// [connectors.<id>] (providers/frontegg/config.h), the connectors' uses of OAuth clients, each
// environment's gateway and the callback it sends, its service URLs and the environments' credentials.

#include "core/config_part.h"
#include "providers/frontegg/config.h"

namespace linkform::frontegg {

class FronteggConfig final : public ConfigPart, public FronteggSection {
 public:
  [[nodiscard]] std::vector<std::string> table_names() const override { return {"frontegg", "connectors"}; }
  [[nodiscard]] bool uses_clients() const override { return true; }
  [[nodiscard]] std::string display_name() const override { return "Frontegg"; }

  void read(ConfigTable& root, const ConfigContext& context) override;
  void apply_environment(const Environment& env, Diagnostics& diags) override;
  void check(Diagnostics& diags) const override;
  void check_vocabulary(Diagnostics& diags) override;

  std::vector<ClientUse> client_uses() override;
  [[nodiscard]] std::vector<ClientContext> client_contexts() const override;
  [[nodiscard]] std::string gateway_hint() const override;

  [[nodiscard]] std::vector<Endpoint> endpoints() const override;
  std::vector<DeclaredCredential> credentials() override;
  [[nodiscard]] std::vector<std::pair<Address, int>> declared() const override;
  [[nodiscard]] std::vector<ResourceCount> counts() const override;
  [[nodiscard]] std::size_t environment_count() const override { return environments.size(); }
  [[nodiscard]] bool may_plan_undeclared(const std::string& type) const override;
};

}  // namespace linkform::frontegg
