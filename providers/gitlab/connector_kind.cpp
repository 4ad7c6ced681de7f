#include "providers/gitlab/connector_kind.h"

#include <algorithm>

#include "core/toml_text.h"
#include "providers/gitlab/config.h"

namespace linkform::gitlab {

namespace {

// [gitlab_applications.<name>] for a live connector whose client id no declared application has: the
// application exists in GitLab, and linkform adopts it by that client id (README, "GitLab").
std::string application_table(const std::string& name, const std::string& connector_name,
                              const std::string& client_id, const std::vector<std::string>& scopes) {
  std::string text = "\n[gitlab_applications." + name + "]\n";
  text += "# the group's application whose Application ID is this connector's client id" +
          (client_id.empty() ? std::string(".") : ", " + client_id + ".") + "\n";
  text += "# name: the application's name in GitLab (another one here renames it in place)\n";
  text += "name = " + toml_string(connector_name) + "\n";
  text +=
      "scopes = " + toml_list(scopes.empty() ? std::vector<std::string>{"read_api", "read_user"} : scopes) +
      "\n";
  return text;
}

ConnectorKind make_kind() {
  ConnectorKind k;
  k.client_type = "gitlab_application";
  k.reference_key = "application";
  k.client_noun = "application";
  k.vendor = "GitLab";
  k.default_name = "GitLab";
  k.template_id = "gitlab";
  k.template_name = "GitLab";
  // The environment key that names a GitLab connector's template when it is not found as "gitlab" (README,
  // vendor assumptions); GitLab connectors have no target key.
  k.template_setting = "gitlab_template";
  k.check_scopes = [](const std::vector<LocatedString>& scopes, const std::string& /*destination*/,
                      Diagnostics& diags) {
    for (const auto& s : scopes) {
      if (const std::string problem = scope_problem(s.value); !problem.empty()) diags.error(s.where, problem);
    }
  };
  k.scopes_noun = "scopes";
  k.is_scope = [](const std::string& scope) { return scope_problem(scope).empty(); };
  k.implied_scopes = [](const std::vector<std::string>& scopes) {
    return std::set<std::string>(scopes.begin(), scopes.end());
  };
  k.default_scopes = [](const std::vector<std::string>& scopes) { return scopes; };
  k.client_table = &application_table;
  return k;
}

}  // namespace

const ConnectorKind& connector_kind() {
  static const ConnectorKind kind = make_kind();
  return kind;
}

}  // namespace linkform::gitlab
