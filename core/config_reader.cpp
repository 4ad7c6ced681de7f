// The only translation unit that uses toml++ (tests/check_includes.sh holds it to that): ConfigTable on
// toml::table, behind ConfigTable::Impl.

#include "core/config_reader.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "core/suggest.h"
#include "core/terminal_text.h"

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

}  // namespace

struct ConfigTable::Impl {
  std::shared_ptr<const toml::table> document;  // keeps the parsed file alive for every sub-table
  const toml::table* table = nullptr;
  std::string display;
  std::string file;
  Diagnostics* diags = nullptr;
  std::set<std::string> used;

  [[nodiscard]] SourceLocation here(const toml::source_region& r) const {
    return {file, static_cast<int>(r.begin.line), static_cast<int>(r.begin.column)};
  }
  const toml::node* get(const std::string& key) {
    used.insert(key);
    return table->get(key);
  }
  void found(const std::string& key, const toml::node& node, KeyLocations* keys) const {
    if (keys != nullptr) (*keys)[key] = here(node.source());
  }
  void wrong_type(const std::string& key, const toml::node& node, const std::string& expected) const {
    diags->error(here(node.source()),
                 "\"" + key + "\" in " + display + " must be " + expected + ", not " + type_name(node));
  }
  [[nodiscard]] ConfigTable sub(const toml::table& t, std::string name) const {
    auto impl = std::make_unique<Impl>();
    impl->document = document;
    impl->table = &t;
    impl->display = std::move(name);
    impl->file = file;
    impl->diags = diags;
    return ConfigTable(std::move(impl));
  }
  std::optional<CredentialSource> credential_table(const std::string& key, const toml::table& t,
                                                   const SourceLocation& where,
                                                   const std::filesystem::path& base_dir) const;
  std::optional<CredentialSource> file_source(const std::string& key, const std::string& file_path,
                                              const SourceLocation& where,
                                              const std::filesystem::path& base_dir) const;
};

