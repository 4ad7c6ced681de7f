#include "providers/frontegg/client.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <utility>

#include "core/url.h"
#include "providers/transport/http_messages.h"

namespace linkform::frontegg {

namespace {

constexpr std::string_view kAuthPath = "/auth/vendor";
constexpr std::string_view kApplicationsPath = "/applications/resources/applications/v1";
constexpr std::string_view kConnectorsPath = "/app-integrations/resources/custom-integrations/v1";
constexpr std::string_view kResetLabel = "rate limit resets at ";
constexpr auto kDefaultTokenLifetime = std::chrono::seconds(300);
constexpr double kMaxTokenLifetimeSeconds = 366.0 * 24 * 3600;

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void put(Writer& w, std::string_view key, std::string_view value) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void put_bool(Writer& w, std::string_view key, bool value) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.Bool(value);
}

void write_string_map(Writer& w, const std::map<std::string, std::string>& map) {
  w.StartObject();
  for (const auto& [k, v] : map) put(w, k, v);
  w.EndObject();
}

void write_strings(Writer& w, const std::vector<std::string>& list) {
  w.StartArray();
  for (const auto& s : list) w.String(s);
  w.EndArray();
}

std::string create_body(const ConnectorCreate& c) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  put(w, "appId", c.app_id);
  put(w, "integrationTemplateId", c.integration_template_id);
  put(w, "name", c.name);
  put(w, "slug", c.slug);
  put(w, "description", c.description);
  w.Key("apiNames");
  write_strings(w, c.api_names);
  put(w, "authType", "oauth");
  put_bool(w, "isActive", c.is_active);
  w.Key("configuration");
  w.StartObject();
  put(w, "clientId", c.client_id);
  put(w, "clientSecret", c.client_secret.reveal());
  w.Key("customConfiguration");
  write_string_map(w, c.custom_configuration);
  if (c.scopes) {
    w.Key("scopes");
    write_strings(w, *c.scopes);
  }
  w.EndObject();
  w.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

void write_update_configuration(Writer& w, const ConnectorUpdate& u) {
  if (!u.client_id && !u.client_secret && !u.custom_configuration && !u.scopes) return;
  w.Key("configuration");
  w.StartObject();
  if (u.client_id) put(w, "clientId", *u.client_id);
  if (u.client_secret) put(w, "clientSecret", u.client_secret->reveal());
  if (u.custom_configuration) {
    w.Key("customConfiguration");
    write_string_map(w, *u.custom_configuration);
  }
  if (u.scopes) {
    w.Key("scopes");
    write_strings(w, *u.scopes);
  }
  w.EndObject();
}

std::string update_body(const ConnectorUpdate& u) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  put(w, "appId", u.app_id);
  if (u.name) put(w, "name", *u.name);
  if (u.description) put(w, "description", *u.description);
  if (u.is_active) put_bool(w, "isActive", *u.is_active);
  if (u.enabled_apis) {
    w.Key("enabledApis");
    w.StartObject();
    for (const auto& [api, on] : *u.enabled_apis) put_bool(w, api, on);
    w.EndObject();
  }
  write_update_configuration(w, u);
  w.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

std::string auth_body(const std::string& client_id, const Secret& secret) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  put(w, "clientId", client_id);
  put(w, "secret", secret.reveal());
  w.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

bool is_success(int status) { return status >= 200 && status < 300; }

std::string trace_suffix(const HttpResponse& response) {
  const auto trace = response.header("frontegg-trace-id");
  return trace && !trace->empty() ? " (trace id " + body_excerpt(*trace, 100) + ")" : std::string();
}

std::string request_line(const HttpRequest& request) {
  return request.method + " " + path_without_query(request.url);
}

// The Error for a reply with an unexpected status.
Error reply_error(const HttpRequest& request, const HttpResponse& response,
                  const std::vector<const Secret*>& secrets) {
  const int status = response.status;
  std::string message = request_line(request) + ": " + status_text(status);
  // Masked before vendor_message shortens it: a cut must not leave part of a secret for the mask to miss.
  if (const std::string vendor = vendor_message(redact(response.body, secrets)); !vendor.empty())
    message += ": " + vendor;
  if (status == 429) {
    const auto reset = response.header("X-Rate-Limit-Reset");
    message += reset && !reset->empty() ? " (" + std::string(kResetLabel) + body_excerpt(*reset, 64) + ")"
                                        : std::string(" (rate limited)");
  }
  message += trace_suffix(response);
  message += attempts_suffix(response);
  const ErrorKind kind = status == 404   ? ErrorKind::kNotFound
                         : status == 409 ? ErrorKind::kConflict
                                         : ErrorKind::kHttp;
  return {kind, redact(std::move(message), secrets), status};
}

// Puts the request line and trace id around a parse error of a 2xx reply.
Error reply_parse_error(Error error, const HttpRequest& request, const HttpResponse& response,
                        const std::vector<const Secret*>& secrets) {
  error.message = redact(request_line(request) + ": " + error.message + trace_suffix(response), secrets);
  return error;
}

std::string connector_path(const std::string& id) {
  return std::string(kConnectorsPath) + "/" + url_encode(id);
}

std::string with_app_id(const std::string& path, const std::string& app_id) {
  return path + "?appId=" + url_encode(app_id);
}

}  // namespace

