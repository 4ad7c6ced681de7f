#include "providers/gitlab/config_part.h"

#include <algorithm>

#include "core/config_check.h"
#include "providers/gitlab/connector_kind.h"

namespace linkform::gitlab {

Address application_address(const Application& application) {
  return {"gitlab_application", application.id, ""};
}

std::vector<const ConnectorKind*> GitlabConfig::connector_kinds() const { return {&connector_kind()}; }

void GitlabConfig::read(ConfigTable& root, const ConfigContext& context) {
  read_section(root, context.base_dir, *this);
}

void GitlabConfig::apply_environment(const Environment& env, Diagnostics& diags) {
  // LINKFORM_GITLAB_URL moves a whole run (to the emulator, say), as the other vendors' URL variables do.
  const auto v = non_empty(env, "LINKFORM_GITLAB_URL");
  if (!v || gitlab.where.line == 0) return;
  check_written_url(gitlab.url, gitlab.keys, "url", "url of [gitlab]", diags);
  gitlab.url = *v;
  gitlab.keys["url"] = from_environment("LINKFORM_GITLAB_URL");
}

void GitlabConfig::check(Diagnostics& diags) const { check_section(*this, diags); }

std::vector<DeclaredClient> GitlabConfig::clients() const {
  std::vector<DeclaredClient> out;
  for (const auto& a : applications) {
    DeclaredClient d;
    d.address = application_address(a);
    d.kind = &connector_kind();
    d.display = "application \"" + a.id + "\"";
    d.where = a.where;
    for (const auto& s : a.scopes) d.scopes.push_back(s.value);
    out.push_back(std::move(d));
  }
  return out;
}

void GitlabConfig::check_callback(const Address& client, const std::string& expected,
                                  const std::string& label, const std::string& hint, Diagnostics& diags) {
  const auto it = std::ranges::find(applications, client.name, &Application::id);
  if (it == applications.end()) return;
  Application& a = *it;
  const std::string display = "application \"" + a.id + "\"";
  if (expected.empty()) {
    if (a.redirect_uri.empty() && !a.keys.contains("redirect_uri"))
      diags.error(a.where, display + " needs redirect_uri, or " + hint);
    return;
  }
  if (a.redirect_uri.empty()) {
    a.redirect_uri = expected;
    a.redirect_derived = true;
    return;
  }
  if (a.redirect_uri == expected) return;
  diags.error(key_or(a.keys, "redirect_uri", a.where),
              "redirect_uri of " + display + " is \"" + a.redirect_uri + "\", but the gateway of " + label +
                  " sends redirect_uri \"" + expected +
                  "\", and GitLab accepts only a redirect_uri the application registers exactly. Set "
                  "redirect_uri = \"" +
                  expected + "\", or remove it: it is derived from the gateway");
}

std::vector<Endpoint> GitlabConfig::endpoints() const {
  if (gitlab.where.line == 0 && applications.empty()) return {};
  Endpoint e = endpoint_at(gitlab.url, gitlab.keys, "url", gitlab.where);
  e.what = "url of [gitlab]";
  e.owner = "GitLab";
  e.vendor_hosts = {"gitlab.com"};
  return {std::move(e)};
}

std::vector<DeclaredCredential> GitlabConfig::credentials() {
  return {{&gitlab.token, "token of [gitlab]", "token of [gitlab]", true}};
}

std::vector<std::pair<Address, int>> GitlabConfig::declared() const {
  std::vector<std::pair<Address, int>> out;
  for (const auto& a : applications) out.emplace_back(application_address(a), a.where.line);
  return out;
}

std::vector<ResourceCount> GitlabConfig::counts() const {
  // Said only by a configuration that uses GitLab: the others' summaries stay as they were.
  if (gitlab.where.line == 0 && applications.empty()) return {};
  return {{"gitlab_applications", "GitLab application", applications.size()}};
}

}  // namespace linkform::gitlab
