// linkform discover: what each configured Frontegg environment offers, so a person can confirm or fix
// the unconfirmed parts of the mapping (template, customConfiguration keys) on first contact.

#include <algorithm>

#include "providers/frontegg/provider.h"

namespace linkform::frontegg {

namespace {

DiscoveredConnector discovered(const RemoteConnector& remote) {
  DiscoveredConnector d;
  d.id = remote.id;
  d.app_id = remote.app_id;
  d.slug = remote.slug;
  d.name = remote.name;
  d.is_active = remote.is_active;
  if (remote.configuration) {
    d.configuration_keys = remote.configuration->keys;
    d.custom_configuration_keys = remote.configuration->custom_keys;
  }
  return d;
}

}  // namespace

DiscoveredEnvironment FronteggProvider::discover_environment(const FronteggEnvironment& env) {
  DiscoveredEnvironment out;
  out.name = env.name;
  out.base_url = env.base_url;
  out.environment_id = env.environment_id;
  auto session = open_environment(env);
  if (!session) {
    out.errors.push_back(session.error().message);
    return out;
  }
  const EnvironmentState& state = (*session)->state;
  FronteggClient& client = *(*session)->client;
  out.applications = state.applications;
  std::vector<const Template*> used;  // by kind; nullptr: none could be chosen
  for (const ConnectorKind* kind : config_.kinds) {
    DiscoveredKind k;
    k.vendor = kind->vendor;
    const auto tmpl = resolve_template(state.templates, template_of(env, *kind), *kind, env.name);
    if (tmpl.found == nullptr) {
      k.template_problem = tmpl.error.message;
      k.templates = state.templates;
    } else {
      k.used_template = *tmpl.found;
      k.template_notice = tmpl.notice;
    }
    used.push_back(tmpl.found);
    out.kinds.push_back(std::move(k));
  }
  if (std::ranges::none_of(used, [](const Template* t) { return t != nullptr; })) return out;
  for (const auto& app : state.applications) {
    auto listed = client.list_connectors(app.id);
    for (auto& foreign : client.take_foreign_entries()) out.warnings.push_back(std::move(foreign));
    if (!listed) {
      out.errors.push_back(listed.error().message);
      continue;
    }
    for (auto& remote : *listed) {
      const auto kind = std::ranges::find_if(used, [&](const Template* t) {
        return t != nullptr && t->matches(remote.integration_template_id);
      });
      if (kind == used.end()) continue;
      if (!remote.configuration) {
        auto settings = client.get_connector_configuration(app.id, remote.id);
        if (settings)
          remote.configuration = std::move(*settings);
        else
          out.errors.push_back(settings.error().message);
      }
      out.kinds[static_cast<std::size_t>(kind - used.begin())].connectors.push_back(discovered(remote));
    }
  }
  return out;
}

std::vector<DiscoveredEnvironment> FronteggProvider::discover() {
  std::vector<DiscoveredEnvironment> out;
  for (const auto& env : config_.environments) out.push_back(discover_environment(env));
  return out;
}

}  // namespace linkform::frontegg
