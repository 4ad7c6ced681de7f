#pragma once
// The GitLab provider (core/provider.h): gitlab_application.<name>, managed through the Group Applications
// API (README, "GitLab"). It reads the group's applications once, plans each declared one
// (application_plan.h), creates, updates, replaces and destroys them, and offers each to its connectors
// with its client id, or, for one the apply creates, with the id and secret its create fills in.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/provider.h"
#include "providers/gitlab/application_plan.h"
#include "providers/gitlab/client.h"
#include "providers/gitlab/config_part.h"

namespace linkform::gitlab {

class GitlabProvider final : public Provider {
 public:
  GitlabProvider(HttpTransport& transport, const GitlabConfig& config, const Environment& env);

  [[nodiscard]] std::string display_name() const override { return "GitLab"; }
  [[nodiscard]] bool declares_anything() const override { return !config_.applications.empty(); }
  [[nodiscard]] std::vector<std::string> resource_types() const override { return {"gitlab_application"}; }
  void select(const Selection& selection) override { selection_ = selection; }
  ProviderDiagnostics read() override;
  void held_downstream(const ClientIdsInUse& held) override { held_ = held; }
  void replace(const Replacements& requested) override { replace_ = requested; }
  [[nodiscard]] Exports exports() const override;
  [[nodiscard]] ProviderPlan plan(const Exports& upstream) const override;
  Result<std::string> apply(const ResourceChange& change) override;
  std::vector<std::string> verify(const std::vector<const ResourceChange*>& written,
                                  bool show_environments) override;
  void fingerprint(LiveDigest& digest) const override;
  [[nodiscard]] std::vector<Address> protected_resources() const override;

 private:
  [[nodiscard]] bool selected(const Application& application) const;
  // plan_application() with what this run read, its connectors hold and asks to replace.
  [[nodiscard]] ApplicationPlan planned(const Application& application) const;
  // The cell a create or replace of `address` fills: one per address per read, shared by every plan pass.
  [[nodiscard]] std::shared_ptr<PendingClient> cell(const Address& address) const;
  Result<std::string> create(const ApplicationWrite& write);
  Result<std::string> destroy(const ApplicationWrite& write);
  void verify_one(const ResourceChange& change, const std::vector<RemoteApplication>& listed,
                  std::vector<std::string>& problems) const;

  HttpTransport& transport_;
  const GitlabConfig& config_;
  const Environment& env_;
  Selection selection_;
  ClientIdsInUse held_;
  Replacements replace_;
  std::unique_ptr<GitlabClient> client_;
  std::vector<RemoteApplication> live_;
  bool read_ = false;
  std::string read_problem_;  // why the group could not be read, for what waits on it
  mutable std::mutex cells_mutex_;
  mutable std::map<Address, std::shared_ptr<PendingClient>> cells_;
};

}  // namespace linkform::gitlab
