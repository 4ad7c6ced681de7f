#pragma once
// Saved plans (`plan --out FILE`, `apply FILE`, `show FILE`).
//
// A plan file is JSON: {"format":"linkform-plan","version":2,"linkform_version",
// "config_path","config_sha256","live_sha256","plan":{...}}. It holds no secret
// and nothing derived from a secret beyond linkform's own fingerprints (the
// keyed hashes already stored in connector descriptions, which live_sha256
// covers): Terraform's cleartext plan files are a known leak, this is not one.
// apply FILE re-reads the configuration and the live state and refuses the
// plan when either hash differs ("plan is stale").

#include <map>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/plan.h"

namespace linkform {

// 2: attribute values are typed JSON (string, bool, list, null), no longer rendered strings.
inline constexpr int kPlanFileVersion = 2;

struct SavedPlan {
  std::string linkform_version;
  std::string config_path;
  std::string config_sha256;  // of the configuration file's bytes
  std::string live_sha256;    // of the live state the plan was made from (Engine::live_fingerprint)
  // The same per named part (Engine::live_parts), to name what changed; empty in older plan files.
  std::map<std::string, std::string> live_parts;
  Plan plan;
  std::vector<std::string> targets;  // --target addresses the plan was made with
  std::vector<std::string> replace;  // --replace addresses the plan was made with
};

std::string serialize_saved_plan(const SavedPlan& saved);
Result<SavedPlan> parse_saved_plan(const std::string& text);

// Empty when `path` may receive a plan: it does not exist, or it is a regular file (not a symlink, a
// device, a FIFO or a directory) that is not the configuration file itself.
Status check_plan_target(const std::string& path, const std::string& config_path);

// Refuses what check_plan_target refuses; then writes an exclusive temporary file beside the target
// (mkstemp), mode 0600 before any byte, masked like every other output (redact_known), fsynced, and
// renamed over the target.
Status write_saved_plan(const std::string& path, const SavedPlan& saved);
Result<SavedPlan> read_saved_plan(const std::string& path);

// Lower-case hex SHA-256, from OpenSSL.
std::string sha256_hex(const std::string& data);

}  // namespace linkform
