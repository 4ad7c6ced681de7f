#pragma once
// Frontegg data as linkform sees it, and the parsers for Frontegg replies (README, vendor assumptions,
// from Frontegg's OpenAPI files). Parsers take untrusted bodies: unknown fields are ignored, a missing
// required field or a wrong type is a kParse Error naming the field; no input crashes them.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/secret.h"

namespace linkform::frontegg {

struct Application {
  std::string id;
  std::string name;
};

// An integration template (IntegrationTemplateResponseDto).
struct Template {
  std::string id;
  std::string integration_id;  // the code host's integration name, e.g. the kind's template_id; may be empty
  std::string name;
  // Every API id the template offers: the ids of `apis` ({group: {key: {id, name, description}}}, the key
  // when an entry has no id) followed by any extra names in `apiNames`; no duplicates, in reply order.
  std::vector<std::string> api_names;
  // The keys of `config`, and of each object directly under it as "key.sub" (for linkform discover).
  std::vector<std::string> config_keys;

  // True when integration_id or id equals template_id (README, vendor assumptions: match by integrationId or
  // id).
  [[nodiscard]] bool matches(std::string_view template_id) const {
    return integration_id == template_id || id == template_id;
  }
};

// A connector's configuration as Frontegg returns it; the client secret is write-only, so only whether
// the reply carried a (masked) value is kept.
struct ConnectorSettings {
  std::string client_id;
  bool client_secret_present = false;
  std::string base_url;
  std::map<std::string, std::string> custom_configuration;  // string values only; others are skipped
  std::vector<std::string> scopes;
  std::string type;
  // Every key the reply's configuration object and its customConfiguration hold, whatever their values
  // (for linkform discover; never the values).
  std::vector<std::string> keys;
  std::vector<std::string> custom_keys;
};

// A connector (CustomIntegrationResponseDto).
struct RemoteConnector {
  std::string id;
  std::string app_id;
  std::string integration_template_id;
  std::string slug;  // empty when the reply has none
  std::string name;
  std::string description;
  bool is_active = false;
  std::map<std::string, bool> enabled_apis;
  std::optional<ConnectorSettings> configuration;  // when the reply includes it
};

// POST /auth/vendor: requires "token"; "expiresIn" (seconds) is optional.
struct VendorToken {
  Secret token;
  std::optional<double> expires_in_seconds;
};
Result<VendorToken> parse_vendor_token(std::string_view body);

// Arrays of applications (id and name required), templates (id required), connectors (id, appId,
// integrationTemplateId, name and isActive required).
Result<std::vector<Application>> parse_applications(std::string_view body);
Result<std::vector<Template>> parse_templates(std::string_view body);
Result<std::vector<RemoteConnector>> parse_connectors(std::string_view body);
Result<RemoteConnector> parse_connector(std::string_view body);
// GET .../v1/{id}: the configuration alone (clientId required).
Result<ConnectorSettings> parse_connector_settings(std::string_view body);

// The human part of a Frontegg error reply: {"errors":[...]} joined with "; ", or
// {"message":..., "errorCode":"ER-..."} as "message (ER-...)", else a short excerpt of the body.
// Not redacted: the caller redacts.
std::string vendor_message(std::string_view body);

}  // namespace linkform::frontegg
