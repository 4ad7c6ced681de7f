#include "providers/config_checks.h"

#include "core/suggest.h"
#include "providers/bitbucket/permissions.h"
#include "providers/frontegg/regions.h"

namespace linkform {

namespace {

// Empty when `scope` is a permission Bitbucket accepts, else why not.
std::string permission_problem(const std::string& scope) {
  if (bitbucket::find_permission(scope) != nullptr) return {};
  if (scope == "project:write") {
    return "permission \"project:write\" was retired by Bitbucket in 2023; use \"project:admin\"";
  }
  return "unknown Bitbucket permission \"" + scope + "\"" +
         did_you_mean(scope, bitbucket::permission_names());
}

void check_scope_list(const std::vector<LocatedString>& scopes, Diagnostics& diags) {
  for (const auto& s : scopes) {
    const std::string problem = permission_problem(s.value);
    if (!problem.empty()) diags.error(s.where, problem);
  }
}

std::vector<std::string> values(const std::vector<LocatedString>& list) {
  std::vector<std::string> out;
  for (const auto& s : list) out.push_back(s.value);
  return out;
}

void check_connector_scopes(const Connector& c, const Config& config, Diagnostics& diags) {
  if (!c.scopes) return;
  check_scope_list(*c.scopes, diags);
  const Consumer* consumer = config.find_consumer(c.consumer);
  if (consumer == nullptr) return;
  const auto granted = bitbucket::close_permissions(values(consumer->permissions));
  for (const auto& s : *c.scopes) {
    if (bitbucket::find_permission(s.value) != nullptr && !granted.contains(s.value)) {
      diags.warning(s.where, "scope \"" + s.value + "\" of connector \"" + c.id +
                                 "\" is not among the permissions of consumer \"" + consumer->id +
                                 "\"; Bitbucket will not grant it");
    }
  }
}

void check_regions(Config& config, Diagnostics& diags) {
  for (auto& env : config.environments) {
    if (env.region.empty()) continue;
    if (auto url = frontegg::region_base_url(env.region)) {
      if (env.base_url.empty()) env.base_url = *url;
      continue;
    }
    const auto it = env.keys.find("region");
    diags.error(it == env.keys.end() ? env.where : it->second,
                "unknown Frontegg region \"" + env.region + "\" (one of eu, us, ca, au, uk)" +
                    did_you_mean(env.region, frontegg::region_names()));
  }
}

}  // namespace

void check_vendor_rules(Config& config, Diagnostics& diags) {
  for (const auto& consumer : config.consumers) check_scope_list(consumer.permissions, diags);
  for (const auto& connector : config.connectors) check_connector_scopes(connector, config, diags);
  check_regions(config, diags);
}

LoadResult load_checked_config(const std::string& path, const Environment& env) {
  LoadResult result = load_config(path, env);
  if (result.config) check_vendor_rules(*result.config, result.diagnostics);
  return result;
}

}  // namespace linkform
