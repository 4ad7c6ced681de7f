#pragma once
// The Bitbucket Cloud calls linkform makes (README, vendor assumptions). Bitbucket has no API for OAuth
// consumers, so a consumer is observed through the client-credentials token call, and a workspace through
// the 2.0 API. Thread-safe as long as the transport is (the client keeps no mutable state).

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/http.h"
#include "core/secret.h"
#include "providers/bitbucket/replies.h"

namespace linkform::bitbucket {

// What the token endpoint says about a consumer's key and secret.
struct ConsumerProbe {
  enum class State {
    kValid,           // 200: credentials right, private consumer; scopes and access_token are set
    kPublic,          // 400 invalid_grant: key and secret right, but the consumer is public; scopes unknown
    kBadCredentials,  // 400 unauthorized_client (or invalid_client): wrong key or secret, or consumer deleted
    kNoCallback,      // 400 invalid_request "No callback uri defined": the consumer has no callback URL
  };
  State state = State::kBadCredentials;
  std::optional<std::string> scope_text;  // kValid: the reply's "scope" or "scopes"; nullopt: neither
  std::string scope_field;                // kValid: which of the two; empty when neither
  Secret access_token;                    // a bearer token for get_workspace (kValid only)
  std::string vendor_message;             // Bitbucket's error_description (kPublic, kBadCredentials)
};

class BitbucketClient {
 public:
  // oauth_url: e.g. "https://bitbucket.org"; api_url: e.g. "https://api.bitbucket.org" (or the emulator).
  // The transport must outlive the client.
  BitbucketClient(HttpTransport& transport, std::string oauth_url, std::string api_url);

  // POST {oauth_url}/site/oauth2/access_token with basic auth key:secret and grant_type=client_credentials.
  // The three outcomes above are results, not errors. Errors: transport failures as the transport reports
  // them; kParse for a 200 that cannot be read; kHttp (http_status set) for any other status, naming method,
  // path, status and the vendor's message. Never contains the secret or a token.
  Result<ConsumerProbe> probe_consumer(const std::string& key, const Secret& secret);

  // GET {api_url}/2.0/workspaces/{slug} with "Authorization: Bearer <access_token>"; the workspace carries
  // the reply's x-oauth-scopes and x-credential-type headers.
  // Errors: kNotFound (404) and kHttp (401, 403, 429, others; http_status set) with the vendor's message;
  // kParse for a 200 that cannot be read; transport failures as reported.
  Result<Workspace> get_workspace(const std::string& slug, const Secret& access_token);

 private:
  HttpTransport& transport_;
  std::string oauth_url_;
  std::string api_url_;
};

}  // namespace linkform::bitbucket
