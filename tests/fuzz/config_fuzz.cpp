// Fuzz target: the configuration loader (load_config_text) and the vendor checks that every command runs
// after it (check_vendor_rules), on arbitrary bytes. Loading must never crash, throw or read a secret.

#include <cstddef>
#include <cstdint>
#include <string>

#include "providers/config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;  // a real configuration is a few kilobytes
  const std::string text(reinterpret_cast<const char*>(data), size);
  // Variables the seed corpus names, so that some inputs get past the credential checks.
  static const linkform::MapEnvironment env{{"FRONTEGG_CLIENT_ID", "id"},
                                            {"FRONTEGG_SECRET", "s"},
                                            {"BITBUCKET_MCP_KEY", "k"},
                                            {"BITBUCKET_MCP_SECRET", "s"}};
  linkform::LoadResult result = linkform::load_config_text(text, "fuzz.toml", env);
  if (result.config) linkform::check_vendor_rules(*result.config, result.diagnostics, env);
  // Contract (config.h): no config at all only when the TOML did not parse, and then there is an error.
  if (!result.config && !result.diagnostics.has_errors()) __builtin_trap();
  for (const auto& d : result.diagnostics.sorted()) {
    if (linkform::format_diagnostic(d).empty()) __builtin_trap();
  }
  return 0;
}
