#include "providers/bitbucket/config.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/config_check.h"
#include "core/suggest.h"
#include "providers/bitbucket/permissions.h"

namespace linkform {

const Consumer* BitbucketSection::find_consumer(const std::string& id) const {
  const auto it = std::ranges::find(consumers, id, &Consumer::id);
  return it == consumers.end() ? nullptr : &*it;
}

namespace bitbucket {

namespace {

void read_consumer(const std::string& id, ConfigTable& r, SourceLocation where,
                   const std::filesystem::path& base_dir, Diagnostics& diags, Consumer& c) {
  c.id = id;
  c.where = std::move(where);
  if (auto v = r.string("name", &c.keys))
    c.name = *v;
  else if (!r.has("name"))
    r.missing("name", "the consumer's name as shown in Bitbucket");
  if (auto v = r.string("description", &c.keys)) c.description = *v;
  // An omitted callback_url is derived from the gateway (providers/config_checks.cpp).
  if (auto v = r.string("callback_url", &c.keys)) c.callback_url = *v;
  if (auto v = r.string("url", &c.keys)) c.url = *v;
  if (auto v = r.boolean("private", &c.keys)) c.is_private = *v;
  if (auto v = r.boolean("retired", &c.keys)) c.retired = *v;
  if (auto v = r.string_array("permissions", &c.keys)) {
    if (v->empty())
      diags.error(c.keys["permissions"],
                  "permissions of consumer \"" + id + "\" is empty; list at least one");
    c.permissions = std::move(*v);
  } else if (!r.has("permissions") && !c.retired)
    r.missing("permissions", "the consumer's Bitbucket permissions, e.g. [\"account\", \"repository\"]");
  c.key = r.credential("key", true, &c.keys, base_dir);
  if (!r.has("key"))
    r.missing("key", "where the consumer key is found, e.g. { env = \"" +
                         suggested_variable("BITBUCKET", id, "KEY") + "\" }");
  c.secret = r.credential("secret", false, &c.keys, base_dir, suggested_variable("BITBUCKET", id, "SECRET"));
  if (!r.has("secret"))
    r.missing("secret", "where the consumer secret is found, e.g. { env = \"" +
                            suggested_variable("BITBUCKET", id, "SECRET") + "\" }");
  r.finish(
      {"name", "description", "callback_url", "url", "private", "permissions", "key", "secret", "retired"});
}

// One service URL variable: the URL the file wrote is checked first.
void apply_url_override(std::string& url, KeyLocations& keys, const std::string& key, const char* variable,
                        const Environment& env, Diagnostics& diags) {
  const auto v = non_empty(env, variable);
  if (!v) return;
  check_written_url(url, keys, key, key + " of [bitbucket]", diags);
  url = *v;
  keys[key] = from_environment(variable);
}

}  // namespace

void read_settings(ConfigTable& root, BitbucketSection& section) {
  BitbucketSettings& bb = section.bitbucket;
  auto r = root.table("bitbucket", "[bitbucket]", nullptr);
  if (!r) {
    // Needed once a consumer is declared: a configuration of another code host alone has none.
    if (!root.has("bitbucket") && !section.consumers.empty())
      root.missing("bitbucket", "the [bitbucket] table with the workspace slug");
    return;
  }
  bb.where = r->table_location();
  if (auto v = r->string("workspace", &bb.keys))
    bb.workspace = *v;
  else if (!r->has("workspace"))
    r->missing("workspace", "the Bitbucket workspace slug");
  if (auto v = r->string("api_url", &bb.keys)) bb.api_url = *v;
  if (auto v = r->string("oauth_url", &bb.keys)) bb.oauth_url = *v;
  r->finish({"workspace", "api_url", "oauth_url"});
}

void read_consumers(ConfigTable& root, const std::filesystem::path& base_dir, BitbucketSection& section) {
  auto consumers = root.table("consumers", "[consumers]", nullptr);
  if (!consumers) return;
  Diagnostics& diags = root.diagnostics();
  consumers->for_each_table("[consumers.", ConfigTable::Order::kFile,
                            [&](const std::string& id, ConfigTable& r, SourceLocation where) {
                              Consumer c;
                              read_consumer(id, r, std::move(where), base_dir, diags, c);
                              section.consumers.push_back(std::move(c));
                            });
}

void apply_environment_overrides(BitbucketSection& section, const Environment& env, Diagnostics& diags) {
  BitbucketSettings& bb = section.bitbucket;
  apply_url_override(bb.api_url, bb.keys, "api_url", "LINKFORM_BITBUCKET_API_URL", env, diags);
  apply_url_override(bb.oauth_url, bb.keys, "oauth_url", "LINKFORM_BITBUCKET_OAUTH_URL", env, diags);
}

std::string workspace_slug_problem(const std::string& slug) {
  const bool bad = slug.empty() || slug == "." || slug == ".." ||
                   slug.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_.") != std::string::npos;
  if (!bad) return {};
  return "workspace \"" + slug +
         "\" is not a Bitbucket workspace slug (lower-case letters, digits, '-', '_' and '.')";
}

void check_settings(const BitbucketSection& section, Diagnostics& diags) {
  const BitbucketSettings& bb = section.bitbucket;
  if (bb.keys.contains("workspace")) {
    if (const std::string problem = workspace_slug_problem(bb.workspace); !problem.empty())
      diags.error(bb.keys.at("workspace"), problem);
  }
  check_url(bb.api_url, key_or(bb.keys, "api_url", bb.where), "api_url of [bitbucket]", diags);
  check_url(bb.oauth_url, key_or(bb.keys, "oauth_url", bb.where), "oauth_url of [bitbucket]", diags);
}

void check_consumers(const BitbucketSection& section, Diagnostics& diags) {
  for (const auto& c : section.consumers) {
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
    if (!c.is_private && !c.retired) {
      diags.warning(key_or(c.keys, "private", c.where),
                    display +
                        " is public (private = false): Bitbucket refuses client_credentials for public "
                        "consumers, so linkform cannot read its permissions and will only check its key");
    }
  }
}

namespace {

// The consumer permission a name of another form means: "repository:read" (read scopes carry no suffix)
// or a granular name such as "read:repository:bitbucket" (API tokens and Forge apps use those; an OAuth
// consumer never does). Empty when the name is neither.
std::string consumer_form_of(const std::string& scope) {
  constexpr std::string_view kRead = ":read";
  if (scope.ends_with(kRead)) {
    const std::string base = scope.substr(0, scope.size() - kRead.size());
    if (find_permission(base) != nullptr) return base;
  }
  const auto first = scope.find(':');
  const auto last = scope.rfind(':');
  if (first == std::string::npos || first == last || scope.substr(last + 1) != "bitbucket") return {};
  const std::string verb = scope.substr(0, first);
  const std::string noun = scope.substr(first + 1, last - first - 1);
  const std::string candidate = verb == "read" ? noun : noun + ":" + verb;
  return find_permission(candidate) != nullptr ? candidate : std::string();
}

}  // namespace

std::string permission_problem(const std::string& scope) {
  if (find_permission(scope) != nullptr) return {};
  if (scope == "project:write") {
    return "permission \"project:write\" was retired by Bitbucket in 2023; use \"project:admin\"";
  }
  const std::string problem = "unknown Bitbucket permission \"" + scope + "\"";
  if (const std::string meant = consumer_form_of(scope); !meant.empty()) {
    if (scope.ends_with(":read"))
      return problem + ": read permissions carry no suffix; did you mean \"" + meant + "\"?";
    return problem + ": names like \"" + scope +
           "\" belong to API tokens and Forge apps, not to OAuth consumers; did you mean \"" + meant + "\"?";
  }
  return problem + did_you_mean(scope, permission_names());
}

std::string retired_permission_warning(const std::string& scope, const std::string& destination,
                                       bool connector_scope) {
  if (connector_scope) {
    return "scope \"" + scope + "\" grants nothing since " + std::string(kRetirement) + "; it is sent to " +
           destination + " only because this list names it. Remove it";
  }
  return "permission \"" + scope + "\" grants nothing since " + std::string(kRetirement) +
         ". linkform accepts it whether Bitbucket grants it or not, never asks for its checkbox, and does "
         "not send it to " +
         destination + " unless a connector lists it in scopes. Remove it";
}

void check_permission_list(const std::vector<LocatedString>& scopes, Diagnostics& diags,
                           const std::string& destination, bool connector_scopes) {
  for (const auto& s : scopes) {
    const std::string problem = permission_problem(s.value);
    if (!problem.empty())
      diags.error(s.where, problem);
    else if (is_retired(s.value))
      diags.warning(s.where, retired_permission_warning(s.value, destination, connector_scopes));
  }
}

void check_permission_names(const BitbucketSection& section, Diagnostics& diags) {
  for (const auto& consumer : section.consumers)
    check_permission_list(consumer.permissions, diags, section.bitbucket.connector_system);
}

}  // namespace bitbucket

}  // namespace linkform
