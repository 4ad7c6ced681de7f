#include "core/plan.h"

#include <algorithm>

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
