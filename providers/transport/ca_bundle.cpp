#include "providers/transport/ca_bundle.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace linkform {

CaBundle find_ca_bundle(const EnvLookup& env, const IsRegularFile& is_file) {
  for (const char* name : kCaBundleVariables) {
    const auto value = env(name);
    if (!value || value->empty()) continue;
    CaBundle found{*value, name, {}};
    if (!is_file(*value)) {
      found.problem =
          std::string(name) + " names " + *value +
          ", which is not a readable file of CA certificates; point it at a PEM file, or unset it "
          "to use the system's CA bundle";
    }
    return found;
  }
  std::string places;
  for (const char* path : kSystemCaBundles) {
    if (is_file(path)) return {path, {}, {}};
    places.append(places.empty() ? "" : ", ").append(path);
  }
  return {{},
          {},
          "no CA certificates to verify the server with: CURL_CA_BUNDLE and SSL_CERT_FILE are not set, and "
          "there is no CA bundle at any of " +
              places +
              ". Set SSL_CERT_FILE to a PEM file of the CAs to trust (or install the distribution's "
              "ca-certificates package)"};
}

CaBundle find_ca_bundle() {
  return find_ca_bundle(
      [](const char* name) -> std::optional<std::string> {
        const char* value = std::getenv(name);
        if (value == nullptr) return std::nullopt;
        return std::string(value);
      },
      [](const std::string& path) {
        std::error_code ec;
        return std::filesystem::is_regular_file(path, ec);
      });
}

}  // namespace linkform
