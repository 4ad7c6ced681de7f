#include "providers/frontegg/config_part.h"

#include <algorithm>

#include "core/config_check.h"
#include "core/url.h"
#include "providers/frontegg/connector_plan.h"
#include "providers/frontegg/regions.h"

namespace linkform::frontegg {

void FronteggConfig::read(ConfigTable& root, const ConfigContext& context) {
  kinds = context.kinds;
  read_environments(root, context.base_dir, *this);
  read_connectors(root, *this);
  fill_defaults(*this);
}

void FronteggConfig::apply_environment(const Environment& env, Diagnostics& diags) {
  apply_environment_overrides(*this, env, diags);
}

void FronteggConfig::check(Diagnostics& diags) const {
  check_environments(*this, diags);
  for (const auto& connector : connectors) check_connector(connector, *this, diags);
  check_duplicate_connectors(*this, diags);
}

void FronteggConfig::check_vocabulary(Diagnostics& diags) { check_regions(*this, diags); }

std::vector<ClientUse> FronteggConfig::client_uses() {
  std::vector<ClientUse> out;
  for (auto& c : connectors) {
    ClientUse use;
    use.user_address = connector_address(c);
    use.user = "connector \"" + c.id + "\"";
    use.client = client_address(c);
    use.kind = c.kind;
    use.reference_where = key_or(c.keys, c.kind->reference_key, c.where);
    use.present = c.ensure == Ensure::kPresent;
    use.context = c.environment;
    use.scopes = c.scopes ? &*c.scopes : nullptr;
    use.target = c.kind->target_key.empty() ? nullptr : &c.target;
    out.push_back(std::move(use));
  }
  return out;
}

std::vector<ClientContext> FronteggConfig::client_contexts() const {
  std::vector<ClientContext> out;
  for (const auto& env : environments) {
    out.push_back({env.name, environment_display(*this, env), env.gateway,
                   env.gateway.empty() ? std::string() : gateway_callback(env.gateway)});
  }
  return out;
}

std::string FronteggConfig::gateway_hint() const {
  return "a gateway for the Frontegg environment of its connectors (gateway = \"https://...\" in [frontegg], "
         "the MCP Gateway URL of the portal's Settings): its callback URL is <gateway>/integration-callback";
}

namespace {

// Frontegg's hosted gateways (README, vendor assumptions).
constexpr std::string_view kGatewaySuffix = ".mcp-gw.frontegg.com";

std::vector<std::string> frontegg_hosts() {
  std::vector<std::string> out;
  for (const auto& region : region_names()) {
    if (auto url = parse_url(*region_base_url(region))) out.push_back(url->host);
  }
  return out;
}

Endpoint endpoint_of(const std::string& url, const FronteggEnvironment& env, const std::string& key,
                     std::string what, std::string owner, std::vector<std::string> vendor_hosts) {
  Endpoint e = endpoint_at(url, env.keys, key, env.where);
  e.what = std::move(what);
  e.owner = std::move(owner);
  e.vendor_hosts = std::move(vendor_hosts);
  return e;
}

}  // namespace

std::vector<Endpoint> FronteggConfig::endpoints() const {
  std::vector<Endpoint> out;
  for (const auto& env : environments) {
    const std::string display = environment_display(*this, env);
    out.push_back(endpoint_of(env.base_url, env, env.keys.contains("base_url") ? "base_url" : "region",
                              "base_url of " + display, "Frontegg", frontegg_hosts()));
    if (env.gateway.empty()) continue;
    Endpoint gateway = endpoint_of(env.gateway, env, "gateway", "gateway of " + display,
                                   "a Frontegg MCP gateway", {"*" + std::string(kGatewaySuffix)});
    gateway.vendor_suffix = kGatewaySuffix;
    gateway.sends_credentials = false;
    out.push_back(std::move(gateway));
  }
  return out;
}

std::vector<DeclaredCredential> FronteggConfig::credentials() {
  std::vector<DeclaredCredential> out;
  for (auto& env : environments) {
    const std::string display = environment_display(*this, env);
    const std::string named = "environment \"" + env.name + "\"";
    out.push_back({&env.client_id, "client_id of " + display, "client_id of " + named, false});
    out.push_back({&env.secret, "secret of " + display, "secret of " + named, true});
  }
  return out;
}

std::vector<std::pair<Address, int>> FronteggConfig::declared() const {
  std::vector<std::pair<Address, int>> out;
  for (const auto& c : connectors) out.emplace_back(connector_address(c), c.where.line);
  return out;
}

std::vector<ResourceCount> FronteggConfig::counts() const {
  return {{"connectors", "connector", connectors.size()},
          {"frontegg_environments", "Frontegg environment", environments.size()}};
}

bool FronteggConfig::may_plan_undeclared(const std::string& type) const {
  return type == "frontegg_connector" &&
         std::ranges::any_of(environments, [](const FronteggEnvironment& e) { return e.prune; });
}

}  // namespace linkform::frontegg