ConfigTable::ConfigTable(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ConfigTable::~ConfigTable() = default;
ConfigTable::ConfigTable(ConfigTable&& other) noexcept = default;
ConfigTable& ConfigTable::operator=(ConfigTable&& other) noexcept = default;

const std::string& ConfigTable::display() const { return impl_->display; }
SourceLocation ConfigTable::table_location() const { return impl_->here(impl_->table->source()); }
bool ConfigTable::has(const std::string& key) const { return impl_->table->get(key) != nullptr; }
bool ConfigTable::empty() const { return impl_->table->empty(); }
Diagnostics& ConfigTable::diagnostics() const { return *impl_->diags; }

std::optional<SourceLocation> ConfigTable::take(const std::string& key) {
  const toml::node* node = impl_->get(key);
  if (node == nullptr) return std::nullopt;
  return impl_->here(node->source());
}

void ConfigTable::missing(const std::string& key, const std::string& what) {
  for (const auto& [k, node] : *impl_->table) {
    if (k.str() != key && closest_match(k.str(), {key}) == key) return;
  }
  impl_->diags->error(table_location(),
                      "missing required key \"" + key + "\" in " + impl_->display + ": " + what);
}

void ConfigTable::wrong_type(const std::string& key, const std::string& expected) {
  if (const toml::node* node = impl_->get(key)) impl_->wrong_type(key, *node, expected);
}

std::optional<std::string> ConfigTable::string(const std::string& key, KeyLocations* keys) {
  const toml::node* node = impl_->get(key);
  if (node == nullptr) return std::nullopt;
  if (const auto* s = node->as_string()) {
    impl_->found(key, *node, keys);
    return s->get();
  }
  impl_->wrong_type(key, *node, "a string");
  return std::nullopt;
}

std::optional<bool> ConfigTable::boolean(const std::string& key, KeyLocations* keys) {
  const toml::node* node = impl_->get(key);
  if (node == nullptr) return std::nullopt;
  if (const auto* b = node->as_boolean()) {
    impl_->found(key, *node, keys);
    return b->get();
  }
  impl_->wrong_type(key, *node, "true or false");
  return std::nullopt;
}

std::optional<std::vector<LocatedString>> ConfigTable::string_array(const std::string& key,
                                                                    KeyLocations* keys) {
  const toml::node* node = impl_->get(key);
  if (node == nullptr) return std::nullopt;
  const auto* array = node->as_array();
  if (array == nullptr) {
    impl_->wrong_type(key, *node, "an array of strings");
    return std::nullopt;
  }
  impl_->found(key, *node, keys);
  std::vector<LocatedString> out;
  for (const toml::node& item : *array) {
    if (const auto* s = item.as_string()) {
      out.push_back({s->get(), impl_->here(item.source())});
    } else {
      impl_->diags->error(impl_->here(item.source()), "items of \"" + key + "\" in " + impl_->display +
                                                          " must be strings, not " + type_name(item));
    }
  }
  return out;
}

std::optional<std::map<std::string, std::string>> ConfigTable::string_map(const std::string& key,
                                                                          KeyLocations* keys) {
  const toml::node* node = impl_->get(key);
  if (node == nullptr) return std::nullopt;
  const auto* t = node->as_table();
  if (t == nullptr) {
    impl_->wrong_type(key, *node, "a table");
    return std::nullopt;
  }
  impl_->found(key, *node, keys);
  std::map<std::string, std::string> out;
  for (const auto& [k, value] : *t) {
    if (const auto* s = value.as_string()) {
      out[std::string(k.str())] = s->get();
    } else {
      impl_->diags->error(impl_->here(value.source()), "values of \"" + key + "\" in " + impl_->display +
                                                           " must be strings, not " + type_name(value));
    }
  }
  return out;
}

std::optional<ConfigTable> ConfigTable::table(const std::string& key, std::string display,
                                              KeyLocations* keys) {
  const toml::node* node = impl_->get(key);
  if (node == nullptr) return std::nullopt;
  if (const auto* t = node->as_table()) {
    impl_->found(key, *node, keys);
    return impl_->sub(*t, std::move(display));
  }
  impl_->wrong_type(key, *node, "a table");
  return std::nullopt;
}

std::optional<CredentialSource> ConfigTable::credential(const std::string& key, bool literal_allowed,
                                                        KeyLocations* keys,
                                                        const std::filesystem::path& base_dir,
                                                        const std::string& example_variable) {
  const toml::node* node = impl_->get(key);
  if (node == nullptr) return std::nullopt;
  impl_->found(key, *node, keys);
  const SourceLocation where = impl_->here(node->source());
  if (const auto* s = node->as_string()) {
    if (!literal_allowed) {
      std::string advice;
      if (!example_variable.empty()) {
        advice = ": keep the value in a CI secret variable and write " + key + " = { env = \"" +
                 example_variable + "\" }";
      }
      impl_->diags->error(
          where, "\"" + key + "\" in " + impl_->display + " is a literal secret; " + kSecretRule + advice);
      return std::nullopt;
    }
    CredentialSource literal{CredentialSource::Kind::kLiteral, s->get(), where};
    literal.masked = false;  // only identifiers may be literals
    return literal;
  }
  const auto* t = node->as_table();
  if (t == nullptr) {
    impl_->wrong_type(key, *node,
                      literal_allowed ? "a string or { env = \"NAME\" } or { file = \"path\" }"
                                      : "{ env = \"NAME\" } or { file = \"path\" }");
    return std::nullopt;
  }
  auto source = impl_->credential_table(key, *t, where, base_dir);
  if (source) source->masked = !literal_allowed;
  return source;
}

std::optional<CredentialSource> ConfigTable::Impl::credential_table(
    const std::string& key, const toml::table& t, const SourceLocation& where,
    const std::filesystem::path& base_dir) const {
  ConfigTable inner = sub(t, "\"" + key + "\" of " + display);
  const auto env = inner.string("env", nullptr);
  const auto file_path = inner.string("file", nullptr);
  const int unknown = inner.finish({"env", "file"});
  if (env && file_path) {
    diags->error(where, "\"" + key + "\" in " + display + " must name either env or file, not both");
    return std::nullopt;
  }
  if (env) {
    if (env->empty()) {
      diags->error(where, "\"" + key + "\" in " + display + " names an empty environment variable");
      return std::nullopt;
    }
    return CredentialSource{CredentialSource::Kind::kEnv, *env, where};
  }
  if (file_path) return file_source(key, *file_path, where, base_dir);
  if (unknown == 0) {
    diags->error(where,
                 "\"" + key + "\" in " + display + " must be { env = \"NAME\" } or { file = \"path\" }");
  }
  return std::nullopt;
}

std::optional<CredentialSource> ConfigTable::Impl::file_source(const std::string& key,
                                                               const std::string& file_path,
                                                               const SourceLocation& where,
                                                               const std::filesystem::path& base_dir) const {
  if (file_path.empty()) {
    diags->error(where, "\"" + key + "\" in " + display + " names an empty file path");
    return std::nullopt;
  }
  std::filesystem::path p(file_path);
  const bool absolute = p.is_absolute();
  if (!absolute) p = base_dir / p;
  CredentialSource source{CredentialSource::Kind::kFile, p.lexically_normal().string(), where};
  source.written_absolute = absolute;
  return source;
}

bool is_safe_table_name(std::string_view name) {
  return !name.empty() && name.size() <= 128 && std::ranges::all_of(name, [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == ' ';
  });
}

void ConfigTable::for_each_table(const std::string& display_prefix, Order order, const NamedTableFn& fn) {
  std::vector<std::pair<const toml::key*, const toml::node*>> items;
  for (const auto& [k, node] : *impl_->table) items.emplace_back(&k, &node);
  // toml++ tables are ordered by key; sort by position for file order.
  if (order == Order::kFile) {
    std::ranges::sort(items, [](const auto& a, const auto& b) {
      return a.first->source().begin < b.first->source().begin;
    });
  }
  for (const auto& [k, node] : items) {
    const std::string name(k->str());
    if (!is_safe_table_name(name)) {
      impl_->diags->error(
          impl_->here(k->source()),
          display_prefix + "\"" + terminal_safe(name) +
              "\"]: a table name becomes a resource address, which --target, shell completion "
              "and CI logs use: letters, digits, '-', '_', '.' and spaces only, at most 128");
      continue;
    }
    const std::string display = display_prefix + name + "]";
    if (const auto* t = node->as_table()) {
      ConfigTable sub = impl_->sub(*t, display);
      fn(name, sub, impl_->here(k->source()));
    } else {
      impl_->diags->error(impl_->here(node->source()), display + " must be a table, not " + type_name(*node));
    }
  }
}

int ConfigTable::finish(const std::vector<std::string>& allowed) {
  int unknown = 0;
  for (const auto& [k, node] : *impl_->table) {
    const std::string name(k.str());
    if (impl_->used.contains(name)) continue;
    impl_->diags->error(impl_->here(k.source()),
                        "unknown key \"" + name + "\" in " + impl_->display + did_you_mean(name, allowed));
    ++unknown;
  }
  return unknown;
}

std::optional<ConfigTable> parse_config_table(const std::string& text, const std::string& path,
                                              Diagnostics& diags) {
  auto document = std::make_shared<toml::table>();
  try {
    *document = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    diags.error({path, static_cast<int>(begin.line), static_cast<int>(begin.column)},
                "invalid TOML: " + std::string(e.description()));
    return std::nullopt;
  }
  auto impl = std::make_unique<ConfigTable::Impl>();
  impl->table = document.get();
  impl->document = std::move(document);
  impl->display = "the configuration";
  impl->file = path;
  impl->diags = &diags;
  return ConfigTable(std::move(impl));
}

}  // namespace linkform
