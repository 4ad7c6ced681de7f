// linkform discover: prints what each configured Frontegg environment offers (apps, the Bitbucket template
// linkform would use, the keys its live connectors store), as text or --json. Read-only; never a secret.

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <cctype>
#include <ostream>
#include <sstream>

#include "cmd/linkform/commands.h"
#include "core/json_report.h"
#include "core/terminal_text.h"
#include "providers/config.h"
#include "providers/frontegg/config_part.h"
#include "providers/frontegg/provider.h"
#include "providers/transport/curl_transport.h"
#include "providers/transport/retrying_transport.h"

namespace linkform {

using frontegg::DiscoveredConnector;
using frontegg::DiscoveredEnvironment;
using frontegg::DiscoveredKind;

namespace {

using JsonWriter = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out.empty() ? "(none)" : out;
}

std::string template_line(const frontegg::Template& t) {
  return "id \"" + t.id + "\", integrationId \"" + t.integration_id + "\", name \"" + t.name + "\"";
}

std::string label(const DiscoveredEnvironment& e, std::size_t count) {
  return count == 1 && e.name == "default" ? "[frontegg]" : "environment \"" + e.name + "\"";
}

std::string lower(std::string text) {
  std::ranges::transform(text, text.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// One kind of connector of an environment; with several kinds, each template line says whose it is.
void print_kind(const DiscoveredKind& k, bool several, std::ostream& out) {
  const std::string whose = several ? " (" + k.vendor + ")" : "";
  if (k.used_template) {
    out << "  template linkform uses" << whose << ": " << template_line(*k.used_template) << "\n"
        << "    apis:        " << joined(k.used_template->api_names) << "\n"
        << "    config keys: " << joined(k.used_template->config_keys) << "\n";
    if (!k.template_notice.empty()) out << "    note: " << k.template_notice << "\n";
    out << "  " << lower(k.vendor) << " connectors: " << k.connectors.size() << "\n";
    for (const auto& c : k.connectors) {
      out << "    " << c.id << "  slug \"" << c.slug << "\", name \"" << c.name << "\", app " << c.app_id
          << ", " << (c.is_active ? "active" : "inactive") << "\n"
          << "      configuration keys:       " << joined(c.configuration_keys) << "\n"
          << "      customConfiguration keys: " << joined(c.custom_configuration_keys) << "\n";
    }
  } else if (!k.template_problem.empty()) {
    out << "  template" << whose << ": " << k.template_problem << "\n";
  }
}

void print_text(const std::vector<DiscoveredEnvironment>& found, std::ostream& terminal) {
  // Names and keys are the vendor's: everything is written with controls escaped.
  std::ostringstream out;
  for (const auto& e : found) {
    out << label(e, found.size()) << " at " << e.base_url;
    if (!e.environment_id.empty()) out << " (frontegg-environment-id " << e.environment_id << ")";
    out << "\n  applications:\n";
    if (e.applications.empty()) out << "    (none)\n";
    for (const auto& app : e.applications) out << "    " << app.id << "  \"" << app.name << "\"\n";
    for (const auto& k : e.kinds) print_kind(k, e.kinds.size() > 1, out);
    out << "\n";
  }
  std::istringstream lines(out.str());
  for (std::string line; std::getline(lines, line);) terminal << terminal_safe(line) << "\n";
}

void strings(JsonWriter& w, const char* key, const std::vector<std::string>& items) {
  w.Key(key);
  w.StartArray();
  for (const auto& i : items) w.String(i);
  w.EndArray();
}

void template_json(JsonWriter& w, const frontegg::Template& t) {
  w.StartObject();
  w.Key("id");
  w.String(t.id);
  w.Key("integration_id");
  w.String(t.integration_id);
  w.Key("name");
  w.String(t.name);
  strings(w, "apis", t.api_names);
  strings(w, "config_keys", t.config_keys);
  w.EndObject();
}

// The template a kind uses (or null and every template), its notice and its live connectors.
void kind_json(JsonWriter& w, const DiscoveredKind& k) {
  w.Key("template");
  if (k.used_template)
    template_json(w, *k.used_template);
  else
    w.Null();
  w.Key("template_notice");
  if (k.template_notice.empty())
    w.Null();
  else
    w.String(k.template_notice);
  w.Key("templates");
  w.StartArray();
  for (const auto& t : k.templates) template_json(w, t);
  w.EndArray();
  w.Key("connectors");
  w.StartArray();
  for (const auto& c : k.connectors) {
    w.StartObject();
    w.Key("id");
    w.String(c.id);
    w.Key("app_id");
    w.String(c.app_id);
    w.Key("slug");
    w.String(c.slug);
    w.Key("name");
    w.String(c.name);
    w.Key("enabled");
    w.Bool(c.is_active);
    strings(w, "configuration_keys", c.configuration_keys);
    strings(w, "custom_configuration_keys", c.custom_configuration_keys);
    w.EndObject();
  }
  w.EndArray();
}

void environment_json(JsonWriter& w, const DiscoveredEnvironment& e) {
  w.StartObject();
  w.Key("name");
  w.String(e.name);
  w.Key("base_url");
  w.String(e.base_url);
  w.Key("environment_id");
  if (e.environment_id.empty())
    w.Null();
  else
    w.String(e.environment_id);
  w.Key("applications");
  w.StartArray();
  for (const auto& app : e.applications) {
    w.StartObject();
    w.Key("id");
    w.String(app.id);
    w.Key("name");
    w.String(app.name);
    w.EndObject();
  }
  w.EndArray();
  // The first kind's template and connectors; with several kinds, every kind's under connector_kinds too.
  static const DiscoveredKind kNone;
  kind_json(w, e.kinds.empty() ? kNone : e.kinds.front());
  if (e.kinds.size() > 1) {
    w.Key("connector_kinds");
    w.StartArray();
    for (const auto& k : e.kinds) {
      w.StartObject();
      w.Key("vendor");
      w.String(k.vendor);
      kind_json(w, k);
      w.EndObject();
    }
    w.EndArray();
  }
  std::vector<std::string> errors = e.errors;
  for (const auto& k : e.kinds) {
    if (!k.template_problem.empty()) errors.push_back(k.template_problem);
  }
  strings(w, "errors", errors);
  strings(w, "warnings", e.warnings);
  w.EndObject();
}

std::string to_json(const std::vector<DiscoveredEnvironment>& found) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.SetIndent(' ', 2);
  w.SetFormatOptions(rapidjson::kFormatSingleLineArray);
  w.StartObject();
  w.Key("format_version");
  w.String(kJsonFormatVersion);
  w.Key("environments");
  w.StartArray();
  for (const auto& e : found) environment_json(w, e);
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace

int run_discover(const RunOptions& options, const Environment& env, CliStreams streams) {
  LoadResult loaded = load_checked_config(options.config_path, env);
  if (report_diagnostics(loaded.diagnostics, streams) || !loaded.config) return kExitError;
  if (auto files = check_secret_files(*loaded.config, env); !files) {
    streams.err << "Error: " << files.error().message << "\n";
    return kExitError;
  }
  CurlTransport curl(transport_options(options));
  RetryingTransport retrying(curl, RetryPolicy{});
  frontegg::FronteggProvider connectors(retrying, *loaded.config->part<frontegg::FronteggConfig>(), env);
  const auto found = connectors.discover();
  bool failed = false;
  for (const auto& e : found) {
    failed = failed || !e.errors.empty() || std::ranges::any_of(e.kinds, [](const DiscoveredKind& k) {
               return !k.template_problem.empty();
             });
    if (options.format == OutputFormat::kJson) continue;
    for (const auto& line : e.errors) streams.err << "Error: " << terminal_safe(line) << "\n";
    for (const auto& line : e.warnings)
      streams.err << "Warning: environment " << terminal_safe(e.name) << ": " << terminal_safe(line) << "\n";
  }
  if (options.format == OutputFormat::kJson)
    streams.out << to_json(found);
  else
    print_text(found, streams.out);
  return failed ? kExitError : kExitOk;
}

}  // namespace linkform
