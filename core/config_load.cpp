// The only translation unit that uses toml++: it turns TOML into the typed
// model of core/config.h and reports shape problems (syntax, unknown keys,
// wrong types, missing keys). Meaning is checked in config_check.cpp.

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/config.h"
#include "core/config_check.h"
#include "core/file_read.h"
#include "core/suggest.h"

namespace linkform {

namespace {

const char* type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time:
      return "a date or time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

constexpr const char* kSecretRule =
    "client secrets must come from the environment or a file ({ env = \"NAME\" } or { file = \"path\" }) and "
    "must never be committed";

// Reads the keys of one TOML table, remembering which keys were used so that
// finish() can report the rest as unknown.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string display, const std::string& file, Diagnostics& diags)
      : table_(table), display_(std::move(display)), file_(file), diags_(diags) {}

  SourceLocation here(const toml::source_region& r) const {
    return {file_, static_cast<int>(r.begin.line), static_cast<int>(r.begin.column)};
  }
  SourceLocation table_location() const { return here(table_.source()); }
  const std::string& display() const { return display_; }

  const toml::node* get(const std::string& key) {
    used_.insert(key);
    return table_.get(key);
  }
  bool has(const std::string& key) const { return table_.get(key) != nullptr; }

  // Remembers where a well-typed value is, for later checks of its meaning.
  void found(const std::string& key, const toml::node& node, KeyLocations* keys) const {
    if (keys != nullptr) (*keys)[key] = here(node.source());
  }

  void missing(const std::string& key, const std::string& what) {
    // A misspelling of the key is reported as an unknown key with a
    // suggestion; saying "missing" as well would only repeat it.
    for (const auto& [k, node] : table_) {
      if (k.str() != key && closest_match(k.str(), {key}) == key) return;
    }
    diags_.error(table_location(), "missing required key \"" + key + "\" in " + display_ + ": " + what);
  }

  void wrong_type(const std::string& key, const toml::node& node, const std::string& expected) {
    diags_.error(here(node.source()),
                 "\"" + key + "\" in " + display_ + " must be " + expected + ", not " + type_name(node));
  }

  std::optional<std::string> string(const std::string& key, KeyLocations* keys) {
    const toml::node* node = get(key);
    if (node == nullptr) return std::nullopt;
    if (const auto* s = node->as_string()) {
      found(key, *node, keys);
      return s->get();
    }
    wrong_type(key, *node, "a string");
    return std::nullopt;
  }

  std::optional<bool> boolean(const std::string& key, KeyLocations* keys) {
    const toml::node* node = get(key);
    if (node == nullptr) return std::nullopt;
    if (const auto* b = node->as_boolean()) {
      found(key, *node, keys);
      return b->get();
    }
    wrong_type(key, *node, "true or false");
    return std::nullopt;
  }

  std::optional<std::vector<LocatedString>> string_array(const std::string& key, KeyLocations* keys) {
    const toml::node* node = get(key);
    if (node == nullptr) return std::nullopt;
    const auto* array = node->as_array();
    if (array == nullptr) {
      wrong_type(key, *node, "an array of strings");
      return std::nullopt;
    }
    found(key, *node, keys);
    std::vector<LocatedString> out;
    for (const toml::node& item : *array) {
      if (const auto* s = item.as_string()) {
        out.push_back({s->get(), here(item.source())});
      } else {
        diags_.error(here(item.source()),
                     "items of \"" + key + "\" in " + display_ + " must be strings, not " + type_name(item));
      }
    }
    return out;
  }

  const toml::table* subtable(const std::string& key, KeyLocations* keys) {
    const toml::node* node = get(key);
    if (node == nullptr) return nullptr;
    if (const auto* t = node->as_table()) {
      found(key, *node, keys);
      return t;
    }
    wrong_type(key, *node, "a table");
    return nullptr;
  }

  // A credential: { env = "NAME" } or { file = "path" }; a plain string only
  // where `literal_allowed` (identifiers such as a client id).
  std::optional<CredentialSource> credential(const std::string& key, bool literal_allowed, KeyLocations* keys,
                                             const std::filesystem::path& base_dir) {
    const toml::node* node = get(key);
    if (node == nullptr) return std::nullopt;
    found(key, *node, keys);
    const SourceLocation where = here(node->source());
    if (const auto* s = node->as_string()) {
      if (!literal_allowed) {
        diags_.error(where, "\"" + key + "\" in " + display_ + " is a literal secret; " + kSecretRule);
        return std::nullopt;
      }
      CredentialSource literal{CredentialSource::Kind::kLiteral, s->get(), where};
      literal.masked = false;  // only identifiers may be literals
      return literal;
    }
    const auto* t = node->as_table();
    if (t == nullptr) {
      wrong_type(key, *node,
                 literal_allowed ? "a string or { env = \"NAME\" } or { file = \"path\" }"
                                 : "{ env = \"NAME\" } or { file = \"path\" }");
      return std::nullopt;
    }
    auto source = credential_table(key, *t, where, base_dir);
    if (source) source->masked = !literal_allowed;
    return source;
  }

