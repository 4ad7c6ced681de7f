#pragma once
// GitLab's part of linkform.toml as the loader sees it (core/config_part.h): its applications as OAuth
// clients, GitLab's redirect rule, its URL for the endpoint policy and its token.

#include "core/config_part.h"
#include "providers/gitlab/config.h"

namespace linkform::gitlab {

class GitlabConfig final : public ConfigPart, public Section {
 public:
  [[nodiscard]] std::vector<std::string> table_names() const override {
    return {"gitlab", "gitlab_applications"};
  }
  [[nodiscard]] std::vector<const ConnectorKind*> connector_kinds() const override;
  [[nodiscard]] std::string display_name() const override { return "GitLab"; }

  void read(ConfigTable& root, const ConfigContext& context) override;
  void apply_environment(const Environment& env, Diagnostics& diags) override;
  void check(Diagnostics& diags) const override;
  void check_vocabulary(Diagnostics& diags) override { check_scope_names(*this, diags); }

  [[nodiscard]] std::vector<DeclaredClient> clients() const override;
  // GitLab accepts an authorization request's redirect_uri only when it equals one the application
  // registers (README, vendor assumptions): an omitted one is derived, another one is an error.
  void check_callback(const Address& client, const std::string& expected, const std::string& label,
                      const std::string& hint, Diagnostics& diags) override;

  [[nodiscard]] std::vector<Endpoint> endpoints() const override;
  std::vector<DeclaredCredential> credentials() override;
  [[nodiscard]] std::vector<std::pair<Address, int>> declared() const override;
  [[nodiscard]] std::vector<ResourceCount> counts() const override;
};

// gitlab_application.<id>
Address application_address(const Application& application);

}  // namespace linkform::gitlab
