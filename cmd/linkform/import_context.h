#pragma once
// What linkform import needs to know of the configuration it extends, from every part's declared clients.

#include "core/config.h"
#include "providers/config.h"
#include "providers/frontegg/provider.h"

namespace linkform {

// The declared OAuth clients (names, scopes, client ids where readable) and the target a connector that
// names none uses.
frontegg::ImportContext import_context(const Config& config, const Environment& env);

}  // namespace linkform
