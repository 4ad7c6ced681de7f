#pragma once
// Checks of meaning on a loaded configuration: URLs, slugs, references,
// duplicates, secret sources. Vendor vocabularies (permission names, regions)
// are checked by the providers (providers/config_checks.h).

#include "core/config.h"

namespace linkform {

// Applies DESIGN.md section 3's environment variables. LINKFORM_BITBUCKET_API_URL and
// LINKFORM_BITBUCKET_OAUTH_URL always apply, and FRONTEGG_REGION and FRONTEGG_BASE_URL apply to every
// Frontegg environment. FRONTEGG_CLIENT_ID, FRONTEGG_SECRET (aliases FRONTEGG_SECRET_KEY,
// FRONTEGG_API_KEY) and FRONTEGG_ENVIRONMENT_ID apply to a single [frontegg] only; with several
// environments each names its own sources, and such a variable being set is a warning, never ignored
// silently.
void apply_environment_overrides(Config& config, const Environment& env, Diagnostics& diags);

void check_config(Config& config, Diagnostics& diags);

// File sources: relative to the configuration, inside its directory tree (absolute paths and "../"
// escapes need LINKFORM_ALLOW_SECRET_FILES from the environment), each given the directories it may be
// read from; a group- or world-readable secret file is a warning (as ssh does). An environment secret
// whose value ends with a newline is a warning too (it is sent as is). Reads no file and no secret value
// beyond its last character.
void check_secret_sources(Config& config, const Environment& env, Diagnostics& diags);

// Lower-case kebab-case ("a-z", "0-9", single '-' between parts), 1 to 64 characters.
bool is_valid_slug(std::string_view slug);

}  // namespace linkform
