#pragma once
// The emulator's whole state, its seed format and its state file.
//
// Seed and state files share one JSON format (the state file is a seed that
// also holds what happened since: consumers, connectors, generated ids):
//
//   {"bitbucket": {
//      "workspaces": [{"slug": "acme", "name": "Acme", "uuid": "{...}"}],      name, uuid optional
//      "consumers":  [{"workspace": "acme", "key": "...", "secret": "...", "name": "...",
//                      "description": "", "callback_url": "", "url": "", "private": true,
//                      "permissions": ["account", "repository"]}]},
//    "frontegg": {
//      "environments": [{"name": "dev", "client_id": "dev-client-id", "secret": "dev-secret",
//                        "vendor_id": "...",                                     optional
//                        "applications": [{"id": "...", "name": "Agen for Work"}], id optional
//                        "templates": [<IntegrationTemplateResponseDto>],         absent: the Bitbucket
//                        template "connectors": [<connector object incl. configuration.clientSecret>]}]}}
//
// A missing section is empty. A connector object has the fields of the
// connector replies (id, vendorId, appId, integrationTemplateId, slug, name,
// description, isActive, enabledApis, authType, isDevCredsEnabled,
// configuration {clientId, clientSecret, customConfiguration, scopes, baseUrl,
// type}, createdAt, updatedAt); appId, integrationTemplateId, slug, name,
// configuration.clientId and configuration.clientSecret are required.
// Tokens are not part of the state: a restart invalidates them.

#include <string>
#include <string_view>

#include "core/error.h"
#include "providers/bitbucket/emulator_state.h"
#include "providers/frontegg/emulator_state.h"

namespace linkform::emulator {

struct EmulatorState {
  bitbucket::EmulatedBitbucket bitbucket;
  frontegg::EmulatedFrontegg frontegg;
};

// Workspace "acme"; environments "dev" and "prod" (see the halves).
EmulatorState default_state();

Result<EmulatorState> parse_state(std::string_view json_text);
// The state as JSON text, secrets included.
std::string state_json(const EmulatorState& state);

// Reads and parses a seed or state file; errors name the file.
Result<EmulatorState> load_state_file(const std::string& path);
// Writes text to path through a temporary file in the same directory and a
// rename, so a reader sees the old file or the new one, never a part. The
// file is readable by its owner only: it holds secrets.
Status write_file_atomically(const std::string& path, std::string_view text);

}  // namespace linkform::emulator
