#pragma once
// The vendors' part of validating a configuration: Bitbucket permission
// names and Frontegg regions. Offline; sends nothing.

#include <string>

#include "core/config.h"

namespace linkform {

// Checks permission and scope names against Bitbucket's list, and regions
// against Frontegg's, and fills each environment's base_url from its region.
void check_vendor_rules(Config& config, Diagnostics& diags);

// load_config followed by check_vendor_rules: what every command runs first.
LoadResult load_checked_config(const std::string& path, const Environment& env);

}  // namespace linkform
