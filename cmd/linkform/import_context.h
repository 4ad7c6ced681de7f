#pragma once
// What linkform import needs to know of the configuration it extends, from both vendors' sections.

#include "core/config.h"
#include "providers/config.h"
#include "providers/frontegg/provider.h"

namespace linkform {

// The declared consumers (ids, permissions, keys where readable) and a connector's defaults as the
// Bitbucket provider exports them to it.
frontegg::ImportContext import_context(const Config& config, const Environment& env);

}  // namespace linkform
