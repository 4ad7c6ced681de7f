#include "cmd/linkform/import_context.h"

#include "providers/bitbucket/permissions.h"

namespace linkform {

frontegg::ImportContext import_context(const Config& config, const Environment& env) {
  frontegg::ImportContext known{{}, {}, config.bitbucket.workspace, {}, {}};
  // As the Bitbucket provider exports them to a connector: retired permissions are neither default
  // scopes nor reasons to enable an API.
  known.default_scopes = [](const std::vector<std::string>& permissions) {
    return bitbucket::without_retired(permissions);
  };
  known.api_enabled_by_default = [](const std::string& api) {
    return bitbucket::retired_permission_for_api(api).empty();
  };
  for (const auto& c : config.consumers) {
    known.permissions[c.id] = c.permissions;
    if (!c.key) continue;
    if (auto key = resolve_credential(*c.key, env)) known.consumer_by_key.emplace(key->reveal(), c.id);
  }
  return known;
}

}  // namespace linkform
