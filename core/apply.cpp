#include "core/apply.h"

#include <algorithm>

namespace linkform {

namespace {

// Deletes first (they free slugs that a create may reuse), then creates and
// updates, each in plan order. Consumers are never written, so a connector's
// dependency on its consumer is met by planning: a connector whose consumer
// is not usable is planned as blocked, not as a write.
std::vector<const ResourceChange*> execution_order(const Plan& plan) {
  std::vector<const ResourceChange*> order;
  for (const auto& c : plan.changes) {
    if (c.action == Action::kDelete) order.push_back(&c);
  }
  for (const auto& c : plan.changes) {
    if (c.action == Action::kCreate || c.action == Action::kUpdate) order.push_back(&c);
  }
  return order;
}

}  // namespace

std::string applied_counts_line(const Plan& plan, const ApplyReport& report) {
  int added = 0;
  int changed = 0;
  int destroyed = 0;
  for (const auto& address : report.done) {
    const ResourceChange* c = plan.find(address);
    if (c == nullptr) continue;
    added += c->action == Action::kCreate ? 1 : 0;
    changed += c->action == Action::kUpdate ? 1 : 0;
    destroyed += c->action == Action::kDelete ? 1 : 0;
  }
  return "Resources: " + std::to_string(added) + " added, " + std::to_string(changed) + " changed, " +
         std::to_string(destroyed) + " destroyed.";
}

ApplyReport apply_plan(const Plan& plan, ChangeExecutor& executor,
                       const std::function<void(const ApplyEvent&)>& on_event,
                       const std::function<bool()>& stop_requested) {
  ApplyReport report;
  for (const auto& c : plan.changes) {
    if (c.action == Action::kManual || c.action == Action::kBlocked)
      report.pending_manual.push_back(c.address);
  }
  const auto notify = [&](ApplyStep step, const ResourceChange* change, std::string detail) {
    if (on_event) on_event({step, change, std::move(detail)});
  };
  for (const ResourceChange* change : execution_order(plan)) {
    if (report.failed || report.interrupted || (stop_requested && stop_requested())) {
      report.interrupted = report.interrupted || !report.failed;
      report.not_done.push_back(change->address);
      notify(ApplyStep::kSkipped, change, "");
      continue;
    }
    notify(ApplyStep::kStarting, change, "");
    auto result = executor.execute(*change);
    if (result) {
      report.done.push_back(change->address);
      notify(ApplyStep::kDone, change, *result);
    } else {
      report.failed = true;
      report.failure = change->address + ": " + result.error().message;
      report.not_done.push_back(change->address);
      notify(ApplyStep::kFailed, change, result.error().message);
    }
  }
  return report;
}

}  // namespace linkform
