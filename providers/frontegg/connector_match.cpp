// Identity: which app, template and live connector a configured connector means.

#include <algorithm>
#include <cctype>

#include "core/word_list.h"
#include "providers/frontegg/connector_plan.h"

namespace linkform::frontegg {

Address connector_address(const Connector& connector) {
  return {"frontegg_connector", connector.id, connector.environment};
}

Result<const Application*> resolve_application(const std::vector<Application>& apps,
                                               const std::string& name_or_id,
                                               const std::string& environment) {
  for (const auto& a : apps) {
    if (a.id == name_or_id) return &a;
  }
  const Application* found = nullptr;
  for (const auto& a : apps) {
    if (a.name != name_or_id) continue;
    if (found != nullptr) {
      return fail(Error::invalid("several applications in environment \"" + environment + "\" are named \"" +
                                 name_or_id + "\" (ids " + found->id + ", " + a.id +
                                 "); name the app by its id"));
    }
    found = &a;
  }
  if (found == nullptr) {
    const std::string names = joined(apps, ", ", [](const Application& a) { return in_quotes(a.name); });
    return fail(Error::invalid("no application named \"" + name_or_id + "\" in environment \"" + environment +
                               "\" (it has " + (names.empty() ? std::string("none") : names) + ")"));
  }
  return found;
}

namespace {

bool looks_like(const Template& t, const ConnectorKind& kind) {
  const auto lower = [](std::string text) {
    std::ranges::transform(text, text.begin(),
                           [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return text;
  };
  return lower(t.name) == lower(kind.template_name) || t.integration_id.starts_with(kind.template_id);
}

std::string describe(const Template& t) {
  return "id " + in_quotes(t.id) + ", integrationId " + in_quotes(t.integration_id) + ", name " +
         in_quotes(t.name);
}

}  // namespace

TemplateMatch resolve_template(const std::vector<Template>& templates, const std::string& template_id,
                               const ConnectorKind& kind, const std::string& environment) {
  TemplateMatch match;
  for (const auto& t : templates) {
    if (t.matches(template_id)) {
      match.found = &t;
      return match;
    }
  }
  std::vector<const Template*> candidates;
  for (const auto& t : templates) {
    if (looks_like(t, kind)) candidates.push_back(&t);
  }
  const std::string whose = kind.vendor + "'s";
  const std::string setting = kind.template_setting.empty() ? "template" : kind.template_setting;
  if (candidates.size() == 1) {
    match.found = candidates.front();
    match.notice = "environment \"" + environment + "\" has no integration template \"" + template_id +
                   "\"; using the one that looks like " + whose + " (" + describe(*match.found) + "). Set " +
                   setting + " = \"" +
                   (match.found->integration_id.empty() ? match.found->id : match.found->integration_id) +
                   "\" to make this choice explicit, or run linkform discover to see every template";
    return match;
  }
  std::string listing;
  for (const auto& t : templates) listing += "\n  " + describe(t);
  match.error = Error::invalid(
      "environment \"" + environment + "\" has no integration template \"" + template_id + "\" and " +
      (candidates.empty() ? "none that looks like " + whose
                          : std::to_string(candidates.size()) + " that look like " + whose) +
      " (name \"" + kind.template_name + "\" or an integrationId starting with \"" + kind.template_id +
      "\"); set " + setting +
      " = \"...\" to one of its templates:" + (listing.empty() ? std::string("\n  (it has none)") : listing));
  return match;
}

bool is_connector_of(const RemoteConnector& remote, const Template& tmpl, std::string_view slug) {
  return remote.slug == slug && tmpl.matches(remote.integration_template_id);
}

const RemoteConnector* find_connector(const std::vector<RemoteConnector>& connectors, const Template& tmpl,
                                      const std::string& slug) {
  for (const auto& c : connectors) {
    if (is_connector_of(c, tmpl, slug)) return &c;
  }
  return nullptr;
}

Resolved resolve(const Connector& connector, const FronteggEnvironment& environment,
                 const EnvironmentState& state) {
  Resolved r;
  auto app = resolve_application(state.applications, connector.app, environment.name);
  if (app)
    r.app = *app;
  else
    r.app_error = app.error();
  r.tmpl = resolve_template(
      state.templates,
      connector.template_id.empty() ? template_of(environment, *connector.kind) : connector.template_id,
      *connector.kind, environment.name);
  return r;
}

std::string connector_identity(const std::string& app_id, const Template& tmpl, const std::string& slug,
                               const std::string& client_id) {
  return app_id + "/" + (tmpl.integration_id.empty() ? tmpl.id : tmpl.integration_id) + "/" + slug + "\n" +
         client_id;
}

}  // namespace linkform::frontegg
