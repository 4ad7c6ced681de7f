#include "providers/bitbucket/module.h"

#include "providers/bitbucket/config_part.h"
#include "providers/bitbucket/provider.h"

namespace linkform::bitbucket {

namespace {

std::unique_ptr<ConfigPart> new_config() { return std::make_unique<BitbucketConfig>(); }

std::unique_ptr<Provider> new_provider(HttpTransport& transport, const ConfigPart& config,
                                       const Environment& env) {
  return std::make_unique<BitbucketProvider>(transport, dynamic_cast<const BitbucketConfig&>(config), env);
}

}  // namespace

ProviderModule module() { return {&new_config, &new_provider}; }

}  // namespace linkform::bitbucket