bool ConnectorUpdate::empty() const {
  return !name && !description && !is_active && !enabled_apis && !client_id && !client_secret &&
         !custom_configuration && !scopes;
}

std::optional<std::string> rate_limit_reset(const Error& error) {
  if (error.http_status != 429) return std::nullopt;
  const auto start = error.message.rfind(kResetLabel);
  if (start == std::string::npos) return std::nullopt;
  const auto from = start + kResetLabel.size();
  const auto end = error.message.find(')', from);
  if (end == std::string::npos) return std::nullopt;
  return error.message.substr(from, end - from);
}

VendorAuth::VendorAuth(HttpTransport& transport, std::string base_url, std::string client_id, Secret secret,
                       Clock now)
    : transport_(transport),
      base_url_(std::move(base_url)),
      client_id_(std::move(client_id)),
      secret_(std::move(secret)),
      now_(std::move(now)) {}

int VendorAuth::auth_count() const {
  const std::scoped_lock lock(mutex_);
  return auth_count_;
}

Result<Secret> VendorAuth::authenticate() {
  ++auth_count_;
  HttpRequest request{"POST", join_url(base_url_, kAuthPath), {}, auth_body(client_id_, secret_)};
  request.label = log_label_;
  request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  const auto sent_at = now_();
  auto response = transport_.send(request);
  if (!response) return fail(response.error());
  if (!is_success(response->status)) {
    Error error = reply_error(request, *response, {&secret_});
    if (response->status == 401 || response->status == 403) {
      error.message += "; check the Frontegg client id and secret of this environment";
    }
    return fail(std::move(error));
  }
  auto token = parse_vendor_token(response->body);
  if (!token) return fail(reply_parse_error(token.error(), request, *response, {&secret_}));
  const double seconds =
      std::clamp(token->expires_in_seconds.value_or(static_cast<double>(kDefaultTokenLifetime.count())), 0.0,
                 kMaxTokenLifetimeSeconds);
  // Refreshed kRefreshMargin before it expires, but never sooner than half its life or kMinimumReuse
  // after it came: a lifetime under the margin (expiresIn 0) must not make every request authenticate
  // again. A token the API refuses before then is forgotten (forget) and fetched again once.
  const auto life =
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
  const auto margin = std::min<std::chrono::steady_clock::duration>(kRefreshMargin, life / 2);
  refresh_at_ = sent_at + std::max<std::chrono::steady_clock::duration>(life - margin, kMinimumReuse);
  token_ = token->token;
  return std::move(token->token);
}

Result<Secret> VendorAuth::token() {
  const std::scoped_lock lock(mutex_);
  if (token_ && now_() < refresh_at_) return *token_;
  if (auth_failure_) return fail(*auth_failure_);
  token_.reset();
  auto fresh = authenticate();
  // The transport has already retried what was worth retrying; asking again would send the same request.
  if (!fresh) auth_failure_ = fresh.error();
  return fresh;
}

void VendorAuth::forget(const Secret& rejected) {
  const std::scoped_lock lock(mutex_);
  // Another thread may already have replaced the rejected token; keep the newer one.
  if (token_ && *token_ == rejected) token_.reset();
}

FronteggClient::FronteggClient(HttpTransport& transport, std::string base_url, std::string client_id,
                               Secret secret, Clock now)
    : transport_(transport),
      auth_(std::make_shared<VendorAuth>(transport, std::move(base_url), std::move(client_id),
                                         std::move(secret), std::move(now))) {}

FronteggClient::FronteggClient(HttpTransport& transport, std::shared_ptr<VendorAuth> auth,
                               std::string environment_id)
    : transport_(transport), auth_(std::move(auth)), environment_id_(std::move(environment_id)) {}

int FronteggClient::auth_count() const { return auth_->auth_count(); }

