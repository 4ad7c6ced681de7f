#include "providers/bitbucket/client.h"

#include <utility>

#include "core/url.h"
#include "providers/transport/http_messages.h"

namespace linkform::bitbucket {

namespace {

constexpr std::string_view kTokenPath = "/site/oauth2/access_token";

// "POST /site/oauth2/access_token: 500 Internal Server Error: <vendor message>", with secrets redacted.
Error http_error(ErrorKind kind, const HttpRequest& request, const HttpResponse& response,
                 const std::vector<const Secret*>& secrets) {
  std::string message =
      request.method + " " + path_without_query(request.url) + ": " + status_text(response.status);
  // Masked before vendor_message shortens it: a cut must not leave part of a secret for the mask to miss.
  const std::string vendor = vendor_message(redact(response.body, secrets));
  if (!vendor.empty()) message += ": " + vendor;
  if (response.status == 429) message += " (rate limited by Bitbucket; wait before retrying)";
  message += attempts_suffix(response);
  return {kind, redact(std::move(message), secrets), response.status};
}

Error with_context(Error error, const HttpRequest& request) {
  error.message = request.method + " " + path_without_query(request.url) + ": " + error.message;
  return error;
}

}  // namespace

BitbucketClient::BitbucketClient(HttpTransport& transport, std::string oauth_url, std::string api_url)
    : transport_(transport), oauth_url_(std::move(oauth_url)), api_url_(std::move(api_url)) {}

Result<ConsumerProbe> BitbucketClient::probe_consumer(const std::string& key, const Secret& secret) {
  const Secret credentials(key + ":" + secret.reveal());
  HttpRequest request{"POST", join_url(oauth_url_, kTokenPath), {}, "grant_type=client_credentials"};
  request.headers = {{"Authorization", "Basic " + base64_encode(credentials.reveal())},
                     {"Content-Type", "application/x-www-form-urlencoded"},
                     {"Accept", "application/json"}};
  auto response = transport_.send(request);
  if (!response) return fail(response.error());

  if (response->status == 200) {
    auto token = parse_token_reply(response->body);
    if (!token) return fail(with_context(token.error(), request));
    return ConsumerProbe{ConsumerProbe::State::kValid,
                         std::move(token->scope_text),
                         std::string(token->scope_field),
                         std::move(token->access_token),
                         {}};
  }
  if (response->status == 400 || response->status == 401) {
    if (auto oauth = parse_oauth_error(response->body)) {
      std::string description = redact(oauth->description, {&secret, &credentials});
      if (oauth->error == "invalid_grant") {
        return ConsumerProbe{ConsumerProbe::State::kPublic, {}, {}, {}, std::move(description)};
      }
      if (oauth->error == "invalid_request" && oauth->description.find("callback") != std::string::npos) {
        return ConsumerProbe{ConsumerProbe::State::kNoCallback, {}, {}, {}, std::move(description)};
      }
      if (oauth->error == "unauthorized_client" || oauth->error == "invalid_client") {
        return ConsumerProbe{ConsumerProbe::State::kBadCredentials, {}, {}, {}, std::move(description)};
      }
    }
  }
  return fail(http_error(ErrorKind::kHttp, request, *response, {&secret}));
}

Result<Workspace> BitbucketClient::get_workspace(const std::string& slug, const Secret& access_token) {
  HttpRequest request{"GET", join_url(api_url_, "/2.0/workspaces/" + url_encode(slug)), {}, {}};
  request.headers = {{"Authorization", "Bearer " + access_token.reveal()}, {"Accept", "application/json"}};
  auto response = transport_.send(request);
  if (!response) return fail(response.error());

  if (response->status == 200) {
    auto workspace = parse_workspace(response->body);
    if (!workspace) return fail(with_context(workspace.error(), request));
    workspace->oauth_scopes = response->header("x-oauth-scopes");
    workspace->credential_type = response->header("x-credential-type");
    return workspace;
  }
  const ErrorKind kind = response->status == 404 ? ErrorKind::kNotFound : ErrorKind::kHttp;
  return fail(http_error(kind, request, *response, {&access_token}));
}

}  // namespace linkform::bitbucket
