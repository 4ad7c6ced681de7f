#include "cmd/linkform/import_context.h"

#include "providers/bitbucket/connector_kind.h"

namespace linkform {

frontegg::ImportContext import_context(const Config& config, const Environment& env) {
  frontegg::ImportContext known;
  const std::string& type = bitbucket::connector_kind().client_type;
  known.default_target[type] = config.bitbucket.workspace;
  for (const auto& c : config.consumers) {
    std::vector<std::string> permissions;
    for (const auto& p : c.permissions) permissions.push_back(p.value);
    known.declared_scopes[{type, c.id, ""}] = permissions;
    if (!c.key) continue;
    if (auto key = resolve_credential(*c.key, env))
      known.client_by_id.emplace(std::pair{type, key->reveal()}, c.id);
  }
  return known;
}

}  // namespace linkform
