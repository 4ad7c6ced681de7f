#include "providers/gitlab/module.h"

#include "providers/gitlab/config_part.h"
#include "providers/gitlab/provider.h"

namespace linkform::gitlab {

ProviderModule module() { return module_of<GitlabConfig, GitlabProvider>(); }

}  // namespace linkform::gitlab
