#pragma once
// GitLab's part of linkform.toml (README, "GitLab"): [gitlab] (url, group, token) and
// [gitlab_applications.<name>] (name, redirect_uri, scopes, confidential), their defaults and checks.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/config_reader.h"
#include "core/diagnostics.h"

namespace linkform::gitlab {

struct Settings {
  std::string url = "https://gitlab.com";  // the GitLab instance; its API is <url>/api/v4
  std::string group;                       // path or numeric id of the group that owns the applications
  std::optional<CredentialSource> token;   // a group Owner's token with the api scope
  SourceLocation where;
  KeyLocations keys;
};

enum class Ensure { kPresent, kAbsent };

// gitlab_application.<id>: an OAuth application of the group, managed through the Group Applications API.
struct Application {
  std::string id;    // the table name
  std::string name;  // the application's name in GitLab
  // Declared, or derived from the gateway of its connectors' environment (redirect_derived).
  std::string redirect_uri;
  bool redirect_derived = false;
  std::vector<LocatedString> scopes;
  bool confidential = true;
  Ensure ensure = Ensure::kPresent;  // "absent": the group's application that is this one is destroyed
  bool prevent_destroy = false;      // no plan may destroy or replace it
  SourceLocation where;
  KeyLocations keys;
};

struct Section {
  Settings gitlab;
  std::vector<Application> applications;  // in file order
  [[nodiscard]] const Application* find(const std::string& id) const;
};

// [gitlab] (required once an application is declared) and [gitlab_applications.<id>].
void read_section(ConfigTable& root, const std::filesystem::path& base_dir, Section& section);
// The URL, the group, each application's name, redirect URI and repeated scopes.
void check_section(const Section& section, Diagnostics& diags);
// Each scope name against GitLab's list (with a suggestion).
void check_scope_names(const Section& section, Diagnostics& diags);

// The scopes GitLab accepts for an OAuth application (README, vendor assumptions).
const std::vector<std::string>& scope_names();
// Empty when `scope` is one of them, else why not.
std::string scope_problem(const std::string& scope);

}  // namespace linkform::gitlab
