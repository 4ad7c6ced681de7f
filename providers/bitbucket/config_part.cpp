#include "providers/bitbucket/config_part.h"

#include <algorithm>

#include "core/config_check.h"
#include "providers/bitbucket/connector_kind.h"
#include "providers/bitbucket/consumer_plan.h"

namespace linkform::bitbucket {

std::vector<const ConnectorKind*> BitbucketConfig::connector_kinds() const { return {&connector_kind()}; }

void BitbucketConfig::read(ConfigTable& root, const ConfigContext& context) {
  bitbucket.connector_system = context.connector_system;
  read_consumers(root, context.base_dir, *this);
  read_settings(root, *this);
}

void BitbucketConfig::apply_environment(const Environment& env, Diagnostics& diags) {
  apply_environment_overrides(*this, env, diags);
}

void BitbucketConfig::check(Diagnostics& diags) const {
  check_settings(*this, diags);
  check_consumers(*this, diags);
}

void BitbucketConfig::check_vocabulary(Diagnostics& diags) { check_permission_names(*this, diags); }

std::vector<DeclaredClient> BitbucketConfig::clients() const {
  std::vector<DeclaredClient> out;
  for (const auto& c : consumers) {
    DeclaredClient d;
    d.address = consumer_address(c);
    d.kind = &connector_kind();
    d.display = "consumer \"" + c.id + "\"";
    d.where = c.where;
    d.retired = c.retired;
    for (const auto& p : c.permissions) d.scopes.push_back(p.value);
    d.id = c.key;
    out.push_back(std::move(d));
  }
  return out;
}

std::optional<std::string> BitbucketConfig::default_target(const std::string& client_type) const {
  if (client_type != connector_kind().client_type) return std::nullopt;
  return bitbucket.workspace;
}

void BitbucketConfig::check_callback(const Address& client, const std::string& expected,
                                     const std::string& label, const std::string& hint, Diagnostics& diags) {
  const auto it = std::ranges::find(consumers, client.name, &Consumer::id);
  if (it == consumers.end()) return;
  Consumer& consumer = *it;
  const std::string display = "consumer \"" + consumer.id + "\"";
  if (expected.empty()) {
    if (consumer.callback_url.empty() && !consumer.keys.contains("callback_url"))
      diags.error(consumer.where, display + " needs callback_url, or " + hint);
    return;
  }
  if (consumer.callback_url.empty()) {
    consumer.callback_url = expected;
    consumer.callback_derived = true;
    return;
  }
  const SourceLocation& where = key_or(consumer.keys, "callback_url", consumer.where);
  if (consumer.callback_url == expected) return;
  if (expected.starts_with(consumer.callback_url)) {
    diags.warning(where, "callback_url of " + display + " (\"" + consumer.callback_url +
                             "\") is a prefix of the gateway's callback \"" + expected + "\" (" + label +
                             "): Bitbucket would send authorization codes to any URL under it, which is "
                             "broader than needed. Set callback_url = \"" +
                             expected + "\", or remove it: it is derived from the gateway");
    return;
  }
  diags.error(where, "callback_url of " + display + " is \"" + consumer.callback_url +
                         "\", but the gateway of " + label + " sends redirect_uri \"" + expected +
                         "\", and Bitbucket accepts only a redirect_uri that starts with the consumer's "
                         "callback URL (it would answer \"Invalid redirect_uri\"). Set callback_url = \"" +
                         expected + "\", or remove it: it is derived from the gateway");
}

namespace {

Endpoint endpoint_of(const std::string& url, const BitbucketSettings& bb, const std::string& key,
                     std::string host) {
  Endpoint e = endpoint_at(url, bb.keys, key, bb.where);
  e.what = key + " of [bitbucket]";
  e.owner = "Bitbucket";
  e.vendor_hosts = {std::move(host)};
  return e;
}

}  // namespace

std::vector<Endpoint> BitbucketConfig::endpoints() const {
  // A configuration that declares nothing of Bitbucket sends nothing there: its default hosts are no
  // endpoint to mix with another's.
  if (bitbucket.where.line == 0 && consumers.empty()) return {};
  return {endpoint_of(bitbucket.api_url, bitbucket, "api_url", "api.bitbucket.org"),
          endpoint_of(bitbucket.oauth_url, bitbucket, "oauth_url", "bitbucket.org")};
}

std::vector<DeclaredCredential> BitbucketConfig::credentials() {
  std::vector<DeclaredCredential> out;
  for (auto& c : consumers) {
    const std::string address = consumer_address(c).str();
    out.push_back({&c.key, "key of consumer \"" + c.id + "\"", address + " key", false});
    out.push_back({&c.secret, "secret of consumer \"" + c.id + "\"", address + " secret", true});
  }
  return out;
}

std::vector<std::pair<Address, int>> BitbucketConfig::declared() const {
  std::vector<std::pair<Address, int>> out;
  for (const auto& c : consumers) out.emplace_back(consumer_address(c), c.where.line);
  return out;
}

std::vector<ResourceCount> BitbucketConfig::counts() const {
  return {{"consumers", "consumer", consumers.size()}};
}

}  // namespace linkform::bitbucket
