// The checks that need both vendors' sections: a connector's consumer, workspace and scopes, and the
// endpoint policy over every service URL.

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/config_check.h"
#include "core/http.h"
#include "core/suggest.h"
#include "core/url.h"
#include "providers/bitbucket/permissions.h"
#include "providers/config.h"
#include "providers/frontegg/regions.h"

namespace linkform {

namespace {

std::vector<std::string> names_of_consumers(const Config& config) {
  std::vector<std::string> out;
  for (const auto& c : config.consumers) out.push_back(c.id);
  return out;
}

// The connector's consumer is declared; the workspace it names is a slug.
void check_connector_references(const Connector& c, const Config& config, Diagnostics& diags) {
  const std::string display = "connector \"" + c.id + "\"";
  if (c.keys.contains(c.kind->target_key)) {
    if (const std::string problem = c.kind->target_problem(c.target); !problem.empty())
      diags.error(c.keys.at(c.kind->target_key), problem + " (in " + display + ")");
  }
  if (c.ensure != Ensure::kPresent || c.client.empty()) return;
  const Consumer* consumer = config.find_consumer(c.client);
  if (consumer == nullptr) {
    diags.error(key_or(c.keys, "consumer", c.where), display + " names consumer \"" + c.client +
                                                         "\", which is not declared" +
                                                         did_you_mean(c.client, names_of_consumers(config)));
  } else if (consumer->retired) {
    diags.error(key_or(c.keys, "consumer", c.where),
                display + " names consumer \"" + c.client +
                    "\", which is retired (retired = true): point the connector at the consumer that "
                    "replaces it");
  }
}

// The gateways of the environments whose connectors use a consumer: environment name -> gateway (empty
// when that environment declares none).
// A consumer no connector uses (yet, or any more) is judged against every environment.
std::map<std::string, std::string> gateways_of(const Consumer& consumer, const Config& config) {
  std::map<std::string, std::string> out;
  for (const auto& c : config.connectors) {
    if (c.ensure != Ensure::kPresent || c.client != consumer.id) continue;
    if (const FronteggEnvironment* env = config.find_environment(c.environment))
      out.emplace(env->name, env->gateway);
  }
  if (out.empty()) {
    for (const auto& env : config.environments) out.emplace(env.name, env.gateway);
  }
  return out;
}

std::string environment_label(const Config& config, const std::string& name) {
  const FronteggEnvironment* env = config.find_environment(name);
  return env == nullptr ? name : frontegg::environment_display(config, *env);
}

// README, vendor assumptions: Bitbucket accepts an authorization request's redirect_uri only when it starts
// with the consumer's callback URL, and the gateway sends <gateway>/integration-callback.
void check_callback_against(Consumer& consumer, const std::string& gateway, const std::string& env_label,
                            Diagnostics& diags) {
  const std::string expected = gateway_callback(gateway);
  const std::string display = "consumer \"" + consumer.id + "\"";
  if (consumer.callback_url.empty()) {
    consumer.callback_url = expected;
    consumer.callback_derived = true;
    return;
  }
  const SourceLocation& where = key_or(consumer.keys, "callback_url", consumer.where);
  if (consumer.callback_url == expected) return;
  if (expected.starts_with(consumer.callback_url)) {
    diags.warning(where, "callback_url of " + display + " (\"" + consumer.callback_url +
                             "\") is a prefix of the gateway's callback \"" + expected + "\" (" + env_label +
                             "): Bitbucket would send authorization codes to any URL under it, which is "
                             "broader than needed. Set callback_url = \"" +
                             expected + "\", or remove it: it is derived from the gateway");
    return;
  }
  diags.error(where, "callback_url of " + display + " is \"" + consumer.callback_url +
                         "\", but the gateway of " + env_label + " sends redirect_uri \"" + expected +
                         "\", and Bitbucket accepts only a redirect_uri that starts with the consumer's "
                         "callback URL (it would answer \"Invalid redirect_uri\"). Set callback_url = \"" +
                         expected + "\", or remove it: it is derived from the gateway");
}

void check_consumer_gateway(Consumer& consumer, const Config& config, Diagnostics& diags) {
  const std::string display = "consumer \"" + consumer.id + "\"";
  std::map<std::string, std::string> known;  // gateway -> the first environment that has it
  std::string listing;
  for (const auto& [env, gateway] : gateways_of(consumer, config)) {
    if (gateway.empty() || known.contains(gateway)) continue;
    known.emplace(gateway, env);
    listing += (listing.empty() ? "" : " and ") + environment_label(config, env) + " (" + gateway + ")";
  }
  const bool used = std::ranges::any_of(config.connectors, [&](const Connector& c) {
    return c.ensure == Ensure::kPresent && c.client == consumer.id;
  });
  if (known.size() > 1 && !used) known.clear();  // not used: no gateway it must work with
  if (known.size() > 1) {
    diags.error(consumer.where,
                display + " is used by connectors in environments with different gateways: " + listing +
                    ". A consumer has one callback URL, so the connectors of all but one of them could "
                    "never complete an OAuth flow; declare one consumer per gateway");
    return;
  }
  if (known.size() == 1) {
    check_callback_against(consumer, known.begin()->first, environment_label(config, known.begin()->second),
                           diags);
    return;
  }
  if (consumer.callback_url.empty() && !consumer.keys.contains("callback_url")) {
    diags.error(consumer.where,
                display +
                    " needs callback_url, or a gateway for the Frontegg environment of its connectors "
                    "(gateway = \"https://...\" in [frontegg], the MCP Gateway URL of the portal's "
                    "Settings): its callback URL is <gateway>/integration-callback");
  }
}

std::vector<std::string> values(const std::vector<LocatedString>& list) {
  std::vector<std::string> out;
  for (const auto& s : list) out.push_back(s.value);
  return out;
}

void check_connector_scopes(const Connector& c, const Config& config, Diagnostics& diags) {
  if (!c.scopes) return;
  c.kind->check_scopes(*c.scopes, "Frontegg", diags);
  const Consumer* consumer = config.find_consumer(c.client);
  if (consumer == nullptr) return;
  const auto granted = bitbucket::close_permissions(values(consumer->permissions));
  for (const auto& s : *c.scopes) {
    // A retired scope has its own warning (check_permission_list).
    if (bitbucket::find_permission(s.value) != nullptr && !granted.contains(s.value) &&
        !bitbucket::is_retired(s.value)) {
      diags.warning(s.where, "scope \"" + s.value + "\" of connector \"" + c.id +
                                 "\" is not among the permissions of consumer \"" + consumer->id +
                                 "\"; Bitbucket will not grant it");
    }
  }
}

std::vector<std::string> allowed_hosts(const Environment& env) {
  std::vector<std::string> out;
  const std::string list = env.get(kAllowHostsVariable).value_or("");
  std::size_t start = 0;
  while (start <= list.size()) {
    const auto comma = list.find(',', start);
    std::string host = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    std::erase_if(host, [](unsigned char c) { return std::isspace(c); });
    std::ranges::transform(host, host.begin(), [](unsigned char c) { return std::tolower(c); });
    if (!host.empty()) out.push_back(host);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// One service URL a credential is sent to, and where it was written.
struct Endpoint {
  std::string url;
  SourceLocation where;
  bool from_file = true;  // false: an environment override, which is set from outside the file
  std::string what;       // "base_url of [frontegg]"
  std::string owner;      // "Frontegg" or "Bitbucket"
  std::vector<std::string> vendor_hosts;
  std::string vendor_suffix = {};  // any host under it is the vendor's too, e.g. ".mcp-gw.frontegg.com"
  bool sends_credentials = true;   // false: the gateway, read without any (not part of the mix rule)
};

// Frontegg's hosted gateways (README, vendor assumptions).
constexpr std::string_view kGatewaySuffix = ".mcp-gw.frontegg.com";

std::vector<std::string> frontegg_hosts() {
  std::vector<std::string> out;
  for (const auto& region : frontegg::region_names()) {
    if (auto url = parse_url(*frontegg::region_base_url(region))) out.push_back(url->host);
  }
  return out;
}

Endpoint endpoint_of(const std::string& url, const KeyLocations& keys, const std::string& key,
                     const SourceLocation& fallback, std::string what, std::string owner,
                     std::vector<std::string> vendor_hosts) {
  const auto it = keys.find(key);
  const bool from_file = it == keys.end() || it->second.line > 0;
  return {url,
          it == keys.end() ? fallback : it->second,
          from_file,
          std::move(what),
          std::move(owner),
          std::move(vendor_hosts)};
}

std::vector<Endpoint> endpoints_of(const Config& config) {
  const BitbucketSettings& bb = config.bitbucket;
  std::vector<Endpoint> out;
  out.push_back(endpoint_of(bb.api_url, bb.keys, "api_url", bb.where, "api_url of [bitbucket]", "Bitbucket",
                            {"api.bitbucket.org"}));
  out.push_back(endpoint_of(bb.oauth_url, bb.keys, "oauth_url", bb.where, "oauth_url of [bitbucket]",
                            "Bitbucket", {"bitbucket.org"}));
  for (const auto& env : config.environments) {
    const std::string display = frontegg::environment_display(config, env);
    out.push_back(endpoint_of(env.base_url, env.keys, env.keys.contains("base_url") ? "base_url" : "region",
                              env.where, "base_url of " + display, "Frontegg", frontegg_hosts()));
    if (env.gateway.empty()) continue;
    Endpoint gateway = endpoint_of(env.gateway, env.keys, "gateway", env.where, "gateway of " + display,
                                   "a Frontegg MCP gateway", {"*" + std::string(kGatewaySuffix)});
    gateway.vendor_suffix = kGatewaySuffix;
    gateway.sends_credentials = false;
    out.push_back(std::move(gateway));
  }
  return out;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

// A credential goes only to the vendors' own hosts or to loopback (README, Security model): any other host
// written in the file needs an allow from outside it, and a run never mixes loopback with real hosts.
void check_endpoints(const Config& config, const Environment& env, Diagnostics& diags) {
  const std::vector<std::string> allowed = allowed_hosts(env);
  const Endpoint* loopback = nullptr;
  const Endpoint* remote = nullptr;
  const std::vector<Endpoint> endpoints = endpoints_of(config);
  for (const auto& e : endpoints) {
    auto url = parse_url(e.url);
    if (!url || !check_service_url(e.url).empty()) continue;  // reported by the URL check
    if (is_loopback_host(url->host)) {
      if (loopback == nullptr && e.sends_credentials) loopback = &e;
      continue;
    }
    if (remote == nullptr && e.sends_credentials) remote = &e;
    const bool known = std::ranges::find(e.vendor_hosts, url->host) != e.vendor_hosts.end() ||
                       (!e.vendor_suffix.empty() && url->host.ends_with(e.vendor_suffix) &&
                        url->host.size() > e.vendor_suffix.size());
    if (known || !e.from_file || std::ranges::find(allowed, url->host) != allowed.end()) continue;
    diags.error(e.where,
                e.what + ": host \"" + url->host + "\" is not " + e.owner + "'s (" + joined(e.vendor_hosts) +
                    ") nor loopback, and linkform " +
                    (e.sends_credentials ? "sends credentials only there." : "reads a gateway only there.") +
                    " If the host is yours (a custom API domain, a gateway), allow it from "
                    "outside the configuration: " +
                    std::string(kAllowHostsVariable) + "=" + url->host +
                    " in the environment that runs linkform (a configuration file cannot allow a host)");
  }
  const auto mixed = env.get(kAllowMixedHostsVariable);
  if (loopback != nullptr && remote != nullptr && !(mixed && *mixed == "1")) {
    diags.error(loopback->where,
                loopback->what + " is loopback (" + loopback->url + ") while " + remote->what + " is not (" +
                    remote->url +
                    "): one run would mix a local stand-in with a real vendor. Point both at "
                    "the same kind of host, or set " +
                    std::string(kAllowMixedHostsVariable) + "=1 in the environment to allow it");
  }
}

}  // namespace

void check_references(const Config& config, Diagnostics& diags) {
  std::set<std::string> used_consumers;
  for (const auto& c : config.connectors) {
    check_connector_references(c, config, diags);
    used_consumers.insert(c.client);
  }
  // With a broken reference, "unused" would only be a symptom of it.
  const bool dangling = std::ranges::any_of(config.connectors, [&](const Connector& c) {
    return c.ensure == Ensure::kPresent && config.find_consumer(c.client) == nullptr;
  });
  for (const auto& consumer : config.consumers) {
    if (!dangling && !consumer.retired && !used_consumers.contains(consumer.id)) {
      diags.warning(consumer.where, "consumer \"" + consumer.id + "\" is not used by any connector");
    }
  }
}

void derive_callbacks(Config& config, Diagnostics& diags) {
  for (auto& consumer : config.consumers) {
    if (!consumer.retired) check_consumer_gateway(consumer, config, diags);
  }
}

void check_vendor_rules(Config& config, Diagnostics& diags, const Environment& env) {
  bitbucket::check_permission_names(config, diags);
  for (const auto& connector : config.connectors) check_connector_scopes(connector, config, diags);
  frontegg::check_regions(config, diags);
  check_endpoints(config, env, diags);
}

}  // namespace linkform
