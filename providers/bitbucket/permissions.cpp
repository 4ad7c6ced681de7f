#include "providers/bitbucket/permissions.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace linkform::bitbucket {

const std::vector<Permission>& all_permissions() {
  static const std::vector<Permission> table = {
      {"account", "Account: Read", {}},
      {"account:write", "Account: Write", {"account"}},
      {"email", "Account: Email", {}},
      {"team", "Workspace membership: Read", {}},
      {"team:write", "Workspace membership: Write", {"team"}},
      {"project", "Projects: Read", {"repository"}},
      {"project:admin", "Projects: Admin", {"project"}},
      {"repository", "Repositories: Read", {}},
      {"repository:write", "Repositories: Write", {"repository"}},
      {"repository:admin", "Repositories: Admin", {}},
      {"repository:delete", "Repositories: Delete", {}},
      {"pullrequest", "Pull requests: Read", {"repository"}},
      {"pullrequest:write", "Pull requests: Write", {"pullrequest", "repository:write"}},
      {"issue", "Issues: Read", {}, true},
      {"issue:write", "Issues: Write", {"issue"}, true},
      {"wiki", "Wikis: Read and write", {}, true},
      {"snippet", "Snippets: Read", {}},
      {"snippet:write", "Snippets: Write", {"snippet"}},
      {"webhook", "Webhooks: Read and write", {}},
      {"pipeline", "Pipelines: Read", {}},
      {"pipeline:write", "Pipelines: Write", {"pipeline"}},
      {"pipeline:variable", "Pipelines: Edit variables", {"pipeline:write"}},
      {"runner", "Runners: Read", {}},
      {"runner:write", "Runners: Write", {"runner"}},
  };
  return table;
}

const Permission* find_permission(std::string_view scope) {
  const auto& table = all_permissions();
  const auto it = std::ranges::find(table, scope, &Permission::scope);
  return it == table.end() ? nullptr : &*it;
}

std::vector<std::string> permission_names() {
  std::vector<std::string> out;
  for (const auto& p : all_permissions()) out.emplace_back(p.scope);
  return out;
}

std::set<std::string> close_permissions(const std::vector<std::string>& scopes) {
  std::set<std::string> closed;
  std::vector<std::string> pending(scopes.begin(), scopes.end());
  while (!pending.empty()) {
    std::string s = std::move(pending.back());
    pending.pop_back();
    if (!closed.insert(s).second) continue;
    if (const Permission* p = find_permission(s)) {
      for (auto implied : p->implies) pending.emplace_back(implied);
    }
  }
  return closed;
}

bool is_retired(std::string_view scope) {
  const Permission* p = find_permission(scope);
  return p != nullptr && p->retired;
}

std::vector<std::string> without_retired(const std::vector<std::string>& scopes) {
  std::vector<std::string> out;
  for (const auto& s : scopes) {
    if (!is_retired(s)) out.push_back(s);
  }
  return out;
}

std::set<std::string> effective_permissions(const std::vector<std::string>& scopes) {
  auto closed = close_permissions(scopes);
  std::erase_if(closed, [](const std::string& s) { return is_retired(s); });
  return closed;
}

std::vector<std::string> in_form_order(const std::set<std::string>& scopes) {
  std::vector<std::string> out;
  for (const auto& p : all_permissions()) {
    if (scopes.contains(std::string(p.scope))) out.emplace_back(p.scope);
  }
  for (const auto& s : scopes) {
    if (find_permission(s) == nullptr) out.push_back(s);
  }
  return out;
}

std::string retired_permission_for_api(std::string_view api_name) {
  std::string needed = permission_for_api(api_name);
  return is_retired(needed) ? needed : std::string();
}

std::string permission_for_api(std::string_view api_name) {
  // Longest words first: "pullrequest" before "request", "repositor" before "repo".
  static const std::pair<std::string_view, std::string_view> kWords[] = {{"pullrequest", "pullrequest"},
                                                                         {"pull_request", "pullrequest"},
                                                                         {"repositor", "repository"},
                                                                         {"issue", "issue"},
                                                                         {"pipeline", "pipeline"},
                                                                         {"webhook", "webhook"},
                                                                         {"snippet", "snippet"},
                                                                         {"wiki", "wiki"},
                                                                         {"project", "project"},
                                                                         {"runner", "runner"},
                                                                         {"workspace", "team"},
                                                                         {"member", "team"},
                                                                         {"user", "account"},
                                                                         {"account", "account"}};
  std::string name(api_name);
  std::ranges::transform(name, name.begin(),
                         [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  for (const auto& [word, scope] : kWords) {
    if (name.find(word) != std::string::npos) return std::string(scope);
  }
  return {};
}

}  // namespace linkform::bitbucket
