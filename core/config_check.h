#pragma once
// Checks of meaning on a loaded configuration: URLs, slugs, references,
// duplicates, secret sources. Vendor vocabularies (permission names, regions)
// are checked by the providers (providers/config_checks.h).

#include "core/config.h"

namespace linkform {

// Applies DESIGN.md section 3's environment variables. LINKFORM_BITBUCKET_API_URL and
// LINKFORM_BITBUCKET_OAUTH_URL always apply. FRONTEGG_REGION, FRONTEGG_BASE_URL,
// FRONTEGG_CLIENT_ID and FRONTEGG_SECRET (aliases FRONTEGG_SECRET_KEY, FRONTEGG_API_KEY)
// apply to the single [frontegg] environment only: with several environments
// each one names its own sources.
void apply_environment_overrides(Config& config, const Environment& env, Diagnostics& diags);

void check_config(Config& config, Diagnostics& diags);

// Lower-case kebab-case ("a-z", "0-9", single '-' between parts), 1 to 64 characters.
bool is_valid_slug(std::string_view slug);

}  // namespace linkform
