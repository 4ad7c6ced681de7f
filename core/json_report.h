#pragma once
// Machine-readable output: `linkform plan --json`, `linkform apply --json`.
//
// Schema, format_version "1.0" (also in the README). A minor version adds
// fields; a major version removes or changes one. Consumers must ignore
// fields they do not know.
//
//   {
//     "format_version": "1.0",
//     "linkform_version": "0.1.0",
//     "resource_changes": [            // every resource the configuration names, no-ops included,
//       {                              // in provider order, each in file order
//         "address": "acme_connector.main",
//         "type": "acme_connector",              // a provider's resource type
//         "name": "main",                        // the table name in the configuration
//         "environment": "prod",                 // its environment; null when it has none
//         "actions": ["update"],                 // exactly one of create, update, delete, no-op,
//                                                // manual (only a person can make it), blocked
//         "headline": "will be updated in place",
//         "remote_id": "c6f9...",                // the vendor's id; null when the object does not exist
//         "change": {
//           "before": {"name": "Main (renamed)"},        // the attributes the plan shows, as JSON values:
//           "after": {"name": "Main"},                  // strings, booleans, arrays of strings, or null
//           "before_sensitive": {"client_secret": true},// where the value was "(none)"; an update lists
//           "after_sensitive": {"client_secret": true}, // only what differs. Sensitive attributes never
//           "changed_attributes": ["name"]              // appear in before/after, only in *_sensitive;
//         },                                            // changed_attributes says which of them change
//         "notes": ["..."],                      // explanations shown before the steps
//         "manual_steps": ["Open https://..."],  // what a person must do, in order; a step may hold
//                                                // several lines separated by "\n"
//         "depends_on": ["acme_client.mcp"]
//       }
//     ],
//     "observations": [                // what was read from the live state
//       {"address": "acme_client.mcp", "environment": null, "text": "key not set ..."}
//     ],
//     "summary": {"add": 0, "change": 1, "destroy": 0, "manual": 1, "blocked": 0},
//     "apply": null | {                // apply only (see apply_to_json)
//       "done": ["acme_connector.main"],              // written successfully
//       "not_done": [],                               // a write that failed or was not started
//       "pending_manual": ["acme_client.mcp"],        // manual and blocked addresses
//       "failed": false,
//       "failure": null,                              // "address: message" of the first failure
//       "interrupted": false,
//       "events": [{"address": "...", "step": "done", "detail": "id c6f9..."}]  // step: done, failed,
//       skipped
//     }
//   }
//
// before_sensitive is omitted for a create's attributes and after_sensitive
// for a delete's. No secret value ever appears: the plan holds none.
//
// Errors go to the error stream as {"format_version":"1.0","error":{"message":"..."}}.

#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/diagnostics.h"
#include "core/report.h"
#include "core/report_mode.h"

namespace linkform {

inline constexpr const char* kJsonFormatVersion = "1.0";

// The plan document, without an "apply" member.
std::string plan_to_json(const Plan& plan);
// The plan document with its "apply" member. `events` may be empty.
std::string apply_to_json(const Plan& plan, const ApplyReport& report, const std::vector<ApplyEvent>& events);
// {"format_version":"1.0","error":{"message":...}}
std::string error_to_json(const std::string& message);

// linkform validate --json (README, JSON output):
//   {"format_version": "1.0", "valid": false, "error_count": 1, "warning_count": 0,
//    "diagnostics": [{"severity": "error", "file": "linkform.toml", "line": 3, "column": 11,
//                     "message": "..."}],        // line and column null when not in a file
//    "resources": {"consumers": 1, ...} or null when not valid}
std::string validate_to_json(const Diagnostics& diagnostics,
                             const std::vector<std::pair<std::string, std::size_t>>& counts);

// Writes exactly one JSON document to `out` per run (followed by a newline):
// in kPlan mode when the plan is shown; in kApply mode at apply_summary(), or
// at finish() when no apply happened (then "apply" is null). Errors are
// written to `err` and suppress the document on `out`.
class JsonReporter final : public Reporter {
 public:
  JsonReporter(std::ostream& out, std::ostream& err, ReportMode mode) : out_(out), err_(err), mode_(mode) {}
  ~JsonReporter() override;
  JsonReporter(const JsonReporter&) = delete;
  JsonReporter& operator=(const JsonReporter&) = delete;

  void reading() override {}
  void plan(const Plan& plan) override;
  void apply_event(const ApplyEvent& event) override;
  void apply_summary(const Plan& plan, const ApplyReport& report) override;
  void error(const std::string& message) override;
  // Writes the pending plan of kApply mode when apply_summary was never
  // called (nothing to apply, or the apply was refused). Idempotent; the
  // destructor calls it too.
  void finish();

 private:
  std::ostream& out_;
  std::ostream& err_;
  ReportMode mode_;
  std::optional<Plan> pending_;
  std::vector<ApplyEvent> events_;
  bool done_ = false;
};

}  // namespace linkform
