#include "providers/gitlab/config.h"

#include <algorithm>
#include <set>

#include "core/config_check.h"
#include "core/suggest.h"

namespace linkform::gitlab {

const Application* Section::find(const std::string& id) const {
  const auto it = std::ranges::find(applications, id, &Application::id);
  return it == applications.end() ? nullptr : &*it;
}

const std::vector<std::string>& scope_names() {
  // lib/gitlab/auth.rb of GitLab: the scopes an application may ask for, without those that need an
  // administrator or a feature a group may lack (README, vendor assumptions).
  static const std::vector<std::string> names = {
      "api",           "read_api",           "read_user",           "read_repository", "write_repository",
      "read_registry", "write_registry",     "create_runner",       "manage_runner",   "k8s_proxy",
      "ai_features",   "read_observability", "write_observability", "openid",          "profile",
      "email"};
  return names;
}

std::string scope_problem(const std::string& scope) {
  if (std::ranges::find(scope_names(), scope) != scope_names().end()) return {};
  return "unknown GitLab scope \"" + scope + "\"" + did_you_mean(scope, scope_names());
}

namespace {

void read_application(const std::string& id, ConfigTable& r, SourceLocation where, Application& a) {
  a.id = id;
  a.where = std::move(where);
  if (auto v = r.string("name", &a.keys))
    a.name = *v;
  else if (!r.has("name"))
    r.missing("name", "the application's name as GitLab shows it");
  if (auto v = r.string("redirect_uri", &a.keys)) a.redirect_uri = *v;
  if (auto v = r.string_array("scopes", &a.keys))
    a.scopes = std::move(*v);
  else if (!r.has("scopes"))
    r.missing("scopes", "the application's GitLab scopes, e.g. [\"read_api\", \"read_user\"]");
  if (auto v = r.boolean("confidential", &a.keys)) a.confidential = *v;
  if (auto v = r.string("ensure", &a.keys)) {
    if (*v == "absent")
      a.ensure = Ensure::kAbsent;
    else if (*v != "present")
      r.diagnostics().error(a.keys["ensure"], "\"ensure\" in " + r.display() +
                                                  " must be \"present\" or \"absent\", not \"" + *v + "\"" +
                                                  did_you_mean(*v, {"present", "absent"}));
  }
  if (auto v = r.boolean("prevent_destroy", &a.keys)) a.prevent_destroy = *v;
  r.finish({"name", "redirect_uri", "scopes", "confidential", "ensure", "prevent_destroy"});
}

}  // namespace

void read_section(ConfigTable& root, const std::filesystem::path& base_dir, Section& section) {
  if (auto apps = root.table("gitlab_applications", "[gitlab_applications]", nullptr)) {
    apps->for_each_table("[gitlab_applications.", ConfigTable::Order::kFile,
                         [&](const std::string& id, ConfigTable& r, SourceLocation where) {
                           Application a;
                           read_application(id, r, std::move(where), a);
                           section.applications.push_back(std::move(a));
                         });
  }
  Settings& s = section.gitlab;
  auto r = root.table("gitlab", "[gitlab]", nullptr);
  if (!r) {
    if (!root.has("gitlab") && !section.applications.empty())
      root.missing("gitlab", "the [gitlab] table with the group that owns the applications");
    return;
  }
  s.where = r->table_location();
  if (auto v = r->string("url", &s.keys)) {
    s.url = *v;
    while (s.url.ends_with('/')) s.url.pop_back();
  }
  if (auto v = r->string("group", &s.keys))
    s.group = *v;
  else if (!r->has("group"))
    r->missing("group", "the path or id of the group that owns the applications");
  s.token = r->credential("token", false, &s.keys, base_dir, "GITLAB_TOKEN");
  if (!r->has("token"))
    r->missing("token", "where a group Owner's token is found, e.g. { env = \"GITLAB_TOKEN\" }");
  r->finish({"url", "group", "token"});
}

void check_section(const Section& section, Diagnostics& diags) {
  const Settings& s = section.gitlab;
  if (s.where.line > 0) {
    check_url(s.url, key_or(s.keys, "url", s.where), "url of [gitlab]", diags);
    if (s.keys.contains("group") && s.group.empty())
      diags.error(s.keys.at("group"), "group of [gitlab] is empty");
  }
  for (const auto& a : section.applications) {
    const std::string display = "application \"" + a.id + "\"";
    if (a.keys.contains("name") && a.name.empty())
      diags.error(a.keys.at("name"), "name of " + display + " is empty");
    if (a.keys.contains("redirect_uri"))
      check_form_url(a.redirect_uri, a.keys.at("redirect_uri"), "redirect_uri of " + display, diags);
    if (a.keys.contains("scopes") && a.scopes.empty())
      diags.error(a.keys.at("scopes"), "scopes of " + display + " is empty; list at least one");
    std::set<std::string> seen;
    for (const auto& scope : a.scopes) {
      if (!seen.insert(scope.value).second)
        diags.warning(scope.where, "scope \"" + scope.value + "\" is listed twice");
    }
  }
}

void check_scope_names(const Section& section, Diagnostics& diags) {
  for (const auto& a : section.applications) {
    for (const auto& scope : a.scopes) {
      if (const std::string problem = scope_problem(scope.value); !problem.empty())
        diags.error(scope.where, problem);
    }
  }
}

}  // namespace linkform::gitlab
