#include "providers/bitbucket/granted.h"

#include <set>

#include "core/word_list.h"
#include "providers/bitbucket/permissions.h"
#include "providers/bitbucket/replies.h"

namespace linkform::bitbucket {

namespace {

// "read:repository:bitbucket" and the like: API tokens' and Forge apps' scopes, never a consumer's.
bool is_granular(std::string_view scope) {
  const auto first = scope.find(':');
  return first != std::string_view::npos && scope.find(':', first + 1) != std::string_view::npos;
}

std::set<std::string> comparable(const std::vector<std::string>& scopes) {
  const auto kept = without_retired(scopes);
  return {kept.begin(), kept.end()};
}

}  // namespace

std::string scope_list_problem(std::string_view text, bool commas_allowed) {
  const auto scopes = split_scope_list(text);
  if (scopes.empty()) return "is empty";
  if (!commas_allowed && text.find(',') != std::string_view::npos)
    return "is comma-separated, where Bitbucket separates a consumer's permissions with spaces";
  for (const auto& scope : scopes) {
    if (is_granular(scope))
      return "names a granular scope (" + in_quotes(scope) +
             "), which API tokens and Forge apps have and an OAuth consumer never does";
  }
  return {};
}

GrantedScopes judge_granted(const std::optional<std::string>& token_scope, std::string_view token_field,
                            const std::optional<std::string>& header) {
  GrantedScopes out;
  const std::string header_said =
      header ? "x-oauth-scopes of the workspace reply is " + in_quotes(*header) : "";
  const bool header_readable = header && scope_list_problem(*header, true).empty();
  if (!token_scope) {
    if (header_readable) {
      out.scopes = split_scope_list(*header);
      out.note = "read from x-oauth-scopes: the token reply has no \"scope\" field";
      return out;
    }
    out.unreadable =
        "the token reply has neither \"scope\" nor \"scopes\"" +
        (header ? ", and " + header_said : std::string(", and the workspace reply no x-oauth-scopes"));
    return out;
  }
  if (const std::string problem = scope_list_problem(*token_scope); !problem.empty()) {
    out.unreadable = "the token reply's " + in_quotes(token_field) + " is " + in_quotes(*token_scope) +
                     ": it " + problem + (header ? "; " + header_said : std::string());
    return out;
  }
  out.scopes = split_scope_list(*token_scope);
  if (header && comparable(split_scope_list(*header)) != comparable(*out.scopes)) {
    out.disagreement = "Bitbucket's two witnesses of the granted permissions disagree: the token reply's " +
                       in_quotes(token_field) + " is " + in_quotes(*token_scope) + ", " + header_said +
                       ". linkform goes by the token reply";
  }
  return out;
}

}  // namespace linkform::bitbucket
