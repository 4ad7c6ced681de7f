#pragma once
// bitbucket_consumer.<name>: verified, not managed (README, "What the vendor APIs allow").
// observe_consumer() reads what Bitbucket reveals about a consumer through its
// own key and secret; plan_consumer() is the pure function that turns that
// observation into a plan entry whose differences are manual steps.

#include <optional>
#include <string>
#include <vector>

#include "core/plan.h"
#include "core/secret.h"
#include "providers/bitbucket/client.h"
#include "providers/bitbucket/config.h"

namespace linkform::bitbucket {

struct ConsumerObservation {
  enum class Status {
    kNotSet,          // key or secret source is empty or unreadable
    kBadCredentials,  // Bitbucket rejects the key and secret (wrong, or the consumer was deleted)
    kPublic,          // key and secret are right; the consumer is public, so scopes are unknown
    kNoCallback,      // the consumer has no callback URL: Bitbucket gives it no token, so scopes are unknown
    kValid,           // key and secret are right; scopes known
  };
  Status status = Status::kNotSet;
  std::string not_set_reason;        // kNotSet: e.g. "key not set (BITBUCKET_MCP_KEY is empty)"
  bool only_secret_missing = false;  // kNotSet: the key is there, so the consumer exists; the secret is not
  Secret key;                        // resolved credentials, in memory only (the connector needs them)
  Secret secret;
  bool retired = false;                    // the consumer is declared retired = true
  std::optional<std::string> token_scope;  // kValid: the token reply's scope list, as sent
  std::string token_field;                 // kValid: "scope" or "scopes"; empty when neither
  std::vector<std::string> granted;        // kValid: scopes as Bitbucket lists them (record_granted)
  std::string scopes_unreadable;           // kValid: why no list could be read, saying what came back
  std::string granted_note;                // kValid: where `granted` came from, when not the token reply
  std::string disagreement;                // kValid: the two witnesses differ (a warning)
  Secret access_token;                     // kValid: for the workspace check
  std::optional<std::string> workspace_problem;  // kValid: the workspace could not be read with the token
};

// Reads the consumer's credentials and asks Bitbucket about them (one token
// call). Errors are failures to get an answer (transport, unexpected status);
// they stop the plan.
Result<ConsumerObservation> observe_consumer(BitbucketClient& client, const Consumer& consumer,
                                             const Environment& env);

// What reading a workspace with a valid consumer's token showed.
struct WorkspaceCheck {
  std::optional<std::string> problem;       // nullopt: reachable; else what is wrong (not found, no access)
  std::optional<std::string> oauth_scopes;  // the reply's x-oauth-scopes header, when sent
};

// Reads the workspace with a valid consumer's token. Errors are failures to get an answer.
Result<WorkspaceCheck> check_workspace(BitbucketClient& client, const std::string& workspace,
                                       const Secret& access_token);

// Judges a valid consumer's granted permissions from its token reply and the x-oauth-scopes header of its
// workspace reply (nullopt when there was none): fills granted, scopes_unreadable, granted_note and
// disagreement (granted.h).
void record_granted(ConsumerObservation& observation, const std::optional<std::string>& header);

// True when a connector can use this consumer's key and secret.
bool credentials_usable(const ConsumerObservation& observation);

// The one-line summary shown under "Reading live state...".
std::string describe_observation(const ConsumerObservation& observation);

// bitbucket_consumer.<id>
Address consumer_address(const Consumer& consumer);

// The plan entry: no-op, or a manual action with numbered steps.
ResourceChange plan_consumer(const Consumer& consumer, const BitbucketSettings& settings,
                             const ConsumerObservation& observation);

}  // namespace linkform::bitbucket
