#include "cmd/linkform/plan_checks.h"

#include <algorithm>

#include "core/selection.h"

namespace linkform {

Status check_targets(const Config& config, const std::vector<std::string>& targets, const std::string& flag) {
  std::vector<Address> declared;
  for (const auto& part : config.parts) {
    for (const auto& [address, line] : part->declared()) declared.push_back(address);
  }
  std::vector<std::string> known;
  for (const auto& a : declared) {
    known.push_back(a.str());
    if (!a.environment.empty() && config.environment_count() > 1) known.push_back(a.label(true));
  }
  for (const auto& t : targets) {
    // "type.name" names it in every environment; "type.name [env]", as a plan prints it, in that one.
    const auto wanted = Address::parse(t);
    const bool found =
        wanted && std::ranges::any_of(declared, [named = Selection::of({*wanted})](const Address& a) {
          return named.contains(a);
        });
    if (found) continue;
    if (wanted && std::ranges::any_of(config.parts, [&](const auto& part) {
          return part->may_plan_undeclared(wanted->type);
        }))
      continue;
    return fail(unknown_target(t, known, flag));
  }
  return {};
}

Result<std::vector<Address>> replace_addresses(const Config& config,
                                               const std::vector<std::string>& replace) {
  if (auto checked = check_targets(config, replace, "--replace"); !checked) return fail(checked.error());
  std::vector<Address> out;
  for (const auto& r : replace) out.push_back(*Address::parse(r));  // check_targets parsed each
  return out;
}

std::vector<std::string> changed_resources(const Plan& saved, const Plan& now) {
  std::vector<std::string> out;
  const auto same = [](const ResourceChange& x, const ResourceChange& y) {
    return x.action == y.action && x.attributes == y.attributes;
  };
  for (const auto& x : saved.changes) {
    const ResourceChange* y = now.find(x.address);
    if (y == nullptr || !same(x, *y)) out.push_back(x.address.label(saved.show_environments));
  }
  for (const auto& y : now.changes) {
    if (saved.find(y.address) == nullptr) out.push_back(y.address.label(saved.show_environments));
  }
  return out;
}

std::vector<std::string> changed_parts(const std::map<std::string, std::string>& saved,
                                       const std::map<std::string, std::string>& now) {
  std::vector<std::string> out;
  if (saved.empty()) return out;
  for (const auto& [name, digest] : saved) {
    const auto it = now.find(name);
    if (it == now.end()) {
      out.push_back(name + " is gone");
    } else if (it->second != digest) {
      out.push_back(name + " changed");
    }
  }
  for (const auto& [name, digest] : now) {
    if (!saved.contains(name)) out.push_back(name + " is new");
  }
  return out;
}

}  // namespace linkform
