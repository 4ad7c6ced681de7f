#include "providers/registry.h"

#include "providers/bitbucket/provider.h"
#include "providers/frontegg/provider.h"

namespace linkform {

std::vector<std::unique_ptr<Provider>> make_providers(HttpTransport& transport, const Config& config,
                                                      const Environment& env) {
  std::vector<std::unique_ptr<Provider>> out;
  out.push_back(std::make_unique<bitbucket::BitbucketProvider>(transport, config, env));
  out.push_back(std::make_unique<frontegg::FronteggProvider>(transport, config, env));
  return out;
}

}  // namespace linkform
