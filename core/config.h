#pragma once
// What every provider's configuration is made of: credential sources, the
// places of keys, and the process environment. Each provider owns its own
// sections (providers/<vendor>/config.h); providers/config.h joins them.
// Loading never resolves a secret: sources are kept as references and read
// only when a command needs the value (see resolve_credential).

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "core/error.h"
#include "core/secret.h"

namespace linkform {

// Where a credential comes from. Literals are allowed only for identifiers
// (a client id, a consumer key), never for secrets.
struct CredentialSource {
  enum class Kind { kLiteral, kEnv, kFile };
  CredentialSource() = default;
  CredentialSource(Kind k, std::string r, SourceLocation w)
      : kind(k), ref(std::move(r)), where(std::move(w)) {}

  Kind kind = Kind::kEnv;
  std::string ref;  // the literal value, the variable name, or the file path (absolute, normalised)
  SourceLocation where;
  // kFile: the directories the file may lie in, absolute and canonical: the configuration's own
  // directory, and those LINKFORM_ALLOW_SECRET_FILES names (set when the configuration is checked).
  std::vector<std::string> roots;
  bool written_absolute = false;  // kFile: the file gave an absolute path
  // False for identifiers (a client id, a consumer key): resolved values are shown, not masked.
  bool masked = true;

  // "environment variable NAME", "file PATH" or "the configuration".
  [[nodiscard]] std::string describe() const;
};

// Places of keys inside one table, so later checks can point at a line.
using KeyLocations = std::map<std::string, SourceLocation>;

struct LocatedString {
  std::string value;
  SourceLocation where;
};

// The process environment, behind a seam so tests can supply their own.
class Environment {
 public:
  virtual ~Environment() = default;
  [[nodiscard]] virtual std::optional<std::string> get(const std::string& name) const = 0;
};

class ProcessEnvironment final : public Environment {
 public:
  [[nodiscard]] std::optional<std::string> get(const std::string& name) const override;
};

class MapEnvironment final : public Environment {
 public:
  MapEnvironment() = default;
  MapEnvironment(std::initializer_list<std::pair<const std::string, std::string>> vars) : vars_(vars) {}
  void set(const std::string& k, const std::string& v) { vars_[k] = v; }
  [[nodiscard]] std::optional<std::string> get(const std::string& name) const override;

 private:
  std::map<std::string, std::string> vars_;
};

// Colon-separated directories outside the configuration's own tree that { file = ... } sources may
// read from. From the environment only: a configuration file cannot widen what it may read.
inline constexpr const char* kAllowSecretFilesVariable = "LINKFORM_ALLOW_SECRET_FILES";

// Reads a credential when a command needs it. An empty or unset variable,
// or an unreadable file, is an error that names the source (never its value).
// A file must be a regular file of at most 64 KiB inside source.roots after
// every symlink (read_secret_file). A file's trailing newline is dropped.
Result<Secret> resolve_credential(const CredentialSource& source, const Environment& env);

}  // namespace linkform
