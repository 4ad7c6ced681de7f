#pragma once
// Reading linkform.toml key by key, with every shape problem (syntax, unknown keys, wrong types, missing
// keys) reported as a located diagnostic. Each provider reads its own sections through ConfigTable; the
// TOML library stays inside config_reader.cpp, the only file that uses it.

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/diagnostics.h"

namespace linkform {

// One TOML table. It remembers which keys were read, so that finish() can report the rest as unknown.
// A table name that may become part of a resource address: letters, digits, '-', '_', '.' and spaces, 1 to
// 128 characters. Anything else could reach a shell through completion, or a terminal through a message.
bool is_safe_table_name(std::string_view name);

class ConfigTable {
 public:
  struct Impl;
  explicit ConfigTable(std::unique_ptr<Impl> impl);
  ~ConfigTable();
  ConfigTable(ConfigTable&& other) noexcept;
  ConfigTable& operator=(ConfigTable&& other) noexcept;
  ConfigTable(const ConfigTable&) = delete;
  ConfigTable& operator=(const ConfigTable&) = delete;

  // How diagnostics name the table: "[section]", "the configuration".
  [[nodiscard]] const std::string& display() const;
  [[nodiscard]] SourceLocation table_location() const;
  [[nodiscard]] bool has(const std::string& key) const;
  [[nodiscard]] bool empty() const;
  // Where this table's problems go; checks of meaning may add their own.
  [[nodiscard]] Diagnostics& diagnostics() const;

  // Marks `key` as read and returns where its value is, whatever its type; nothing when absent.
  std::optional<SourceLocation> take(const std::string& key);

  // "missing required key". A misspelling of the key is reported as an unknown key with a suggestion
  // instead: saying "missing" as well would only repeat it.
  void missing(const std::string& key, const std::string& what);
  // "KEY in TABLE must be EXPECTED, not a TYPE", at the value of `key` (which must be present).
  void wrong_type(const std::string& key, const std::string& expected);

  // Each returns nothing when the key is absent or of the wrong type (reported). A well-typed value's
  // place is remembered in `keys` (when given), for later checks of its meaning.
  std::optional<std::string> string(const std::string& key, KeyLocations* keys);
  std::optional<bool> boolean(const std::string& key, KeyLocations* keys);
  std::optional<std::vector<LocatedString>> string_array(const std::string& key, KeyLocations* keys);
  // A table of strings; values of another type are reported and left out.
  std::optional<std::map<std::string, std::string>> string_map(const std::string& key, KeyLocations* keys);
  // A sub-table, named `display` in its own diagnostics.
  std::optional<ConfigTable> table(const std::string& key, std::string display, KeyLocations* keys);

  // A credential: { env = "NAME" } or { file = "path" } (relative to `base_dir`); a plain string only
  // where `literal_allowed` (identifiers such as a client id). `example_variable` is the variable the
  // error for a literal secret suggests (one that fits where it is written).
  std::optional<CredentialSource> credential(const std::string& key, bool literal_allowed, KeyLocations* keys,
                                             const std::filesystem::path& base_dir,
                                             const std::string& example_variable = "");

  // Calls `fn` for each value of this table, which must each be a table (else reported) with a safe name
  // (is_safe_table_name; else reported and skipped: names become addresses that shells see), named
  // `display_prefix` + name + "]" in diagnostics, with the place of its key; in file order or key order.
  enum class Order { kFile, kKey };
  using NamedTableFn = std::function<void(const std::string& name, ConfigTable& table, SourceLocation where)>;
  void for_each_table(const std::string& display_prefix, Order order, const NamedTableFn& fn);

  // Reports every key not read as unknown, with a suggestion from `allowed`; returns how many there were.
  int finish(const std::vector<std::string>& allowed);

 private:
  std::unique_ptr<Impl> impl_;
};

// Parses `text` into its root table ("the configuration"), or reports "invalid TOML" at the place of the
// syntax error and returns nothing. `path` names the file in diagnostics; `diags` must outlive the table.
std::optional<ConfigTable> parse_config_table(const std::string& text, const std::string& path,
                                              Diagnostics& diags);

}  // namespace linkform
