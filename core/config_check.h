#pragma once
// Checks of meaning that every provider's configuration uses: located URL checks, environment overrides,
// slugs, and the rules for credential sources (which files may be read, how a secret is written). The
// vendors' own rules are in providers/<vendor>/config*.cpp.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/diagnostics.h"

namespace linkform {

// Where `key` was written, or `fallback` when it was not.
SourceLocation key_or(const KeyLocations& keys, const std::string& key, const SourceLocation& fallback);

// The place a value set by an environment variable is reported at (line 0: not in a file).
SourceLocation from_environment(const std::string& variable);

// The variable's value; nothing when it is unset or empty.
std::optional<std::string> non_empty(const Environment& env, const std::string& name);

// A service URL linkform sends credentials to: "WHAT: problem" when it is not one.
void check_url(const std::string& value, const SourceLocation& where, const std::string& what,
               Diagnostics& diags);

// A URL a person types into a form (never sent a credential): a query string is fine.
void check_form_url(const std::string& value, const SourceLocation& where, const std::string& what,
                    Diagnostics& diags);

// A service URL written in the file is checked as written before an environment variable replaces it:
// validate judges the committed file, whatever the runner sets. Nothing when `key` was not written there.
void check_written_url(const std::string& value, const KeyLocations& keys, const std::string& key,
                       const std::string& what, Diagnostics& diags);

// A name as part of an environment variable's: upper case, anything but letters and digits as '_'
// ("mcp-dev" -> "MCP_DEV"), for the variables linkform suggests.
std::string variable_part(std::string_view name);

// The one rule for the environment variables linkform suggests (the README, a literal secret's advice,
// the hint for a missing key, import): PREFIX_NAME_WHAT, with NAME as variable_part gives it, e.g.
// ("VENDOR", "mcp-2026-12", "SECRET") -> VENDOR_MCP_2026_12_SECRET; PREFIX_WHAT when NAME is empty.
std::string suggested_variable(std::string_view prefix, std::string_view name, std::string_view what);

// Lower-case kebab-case ("a-z", "0-9", single '-' between parts), 1 to 64 characters.
bool is_valid_slug(std::string_view slug);

// Where files that came with the configuration may be read from: the directory the configuration file is
// named in (as named: a configuration that is a symlink is judged by where the link is, and the file it
// reaches must lie under that directory too), canonical, then each directory of LINKFORM_ALLOW_SECRET_FILES.
std::vector<std::string> readable_roots(const std::string& config_path, const Environment& env);

// File sources: relative to the configuration, inside its directory tree (absolute paths and "../"
// escapes need LINKFORM_ALLOW_SECRET_FILES from the environment), each given the directories it may be
// read from; a group- or world-readable secret file is a warning (as ssh does). An environment secret
// whose value ends with a newline is a warning too (it is sent as is). Reads no file and no secret value
// beyond its last character.
class SecretSourceCheck {
 public:
  // `config_path`: the configuration file as the user named it.
  SecretSourceCheck(const std::string& config_path, const Environment& env);
  // `what` names the source in diagnostics ("secret of [section]"); `is_secret`: false for identifiers.
  void check(std::optional<CredentialSource>& source, const std::string& what, bool is_secret,
             Diagnostics& diags) const;

 private:
  const Environment& env_;
  std::string root_lexical_;        // the configuration's directory, absolute
  std::vector<std::string> roots_;  // where files may be read from, canonical, that directory first
};

// Reads a file source once, before any request: a file that may not or cannot be read (outside the
// tree, not a regular file, too large) adds "WHAT: why" to `problems`, one line each. A missing file is
// not a problem here (it is a secret not provided to this run). Other sources are not read.
void check_secret_file_readable(const std::optional<CredentialSource>& source, const std::string& what,
                                const Environment& env, std::string& problems);

}  // namespace linkform
