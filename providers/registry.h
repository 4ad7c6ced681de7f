#pragma once
// The providers linkform runs, in dependency order: Bitbucket's consumers
// before the Frontegg connectors that use them. The only place that names
// every vendor; a new vendor is one more line here.

#include <memory>
#include <vector>

#include "core/http.h"
#include "core/provider.h"
#include "providers/config.h"

namespace linkform {

// The transport, configuration and environment must outlive the providers.
std::vector<std::unique_ptr<Provider>> make_providers(HttpTransport& transport, const Config& config,
                                                      const Environment& env);

}  // namespace linkform