  // Reports every key not read as unknown; returns how many there were.
  int finish(const std::vector<std::string>& allowed) {
    int unknown = 0;
    for (const auto& [k, node] : table_) {
      const std::string name(k.str());
      if (used_.contains(name)) continue;
      diags_.error(here(k.source()),
                   "unknown key \"" + name + "\" in " + display_ + did_you_mean(name, allowed));
      ++unknown;
    }
    return unknown;
  }

 private:
  std::optional<CredentialSource> credential_table(const std::string& key, const toml::table& t,
                                                   const SourceLocation& where,
                                                   const std::filesystem::path& base_dir) {
    TableReader inner(t, "\"" + key + "\" of " + display_, file_, diags_);
    const auto env = inner.string("env", nullptr);
    const auto file = inner.string("file", nullptr);
    const int unknown = inner.finish({"env", "file"});
    if (env && file) {
      diags_.error(where, "\"" + key + "\" in " + display_ + " must name either env or file, not both");
      return std::nullopt;
    }
    if (env) {
      if (env->empty()) {
        diags_.error(where, "\"" + key + "\" in " + display_ + " names an empty environment variable");
        return std::nullopt;
      }
      return CredentialSource{CredentialSource::Kind::kEnv, *env, where};
    }
    if (file) {
      if (file->empty()) {
        diags_.error(where, "\"" + key + "\" in " + display_ + " names an empty file path");
        return std::nullopt;
      }
      std::filesystem::path p(*file);
      const bool absolute = p.is_absolute();
      if (!absolute) p = base_dir / p;
      CredentialSource source{CredentialSource::Kind::kFile, p.lexically_normal().string(), where};
      source.written_absolute = absolute;
      return source;
    }
    if (unknown == 0) {
      diags_.error(where,
                   "\"" + key + "\" in " + display_ + " must be { env = \"NAME\" } or { file = \"path\" }");
    }
    return std::nullopt;
  }

  const toml::table& table_;
  std::string display_;
  const std::string& file_;
  Diagnostics& diags_;
  std::set<std::string> used_;
};

struct Loader {
  const std::string& file;
  std::filesystem::path base_dir;
  Diagnostics& diags;
  Config& config;

  void read_bitbucket(TableReader& root) {
    BitbucketSettings& bb = config.bitbucket;
    const toml::table* t = root.subtable("bitbucket", nullptr);
    if (t == nullptr) {
      if (!root.has("bitbucket")) root.missing("bitbucket", "the [bitbucket] table with the workspace slug");
      return;
    }
    TableReader r(*t, "[bitbucket]", file, diags);
    bb.where = r.table_location();
    if (auto v = r.string("workspace", &bb.keys))
      bb.workspace = *v;
    else if (!r.has("workspace"))
      r.missing("workspace", "the Bitbucket workspace slug");
    if (auto v = r.string("api_url", &bb.keys)) bb.api_url = *v;
    if (auto v = r.string("oauth_url", &bb.keys)) bb.oauth_url = *v;
    r.finish({"workspace", "api_url", "oauth_url"});
  }

  void read_environment_keys(TableReader& r, FronteggEnvironment& env) {
    if (auto v = r.string("region", &env.keys)) env.region = *v;
    if (auto v = r.string("base_url", &env.keys)) env.base_url = *v;
    env.client_id = r.credential("client_id", true, &env.keys, base_dir);
    env.secret = r.credential("secret", false, &env.keys, base_dir);
    if (auto v = r.string("environment_id", &env.keys)) env.environment_id = *v;
    read_mapping_keys(r, env);
  }

  // The connector-mapping settings, which [frontegg] may also set for every environment under it.
  static void read_mapping_keys(TableReader& r, FronteggEnvironment& env) {
    if (auto v = r.string("template", &env.keys)) env.template_id = *v;
    if (auto v = r.string("workspace_key", &env.keys)) env.workspace_key = *v;
    if (auto v = r.string("scopes_field", &env.keys)) env.scopes_field = *v;
    if (auto v = r.boolean("prune", &env.keys)) env.prune = *v;
  }

