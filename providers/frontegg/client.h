#pragma once
// The Frontegg management API calls linkform makes (README, vendor assumptions): vendor auth, applications,
// integration templates and the custom-integrations connectors. One client per Frontegg environment
// (each environment has its own client id and secret).
//
// Auth (VendorAuth): the vendor token is fetched on first use, cached, and fetched again kRefreshMargin
// before it expires; a 401 reply makes the client re-authenticate once and retry the call once. Thread-safe:
// calls may run concurrently (a mutex guards the token; concurrent callers share one auth request).
//
// Errors name method, path (no query), status, the vendor's message and the frontegg-trace-id, e.g.
//   POST /app-integrations/resources/custom-integrations/v1: 409 Conflict: slug already exists (trace id
//   3f2a)
// Any text that contains a secret this client sent (the Frontegg secret, the bearer token, a connector's
// client secret) is redacted to "(redacted)". Kinds: kNotFound (404), kConflict (409), kHttp (other
// statuses, http_status set; a 429 message carries the X-Rate-Limit-Reset value, see rate_limit_reset()),
// kParse (a 2xx reply that cannot be read), and transport failures as the transport reports them.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/http.h"
#include "core/secret.h"
#include "providers/frontegg/replies.h"

namespace linkform::frontegg {

// POST .../custom-integrations/v1. Every field is sent; authType is always "oauth".
struct ConnectorCreate {
  std::string app_id;
  std::string integration_template_id;  // the template it was made from, by integrationId or id
  std::string name;
  std::string slug;  // lower-case kebab-case, at most 64 characters, immutable
  std::string description;
  std::vector<std::string> api_names;  // the APIs to enable
  bool is_active = true;
  std::string client_id;  // configuration.clientId: the OAuth client id of the code host
  Secret client_secret;   // configuration.clientSecret: that client's secret
  std::map<std::string, std::string> custom_configuration;  // e.g. {"workspace": "acme"}
  std::optional<std::vector<std::string>> scopes;           // configuration.scopes; not sent when absent
};

// PATCH .../custom-integrations/v1/{id}. Only the fields that are set are sent (plus appId); a
// "configuration" object is sent only when one of its fields is set, and then holds only those.
struct ConnectorUpdate {
  std::string app_id;  // always sent
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<bool> is_active;
  std::optional<std::map<std::string, bool>> enabled_apis;
  std::optional<std::string> client_id;
  std::optional<Secret> client_secret;
  std::optional<std::map<std::string, std::string>> custom_configuration;
  std::optional<std::vector<std::string>> scopes;

  // True when no field but app_id is set (nothing to send).
  [[nodiscard]] bool empty() const;
};

// One vendor credential pair and its token: POST /auth/vendor on first use, cached, fetched again
// kRefreshMargin before it expires. Account-level credentials (a portal API token) serve several
// environments, so clients may share one (authenticated once, not once per environment). Thread-safe.
class VendorAuth {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  // How long before its expiry a cached token is replaced.
  static constexpr std::chrono::seconds kRefreshMargin{30};
  // The shortest time a token is used for, whatever its expiresIn says.
  static constexpr std::chrono::seconds kMinimumReuse{5};

  VendorAuth(
      HttpTransport& transport, std::string base_url, std::string client_id, Secret secret,
      Clock now = [] { return std::chrono::steady_clock::now(); });
  VendorAuth(const VendorAuth&) = delete;
  VendorAuth& operator=(const VendorAuth&) = delete;

  // The cached token, or a fresh one. A failed authentication is kept: the calls waiting for the token
  // share it instead of each asking again.
  Result<Secret> token();
  // The vendor refused `rejected` (401): the next token() authenticates again, unless another caller
  // already replaced it.
  void forget(const Secret& rejected);
  [[nodiscard]] int auth_count() const;
  [[nodiscard]] const Secret& secret() const { return secret_; }
  [[nodiscard]] const std::string& base_url() const { return base_url_; }
  // Who authenticates, for the --debug log: the environment, or those sharing the credentials.
  void set_log_label(std::string label) { log_label_ = std::move(label); }

