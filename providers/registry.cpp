#include "providers/registry.h"

#include "providers/bitbucket/module.h"
#include "providers/frontegg/module.h"
#include "providers/gitlab/module.h"

namespace linkform {

const std::vector<ProviderModule>& provider_modules() {
  static const std::vector<ProviderModule> modules = {
      bitbucket::module(),
      gitlab::module(),
      frontegg::module(),
  };
  return modules;
}

std::vector<std::unique_ptr<Provider>> make_providers(HttpTransport& transport, const Config& config,
                                                      const Environment& env) {
  std::vector<std::unique_ptr<Provider>> out;
  const auto& modules = provider_modules();
  for (std::size_t i = 0; i < modules.size() && i < config.parts.size(); ++i)
    out.push_back(modules[i].new_provider(transport, *config.parts[i], env));
  return out;
}

}  // namespace linkform
