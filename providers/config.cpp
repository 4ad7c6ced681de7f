#include "providers/config.h"

#include <filesystem>

#include "core/config_check.h"
#include "core/config_reader.h"
#include "core/file_read.h"
#include "providers/bitbucket/connector_kind.h"
#include "providers/bitbucket/consumer_plan.h"
#include "providers/frontegg/connector_plan.h"

namespace linkform {

namespace {

// The root table: each vendor reads its own sections, in the order the diagnostics have always come in.
void read_sections(ConfigTable& root, Config& config) {
  const std::filesystem::path base_dir = std::filesystem::path(config.path).parent_path();
  config.kinds = {&bitbucket::connector_kind()};
  config.bitbucket.connector_system = "Frontegg";
  bitbucket::read_settings(root, config);
  frontegg::read_environments(root, base_dir, config);
  bitbucket::read_consumers(root, base_dir, config);
  frontegg::read_connectors(root, config);
  root.finish({"bitbucket", "frontegg", "consumers", "connectors"});
  frontegg::fill_defaults(config);
}

// A connector that names no workspace uses [bitbucket]'s (after the checks: one written empty is
// reported as written).
void fill_workspaces(Config& config) {
  for (auto& c : config.connectors) {
    if (c.target.empty()) c.target = config.bitbucket.workspace;
  }
}

void check_sections(const Config& config, Diagnostics& diags) {
  bitbucket::check_settings(config, diags);
  frontegg::check_environments(config, diags);
  bitbucket::check_consumers(config, diags);
  for (const auto& connector : config.connectors) frontegg::check_connector(connector, config, diags);
  frontegg::check_duplicate_connectors(config, diags);
  check_references(config, diags);
}

}  // namespace

LoadResult load_config_text(const std::string& text, const std::string& path, const Environment& env) {
  LoadResult result;
  auto root = parse_config_table(text, path, result.diagnostics);
  if (!root) return result;
  Config config;
  config.path = path;
  read_sections(*root, config);
  bitbucket::apply_environment_overrides(config, env, result.diagnostics);
  frontegg::apply_environment_overrides(config, env, result.diagnostics);
  check_sections(config, result.diagnostics);
  derive_callbacks(config, result.diagnostics);
  fill_workspaces(config);
  check_secret_sources(config, env, result.diagnostics);
  result.config = std::move(config);
  return result;
}

std::map<Address, int> declared_lines(const Config& config) {
  std::map<Address, int> lines;
  for (const auto& c : config.consumers) lines[bitbucket::consumer_address(c)] = c.where.line;
  for (const auto& c : config.connectors) lines[frontegg::connector_address(c)] = c.where.line;
  return lines;
}

LoadResult load_config(const std::string& path, const Environment& env) {
  // The configuration may come from a pull request, and may be a symlink: it gets a secret file's rules
  // (a regular file, read without blocking, bounded, under the directory it is named in).
  auto text = read_bounded_file(
      path, {kMaxConfigFileBytes, readable_roots(path, env),
             "the directory it is named in (another needs " + std::string(kAllowSecretFilesVariable) + ")",
             false, false});
  if (!text) {
    LoadResult result;
    result.diagnostics.error({path, 0, 0},
                             text.error().kind == ErrorKind::kNotFound
                                 ? "configuration file not found (use -c FILE to name another)"
                                 : "cannot read the configuration file: " + text.error().message);
    return result;
  }
  LoadResult result = load_config_text(*text, path, env);
  result.text = std::move(*text);
  return result;
}

LoadResult load_checked_config(const std::string& path, const Environment& env) {
  LoadResult result = load_config(path, env);
  if (result.config) check_vendor_rules(*result.config, result.diagnostics, env);
  return result;
}

void check_secret_sources(Config& config, const Environment& env, Diagnostics& diags) {
  const SecretSourceCheck check(config.path, env);
  for (auto& fe : config.environments) {
    const std::string display = frontegg::environment_display(config, fe);
    check.check(fe.client_id, "client_id of " + display, false, diags);
    check.check(fe.secret, "secret of " + display, true, diags);
  }
  for (auto& c : config.consumers) {
    check.check(c.key, "key of consumer \"" + c.id + "\"", false, diags);
    check.check(c.secret, "secret of consumer \"" + c.id + "\"", true, diags);
  }
}

Status check_secret_files(const Config& config, const Environment& env) {
  std::string problems;
  for (const auto& fe : config.environments) {
    check_secret_file_readable(fe.client_id, "client_id of environment \"" + fe.name + "\"", env, problems);
    check_secret_file_readable(fe.secret, "secret of environment \"" + fe.name + "\"", env, problems);
  }
  for (const auto& c : config.consumers) {
    check_secret_file_readable(c.key, "bitbucket_consumer." + c.id + " key", env, problems);
    check_secret_file_readable(c.secret, "bitbucket_consumer." + c.id + " secret", env, problems);
  }
  if (problems.empty()) return {};
  return fail(Error::io(problems + "\nNothing was sent."));
}

}  // namespace linkform
