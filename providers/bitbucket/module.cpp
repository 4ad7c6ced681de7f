#include "providers/bitbucket/module.h"

#include "providers/bitbucket/config_part.h"
#include "providers/bitbucket/provider.h"

namespace linkform::bitbucket {

ProviderModule module() { return module_of<BitbucketConfig, BitbucketProvider>(); }

}  // namespace linkform::bitbucket
