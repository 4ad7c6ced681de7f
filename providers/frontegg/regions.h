#pragma once
// Frontegg's API regions (README, vendor assumptions).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace linkform::frontegg {

// The API base URL of a region name ("eu", "us", "ca", "au", "uk"), or nullopt.
std::optional<std::string> region_base_url(std::string_view region);
std::vector<std::string> region_names();

}  // namespace linkform::frontegg
