#pragma once
// A plan is plain data: what differs between the configuration and the live
// state, resource by resource, with no secret in it. Providers build it (their
// pure planning functions); reporters format it; apply_plan (apply.h) hands
// each write back to the provider that planned it, with the payload it left
// in the change. Values are typed: only reporters turn them into text.

#include <compare>
#include <memory>
#include <optional>
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
  kReplace,  // -/+ a new object is created, what depends on it is written, then the old one is destroyed
             //     (create before destroy); its remote_id is the old object's, when there is one
};

// The one name of a resource: its type and name as the configuration writes
// them (e.g. "acme_connector" and "main"), and the environment it lives in
// when the provider has several (empty otherwise). Plans, targeting, reports
// and apply all use it; two resources are the same exactly when all three are.
struct Address {
  std::string type;
  std::string name;
  std::string environment;

  // "type.name", as the configuration writes it.
  [[nodiscard]] std::string str() const { return type + "." + name; }
  // As a plan shows it: "type.name [environment]" when environments are shown and it has one.
  [[nodiscard]] std::string label(bool with_environment) const;
  // "type.name" or "type.name [environment]" (what label() prints); nullopt for anything else.
  static std::optional<Address> parse(const std::string& text);
  friend auto operator<=>(const Address&, const Address&) = default;
};

// One side of an attribute: absent (a new or a removed resource has no such
// side), none (the live object lacks the key), a bool, a string, a list, or
// unknown: a value only the apply learns (a client id a vendor assigns when
// the apply creates the client), shown "(known after apply)".
struct Value {
  enum class Kind { kAbsent, kNone, kBool, kString, kList, kUnknown };
  Kind kind = Kind::kAbsent;
  bool flag = false;
  std::string text;
  std::vector<std::string> items;

  static Value none() { return {Kind::kNone, false, {}, {}}; }
  static Value boolean(bool b) { return {Kind::kBool, b, {}, {}}; }
  static Value string(std::string s) { return {Kind::kString, false, std::move(s), {}}; }
  static Value list(std::vector<std::string> v) { return {Kind::kList, false, {}, std::move(v)}; }
  static Value unknown() { return {Kind::kUnknown, false, {}, {}}; }
  [[nodiscard]] bool absent() const { return kind == Kind::kAbsent; }
  friend bool operator==(const Value&, const Value&) = default;
};

// One attribute of a resource, as shown in a plan.
struct AttributeChange {
  std::string name;
  Value before;            // absent for a new resource
  Value after;             // absent when removed
  bool sensitive = false;  // before/after are never kept, only whether it changes
  bool changed = true;     // false: shown for context only (e.g. a sensitive value that stays)
  friend bool operator==(const AttributeChange&, const AttributeChange&) = default;
};

// What the provider that planned a change needs to carry it out (the exact request bodies, the
// vendor's ids). Opaque to everything else; never serialized (a saved plan is re-planned before apply).
class ChangePayload {
 public:
  virtual ~ChangePayload() = default;
};

struct ResourceChange {
  Address address;
  Action action = Action::kNoop;
  std::string headline;  // "will be created", "must be created by a person", ...
  std::vector<AttributeChange> attributes;
  std::vector<std::string> notes;  // lines shown before the steps, e.g. "granted:  account repository"
  // Numbered manual steps; a step of several lines has them separated by '\n', none indented (how a
  // step is laid out is the reporter's business).
  std::vector<std::string> steps;
  std::vector<Address> depends_on;  // resources this change waits for
  std::string remote_id;            // the vendor's id of the object, when it exists
  bool pruned = false;              // a delete of something the configuration does not name (prune = true)
  std::shared_ptr<const ChangePayload> payload;  // for the provider's apply; null for manual entries
};

// A line of what was read, shown under "Reading live state...".
struct Observation {
  Address address;
  std::string text;
};

// A replace counts once as added and once as destroyed (as Terraform counts it).
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
  std::vector<ResourceChange> changes;  // in dependency order, each provider's in file order
  bool show_environments = false;       // several environments: label resources with theirs
  // What a person should know about the plan, e.g. a template found by its name, not its id.
  std::vector<std::string> warnings;
  // What could not be read or planned, one line each (method, path, status, trace id). The plan holds
  // everything else; a plan with errors is shown, but never applied or saved.
  std::vector<std::string> errors;
  // The systems the live state was read from, as a person names them (Provider::display_name), in provider
  // order.
  std::vector<std::string> sources;
  // The --target addresses this plan was narrowed to (empty: the whole configuration).
  std::vector<std::string> targets;

  [[nodiscard]] PlanSummary summary() const;
  // True when apply would send a write (create, update, delete or replace).
  [[nodiscard]] bool has_writes() const;
  [[nodiscard]] const ResourceChange* find(const Address& address) const;
};

const char* action_marker(Action action);  // "+", "~", "-", "!", "…", "-/+" or " "

// How an attribute of `change` is marked: as the change, but in a replace an attribute the old object has
// too, or a sensitive one, is marked as changing (~) and one only the new object has as added (+).
Action attribute_action(const ResourceChange& change, const AttributeChange& attribute);

// True for the actions apply executes: create, update, delete and replace.
bool is_write(Action action);

// The error for a --target address that names nothing, with "did you mean" among `known`.
// `flag` is the option that named it ("--target", "--replace").
Error unknown_target(const std::string& target, const std::vector<std::string>& known,
                     const std::string& flag = "--target");

// The part of a plan that --target ADDR... selects: the named resources and
// what they depend on, transitively. A target is "type.name" (in every environment) or
// "type.name [environment]", as the plan prints it. An address the plan does
// not hold is an error (with a suggestion), so a typo never silently plans nothing.
Result<Plan> target_plan(const Plan& plan, const std::vector<std::string>& targets);

}  // namespace linkform
