#include "core/engine.h"

#include <algorithm>
#include <future>
#include <set>

#include "core/plan_file.h"

namespace linkform {

Engine::Engine(std::vector<std::unique_ptr<Provider>> providers) : providers_(std::move(providers)) {}

Engine::~Engine() = default;

Provider* Engine::owner_of(const std::string& type) const {
  for (const auto& p : providers_) {
    const auto types = p->resource_types();
    if (std::ranges::find(types, type) != types.end()) return p.get();
  }
  return nullptr;
}

void check_prevent_destroy(const std::vector<ResourceChange>& changes, const std::vector<Address>& protect,
                           std::vector<std::string>& errors) {
  for (const auto& change : changes) {
    if (change.action != Action::kDelete && change.action != Action::kReplace) continue;
    if (std::ranges::find(protect, change.address) != protect.end()) {
      errors.push_back(change.address.str() +
                       (change.action == Action::kReplace
                            ? ": the plan would replace it (destroying the old one)"
                            : ": the plan would destroy it") +
                       ", and it has prevent_destroy = true");
    }
  }
}

void drop_shadowed_prunes(std::vector<ResourceChange>& changes, std::vector<Observation>& observations,
                          std::vector<std::string>& errors) {
  std::set<Address> configured;
  for (const auto& c : changes) {
    if (!c.pruned) configured.insert(c.address);
  }
  std::set<Address> dropped;
  std::erase_if(changes, [&](const ResourceChange& c) {
    if (!c.pruned || !configured.contains(c.address)) return false;
    errors.push_back(c.address.str() + ": cannot prune " + c.remote_id + " in environment \"" +
                     c.address.environment + "\": its name is also the name of a configured resource");
    dropped.insert(c.address);
    return true;
  });
  // A provider adds a prune's observation after those of its configured resources: drop the last one.
  for (const Address& a : dropped) {
    const auto last = std::ranges::find(observations.rbegin(), observations.rend(), a, &Observation::address);
    if (last != observations.rend()) observations.erase(std::next(last).base());
  }
}

void check_replacements(const std::vector<ResourceChange>& changes, const Replacements& replace,
                        std::vector<std::string>& errors) {
  std::set<std::string> said;
  for (const auto& r : replace.requests()) {
    bool planned = false;
    bool found = false;
    for (const auto& c : changes) {
      if (replace.reasons_for(c.address).empty() || c.address.type != r.address.type ||
          c.address.name != r.address.name)
        continue;
      found = true;
      planned = planned || c.action == Action::kReplace || c.action == Action::kCreate;
    }
    if (planned || !said.insert(r.address.str()).second) continue;
    errors.push_back(r.address.label(true) + ": cannot be replaced (" + r.reason + "): " +
                     (found ? "linkform does not create this kind of resource, so it cannot make a new one"
                            : "no such resource in this plan"));
  }
}

void Engine::plan_pass(const Replacements& replace, Plan& plan, std::vector<std::string>& errors,
                       std::vector<Address>& protect, std::vector<ReplaceRequest>& requests) const {
  const auto keep = [&](const ProviderDiagnostics& found) {
    for (const auto& d : found) (d.severity == Severity::kError ? errors : plan.warnings).push_back(d.text());
  };
  Exports upstream;
  for (const auto& p : providers_) {
    p->replace(replace);
    ProviderPlan part = p->plan(upstream);
    keep(part.diagnostics);
    std::ranges::move(part.observations, std::back_inserter(plan.observations));
    std::ranges::move(part.changes, std::back_inserter(plan.changes));
    std::ranges::move(part.replace_requests, std::back_inserter(requests));
    upstream.merge(p->exports());
    std::ranges::move(p->protected_resources(), std::back_inserter(protect));
  }
}

Plan Engine::plan(const Selection& selection, const std::vector<Address>& replace) {
  std::vector<std::string> read_errors;
  std::vector<std::string> read_warnings;
  const auto keep = [&](const ProviderDiagnostics& found) {
    for (const auto& d : found)
      (d.severity == Severity::kError ? read_errors : read_warnings).push_back(d.text());
  };
  for (const auto& p : providers_) p->select(selection);
  std::vector<std::future<ProviderDiagnostics>> reads;
  for (const auto& p : providers_)
    reads.push_back(std::async(std::launch::async, [&p] { return p->read(); }));
  for (auto& r : reads) keep(r.get());
  Exports upstream;
  for (const auto& p : providers_) {
    keep(p->read_dependent(upstream));
    upstream.merge(p->exports());
  }
  ClientIdsInUse held;
  for (const auto& p : providers_) {
    for (auto& [client, ids] : p->client_ids_in_use()) held[client].merge(ids);
  }
  for (const auto& p : providers_) p->held_downstream(held);
  Replacements replacements;
  for (const Address& a : replace) replacements.add({a, "--replace asks for it"});
  // Plans are pure: when a plan asks for more replaces, it is made again from the same read. Each pass
  // adds at least one address, so this ends; the bound only guards against a provider that keeps asking.
  Plan plan;
  std::vector<std::string> errors;
  std::vector<Address> protect;
  for (int pass = 0; pass < 4; ++pass) {
    plan = Plan{};
    errors = read_errors;
    plan.warnings = read_warnings;
    protect.clear();
    std::vector<ReplaceRequest> requests;
    plan_pass(replacements, plan, errors, protect, requests);
    bool more = false;
    for (auto& r : requests) more = replacements.add(std::move(r)) || more;
    if (!more) break;
  }
  for (const auto& p : providers_) {
    if (p->declares_anything()) plan.sources.push_back(p->display_name());
  }
  plan.show_environments =
      std::ranges::any_of(providers_, [](const auto& p) { return p->environment_count() > 1; });
  drop_shadowed_prunes(plan.changes, plan.observations, errors);
  check_prevent_destroy(plan.changes, protect, errors);
  check_replacements(plan.changes, replacements, errors);
  // Parallel reads can fail the same way twice (e.g. one auth failure seen by two calls): say it once.
  std::set<std::string> said;
  for (const auto& e : errors) {
    if (said.insert(e).second) plan.errors.push_back(e);
  }
  return plan;
}

std::map<std::string, std::string> Engine::live_parts() const {
  LiveDigest digest;
  for (const auto& p : providers_) p->fingerprint(digest);
  std::map<std::string, std::string> parts;
  for (const auto& [name, input] : digest.parts()) parts[name] = sha256_hex(input).substr(0, 16);
  return parts;
}

std::string Engine::live_fingerprint() const {
  std::string text;
  for (const auto& [name, digest] : live_parts()) {
    add_digest_field(text, name);
    add_digest_field(text, digest);
  }
  return sha256_hex(text);
}

Result<std::string> Engine::execute(const ResourceChange& change) {
  Provider* owner = owner_of(change.address.type);
  if (owner == nullptr) return fail(Error::invalid("no provider manages " + change.address.str()));
  return owner->apply(change);
}

std::vector<std::string> Engine::verify(const std::vector<const ResourceChange*>& written) {
  const bool show_environments =
      std::ranges::any_of(providers_, [](const auto& p) { return p->environment_count() > 1; });
  std::vector<std::string> problems;
  for (const auto& p : providers_) {
    const auto types = p->resource_types();
    std::vector<const ResourceChange*> own;
    std::ranges::copy_if(written, std::back_inserter(own), [&](const ResourceChange* c) {
      return std::ranges::find(types, c->address.type) != types.end();
    });
    if (!own.empty()) std::ranges::move(p->verify(own, show_environments), std::back_inserter(problems));
  }
  return problems;
}

}  // namespace linkform
