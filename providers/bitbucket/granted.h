#pragma once
// What a consumer is granted, from two witnesses (README, vendor assumptions): the token reply's "scope" (or
// "scopes"), and the x-oauth-scopes header of the workspace reply made with that token. Pure.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace linkform::bitbucket {

struct GrantedScopes {
  // The granted permissions; nullopt when no witness gave a list linkform can read (then `unreadable`).
  std::optional<std::vector<std::string>> scopes;
  // Why the list cannot be read, saying what came back, e.g. "the token reply's \"scope\" is empty".
  std::string unreadable;
  // Where the list came from when it is not the token reply, e.g. "x-oauth-scopes: the token reply has no
  // \"scope\" field".
  std::string note;
  // The witnesses disagree (each named, with what it said): a warning.
  std::string disagreement;
};

// Empty when `text` is a consumer's scope list as Bitbucket sends it (names separated by spaces, or also
// by commas where `commas_allowed`, as in the header; at least one; none of them a granular API-token
// name); else what is wrong with it.
std::string scope_list_problem(std::string_view text, bool commas_allowed = false);

// token_scope: the token reply's field (nullopt: it had neither "scope" nor "scopes"), token_field its
// name; header: x-oauth-scopes of the workspace reply (nullopt: not sent, or no workspace reply).
// The token reply wins when it can be read; the header stands in when the reply has no field at all.
// Retired scopes (permissions.h) are left out of the comparison: whether either witness still lists
// them says nothing.
GrantedScopes judge_granted(const std::optional<std::string>& token_scope, std::string_view token_field,
                            const std::optional<std::string>& header);

}  // namespace linkform::bitbucket
