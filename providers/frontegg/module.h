#pragma once
// The Frontegg provider as the registry registers it (core/provider.h, ProviderModule).

#include "core/provider.h"

namespace linkform::frontegg {

ProviderModule module();

}  // namespace linkform::frontegg
