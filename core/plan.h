#pragma once
// A plan is plain data: what differs between the configuration and the live
// state, resource by resource, with no secret in it. It is built by the
// providers' pure planning functions and executed by apply_plan (apply.h).

#include <string>
#include <vector>

#include "core/error.h"

namespace linkform {

enum class Action {
  kNoop,     // matches the configuration
  kCreate,   // +
  kUpdate,   // ~
  kDelete,   // -
  kManual,   // !  a change only a person can make
  kBlocked,  // …  waits on a manual action
};

// One attribute of a resource, as shown in a plan.
struct AttributeChange {
  std::string name;
  std::string before;  // rendered value ("\"Bitbucket\"", "true", "[\"a\", \"b\"]"); empty for a new resource
  std::string after;   // rendered value; empty when removed
  bool sensitive = false;  // before/after are never shown, only whether it changes
  bool changed = true;     // false: shown for context only (e.g. a sensitive value that stays)
};

struct ResourceChange {
  std::string address;      // "frontegg_connector.bitbucket"
  std::string environment;  // Frontegg environment for connectors, shown as "[prod]" when there are several
  Action action = Action::kNoop;
  std::string headline;  // "will be created", "must be created by a person", ...
  std::vector<AttributeChange> attributes;
  std::vector<std::string> notes;       // lines shown before the steps, e.g. "granted:  account repository"
  std::vector<std::string> steps;       // numbered manual steps; continuation lines start with spaces
  std::vector<std::string> depends_on;  // addresses this change waits for
  std::string remote_id;                // the vendor's id of the object, when it exists
};

// A line of what was read, shown under "Reading live state...".
struct Observation {
  std::string address;
  std::string environment;
  std::string text;
};

struct PlanSummary {
  int add = 0;
  int change = 0;
  int destroy = 0;
  int manual = 0;
  int blocked = 0;
  [[nodiscard]] bool empty() const { return add + change + destroy + manual + blocked == 0; }
};

struct Plan {
  std::vector<Observation> observations;
  std::vector<ResourceChange> changes;  // consumers first, then connectors, each in file order
  bool show_environments = false;       // more than one Frontegg environment: label connectors
  // What a person should know about the plan, e.g. a template found by its name, not its id.
  std::vector<std::string> warnings;
  // What could not be read or planned, one line each (method, path, status, trace id). The plan holds
  // everything else; a plan with errors is shown, but never applied or saved.
  std::vector<std::string> errors;

  [[nodiscard]] PlanSummary summary() const;
  // True when apply would send a write (create, update or delete).
  [[nodiscard]] bool has_writes() const;
  [[nodiscard]] const ResourceChange* find(const std::string& address) const;
};

const char* action_marker(Action action);  // "+", "~", "-", "!", "…" or " "

// The error for a --target address that names nothing, with "did you mean" among `known`.
Error unknown_target(const std::string& target, const std::vector<std::string>& known);

// The part of a plan that --target ADDR... selects: the named resources and
// what they depend on. An address the plan does not hold is an error (with a
// suggestion), so a typo never silently plans nothing.
Result<Plan> target_plan(const Plan& plan, const std::vector<std::string>& targets);

}  // namespace linkform
