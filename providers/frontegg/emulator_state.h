#pragma once
// The Frontegg half of the emulator's state: environments with their vendor
// credentials, applications, integration templates and connectors (the
// custom-integrations of app-integrations.json). This is the "frontegg"
// section of the emulator's seed and state file (providers/emulator/state.h):
//
//   {"environments": [{"name": "dev", "client_id": "dev-client-id", "secret": "dev-secret",
//                      "vendor_id": "...",                                     optional
//                      "applications": [{"id": "...", "name": "Agen for Work"}], id optional
//                      "templates": [<IntegrationTemplateResponseDto>],  absent: the offered ones
//                      "connectors": [<connector object incl. configuration.clientSecret>]}]}
//
// A connector object has the fields of the connector replies (id, vendorId, appId, integrationTemplateId,
// slug, name, description, isActive, enabledApis, authType, isDevCredsEnabled, configuration {clientId,
// clientSecret, customConfiguration, scopes, baseUrl, type}, createdAt, updatedAt); appId,
// integrationTemplateId, slug, name, configuration.clientId and configuration.clientSecret are required.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "providers/emulator/common/json.h"

namespace linkform::frontegg {

struct EmulatedApplication {
  std::string id;
  std::string name;
};

// An IntegrationTemplateResponseDto, kept as the JSON text it is served as.
struct EmulatedTemplate {
  std::string id;
  std::string integration_id;
  std::string json;
  std::vector<std::string> api_ids;  // the "id" of every API under "apis", in order
};

struct EmulatedConnector {
  std::string id;
  std::string vendor_id;
  std::string app_id;
  std::string integration_template_id;  // as the client sent it: a template's id or integrationId
  std::string slug;
  std::string name;
  std::string description;
  bool is_active = true;
  std::vector<std::pair<std::string, bool>> enabled_apis;
  std::string auth_type = "oauth";
  bool is_dev_creds_enabled = false;
  // configuration
  std::string client_id;
  std::string client_secret;                // write-only through the vendor API
  std::string custom_configuration = "{}";  // JSON object text
  std::vector<std::string> scopes;
  std::optional<std::string> base_url;
  std::string type;  // the template's integrationId
  std::string created_at;
  std::string updated_at;
};

struct EmulatedEnvironment {
  std::string name;
  std::string client_id;
  std::string secret;
  std::string vendor_id;
  std::vector<EmulatedApplication> applications;
  std::vector<EmulatedTemplate> templates;
  std::vector<EmulatedConnector> connectors;

  [[nodiscard]] const EmulatedTemplate* find_template(std::string_view id_or_integration_id) const;
  [[nodiscard]] const EmulatedApplication* find_application(std::string_view id) const;
};

// Account-level credentials (portal → Administration → API tokens): their token sees every environment,
// and each request acts on the one its frontegg-environment-id header names (an environment's client
// id), or on the first environment (development) without the header (Frontegg's vendor-service docs).
struct EmulatedAccount {
  std::string client_id;
  std::string secret;
};

struct EmulatedFrontegg {
  std::vector<EmulatedEnvironment> environments;
  std::vector<EmulatedAccount> accounts;
};

// The integration templates of the marketplace, from the JSON of each (an IntegrationTemplateResponseDto
// without its id, which is generated): what the code hosts' halves offer (providers/emulator_halves.cpp).
std::vector<EmulatedTemplate> offered_templates(const std::vector<std::string>& templates);
// Environments "dev" and "prod", each with the app "Agen for Work" and the offered templates, and no
// connectors; one account credential pair, "account-client-id" / "account-secret".
EmulatedFrontegg default_emulated_frontegg(const std::vector<std::string>& templates);

// Reads an IntegrationTemplateResponseDto; its required fields must be there.
Result<EmulatedTemplate> parse_template(const rapidjson::Value& v);

// Reads the "frontegg" section. Missing ids are generated; an environment
// without "templates" gets the offered ones.
Result<EmulatedFrontegg> parse_emulated_frontegg(const rapidjson::Value& section,
                                                 const std::vector<std::string>& templates);

// Writes the section, secrets included (it is the state file).
void write_emulated_frontegg(const EmulatedFrontegg& state, emulator::JsonWriter& w);

enum class SecretField { kOmit, kInclude };
// A CustomIntegrationResponseDto plus slug, authType and isDevCredsEnabled.
void write_connector(const EmulatedConnector& c, SecretField secret, emulator::JsonWriter& w);

}  // namespace linkform::frontegg
