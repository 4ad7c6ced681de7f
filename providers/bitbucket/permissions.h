#pragma once
// Bitbucket Cloud OAuth consumer permissions (DESIGN.md section 1): the scope
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
};

// Every scope, in the order of the consumer form.
const std::vector<Permission>& all_permissions();
const Permission* find_permission(std::string_view scope);
std::vector<std::string> permission_names();

// The set closed under implication (transitively). Unknown names are kept as they are.
std::set<std::string> close_permissions(const std::vector<std::string>& scopes);

// The read permission an API of the Bitbucket connector template needs, guessed from its name
// ("bitbucket_pullrequests_list" needs "pullrequest"); empty when the name says nothing linkform knows.
// A heuristic: the template's API names are Frontegg's, and no published table maps them to scopes.
std::string permission_for_api(std::string_view api_name);

// Sorts scopes in form order (unknown names last, alphabetically).
std::vector<std::string> in_form_order(const std::set<std::string>& scopes);

}  // namespace linkform::bitbucket
