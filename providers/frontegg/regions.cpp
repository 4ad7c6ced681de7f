#include "providers/frontegg/regions.h"

#include <array>
#include <utility>

namespace linkform::frontegg {

namespace {
constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kRegions = {{
    {"eu", "https://api.frontegg.com"},
    {"us", "https://api.us.frontegg.com"},
    {"ca", "https://api.ca.frontegg.com"},
    {"au", "https://api.au.frontegg.com"},
    {"uk", "https://api.uk.frontegg.com"},
}};
}  // namespace

std::optional<std::string> region_base_url(std::string_view region) {
  for (const auto& [name, url] : kRegions) {
    if (name == region) return std::string(url);
  }
  return std::nullopt;
}

std::vector<std::string> region_names() {
  std::vector<std::string> out;
  for (const auto& r : kRegions) out.emplace_back(r.first);
  return out;
}

}  // namespace linkform::frontegg
