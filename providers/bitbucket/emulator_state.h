#pragma once
// The Bitbucket half of the emulator's state: workspaces and the OAuth
// consumers a person created in them. This is the "bitbucket" section of the
// emulator's seed and state file (providers/emulator/state.h):
//
//   {"workspaces": [{"slug": "acme", "name": "Acme", "uuid": "{...}"}],      name, uuid optional
//    "consumers":  [{"workspace": "acme", "key": "...", "secret": "...", "name": "...",
//                    "description": "", "callback_url": "", "url": "", "private": true,
//                    "permissions": ["account", "repository"]}]}

#include <string>
#include <vector>

#include "core/error.h"
#include "providers/emulator/common/json.h"

namespace linkform::bitbucket {

struct EmulatedWorkspace {
  std::string slug;
  std::string name;
  std::string uuid;  // with braces, as Bitbucket shows it: "{...}"
};

struct EmulatedConsumer {
  std::string workspace;  // slug
  std::string key;
  std::string secret;
  std::string name;
  std::string description;
  std::string callback_url;
  std::string url;
  bool is_private = false;               // the "This is a private consumer" box; unticked in a new form
  std::vector<std::string> permissions;  // scope names, as ticked in the form
};

struct EmulatedBitbucket {
  std::vector<EmulatedWorkspace> workspaces;
  std::vector<EmulatedConsumer> consumers;

  [[nodiscard]] const EmulatedWorkspace* find_workspace(std::string_view slug_or_uuid) const;
  [[nodiscard]] EmulatedConsumer* find_consumer(std::string_view key);
};

// Workspace "acme" (name "Acme") and no consumers.
EmulatedBitbucket default_emulated_bitbucket();

// Reads the "bitbucket" section; missing uuids are generated. Errors name the
// offending entry.
Result<EmulatedBitbucket> parse_emulated_bitbucket(const rapidjson::Value& section);

// Writes the section as an object, secrets included (it is the state file).
void write_emulated_bitbucket(const EmulatedBitbucket& state, emulator::JsonWriter& w);

// Checks scope names against the consumer form; empty when all are known.
std::string check_permissions(const std::vector<std::string>& permissions);

// Consumer fields without the secret, as the control API lists them.
void write_consumer(const EmulatedConsumer& c, emulator::JsonWriter& w, bool with_secret);

}  // namespace linkform::bitbucket
