// Frontegg's checks of meaning on its sections, and the FRONTEGG_* environment variables.

#include "core/config_check.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/suggest.h"
#include "core/url.h"
#include "providers/frontegg/config.h"
#include "providers/frontegg/regions.h"

namespace linkform::frontegg {

namespace {

// The credential variables of a single [frontegg].
void apply_credential_overrides(FronteggEnvironment& fe, const Environment& env) {
  if (auto id = non_empty(env, "FRONTEGG_ENVIRONMENT_ID")) {
    fe.environment_id = *id;
    fe.keys["environment_id"] = from_environment("FRONTEGG_ENVIRONMENT_ID");
  }
  if (non_empty(env, "FRONTEGG_CLIENT_ID") || !fe.client_id) {
    fe.client_id = CredentialSource{CredentialSource::Kind::kEnv, "FRONTEGG_CLIENT_ID", fe.where};
    fe.client_id->masked = false;
  }
  bool found = false;
  for (const char* name : {"FRONTEGG_SECRET", "FRONTEGG_SECRET_KEY", "FRONTEGG_API_KEY"}) {
    if (non_empty(env, name)) {
      fe.secret = CredentialSource{CredentialSource::Kind::kEnv, name, fe.where};
      found = true;
      break;
    }
  }
  if (!found && !fe.secret)
    fe.secret = CredentialSource{CredentialSource::Kind::kEnv, "FRONTEGG_SECRET", fe.where};
}

// FRONTEGG_REGION and FRONTEGG_BASE_URL. The URL written in the file is checked first: validate judges
// the committed file, whatever the runner sets.
void apply_url_overrides(FronteggEnvironment& fe, const Environment& env, const std::string& what,
                         Diagnostics& diags) {
  const auto region = non_empty(env, "FRONTEGG_REGION");
  const auto base = non_empty(env, "FRONTEGG_BASE_URL");
  if (region || base) check_written_url(fe.base_url, fe.keys, "base_url", what, diags);
  if (region) {
    fe.region = *region;
    fe.base_url.clear();
    fe.keys["region"] = from_environment("FRONTEGG_REGION");
  }
  if (base) {
    fe.base_url = *base;
    fe.region.clear();
    fe.keys["base_url"] = from_environment("FRONTEGG_BASE_URL");
  }
  // FRONTEGG_GATEWAY: the gateway of every environment (the emulator's, in tests and demos).
  if (auto gateway = non_empty(env, "FRONTEGG_GATEWAY")) {
    fe.gateway = *gateway;
    while (fe.gateway.ends_with('/')) fe.gateway.pop_back();
    fe.keys["gateway"] = from_environment("FRONTEGG_GATEWAY");
  }
}

bool same_source(const std::optional<CredentialSource>& a, const std::optional<CredentialSource>& b) {
  return a && b && a->kind == b->kind && a->ref == b->ref;
}

// Account-level credentials serve several environments only through distinct environment_ids: without
// them, every environment would act on the account's first one (development) and say nothing.
void check_shared_credentials(const FronteggSection& section, Diagnostics& diags) {
  const auto& envs = section.environments;
  for (std::size_t i = 0; i < envs.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const FronteggEnvironment& a = envs[j];
      const FronteggEnvironment& b = envs[i];
      if (a.base_url != b.base_url || a.region != b.region || !same_source(a.client_id, b.client_id) ||
          !same_source(a.secret, b.secret)) {
        continue;
      }
      if (!a.environment_id.empty() && !b.environment_id.empty() && a.environment_id != b.environment_id)
        continue;
      diags.error(key_or(b.keys, "environment_id", b.where),
                  "environments \"" + a.name + "\" and \"" + b.name +
                      "\" use the same client_id and secret " +
                      (a.environment_id.empty() || b.environment_id.empty()
                           ? "without environment_id"
                           : "with the same environment_id \"" + b.environment_id + "\"") +
                      ", so both would act on one Frontegg environment (an account's credentials act on its "
                      "first, development, unless each request names one); give each its own credentials "
                      "or set environment_id = \"<that environment's client id>\" in each");
    }
  }
}

// The gateway is an origin: https (http on loopback), a host, no path. The portal shows the "MCP Gateway
// URL" with or without its scheme; a value without one is the likeliest mistake.
void check_gateway(const std::string& gateway, const SourceLocation& where, const std::string& display,
                   Diagnostics& diags) {
  const std::string what = "gateway of " + display;
  if (gateway.find("://") == std::string::npos && !gateway.empty()) {
    diags.error(where, what + " is \"" + gateway + "\", not a URL; write it with its scheme: \"https://" +
                           gateway + "\" (the MCP Gateway URL in the Frontegg portal's Settings)");
    return;
  }
  const int errors = diags.error_count();
  check_url(gateway, where, what, diags);
  if (diags.error_count() != errors) return;
  if (auto url = parse_url(gateway); url && !url->path.empty()) {
    diags.error(where, what + " has a path (\"" + url->path +
                           "\"); it is the gateway's origin, e.g. \"https://acme.mcp-gw.frontegg.com\", and "
                           "the callback is <gateway>/integration-callback");
  }
}

void check_environment(const FronteggEnvironment& fe, const std::string& display, Diagnostics& diags) {
  if (fe.region.empty() && fe.base_url.empty()) {
    diags.error(fe.where, display + " needs region (eu, us, ca, au, uk) or base_url");
  } else if (!fe.region.empty() && !fe.base_url.empty()) {
    diags.error(key_or(fe.keys, "base_url", fe.where), display + " sets both region and base_url; keep one");
  } else if (!fe.base_url.empty()) {
    check_url(fe.base_url, key_or(fe.keys, "base_url", fe.where), "base_url of " + display, diags);
  }
  // A key that is written but refused (a literal secret) has its own error already.
  if (!fe.client_id && !fe.keys.contains("client_id")) {
    diags.error(fe.where, display + " needs client_id, e.g. client_id = { env = \"" +
                              credential_variable(fe, "CLIENT_ID") + "\" }");
  }
  if (!fe.secret && !fe.keys.contains("secret")) {
    diags.error(fe.where, display + " needs secret, e.g. secret = { env = \"" +
                              credential_variable(fe, "SECRET") + "\" }");
  }
  for (const auto& [setting, value] : fe.kind_settings) {
    if (value.empty())
      diags.error(key_or(fe.keys, setting, fe.where), setting + " of " + display + " is empty");
  }
  if (fe.scopes_field != "configuration.scopes" && fe.scopes_field != "none") {
    diags.error(key_or(fe.keys, "scopes_field", fe.where),
                "scopes_field of " + display + " is \"" + fe.scopes_field +
                    "\"; it is \"configuration.scopes\" (the default) or \"none\" (scopes are not sent)");
  }
  if (fe.keys.contains("environment_id") && fe.environment_id.empty()) {
    diags.error(fe.keys.at("environment_id"), "environment_id of " + display + " is empty");
  }
  if (fe.keys.contains("gateway")) check_gateway(fe.gateway, fe.keys.at("gateway"), display, diags);
}

std::vector<std::string> names_of_environments(const FronteggSection& section) {
  std::vector<std::string> out;
  for (const auto& e : section.environments) out.push_back(e.name);
  return out;
}

void check_connector_environment(const Connector& c, const FronteggSection& section, Diagnostics& diags) {
  const std::string display = "connector \"" + c.id + "\"";
  if (c.environment.empty()) {  // with a single environment, fill_defaults named it
    if (section.environments.size() > 1) {
      std::string all;
      for (const auto& n : names_of_environments(section)) all += (all.empty() ? "" : ", ") + n;
      diags.error(c.where, display + " must name its environment (one of: " + all + ")");
    }
    return;
  }
  if (section.find_environment(c.environment) == nullptr && !section.environments.empty()) {
    diags.error(key_or(c.keys, "environment", c.where),
                display + " names environment \"" + c.environment + "\", which is not declared" +
                    did_you_mean(c.environment, names_of_environments(section)));
  }
}

// What a connector may leave out or must not leave empty.
void check_connector_values(const Connector& c, const std::string& display, Diagnostics& diags) {
  if (c.ensure == Ensure::kPresent) {
    const std::string& key = c.kind->reference_key;
    if (c.client.empty() && !c.keys.contains(key)) {
      diags.error(c.where, display + " must name the " + c.kind->client_noun +
                               " its client id and secret come from (" + key + " = \"...\")");
    }
  } else if (c.prevent_destroy) {
    diags.error(key_or(c.keys, "ensure", c.where),
                display + " has ensure = \"absent\" and prevent_destroy = true; remove one of them");
  }
  if (c.scopes && c.scopes->empty()) diags.error(c.keys.at("scopes"), "scopes of " + display + " is empty");
  if (c.apis && c.apis->empty()) {
    diags.error(c.keys.at("apis"), "apis of " + display + " is empty; leave it out to enable every API");
  }
  if (c.name.empty()) diags.error(key_or(c.keys, "name", c.where), "name of " + display + " is empty");
}

}  // namespace

