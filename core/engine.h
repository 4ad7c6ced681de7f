#pragma once
// The engine runs providers (core/provider.h) for one command: it knows no
// vendor. plan() reads every provider at once, lets each read what needs its
// upstream's exports, plans them in the order given (dependency order), and
// applies the rules that hold for every resource in one place: prevent_destroy,
// and a pruned delete never shadowing a configured resource. execute() hands a
// write back to the provider that owns its type; apply_plan (core/apply.h)
// runs independent writes concurrently.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/apply.h"
#include "core/plan.h"
#include "core/provider.h"

namespace linkform {

class Engine final : public ChangeExecutor {
 public:
  // In dependency order: a provider may use what the ones before it export.
  explicit Engine(std::vector<std::unique_ptr<Provider>> providers);
  ~Engine() override;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Reads and plans what `selection` names (everything by default). What could not be read or planned is in
  // Plan::errors, one line each; the resources it concerns are left out, and what waits on them is blocked
  // with that reason. `replace` (--replace) is planned as replaced; so is what a plan asks to have
  // replaced (ProviderPlan::replace_requests): the plan is then made again, from the same read, with those
  // replaced, so that what depends on them sees what the replacement exports.
  Plan plan(const Selection& selection = {}, const std::vector<Address>& replace = {});

  // A digest of the live state the last plan was built from (never a secret).
  [[nodiscard]] std::string live_fingerprint() const;
  // The same per named part (LiveDigest), each part's digest shortened to 16 hex digits: what a saved plan
  // keeps to name the parts that changed.
  [[nodiscard]] std::map<std::string, std::string> live_parts() const;

  // One write of the last plan, by the provider that owns its type.
  Result<std::string> execute(const ResourceChange& change) override;

  // After one environment's writes: each provider reads back what it wrote. One line per difference.
  std::vector<std::string> verify(const std::vector<const ResourceChange*>& written) override;

  [[nodiscard]] const std::vector<std::unique_ptr<Provider>>& providers() const { return providers_; }

 private:
  [[nodiscard]] Provider* owner_of(const std::string& type) const;
  // One planning pass over every provider, from what they read; collects what they ask to replace.
  void plan_pass(const Replacements& replace, Plan& plan, std::vector<std::string>& errors,
                 std::vector<Address>& protect, std::vector<ReplaceRequest>& requests) const;
  std::vector<std::unique_ptr<Provider>> providers_;
};

// The engine's rules, apart so they can be tested on plain data: each error names the resource.
// A delete of a protected resource is an error (prevent_destroy).
void check_prevent_destroy(const std::vector<ResourceChange>& changes, const std::vector<Address>& protect,
                           std::vector<std::string>& errors);
// A pruned delete (ResourceChange::pruned) whose address is also a configured resource's is an error,
// and is left out of the plan.
void drop_shadowed_prunes(std::vector<ResourceChange>& changes, std::vector<Observation>& observations,
                          std::vector<std::string>& errors);
// A requested replace that no provider planned (the resource is neither replaced nor created) is an error.
void check_replacements(const std::vector<ResourceChange>& changes, const Replacements& replace,
                        std::vector<std::string>& errors);

}  // namespace linkform