Result<HttpResponse> FronteggClient::call(const std::string& method, const std::string& path,
                                          std::string body, const std::vector<const Secret*>& body_secrets,
                                          const std::vector<int>& allowed_statuses) {
  HttpRequest request{method, join_url(auth_->base_url(), path), {}, std::move(body)};
  request.label = log_label_;
  auto bearer = auth_->token();
  if (!bearer) return fail(bearer.error());
  Result<HttpResponse> response;
  std::vector<Secret> tokens_used;  // for redaction: a vendor may echo the rejected token too
  for (int attempt = 0; attempt < 2; ++attempt) {
    tokens_used.push_back(*bearer);
    request.headers = {{"Authorization", "Bearer " + bearer->reveal()}, {"Accept", "application/json"}};
    if (!environment_id_.empty()) request.headers.emplace_back("frontegg-environment-id", environment_id_);
    if (!request.body.empty()) request.headers.emplace_back("Content-Type", "application/json");
    response = transport_.send(request);
    if (!response) return fail(response.error());
    if (response->status != 401 || attempt == 1) break;
    auth_->forget(*bearer);
    bearer = auth_->token();
    if (!bearer) return fail(bearer.error());
  }
  if (is_success(response->status) ||
      std::ranges::find(allowed_statuses, response->status) != allowed_statuses.end()) {
    return response;
  }
  std::vector<const Secret*> secrets = body_secrets;
  secrets.push_back(&auth_->secret());
  for (const Secret& used : tokens_used) secrets.push_back(&used);
  return fail(reply_error(request, *response, secrets));
}

template <class T, class Parse>
Result<T> FronteggClient::get_and_parse(const std::string& path, Parse parse) {
  auto response = call("GET", path, {}, {});
  if (!response) return fail(response.error());
  return parse_reply<T>("GET", path, *response, parse, {});
}

template <class T, class Parse>
Result<T> FronteggClient::parse_reply(const std::string& method, const std::string& path,
                                      const HttpResponse& response, Parse parse,
                                      const std::vector<const Secret*>& secrets) const {
  auto parsed = parse(response.body);
  if (parsed) return std::move(*parsed);
  std::vector<const Secret*> all = secrets;
  all.push_back(&auth_->secret());
  const HttpRequest request{method, join_url(auth_->base_url(), path), {}, {}};
  return fail(reply_parse_error(std::move(parsed.error()), request, response, all));
}

Result<std::vector<Application>> FronteggClient::list_applications() {
  return get_and_parse<std::vector<Application>>(std::string(kApplicationsPath), &parse_applications);
}

Result<std::vector<Template>> FronteggClient::list_templates() {
  return get_and_parse<std::vector<Template>>(std::string(kConnectorsPath) + "/templates", &parse_templates);
}

Result<std::vector<RemoteConnector>> FronteggClient::list_connectors(const std::string& app_id) {
  auto listed = get_and_parse<std::vector<RemoteConnector>>(with_app_id(std::string(kConnectorsPath), app_id),
                                                            &parse_connectors);
  if (!listed) return listed;
  // An entry without appId is taken as the app's (the list was asked for it); one naming another app
  // is not this app's, whatever its slug says.
  const auto foreign = std::ranges::remove_if(
      *listed, [&](const RemoteConnector& c) { return !c.app_id.empty() && c.app_id != app_id; });
  if (!foreign.empty()) {
    const std::scoped_lock lock(foreign_mutex_);
    for (const auto& c : foreign) {
      foreign_entries_.push_back("the connector list of app " + app_id + " includes connector " + c.id +
                                 " (slug \"" + c.slug + "\") of app " + c.app_id +
                                 "; it was left out: linkform never plans, prunes or imports another app's "
                                 "connector");
    }
  }
  listed->erase(foreign.begin(), foreign.end());
  return listed;
}

std::vector<std::string> FronteggClient::take_foreign_entries() {
  const std::scoped_lock lock(foreign_mutex_);
  return std::exchange(foreign_entries_, {});
}

Result<ConnectorSettings> FronteggClient::get_connector_configuration(const std::string& app_id,
                                                                      const std::string& id) {
  return get_and_parse<ConnectorSettings>(with_app_id(connector_path(id), app_id), &parse_connector_settings);
}

Result<RemoteConnector> FronteggClient::create_connector(const ConnectorCreate& connector) {
  const std::vector<const Secret*> secrets{&connector.client_secret};
  auto response = call("POST", std::string(kConnectorsPath), create_body(connector), secrets);
  if (!response) return fail(response.error());
  return parse_reply<RemoteConnector>("POST", std::string(kConnectorsPath), *response, &parse_connector,
                                      secrets);
}

Result<RemoteConnector> FronteggClient::update_connector(const std::string& id,
                                                         const ConnectorUpdate& update) {
  std::vector<const Secret*> secrets;
  if (update.client_secret) secrets.push_back(&*update.client_secret);
  const std::string path = connector_path(id);
  auto response = call("PATCH", path, update_body(update), secrets);
  if (!response) return fail(response.error());
  return parse_reply<RemoteConnector>("PATCH", path, *response, &parse_connector, secrets);
}

Status FronteggClient::delete_connector(const std::string& app_id, const std::string& id) {
  auto response = call("DELETE", with_app_id(connector_path(id), app_id), {}, {}, {404});
  if (!response) return fail(response.error());
  return {};
}

}  // namespace linkform::frontegg
