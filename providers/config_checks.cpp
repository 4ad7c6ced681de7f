// The checks that span the parts of the configuration (providers/config.h), through core/config_part.h only:
// a connector's OAuth client, the callback its gateway sends, its scopes against the client's, and the
// endpoint policy over every service URL.

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/config_check.h"
#include "core/http.h"
#include "core/suggest.h"
#include "core/url.h"
#include "providers/config.h"

namespace linkform {

namespace {

std::vector<ClientContext> contexts_of(const Config& config) {
  std::vector<ClientContext> out;
  for (const auto& part : config.parts) {
    for (auto& context : part->client_contexts()) out.push_back(std::move(context));
  }
  return out;
}

const DeclaredClient* find_client(const std::vector<DeclaredClient>& clients, const Address& address) {
  const auto it = std::ranges::find(clients, address, &DeclaredClient::address);
  return it == clients.end() ? nullptr : &*it;
}

std::vector<std::string> names_of_clients(const std::vector<DeclaredClient>& clients,
                                          const std::string& type) {
  std::vector<std::string> out;
  for (const auto& c : clients) {
    if (c.address.type == type) out.push_back(c.address.name);
  }
  return out;
}

// The connector's client is declared and not retired.
void check_use(const ClientUse& use, const std::vector<DeclaredClient>& clients, Diagnostics& diags) {
  if (!use.present || use.client.name.empty()) return;
  const std::string& noun = use.kind->client_noun;
  const DeclaredClient* client = find_client(clients, use.client);
  if (client == nullptr) {
    diags.error(use.reference_where,
                use.user + " names " + noun + " \"" + use.client.name + "\", which is not declared" +
                    did_you_mean(use.client.name, names_of_clients(clients, use.client.type)));
  } else if (client->retired) {
    diags.error(use.reference_where,
                use.user + " names " + noun + " \"" + use.client.name +
                    "\", which is retired (retired = true): point the connector at the " + noun +
                    " that replaces it");
  }
}

// The contexts of the connectors that use a client: context name -> context. A client no connector uses
// (yet, or any more) is judged against every context.
std::map<std::string, ClientContext> contexts_using(const DeclaredClient& client,
                                                    const std::vector<ClientUse>& uses,
                                                    const std::vector<ClientContext>& contexts) {
  std::map<std::string, ClientContext> out;
  for (const auto& use : uses) {
    if (!use.present || use.client != client.address) continue;
    const auto it = std::ranges::find(contexts, use.context, &ClientContext::name);
    if (it != contexts.end()) out.emplace(it->name, *it);
  }
  if (out.empty()) {
    for (const auto& c : contexts) out.emplace(c.name, c);
  }
  return out;
}

void check_client_gateway(const DeclaredClient& client, ConfigPart& part, const std::vector<ClientUse>& uses,
                          const std::vector<ClientContext>& contexts, const std::string& hint,
                          Diagnostics& diags) {
  std::map<std::string, const ClientContext*> known;  // gateway -> the first context that has it
  std::string listing;
  const auto using_it = contexts_using(client, uses, contexts);
  for (const auto& [name, context] : using_it) {
    if (context.gateway.empty() || known.contains(context.gateway)) continue;
    known.emplace(context.gateway, &context);
    listing += (listing.empty() ? "" : " and ") + context.label + " (" + context.gateway + ")";
  }
  const bool used =
      std::ranges::any_of(uses, [&](const ClientUse& u) { return u.present && u.client == client.address; });
  if (known.size() > 1 && !used) known.clear();  // not used: no gateway it must work with
  if (known.size() > 1) {
    const std::string& noun = client.kind->client_noun;
    diags.error(client.where, client.display +
                                  " is used by connectors in environments with different gateways: " +
                                  listing + ". A " + noun +
                                  " has one callback URL, so the connectors of all but one of them could "
                                  "never complete an OAuth flow; declare one " +
                                  noun + " per gateway");
    return;
  }
  if (known.size() == 1) {
    const ClientContext& context = *known.begin()->second;
    part.check_callback(client.address, context.callback, context.label, hint, diags);
    return;
  }
  part.check_callback(client.address, "", "", hint, diags);
}

// A connector's own scopes: names of its client's vocabulary, and among what its client declares.
void check_use_scopes(const ClientUse& use, const std::vector<DeclaredClient>& clients,
                      const std::string& destination, Diagnostics& diags) {
  if (use.scopes == nullptr) return;
  const ConnectorKind& kind = *use.kind;
  if (kind.check_scopes) kind.check_scopes(*use.scopes, destination, diags);
  const DeclaredClient* client = find_client(clients, use.client);
  if (client == nullptr || !kind.implied_scopes) return;
  const auto granted = kind.implied_scopes(client->scopes);
  std::vector<std::string> known_names;
  for (const auto& s : *use.scopes) {
    // A scope that grants nothing has its own warning (check_scopes); an unknown one its error.
    const bool grants_nothing = kind.grants_nothing && kind.grants_nothing(s.value);
    if (granted.contains(s.value) || grants_nothing || !kind.is_scope || !kind.is_scope(s.value)) continue;
    diags.warning(s.where, "scope \"" + s.value + "\" of " + use.user + " is not among the " +
                               kind.scopes_noun + " of " + client->display + "; " + kind.vendor +
                               " will not grant it");
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
  std::vector<Endpoint> endpoints;
  for (const auto& part : config.parts) {
    for (auto& e : part->endpoints()) endpoints.push_back(std::move(e));
  }
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
  const std::vector<DeclaredClient> clients = config.clients();
  const std::vector<ClientUse> uses = config.client_uses();
  std::set<Address> used;
  for (const auto& use : uses) {
    check_use(use, clients, diags);
    used.insert(use.client);
  }
  // With a broken reference, "unused" would only be a symptom of it.
  const bool dangling = std::ranges::any_of(
      uses, [&](const ClientUse& use) { return use.present && find_client(clients, use.client) == nullptr; });
  for (const auto& client : clients) {
    if (!dangling && !client.retired && !used.contains(client.address))
      diags.warning(client.where, client.display + " is not used by any connector");
  }
}

void derive_callbacks(Config& config, Diagnostics& diags) {
  const std::vector<ClientUse> uses = config.client_uses();
  const std::vector<ClientContext> contexts = contexts_of(config);
  std::string hint;
  for (const auto& part : config.parts) {
    if (hint.empty()) hint = part->gateway_hint();
  }
  for (const auto& part : config.parts) {
    for (const DeclaredClient& client : part->clients()) {
      if (!client.retired) check_client_gateway(client, *part, uses, contexts, hint, diags);
    }
  }
}

void check_vendor_rules(Config& config, Diagnostics& diags, const Environment& env) {
  const std::vector<DeclaredClient> clients = config.clients();
  for (const auto& part : config.parts) {
    part->check_vocabulary(diags);
    if (!part->uses_clients()) continue;
    for (const ClientUse& use : part->client_uses())
      check_use_scopes(use, clients, part->display_name(), diags);
  }
  check_endpoints(config, env, diags);
}

}  // namespace linkform
