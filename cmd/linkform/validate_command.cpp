#include <ostream>

#include "cmd/linkform/commands.h"
#include "core/json_report.h"
#include "providers/config.h"

namespace linkform {

namespace {
std::string count(std::size_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}
}  // namespace

bool report_diagnostics(const Diagnostics& diags, CliStreams streams) {
  for (const auto& d : diags.sorted()) streams.err << format_diagnostic(d) << "\n";
  return diags.has_errors();
}

int run_validate(const std::string& config_path, bool json, const Environment& env, CliStreams streams) {
  const LoadResult loaded = load_checked_config(config_path, env);
  if (json) {
    std::vector<std::pair<std::string, std::size_t>> counts;
    if (loaded.config) {
      for (const auto& part : loaded.config->parts) {
        for (const auto& c : part->counts()) counts.emplace_back(c.key, c.count);
      }
    }
    streams.out << validate_to_json(loaded.diagnostics, counts);
    return loaded.diagnostics.has_errors() || !loaded.config ? 1 : 0;
  }
  if (report_diagnostics(loaded.diagnostics, streams) || !loaded.config) {
    const int errors = loaded.diagnostics.error_count();
    streams.err << config_path << ": " << count(static_cast<std::size_t>(errors), "error")
                << (loaded.diagnostics.warning_count() > 0
                        ? ", " +
                              count(static_cast<std::size_t>(loaded.diagnostics.warning_count()), "warning")
                        : "")
                << "\n";
    return 1;
  }
  std::string listing;
  for (const auto& part : loaded.config->parts) {
    for (const auto& c : part->counts()) listing += (listing.empty() ? "" : ", ") + count(c.count, c.noun);
  }
  streams.out << config_path << ": valid (" << listing << ")\n";
  return 0;
}

}  // namespace linkform