void apply_environment_overrides(FronteggSection& section, const Environment& env, Diagnostics& diags) {
  const bool single = section.environments.size() == 1 && section.environments.front().name == "default";
  // A service-URL variable applies to every environment (a whole run moved to the emulator, say).
  for (auto& fe : section.environments)
    apply_url_overrides(fe, env, "base_url of " + environment_display(section, fe), diags);
  if (single) {
    apply_credential_overrides(section.environments.front(), env);
    return;
  }
  // Several environments: a credential variable cannot say which environment it is for, so it is not
  // used, and said so rather than ignored.
  // A variable an environment names as its { env = "..." } source is used, by that environment.
  const auto named_by_an_environment = [&](const std::string& name) {
    return std::ranges::any_of(section.environments, [&](const FronteggEnvironment& fe) {
      for (const auto* source : {&fe.client_id, &fe.secret}) {
        if (*source && (*source)->kind == CredentialSource::Kind::kEnv && (*source)->ref == name) return true;
      }
      return false;
    });
  };
  for (const char* name : {"FRONTEGG_CLIENT_ID", "FRONTEGG_SECRET", "FRONTEGG_SECRET_KEY", "FRONTEGG_API_KEY",
                           "FRONTEGG_ENVIRONMENT_ID"}) {
    if (non_empty(env, name) && !named_by_an_environment(name)) {
      diags.warning(
          from_environment(name),
          std::string(name) +
              " is set, but with [frontegg.environments] each environment names its "
              "own credentials, so it is not used; name it in an environment's client_id, secret or "
              "environment_id if it is meant for one");
    }
  }
}

