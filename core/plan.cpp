#include "core/plan.h"

#include <algorithm>
#include <set>

#include "core/suggest.h"

namespace linkform {

std::string Address::label(bool with_environment) const {
  return with_environment && !environment.empty() ? str() + " [" + environment + "]" : str();
}

std::optional<Address> Address::parse(const std::string& text) {
  Address a;
  std::string rest = text;
  if (const auto open = rest.find(" ["); open != std::string::npos) {
    if (rest.back() != ']' || open + 3 > rest.size()) return std::nullopt;
    a.environment = rest.substr(open + 2, rest.size() - open - 3);
    rest.resize(open);
    if (a.environment.empty()) return std::nullopt;
  }
  const auto dot = rest.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == rest.size()) return std::nullopt;
  a.type = rest.substr(0, dot);
  a.name = rest.substr(dot + 1);
  return a;
}

bool is_write(Action action) {
  return action == Action::kCreate || action == Action::kUpdate || action == Action::kDelete ||
         action == Action::kReplace;
}

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
      case Action::kReplace:
        ++s.add;
        ++s.destroy;
        break;
      case Action::kNoop:
        break;
    }
  }
  return s;
}

bool Plan::has_writes() const {
  return std::ranges::any_of(changes, [](const ResourceChange& c) { return is_write(c.action); });
}

const ResourceChange* Plan::find(const Address& address) const {
  const auto it = std::ranges::find(changes, address, &ResourceChange::address);
  return it == changes.end() ? nullptr : &*it;
}

Error unknown_target(const std::string& target, const std::vector<std::string>& known,
                     const std::string& flag) {
  return Error::invalid(flag + " " + target + ": no such resource in the configuration" +
                        did_you_mean(target, known));
}

Result<Plan> target_plan(const Plan& plan, const std::vector<std::string>& targets) {
  std::set<Address> keep;
  std::vector<std::string> known;
  for (const auto& c : plan.changes) {
    known.push_back(c.address.str());
    if (!c.address.environment.empty()) known.push_back(c.address.label(true));
  }
  for (const auto& t : targets) {
    const auto wanted = Address::parse(t);
    bool found = false;
    for (const auto& c : plan.changes) {
      if (!wanted || c.address.type != wanted->type || c.address.name != wanted->name) continue;
      if (!wanted->environment.empty() && c.address.environment != wanted->environment) continue;
      keep.insert(c.address);
      found = true;
    }
    if (!found) return fail(unknown_target(t, known));
  }
  // What they depend on, transitively.
  for (std::size_t before = 0; before != keep.size();) {
    before = keep.size();
    for (const auto& c : plan.changes) {
      if (keep.contains(c.address)) keep.insert(c.depends_on.begin(), c.depends_on.end());
    }
  }
  Plan out;
  out.show_environments = plan.show_environments;
  out.warnings = plan.warnings;
  out.errors = plan.errors;
  out.targets = targets;
  out.sources = plan.sources;
  for (const auto& o : plan.observations) {
    if (keep.contains(o.address)) out.observations.push_back(o);
  }
  for (const auto& c : plan.changes) {
    if (keep.contains(c.address)) out.changes.push_back(c);
  }
  return out;
}

Action attribute_action(const ResourceChange& change, const AttributeChange& attribute) {
  if (change.action != Action::kReplace) return change.action;
  // A sensitive attribute keeps no values to tell: the new object's secret is a new one.
  return attribute.before.absent() && !attribute.sensitive ? Action::kCreate : Action::kUpdate;
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
    case Action::kReplace:
      return "-/+";
    case Action::kNoop:
      break;
  }
  return " ";
}

}  // namespace linkform
