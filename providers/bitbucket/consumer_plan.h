#pragma once
// bitbucket_consumer.<name>: verified, not managed (DESIGN.md section 2).
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
  std::string not_set_reason;        // kNotSet: e.g. "key not set (BITBUCKET_CONSUMER_KEY is empty)"
  bool only_secret_missing = false;  // kNotSet: the key is there, so the consumer exists; the secret is not
  Secret key;                        // resolved credentials, in memory only (the connector needs them)
  Secret secret;
  std::vector<std::string> granted;              // kValid: scopes as Bitbucket lists them
  Secret access_token;                           // kValid: for the workspace check
  std::optional<std::string> workspace_problem;  // kValid: the workspace could not be read with the token
};

// Reads the consumer's credentials and asks Bitbucket about them (one token
// call). Errors are failures to get an answer (transport, unexpected status);
// they stop the plan.
Result<ConsumerObservation> observe_consumer(BitbucketClient& client, const Consumer& consumer,
                                             const Environment& env);

// Reads the workspace with a valid consumer's token: nullopt when it is
// reachable, else what is wrong (not found, no access). Errors are failures
// to get an answer.
Result<std::optional<std::string>> check_workspace(BitbucketClient& client, const std::string& workspace,
                                                   const Secret& access_token);

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
