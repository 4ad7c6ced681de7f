#pragma once
// The vendors' part of validating a configuration: Bitbucket permission
// names and Frontegg regions. Offline; sends nothing.

#include <string>

#include "core/config.h"

namespace linkform {

// Comma-separated hosts, besides the vendors' own and loopback, that a configuration may send
// credentials to (a Frontegg custom API domain, a gateway). Read from the environment only: a
// configuration file cannot allow a host.
inline constexpr const char* kAllowHostsVariable = "LINKFORM_ALLOW_HOSTS";
// "1": a run may mix loopback and real vendor hosts.
inline constexpr const char* kAllowMixedHostsVariable = "LINKFORM_ALLOW_MIXED_HOSTS";

// Checks permission and scope names against Bitbucket's list, and regions
// against Frontegg's, and fills each environment's base_url from its region.
// Then the endpoint policy: every service URL written in the file is the
// vendor's own host, loopback, or allowed by LINKFORM_ALLOW_HOSTS; loopback and
// real hosts are not mixed unless LINKFORM_ALLOW_MIXED_HOSTS=1.
void check_vendor_rules(Config& config, Diagnostics& diags, const Environment& env);

// load_config followed by check_vendor_rules: what every command runs first.
LoadResult load_checked_config(const std::string& path, const Environment& env);

}  // namespace linkform
