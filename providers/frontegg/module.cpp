#include "providers/frontegg/module.h"

#include "providers/frontegg/config_part.h"
#include "providers/frontegg/provider.h"

namespace linkform::frontegg {

ProviderModule module() { return module_of<FronteggConfig, FronteggProvider>(); }

}  // namespace linkform::frontegg
