#include "cmd/linkform/import_context.h"

#include "providers/frontegg/config_part.h"

namespace linkform {

frontegg::ImportContext import_context(const Config& config, const Environment& env) {
  frontegg::ImportContext known;
  for (const ConnectorKind* kind : config.part<frontegg::FronteggConfig>()->kinds)
    known.default_target[kind->client_type] = config.default_target(kind->client_type);
  for (const DeclaredClient& c : config.clients()) {
    known.declared_scopes[c.address] = c.scopes;
    if (!c.id) continue;
    if (auto id = resolve_credential(*c.id, env))
      known.client_by_id.emplace(std::pair{c.address.type, id->reveal()}, c.address.name);
  }
  return known;
}

}  // namespace linkform
