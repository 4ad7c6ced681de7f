#pragma once
// The Bitbucket Cloud half of linkform-emulator (README: vendor assumptions, and the emulator):
// the OAuth token endpoint, GET /2.0/workspaces/{workspace}, and what a
// person does on the workspace's "OAuth consumers" page, for the control API.
//
// Not thread-safe: the emulator server serialises every call with one mutex.

#include <httplib.h>

#include <chrono>
#include <map>
#include <string>
#include <string_view>

#include "providers/bitbucket/emulator_reports.h"
#include "providers/bitbucket/emulator_state.h"
#include "providers/emulator/common/reply.h"

namespace linkform::bitbucket {

// The shape of a 200 token reply: Bitbucket's today (since 2026-05-04: "scope", no refresh token), or the
// one before ("scopes" and a refresh token), which older or proxied deployments may still send.
enum class TokenReplyShape { k2026, kPre2026 };

class BitbucketEmulator {
 public:
  // issues_and_wikis: answer as before 2026-08-20, when Issues and Wikis existed and token replies listed
  // their scopes (issue, issue:write, wiki); today they are left out (README, vendor assumptions).
  BitbucketEmulator(EmulatedBitbucket state, int token_ttl_s,
                    TokenReplyShape reply_shape = TokenReplyShape::k2026, bool issues_and_wikis = false);

  // True for the paths Bitbucket serves: /site/... (bitbucket.org) and
  // /2.0/... (api.bitbucket.org).
  static bool owns_path(std::string_view path);

  // The consumer key of a request's "Authorization: Basic" header; empty when there is none.
  static std::string consumer_key_of(const httplib::Request& req);

  // A request to a Bitbucket path. Unknown paths get Bitbucket's 404.
  emulator::Reply handle(const httplib::Request& req);

  // Bitbucket 2.0's error object: {"type":"error","error":{"message":...}}.
  static emulator::Reply error_reply(int status, std::string_view message);
  // A 429 as Bitbucket sends it: plain text, no Retry-After.
  static emulator::Reply rate_limited_reply();

  // The control API: the workspace settings page of a person. Bodies are JSON.
  emulator::Reply create_consumer(std::string_view body);
  // The pages linkform's manual steps link to (/{workspace}/workspace/settings/oauth-consumers[/new]),
  // as plain text: what a person would see and fill in there, and the control API call that does it.
  [[nodiscard]] emulator::Reply consumer_page(std::string_view path) const;
  [[nodiscard]] emulator::Reply list_consumers() const;
  emulator::Reply update_consumer(std::string_view key, std::string_view body);
  emulator::Reply delete_consumer(std::string_view key);
  emulator::Reply regenerate_secret(std::string_view key);

  [[nodiscard]] const EmulatedBitbucket& state() const { return state_; }
  // Replaces the whole state (seed, reset); every issued token is forgotten.
  void replace_state(EmulatedBitbucket state);

 private:
  struct Token {
    std::string consumer_key;
    std::string workspace;
    std::vector<std::string> scopes;  // what the token reply granted: the x-oauth-scopes header
    std::chrono::steady_clock::time_point expires;
  };

  emulator::Reply issue_token(const httplib::Request& req);
  emulator::Reply get_workspace(const httplib::Request& req, std::string_view id);
  void forget_tokens_of(std::string_view consumer_key);

  EmulatedBitbucket state_;
  int token_ttl_s_;
  TokenReplyShape reply_shape_;
  bool issues_and_wikis_;
  std::map<std::string, Token, std::less<>> tokens_;
  ReportsEmulator reports_;
};

}  // namespace linkform::bitbucket
