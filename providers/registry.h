#pragma once
// The providers linkform runs, in dependency order: a provider whose resources export OAuth clients before
// the one whose connectors use them. The only place that names every vendor; a new vendor is one more line
// in registry.cpp.

#include <memory>
#include <vector>

#include "core/http.h"
#include "core/provider.h"
#include "providers/config.h"

namespace linkform {

// Every registered vendor, in dependency order.
const std::vector<ProviderModule>& provider_modules();

// The transport, configuration and environment must outlive the providers.
std::vector<std::unique_ptr<Provider>> make_providers(HttpTransport& transport, const Config& config,
                                                      const Environment& env);

}  // namespace linkform