 private:
  Result<Secret> authenticate();  // requires mutex_ held

  HttpTransport& transport_;
  std::string base_url_;
  std::string log_label_;
  std::string client_id_;
  Secret secret_;
  Clock now_;
  mutable std::mutex mutex_;
  std::optional<Secret> token_;
  std::optional<Error> auth_failure_;
  std::chrono::steady_clock::time_point refresh_at_{};
  int auth_count_ = 0;
};

class FronteggClient {
 public:
  using Clock = VendorAuth::Clock;
  static constexpr std::chrono::seconds kRefreshMargin = VendorAuth::kRefreshMargin;

  // base_url: a region's API URL (regions.h) or the emulator's. The transport must outlive the client.
  // now: injectable clock for token expiry tests.
  FronteggClient(
      HttpTransport& transport, std::string base_url, std::string client_id, Secret secret,
      Clock now = [] { return std::chrono::steady_clock::now(); });
  // A client on shared credentials. environment_id, when not empty, is sent as the
  // frontegg-environment-id header on every request but the authentication itself (the account's token
  // is the same for every environment; the header chooses the one each request acts on).
  FronteggClient(HttpTransport& transport, std::shared_ptr<VendorAuth> auth, std::string environment_id);
  FronteggClient(const FronteggClient&) = delete;
  FronteggClient& operator=(const FronteggClient&) = delete;

  // The environment as plans label it, put on every request for the --debug log.
  void set_log_label(std::string label) { log_label_ = std::move(label); }

  // GET /applications/resources/applications/v1
  Result<std::vector<Application>> list_applications();
  // GET /app-integrations/resources/custom-integrations/v1/templates
  Result<std::vector<Template>> list_templates();
  // GET /app-integrations/resources/custom-integrations/v1?appId=. Entries whose appId names another app
  // are dropped (the spec documents no appId filter, so a list may mix apps): nothing of another app is
  // ever matched, updated or pruned. Each dropped entry is kept for take_foreign_entries().
  Result<std::vector<RemoteConnector>> list_connectors(const std::string& app_id);
  // One line per entry list_connectors dropped since the last call, for a warning.
  std::vector<std::string> take_foreign_entries();
  // GET /app-integrations/resources/custom-integrations/v1/{id}?appId= (the secret comes back masked or not
  // at all)
  Result<ConnectorSettings> get_connector_configuration(const std::string& app_id, const std::string& id);
  // POST /app-integrations/resources/custom-integrations/v1 → the created connector
  Result<RemoteConnector> create_connector(const ConnectorCreate& connector);
  // PATCH /app-integrations/resources/custom-integrations/v1/{id} → the updated connector
  Result<RemoteConnector> update_connector(const std::string& id, const ConnectorUpdate& update);
  // DELETE /app-integrations/resources/custom-integrations/v1/{id}?appId=; 2xx and 404 are success.
  Status delete_connector(const std::string& app_id, const std::string& id);

  // Number of POST /auth/vendor calls made so far (successful or not).
  [[nodiscard]] int auth_count() const;

 private:
  // Sends an authenticated request; returns the reply when its status is 2xx, or one of allowed_statuses.
  Result<HttpResponse> call(const std::string& method, const std::string& path, std::string body,
                            const std::vector<const Secret*>& body_secrets,
                            const std::vector<int>& allowed_statuses = {});
  template <class T, class Parse>
  Result<T> get_and_parse(const std::string& path, Parse parse);
  // The parsed reply, or a kParse Error naming method, path and trace id.
  template <class T, class Parse>
  Result<T> parse_reply(const std::string& method, const std::string& path, const HttpResponse& response,
                        Parse parse, const std::vector<const Secret*>& secrets) const;
  HttpTransport& transport_;
  std::shared_ptr<VendorAuth> auth_;
  std::string environment_id_;
  std::string log_label_;
  std::mutex foreign_mutex_;
  std::vector<std::string> foreign_entries_;
};

// The X-Rate-Limit-Reset value a 429 Error from FronteggClient carries in its message, if any.
std::optional<std::string> rate_limit_reset(const Error& error);

}  // namespace linkform::frontegg
