#pragma once
// Bitbucket Cloud OAuth consumer permissions (README, vendor assumptions): the scope
// names Bitbucket accepts, the checkbox of the consumer form each one is, and
// the implication rules between them.

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace linkform::bitbucket {

struct Permission {
  std::string_view scope;     // e.g. "pullrequest:write"
  std::string_view checkbox;  // e.g. "Pull requests: Write"
  std::vector<std::string_view> implies;
  bool retired = false;  // grants nothing since Bitbucket removed the feature (kRetirement)
};

// Why issue, issue:write and wiki grant nothing any more, with the date and the source (README, vendor
// assumptions). Whether the consumer form still shows their checkboxes, and whether a token reply still
// lists them, cannot be known from outside Atlassian: linkform never asks for them to be ticked or unticked.
inline constexpr std::string_view kRetirement =
    "Bitbucket removed Issues and Wikis, including their API endpoints, on 2026-08-20 (Atlassian, "
    "\"Announcing sunset of Bitbucket Issues and Wikis\")";

// Every scope, in the order of the consumer form.
const std::vector<Permission>& all_permissions();
const Permission* find_permission(std::string_view scope);
std::vector<std::string> permission_names();

// The set closed under implication (transitively). Unknown names are kept as they are.
std::set<std::string> close_permissions(const std::vector<std::string>& scopes);

// True for a scope Bitbucket still accepts but that grants nothing (Permission::retired).
bool is_retired(std::string_view scope);
// `scopes` without the retired ones, in their order.
std::vector<std::string> without_retired(const std::vector<std::string>& scopes);
// The closed set without the retired ones: what a consumer must have ticked, or has, that matters.
std::set<std::string> effective_permissions(const std::vector<std::string>& scopes);

// The read permission an API of the Bitbucket connector template needs, guessed from its name
// ("bitbucket_pullrequests_list" needs "pullrequest"); empty when the name says nothing linkform knows.
// A heuristic: the API names are the connector template's, and no published table maps them to scopes.
std::string permission_for_api(std::string_view api_name);

// The retired permission an API needs (permission_for_api), or empty: such an API cannot work, and is not
// enabled by default.
std::string retired_permission_for_api(std::string_view api_name);

// Sorts scopes in form order (unknown names last, alphabetically).
std::vector<std::string> in_form_order(const std::set<std::string>& scopes);

}  // namespace linkform::bitbucket