  static const std::vector<std::string>& environment_keys() {
    static const std::vector<std::string> keys = {"region",       "base_url",       "client_id",
                                                  "secret",       "template",       "workspace_key",
                                                  "scopes_field", "environment_id", "prune"};
    return keys;
  }

  void read_frontegg(TableReader& root) {
    const toml::table* t = root.subtable("frontegg", nullptr);
    if (t == nullptr) {
      if (!root.has("frontegg"))
        root.missing("frontegg", "a [frontegg] table (or [frontegg.environments.<name>])");
      return;
    }
    TableReader r(*t, "[frontegg]", file, diags);
    if (const toml::table* envs = r.subtable("environments", nullptr)) {
      read_named_environments(*envs, r);
      return;
    }
    FronteggEnvironment env;
    env.name = "default";
    env.where = r.table_location();
    read_environment_keys(r, env);
    r.finish(with(environment_keys(), "environments"));
    config.environments.push_back(std::move(env));
  }

  void read_named_environments(const toml::table& envs, TableReader& frontegg) {
    for (const std::string key : {"region", "base_url", "client_id", "secret", "environment_id"}) {
      if (const toml::node* n = frontegg.get(key)) {
        diags.error(frontegg.here(n->source()),
                    "\"" + key +
                        "\" cannot be set in [frontegg] when [frontegg.environments] "
                        "is used; set it in each environment");
      }
    }
    FronteggEnvironment defaults;
    read_mapping_keys(frontegg, defaults);
    frontegg.finish(with(environment_keys(), "environments"));
    if (envs.empty())
      diags.error(frontegg.here(envs.source()), "[frontegg.environments] declares no environment");
    for (const auto& [k, node] : envs) {
      const std::string name(k.str());
      const std::string display = "[frontegg.environments." + name + "]";
      const auto* t = node.as_table();
      if (t == nullptr) {
        diags.error(frontegg.here(node.source()), display + " must be a table, not " + type_name(node));
        continue;
      }
      TableReader r(*t, display, file, diags);
      FronteggEnvironment env = defaults;
      env.name = name;
      env.where = r.here(k.source());
      read_environment_keys(r, env);
      r.finish(environment_keys());
      config.environments.push_back(std::move(env));
    }
  }

  static std::vector<std::string> with(std::vector<std::string> v, const std::string& extra) {
    v.push_back(extra);
    return v;
  }

  // Iterates the sub-tables of [consumers] or [connectors], in file order.
  template <class Fn>
  void for_each_named_table(TableReader& root, const std::string& section, Fn&& fn) {
    const toml::table* t = root.subtable(section, nullptr);
    if (t == nullptr) return;
    // toml++ tables are ordered by key; sort by position to keep file order.
    std::vector<std::pair<const toml::key*, const toml::node*>> items;
    for (const auto& [k, node] : *t) items.emplace_back(&k, &node);
    std::ranges::sort(items, [](const auto& a, const auto& b) {
      return a.first->source().begin < b.first->source().begin;
    });
    for (const auto& [k, node] : items) {
      const std::string name(k->str());
      const std::string display = "[" + section + "." + name + "]";
      if (const auto* sub = node->as_table()) {
        TableReader r(*sub, display, file, diags);
        fn(name, r, r.here(k->source()));
      } else {
        diags.error(root.here(node->source()), display + " must be a table, not " + type_name(*node));
      }
    }
  }

  void read_consumer(const std::string& id, TableReader& r, SourceLocation where) {
    Consumer c;
    c.id = id;
    c.where = std::move(where);
    if (auto v = r.string("name", &c.keys))
      c.name = *v;
    else if (!r.has("name"))
      r.missing("name", "the consumer's name as shown in Bitbucket");
    if (auto v = r.string("description", &c.keys)) c.description = *v;
    if (auto v = r.string("callback_url", &c.keys))
      c.callback_url = *v;
    else if (!r.has("callback_url"))
      r.missing("callback_url", "the OAuth callback URL of the Frontegg gateway");
    if (auto v = r.string("url", &c.keys)) c.url = *v;
    if (auto v = r.boolean("private", &c.keys)) c.is_private = *v;
    if (auto v = r.string_array("permissions", &c.keys)) {
      if (v->empty())
        diags.error(c.keys["permissions"],
                    "permissions of consumer \"" + id + "\" is empty; list at least one");
      c.permissions = std::move(*v);
    } else if (!r.has("permissions"))
      r.missing("permissions", "the consumer's Bitbucket permissions, e.g. [\"account\", \"repository\"]");
    c.key = r.credential("key", true, &c.keys, base_dir);
    if (!r.has("key"))
      r.missing("key", "where the consumer key is found, e.g. { env = \"BITBUCKET_CONSUMER_KEY\" }");
    c.secret = r.credential("secret", false, &c.keys, base_dir);
    if (!r.has("secret"))
      r.missing("secret", "where the consumer secret is found, e.g. { env = \"BITBUCKET_CONSUMER_SECRET\" }");
    r.finish({"name", "description", "callback_url", "url", "private", "permissions", "key", "secret"});
    config.consumers.push_back(std::move(c));
  }

