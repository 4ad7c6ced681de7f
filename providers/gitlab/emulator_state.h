#pragma once
// The GitLab half's state and its section of the seed and state file (providers/emulator/state.h):
//
//   "gitlab": {
//     "groups": [{"id": 1001, "path": "acme"}],
//     "tokens": [{"token": "glpat-...", "owner_of": ["acme"]}],       a token of a user who owns those groups
//     "applications": [{"id": 1, "group": "acme", "application_id": "...", "secret": "...", "name": "...",
//                       "redirect_uri": "...", "scopes": ["read_api"], "confidential": true}]}
//
// A missing section is empty.

#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "core/error.h"
#include "providers/emulator/common/json.h"

namespace linkform::gitlab {

struct EmulatedGroup {
  long long id = 0;
  std::string path;
};

struct EmulatedToken {
  std::string token;
  std::vector<std::string> owner_of;  // group paths
};

struct EmulatedApplication {
  long long id = 0;
  std::string group;  // its group's path
  std::string application_id;
  std::string secret;
  std::string name;
  std::string redirect_uri;
  std::vector<std::string> scopes;
  bool confidential = true;
};

struct EmulatedGitlab {
  std::vector<EmulatedGroup> groups;
  std::vector<EmulatedToken> tokens;
  std::vector<EmulatedApplication> applications;
  long long next_id = 1;
};

// Group "acme" (id 1001); token "glpat-acme-owner" owns it, "glpat-acme-developer" does not.
EmulatedGitlab default_emulated_gitlab();
Result<EmulatedGitlab> parse_emulated_gitlab(const rapidjson::Value& section);
void write_emulated_gitlab(const EmulatedGitlab& state, emulator::JsonWriter& w);

}  // namespace linkform::gitlab
