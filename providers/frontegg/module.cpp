#include "providers/frontegg/module.h"

#include "providers/frontegg/config_part.h"
#include "providers/frontegg/provider.h"

namespace linkform::frontegg {

namespace {

std::unique_ptr<ConfigPart> new_config() { return std::make_unique<FronteggConfig>(); }

std::unique_ptr<Provider> new_provider(HttpTransport& transport, const ConfigPart& config,
                                       const Environment& env) {
  return std::make_unique<FronteggProvider>(transport, dynamic_cast<const FronteggConfig&>(config), env);
}

}  // namespace

ProviderModule module() { return {&new_config, &new_provider}; }

}  // namespace linkform::frontegg