  void read_connector(const std::string& id, TableReader& r, SourceLocation where) {
    Connector c;
    c.id = id;
    c.slug = id;
    c.where = std::move(where);
    if (auto v = r.string("environment", &c.keys)) c.environment = *v;
    if (auto v = r.string("app", &c.keys))
      c.app = *v;
    else if (!r.has("app"))
      r.missing("app", "the Frontegg application name or id");
    if (auto v = r.string("consumer", &c.keys)) c.consumer = *v;
    if (auto v = r.string("name", &c.keys)) c.name = *v;
    if (auto v = r.string("description", &c.keys)) c.description = *v;
    if (auto v = r.string("slug", &c.keys)) c.slug = *v;
    if (auto v = r.string("workspace", &c.keys)) c.workspace = *v;
    c.scopes = r.string_array("scopes", &c.keys);
    c.apis = r.string_array("apis", &c.keys);
    if (auto v = r.string("template", &c.keys)) c.template_id = *v;
    if (auto v = r.boolean("enabled", &c.keys)) c.enabled = *v;
    if (auto v = r.boolean("prevent_destroy", &c.keys)) c.prevent_destroy = *v;
    read_ensure(r, c);
    read_custom_configuration(r, c);
    r.finish({"environment", "app", "consumer", "name", "description", "slug", "workspace", "scopes", "apis",
              "template", "enabled", "prevent_destroy", "ensure", "custom_configuration"});
    config.connectors.push_back(std::move(c));
  }

  void read_ensure(TableReader& r, Connector& c) {
    const auto v = r.string("ensure", &c.keys);
    if (!v) return;
    if (*v == "present")
      c.ensure = Ensure::kPresent;
    else if (*v == "absent")
      c.ensure = Ensure::kAbsent;
    else
      diags.error(c.keys["ensure"], "\"ensure\" in " + r.display() +
                                        " must be \"present\" or \"absent\", not \"" + *v + "\"" +
                                        did_you_mean(*v, {"present", "absent"}));
  }

  void read_custom_configuration(TableReader& r, Connector& c) {
    const toml::table* t = r.subtable("custom_configuration", &c.keys);
    if (t == nullptr) return;
    for (const auto& [k, node] : *t) {
      if (const auto* s = node.as_string()) {
        c.custom_configuration[std::string(k.str())] = s->get();
      } else {
        diags.error(r.here(node.source()), "values of \"custom_configuration\" in " + r.display() +
                                               " must be strings, not " + type_name(node));
      }
    }
  }

  void read(const toml::table& root_table) {
    TableReader root(root_table, "the configuration", file, diags);
    read_bitbucket(root);
    read_frontegg(root);
    for_each_named_table(root, "consumers", [&](const std::string& id, TableReader& r, SourceLocation w) {
      read_consumer(id, r, std::move(w));
    });
    for_each_named_table(root, "connectors", [&](const std::string& id, TableReader& r, SourceLocation w) {
      read_connector(id, r, std::move(w));
    });
    root.finish({"bitbucket", "frontegg", "consumers", "connectors"});
  }
};

}  // namespace

LoadResult load_config_text(const std::string& text, const std::string& path, const Environment& env) {
  LoadResult result;
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    result.diagnostics.error({path, static_cast<int>(begin.line), static_cast<int>(begin.column)},
                             "invalid TOML: " + std::string(e.description()));
    return result;
  }
  Config config;
  config.path = path;
  Loader loader{path, std::filesystem::path(path).parent_path(), result.diagnostics, config};
  loader.read(root);
  apply_environment_overrides(config, env, result.diagnostics);
  check_config(config, result.diagnostics);
  check_secret_sources(config, env, result.diagnostics);
  result.config = std::move(config);
  return result;
}

LoadResult load_config(const std::string& path, const Environment& env) {
  auto text = read_whole_file(path);
  if (!text) {
    LoadResult result;
    result.diagnostics.error({path, 0, 0},
                             text.error().kind == ErrorKind::kNotFound
                                 ? "configuration file not found (use -c FILE to name another)"
                                 : "cannot read the configuration file: " + text.error().message);
    return result;
  }
  LoadResult result = load_config_text(*text, path, env);
  result.text = std::move(*text);
  return result;
}

}  // namespace linkform
