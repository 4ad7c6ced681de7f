#pragma once
// The checks plan and apply make of what the command line and a saved plan ask for, apart from running
// them so they can be tested on plain data.

#include <map>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/plan.h"
#include "providers/config.h"

namespace linkform {

// --target (and --replace, named by `flag`) names checked against the configuration before any request: a
// typo is reported at once, also when a vendor is unreachable. A connector that only prune would delete is
// known only after reading, so with prune on, an unknown frontegg_connector address waits for target_plan.
Status check_targets(const Config& config, const std::vector<std::string>& targets,
                     const std::string& flag = "--target");
// --replace names, checked as --target names are, as addresses.
Result<std::vector<Address>> replace_addresses(const Config& config, const std::vector<std::string>& replace);

// The resources whose planned change differs between a saved plan and the plan made now (typed
// values compared), each as the plan labels it; empty when the two plans make the same changes.
std::vector<std::string> changed_resources(const Plan& saved, const Plan& now);

// The parts of the live state (Engine::live_parts) whose digest differs, that appeared or that are gone,
// by name; empty when a saved plan holds no parts (older files).
std::vector<std::string> changed_parts(const std::map<std::string, std::string>& saved,
                                       const std::map<std::string, std::string>& now);

}  // namespace linkform
