#include "core/config_check.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "core/file_read.h"
#include "core/suggest.h"
#include "core/url.h"

namespace linkform {

namespace {

SourceLocation key_or(const KeyLocations& keys, const std::string& key, const SourceLocation& fallback) {
  const auto it = keys.find(key);
  return it == keys.end() ? fallback : it->second;
}

SourceLocation from_environment(const std::string& variable) {
  return {"environment variable " + variable, 0, 0};
}

std::optional<std::string> non_empty(const Environment& env, const std::string& name) {
  auto v = env.get(name);
  if (v && v->empty()) return std::nullopt;
  return v;
}

// The credential variables of a single [frontegg].
void apply_frontegg_overrides(FronteggEnvironment& fe, const Environment& env) {
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

void check_url(const std::string& value, const SourceLocation& where, const std::string& what,
               Diagnostics& diags) {
  const std::string problem = check_service_url(value);
  if (!problem.empty()) diags.error(where, what + ": " + problem);
}

// A URL a person types into the consumer form (never sent a credential): a query string is fine.
void check_form_url(const std::string& value, const SourceLocation& where, const std::string& what,
                    Diagnostics& diags) {
  const std::string problem = check_web_url(value);
  if (!problem.empty()) diags.error(where, what + ": " + problem);
}

bool same_source(const std::optional<CredentialSource>& a, const std::optional<CredentialSource>& b) {
  return a && b && a->kind == b->kind && a->ref == b->ref;
}

// Account-level credentials serve several environments only through distinct environment_ids: without
// them, every environment would act on the account's first one (development) and say nothing.
void check_shared_credentials(const Config& config, Diagnostics& diags) {
  const auto& envs = config.environments;
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

void check_environments(Config& config, Diagnostics& diags) {
  for (auto& fe : config.environments) {
    const std::string display = fe.name == "default" && config.environments.size() == 1
                                    ? "[frontegg]"
                                    : "environment \"" + fe.name + "\"";
    if (fe.region.empty() && fe.base_url.empty()) {
      diags.error(fe.where, display + " needs region (eu, us, ca, au, uk) or base_url");
    } else if (!fe.region.empty() && !fe.base_url.empty()) {
      diags.error(key_or(fe.keys, "base_url", fe.where),
                  display + " sets both region and base_url; keep one");
    } else if (!fe.base_url.empty()) {
      check_url(fe.base_url, key_or(fe.keys, "base_url", fe.where), "base_url of " + display, diags);
    }
    if (!fe.client_id)
      diags.error(fe.where, display + " needs client_id, e.g. { env = \"FRONTEGG_CLIENT_ID\" }");
    if (!fe.secret) diags.error(fe.where, display + " needs secret, e.g. { env = \"FRONTEGG_SECRET\" }");
    if (fe.template_id.empty())
      diags.error(key_or(fe.keys, "template", fe.where), "template of " + display + " is empty");
    if (fe.workspace_key.empty()) {
      diags.error(key_or(fe.keys, "workspace_key", fe.where), "workspace_key of " + display + " is empty");
    }
    if (fe.scopes_field != "configuration.scopes" && fe.scopes_field != "none") {
      diags.error(key_or(fe.keys, "scopes_field", fe.where),
                  "scopes_field of " + display + " is \"" + fe.scopes_field +
                      "\"; it is \"configuration.scopes\" (the default) or \"none\" (scopes are not sent)");
    }
    if (fe.keys.contains("environment_id") && fe.environment_id.empty()) {
      diags.error(fe.keys.at("environment_id"), "environment_id of " + display + " is empty");
    }
  }
  check_shared_credentials(config, diags);
}

// Empty when `slug` is a Bitbucket workspace slug, else why not.
std::string workspace_slug_problem(const std::string& slug) {
  const bool bad = slug.empty() || slug == "." || slug == ".." ||
                   slug.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_.") != std::string::npos;
  if (!bad) return {};
  return "workspace \"" + slug +
         "\" is not a Bitbucket workspace slug (lower-case letters, digits, '-', '_' and '.')";
}

void check_bitbucket(const Config& config, Diagnostics& diags) {
  const BitbucketSettings& bb = config.bitbucket;
  if (bb.keys.contains("workspace")) {
    if (const std::string problem = workspace_slug_problem(bb.workspace); !problem.empty())
      diags.error(bb.keys.at("workspace"), problem);
  }
  check_url(bb.api_url, key_or(bb.keys, "api_url", bb.where), "api_url of [bitbucket]", diags);
  check_url(bb.oauth_url, key_or(bb.keys, "oauth_url", bb.where), "oauth_url of [bitbucket]", diags);
}

void check_consumers(const Config& config, Diagnostics& diags) {
  for (const auto& c : config.consumers) {
    const std::string display = "consumer \"" + c.id + "\"";
    if (c.keys.contains("name") && c.name.empty())
      diags.error(c.keys.at("name"), "name of " + display + " is empty");
    if (c.keys.contains("callback_url")) {
      check_form_url(c.callback_url, c.keys.at("callback_url"), "callback_url of " + display, diags);
    }
    if (c.keys.contains("url")) check_form_url(c.url, c.keys.at("url"), "url of " + display, diags);
    std::set<std::string> seen;
    for (const auto& p : c.permissions) {
      if (!seen.insert(p.value).second)
        diags.warning(p.where, "permission \"" + p.value + "\" is listed twice");
    }
    if (!c.is_private) {
      diags.warning(key_or(c.keys, "private", c.where),
                    display +
                        " is public (private = false): Bitbucket refuses client_credentials for public "
                        "consumers, so linkform cannot read its permissions and will only check its key");
    }
  }
}

std::vector<std::string> names_of_environments(const Config& config) {
  std::vector<std::string> out;
  for (const auto& e : config.environments) out.push_back(e.name);
  return out;
}

std::vector<std::string> names_of_consumers(const Config& config) {
  std::vector<std::string> out;
  for (const auto& c : config.consumers) out.push_back(c.id);
  return out;
}

void resolve_connector_environment(Connector& c, const Config& config, Diagnostics& diags) {
  const std::string display = "connector \"" + c.id + "\"";
  if (c.environment.empty()) {
    if (config.environments.size() == 1) {
      c.environment = config.environments.front().name;
    } else if (config.environments.size() > 1) {
      diags.error(
          c.where, display + " must name its environment (one of: " + [&] {
            std::string all;
            for (const auto& n : names_of_environments(config)) all += (all.empty() ? "" : ", ") + n;
            return all;
          }() + ")");
    }
    return;
  }
  if (config.find_environment(c.environment) == nullptr && !config.environments.empty()) {
    diags.error(key_or(c.keys, "environment", c.where),
                display + " names environment \"" + c.environment + "\", which is not declared" +
                    did_you_mean(c.environment, names_of_environments(config)));
  }
}

void check_connector(Connector& c, const Config& config, Diagnostics& diags) {
  const std::string display = "connector \"" + c.id + "\"";
  resolve_connector_environment(c, config, diags);
  if (c.keys.contains("workspace")) {
    if (const std::string problem = workspace_slug_problem(c.workspace); !problem.empty())
      diags.error(c.keys.at("workspace"), problem + " (in " + display + ")");
  }
  if (c.workspace.empty()) c.workspace = config.bitbucket.workspace;
  if (const FronteggEnvironment* env = config.find_environment(c.environment);
      env != nullptr && c.custom_configuration.contains(env->workspace_key)) {
    diags.error(key_or(c.keys, "custom_configuration", c.where),
                "custom_configuration of " + display + " sets \"" + env->workspace_key +
                    "\", the key that holds the workspace (workspace_key of environment \"" + env->name +
                    "\"); set workspace = \"...\" instead");
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
  if (c.ensure == Ensure::kPresent) {
    if (c.consumer.empty()) {
      if (!c.keys.contains("consumer")) {
        diags.error(
            c.where,
            display + " must name the consumer its client id and secret come from (consumer = \"...\")");
      }
    } else if (config.find_consumer(c.consumer) == nullptr) {
      diags.error(key_or(c.keys, "consumer", c.where),
                  display + " names consumer \"" + c.consumer + "\", which is not declared" +
                      did_you_mean(c.consumer, names_of_consumers(config)));
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

void check_connectors(Config& config, Diagnostics& diags) {
  std::map<std::tuple<std::string, std::string, std::string>, const Connector*> seen;
  std::set<std::string> used_consumers;
  for (auto& c : config.connectors) {
    check_connector(c, config, diags);
    used_consumers.insert(c.consumer);
    const auto [it, inserted] = seen.emplace(std::tuple{c.environment, c.app, c.slug}, &c);
    if (!inserted) {
      const SourceLocation& first = it->second->where;
      diags.error(key_or(c.keys, "slug", c.where),
                  "connector \"" + c.id + "\" has the same environment, app and slug (\"" + c.slug +
                      "\") as connector \"" + it->second->id + "\" at line " + std::to_string(first.line) +
                      "; slugs must be unique per app");
    }
  }
  // With a broken reference, "unused" would only be a symptom of it.
  const bool dangling = std::ranges::any_of(config.connectors, [&](const Connector& c) {
    return c.ensure == Ensure::kPresent && config.find_consumer(c.consumer) == nullptr;
  });
  for (const auto& consumer : config.consumers) {
    if (!dangling && !used_consumers.contains(consumer.id)) {
      diags.warning(consumer.where, "consumer \"" + consumer.id + "\" is not used by any connector");
    }
  }
}

}  // namespace

namespace {

// A service URL written in the file is checked as written before an environment variable replaces it:
// validate judges the committed file, whatever the runner sets.
void check_written_url(const std::string& value, const KeyLocations& keys, const std::string& key,
                       const std::string& what, Diagnostics& diags) {
  if (const auto it = keys.find(key); it != keys.end() && it->second.line > 0)
    check_url(value, it->second, what, diags);
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
}

}  // namespace

void apply_environment_overrides(Config& config, const Environment& env, Diagnostics& diags) {
  if (auto v = non_empty(env, "LINKFORM_BITBUCKET_API_URL")) {
    check_written_url(config.bitbucket.api_url, config.bitbucket.keys, "api_url", "api_url of [bitbucket]",
                      diags);
    config.bitbucket.api_url = *v;
    config.bitbucket.keys["api_url"] = from_environment("LINKFORM_BITBUCKET_API_URL");
  }
  if (auto v = non_empty(env, "LINKFORM_BITBUCKET_OAUTH_URL")) {
    check_written_url(config.bitbucket.oauth_url, config.bitbucket.keys, "oauth_url",
                      "oauth_url of [bitbucket]", diags);
    config.bitbucket.oauth_url = *v;
    config.bitbucket.keys["oauth_url"] = from_environment("LINKFORM_BITBUCKET_OAUTH_URL");
  }
  const bool single = config.environments.size() == 1 && config.environments.front().name == "default";
  // A service-URL variable applies to every environment (a whole run moved to the emulator, say).
  for (auto& fe : config.environments) {
    apply_url_overrides(
        fe, env, single ? "base_url of [frontegg]" : "base_url of environment \"" + fe.name + "\"", diags);
  }
  if (single) {
    apply_frontegg_overrides(config.environments.front(), env);
    return;
  }
  // Several environments: a credential variable cannot say which environment it is for, so it is not
  // used, and said so rather than ignored.
  for (const char* name : {"FRONTEGG_CLIENT_ID", "FRONTEGG_SECRET", "FRONTEGG_SECRET_KEY", "FRONTEGG_API_KEY",
                           "FRONTEGG_ENVIRONMENT_ID"}) {
    if (non_empty(env, name)) {
      diags.warning(
          from_environment(name),
          std::string(name) +
              " is set, but with [frontegg.environments] each environment names its "
              "own credentials, so it is not used; name it in an environment's client_id, secret or "
              "environment_id if it is meant for one");
    }
  }
}

void check_config(Config& config, Diagnostics& diags) {
  check_bitbucket(config, diags);
  check_environments(config, diags);
  check_consumers(config, diags);
  check_connectors(config, diags);
}

namespace {

namespace fs = std::filesystem;

// The directories LINKFORM_ALLOW_SECRET_FILES names, absolute and canonical.
std::vector<std::string> allowed_secret_dirs(const Environment& env) {
  std::vector<std::string> out;
  const std::string list = env.get(kAllowSecretFilesVariable).value_or("");
  std::size_t start = 0;
  while (start < list.size()) {
    const auto colon = list.find(':', start);
    const std::string dir =
        list.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    std::error_code ec;
    if (!dir.empty()) {
      const fs::path canonical = fs::weakly_canonical(fs::absolute(dir, ec), ec);
      if (!ec) out.push_back(canonical.string());
    }
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return out;
}

void check_secret_file(CredentialSource& source, const std::string& what, const std::string& root_lexical,
                       const std::vector<std::string>& roots, bool is_secret, Diagnostics& diags) {
  std::error_code ec;
  const std::string lexical = fs::absolute(source.ref, ec).lexically_normal().string();
  const bool allowed =
      std::ranges::any_of(roots, [&](const std::string& r) { return is_inside(lexical, r); });
  const bool inside = !source.written_absolute && is_inside(lexical, root_lexical);
  if (!inside && !allowed) {
    diags.error(
        source.where,
        what + " reads file " + source.ref +
            (source.written_absolute ? ", an absolute path" : ", outside the configuration's directory") +
            ". A configuration reads files only inside its own directory tree, by relative paths; to "
            "allow another directory, set " +
            std::string(kAllowSecretFilesVariable) + "=" + fs::path(lexical).parent_path().string() +
            " in the environment that runs linkform (a configuration file cannot allow it)");
    return;
  }
  source.roots = roots;
  struct stat info {};
  if (is_secret && ::stat(source.ref.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
      (info.st_mode & 044) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
    diags.warning(source.where,
                  what + ": file " + source.ref + " is readable by " +
                      ((info.st_mode & 004) != 0 ? "everyone" : "its group") + " (mode " + mode +
                      "); a secret file should be readable by its owner only: chmod 600 " + source.ref);
  }
}

void check_env_secret(const CredentialSource& source, const std::string& what, const Environment& env,
                      Diagnostics& diags) {
  const auto value = env.get(source.ref);
  if (!value || value->empty() || (value->back() != '\n' && value->back() != '\r')) return;
  diags.warning(source.where, what + ": environment variable " + source.ref +
                                  " ends with a newline, which is sent as part of the secret; set it without "
                                  "one (printf '%s' rather than echo, or a CI variable without a trailing "
                                  "line break)");
}

}  // namespace

void check_secret_sources(Config& config, const Environment& env, Diagnostics& diags) {
  std::error_code ec;
  const fs::path dir = fs::path(config.path).parent_path();
  const std::string root_lexical =
      fs::absolute(dir.empty() ? fs::path(".") : dir, ec).lexically_normal().string();
  std::vector<std::string> roots = allowed_secret_dirs(env);
  const fs::path canonical_root = fs::weakly_canonical(root_lexical, ec);
  roots.insert(roots.begin(), ec ? root_lexical : canonical_root.string());
  const auto check = [&](std::optional<CredentialSource>& source, const std::string& what, bool is_secret) {
    if (!source) return;
    if (source->kind == CredentialSource::Kind::kFile) {
      check_secret_file(*source, what, root_lexical, roots, is_secret, diags);
    } else if (source->kind == CredentialSource::Kind::kEnv && is_secret) {
      check_env_secret(*source, what, env, diags);
    }
  };
  for (auto& fe : config.environments) {
    const std::string display = fe.name == "default" && config.environments.size() == 1
                                    ? "[frontegg]"
                                    : "environment \"" + fe.name + "\"";
    check(fe.client_id, "client_id of " + display, false);
    check(fe.secret, "secret of " + display, true);
  }
  for (auto& c : config.consumers) {
    check(c.key, "key of consumer \"" + c.id + "\"", false);
    check(c.secret, "secret of consumer \"" + c.id + "\"", true);
  }
}

bool is_valid_slug(std::string_view slug) {
  if (slug.empty() || slug.size() > 64 || slug.front() == '-' || slug.back() == '-') return false;
  char previous = 0;
  for (char ch : slug) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-';
    if (!ok || (ch == '-' && previous == '-')) return false;
    previous = ch;
  }
  return true;
}

}  // namespace linkform
