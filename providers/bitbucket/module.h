#pragma once
// The Bitbucket provider as the registry registers it (core/provider.h, ProviderModule).

#include "core/provider.h"

namespace linkform::bitbucket {

ProviderModule module();

}  // namespace linkform::bitbucket