void check_environments(const FronteggSection& section, Diagnostics& diags) {
  for (const auto& fe : section.environments) check_environment(fe, environment_display(section, fe), diags);
  check_shared_credentials(section, diags);
}

void check_connector(const Connector& c, const FronteggSection& section, Diagnostics& diags) {
  const std::string display = "connector \"" + c.id + "\"";
  check_connector_environment(c, section, diags);
  if (const FronteggEnvironment* env = section.find_environment(c.environment);
      env != nullptr && !c.kind->target_key.empty() &&
      c.custom_configuration.contains(target_key_of(*env, *c.kind))) {
    diags.error(key_or(c.keys, "custom_configuration", c.where),
                "custom_configuration of " + display + " sets \"" + target_key_of(*env, *c.kind) +
                    "\", the key that holds the " + c.kind->target_key + " (" + c.kind->target_key_setting +
                    " of environment \"" + env->name + "\"); set " + c.kind->target_key +
                    " = \"...\" instead");
  }
  if (!c.kind->target_key.empty() && c.kind->target_problem && c.keys.contains(c.kind->target_key)) {
    if (const std::string problem = c.kind->target_problem(c.target); !problem.empty())
      diags.error(c.keys.at(c.kind->target_key), problem + " (in " + display + ")");
  }
  if (!is_valid_slug(c.slug)) {
    diags.error(
        key_or(c.keys, "slug", c.where),
        "slug \"" + c.slug + "\" of " + display +
            " must be lower-case kebab-case (a-z, 0-9 and single '-' between words), at most 64 characters" +
            (c.keys.contains("slug") ? "" : "; the table name is the default slug, set slug = \"...\""));
  }
  if (c.keys.contains("app") && c.app.empty())
    diags.error(c.keys.at("app"), "app of " + display + " is empty");
  check_connector_values(c, display, diags);
}

void check_duplicate_connectors(const FronteggSection& section, Diagnostics& diags) {
  std::map<std::tuple<std::string, std::string, std::string>, const Connector*> seen;
  for (const auto& c : section.connectors) {
    const auto [it, inserted] = seen.emplace(std::tuple{c.environment, c.app, c.slug}, &c);
    if (inserted) continue;
    const SourceLocation& first = it->second->where;
    diags.error(key_or(c.keys, "slug", c.where),
                "connector \"" + c.id + "\" has the same environment, app and slug (\"" + c.slug +
                    "\") as connector \"" + it->second->id + "\" at line " + std::to_string(first.line) +
                    "; slugs must be unique per app");
  }
}

void check_regions(FronteggSection& section, Diagnostics& diags) {
  for (auto& env : section.environments) {
    if (env.region.empty()) continue;
    if (auto url = region_base_url(env.region)) {
      if (env.base_url.empty()) env.base_url = *url;
      continue;
    }
    diags.error(key_or(env.keys, "region", env.where), "unknown Frontegg region \"" + env.region +
                                                           "\" (one of eu, us, ca, au, uk)" +
                                                           did_you_mean(env.region, region_names()));
  }
}

}  // namespace linkform::frontegg
