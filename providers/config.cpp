#include "providers/config.h"

#include <algorithm>
#include <filesystem>

#include "core/config_check.h"
#include "core/config_reader.h"
#include "core/file_read.h"
#include "providers/registry.h"

namespace linkform {

namespace {

// What every part reads with: the kinds of OAuth client the parts declare, and who uses them.
ConfigContext context_of(const Config& config) {
  ConfigContext context;
  context.base_dir = std::filesystem::path(config.path).parent_path();
  for (const auto& part : config.parts) {
    for (const ConnectorKind* kind : part->connector_kinds()) context.kinds.push_back(kind);
    if (part->uses_clients())
      context.connector_system += (context.connector_system.empty() ? "" : " and ") + part->display_name();
  }
  return context;
}

// A connector that names no target uses its client kind's default (after the checks: one written empty is
// reported as written).
void fill_targets(Config& config) {
  for (const ClientUse& use : config.client_uses()) {
    if (use.target != nullptr && use.target->empty()) *use.target = config.default_target(use.client.type);
  }
}

}  // namespace

std::vector<DeclaredClient> Config::clients() const {
  std::vector<DeclaredClient> out;
  for (const auto& part : parts) {
    for (auto& c : part->clients()) out.push_back(std::move(c));
  }
  return out;
}

std::string Config::default_target(const std::string& client_type) const {
  for (const auto& part : parts) {
    if (auto target = part->default_target(client_type)) return *target;
  }
  return {};
}

std::vector<ClientUse> Config::client_uses() const {
  std::vector<ClientUse> out;
  for (const auto& part : parts) {
    for (auto& use : part->client_uses()) out.push_back(std::move(use));
  }
  return out;
}

std::size_t Config::environment_count() const {
  std::size_t n = 0;
  for (const auto& part : parts) n += part->environment_count();
  return n;
}

LoadResult load_config_text(const std::string& text, const std::string& path, const Environment& env) {
  LoadResult result;
  auto root = parse_config_table(text, path, result.diagnostics);
  if (!root) return result;
  Config config;
  config.path = path;
  for (const ProviderModule& module : provider_modules()) config.parts.push_back(module.new_config());
  const ConfigContext context = context_of(config);
  std::vector<std::string> tables;
  for (const auto& part : config.parts) {
    part->read(*root, context);
    for (auto& t : part->table_names()) tables.push_back(std::move(t));
  }
  root->finish(tables);
  for (const auto& part : config.parts) part->apply_environment(env, result.diagnostics);
  for (const auto& part : config.parts) part->check(result.diagnostics);
  check_references(config, result.diagnostics);
  derive_callbacks(config, result.diagnostics);
  fill_targets(config);
  check_secret_sources(config, env, result.diagnostics);
  result.config = std::move(config);
  return result;
}

std::map<Address, int> declared_lines(const Config& config) {
  std::map<Address, int> lines;
  for (const auto& part : config.parts) {
    for (const auto& [address, line] : part->declared()) lines[address] = line;
  }
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
  for (const auto& part : config.parts) {
    for (const DeclaredCredential& c : part->credentials())
      check.check(*c.source, c.what, c.is_secret, diags);
  }
}

Selection select_targets(const Config& config, const std::vector<std::string>& targets) {
  if (targets.empty()) return {};
  std::vector<Address> chosen;
  const auto choose = [&](const Address& a) {
    if (std::ranges::find(chosen, a) == chosen.end()) chosen.push_back(a);
  };
  for (const auto& t : targets) {
    const auto wanted = Address::parse(t);
    if (!wanted) continue;  // check_targets has said why
    // Matched as the plan matches them (Selection::contains): "type.name" names it in every environment.
    const Selection named = Selection::of({*wanted});
    bool declared = false;
    for (const auto& [address, line] : declared_lines(config)) {
      if (!named.contains(address)) continue;
      choose(address);
      declared = true;
    }
    if (!declared) choose(*wanted);
  }
  const std::vector<ClientUse> uses = config.client_uses();
  for (std::size_t before = 0; before != chosen.size();) {
    before = chosen.size();
    for (const auto& use : uses) {
      if (std::ranges::find(chosen, use.user_address) != chosen.end() && !use.client.name.empty())
        choose(use.client);
    }
  }
  return Selection::of(std::move(chosen));
}

Status check_secret_files(const Config& config, const Environment& env) {
  std::string problems;
  for (const auto& part : config.parts) {
    for (const DeclaredCredential& c : part->credentials())
      check_secret_file_readable(*c.source, c.file_what, env, problems);
  }
  if (problems.empty()) return {};
  return fail(Error::io(problems + "\nNothing was sent."));
}

}  // namespace linkform
