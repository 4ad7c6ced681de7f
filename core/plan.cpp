#include "core/plan.h"

#include <algorithm>
#include <set>

#include "core/suggest.h"

namespace linkform {

PlanSummary Plan::summary() const {
  PlanSummary s;
  for (const auto& c : changes) {
    switch (c.action) {
      case Action::kCreate:
        ++s.add;
        break;
      case Action::kUpdate:
        ++s.change;
        break;
      case Action::kDelete:
        ++s.destroy;
        break;
      case Action::kManual:
        ++s.manual;
        break;
      case Action::kBlocked:
        ++s.blocked;
        break;
      case Action::kNoop:
        break;
    }
  }
  return s;
}

bool Plan::has_writes() const {
  return std::ranges::any_of(changes, [](const ResourceChange& c) {
    return c.action == Action::kCreate || c.action == Action::kUpdate || c.action == Action::kDelete;
  });
}

const ResourceChange* Plan::find(const std::string& address) const {
  const auto it = std::ranges::find(changes, address, &ResourceChange::address);
  return it == changes.end() ? nullptr : &*it;
}

Error unknown_target(const std::string& target, const std::vector<std::string>& known) {
  return Error::invalid("--target " + target + ": no such resource in the configuration" +
                        did_you_mean(target, known));
}

Result<Plan> target_plan(const Plan& plan, const std::vector<std::string>& targets) {
  std::set<std::string> keep;
  std::vector<std::string> known;
  for (const auto& c : plan.changes) known.push_back(c.address);
  for (const auto& t : targets) {
    if (plan.find(t) == nullptr) return fail(unknown_target(t, known));
    keep.insert(t);
  }
  for (const auto& c : plan.changes) {
    if (keep.contains(c.address)) keep.insert(c.depends_on.begin(), c.depends_on.end());
  }
  Plan out;
  out.show_environments = plan.show_environments;
  out.warnings = plan.warnings;
  out.errors = plan.errors;
  for (const auto& o : plan.observations) {
    if (keep.contains(o.address)) out.observations.push_back(o);
  }
  for (const auto& c : plan.changes) {
    if (keep.contains(c.address)) out.changes.push_back(c);
  }
  return out;
}

const char* action_marker(Action action) {
  switch (action) {
    case Action::kCreate:
      return "+";
    case Action::kUpdate:
      return "~";
    case Action::kDelete:
      return "-";
    case Action::kManual:
      return "!";
    case Action::kBlocked:
      return "…";
    case Action::kNoop:
      break;
  }
  return " ";
}

}  // namespace linkform
