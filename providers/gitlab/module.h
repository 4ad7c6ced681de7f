#pragma once
// The GitLab provider as the registry registers it (core/provider.h, ProviderModule).

#include "core/provider.h"

namespace linkform::gitlab {

ProviderModule module();

}  // namespace linkform::gitlab
