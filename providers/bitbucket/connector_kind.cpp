#include "providers/bitbucket/connector_kind.h"

#include "core/config_check.h"
#include "core/toml_text.h"
#include "providers/bitbucket/config.h"
#include "providers/bitbucket/permissions.h"

namespace linkform::bitbucket {

namespace {

// [consumers.<name>] for a live connector whose client id no declared consumer has.
std::string consumer_table(const std::string& name, const std::string& connector_name,
                           const std::string& client_id, const std::vector<std::string>& scopes) {
  std::string text = "\n[consumers." + name + "]\n";
  text +=
      "# Bitbucket cannot report a consumer's name or callback URL: check these two against the consumer\n";
  // The key is the OAuth client id: public in every authorize URL, and what a person must look for.
  text += "# whose Key is this connector's client id" +
          (client_id.empty() ? std::string(".") : ", " + client_id + ".") + "\n";
  text += "name = " + toml_string(connector_name) + "\n";
  text += "callback_url = \"https://example.invalid/set-the-callback-url\"\n";
  text += "permissions = " + toml_list(scopes.empty() ? std::vector<std::string>{"account"} : scopes) + "\n";
  text += "key = { env = \"" + suggested_variable("BITBUCKET", name, "KEY") + "\" }\n";
  text += "secret = { env = \"" + suggested_variable("BITBUCKET", name, "SECRET") + "\" }\n";
  return text;
}

ConnectorKind make_kind() {
  ConnectorKind k;
  k.client_type = "bitbucket_consumer";
  k.reference_key = "consumer";
  k.client_noun = "consumer";
  k.vendor = "Bitbucket";
  k.default_name = "Bitbucket";
  k.template_id = "bitbucket";
  k.template_name = "Bitbucket";
  k.target_key = "workspace";
  // The connector platform's environment keys for its two unconfirmed mappings (README, vendor assumptions).
  k.template_setting = "template";
  k.target_key_setting = "workspace_key";
  k.target_problem = &workspace_slug_problem;
  k.check_scopes = [](const std::vector<LocatedString>& scopes, const std::string& destination,
                      Diagnostics& diags) { check_permission_list(scopes, diags, destination, true); };
  k.scopes_noun = "permissions";
  k.is_scope = [](const std::string& scope) { return find_permission(scope) != nullptr; };
  k.implied_scopes = &close_permissions;
  k.grants_nothing = [](const std::string& scope) { return is_retired(scope); };
  k.default_scopes = &without_retired;
  k.api_enabled_by_default = [](const std::string& api) { return retired_permission_for_api(api).empty(); };
  k.client_table = &consumer_table;
  return k;
}

}  // namespace

const ConnectorKind& connector_kind() {
  static const ConnectorKind kind = make_kind();
  return kind;
}

}  // namespace linkform::bitbucket
