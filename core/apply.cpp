#include "core/apply.h"

#include <algorithm>
#include <atomic>
#include <future>
#include <iterator>
#include <mutex>
#include <thread>

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
  for (const Address& address : report.done) {
    const ResourceChange* c = plan.find(address);
    if (c == nullptr) continue;
    added += c->action == Action::kCreate ? 1 : 0;
    changed += c->action == Action::kUpdate ? 1 : 0;
    destroyed += c->action == Action::kDelete ? 1 : 0;
  }
  return "Resources: " + std::to_string(added) + " added, " + std::to_string(changed) + " changed, " +
         std::to_string(destroyed) + " destroyed.";
}

namespace {

// The writes of each environment, in execution order; environments in the order they first appear.
// Different environments share nothing a write can change, so their groups may run at once.
std::vector<std::vector<const ResourceChange*>> independent_groups(const Plan& plan) {
  std::vector<std::vector<const ResourceChange*>> groups;
  std::vector<std::string> environments;
  for (const ResourceChange* c : execution_order(plan)) {
    const auto it = std::ranges::find(environments, c->address.environment);
    if (it == environments.end()) {
      environments.push_back(c->address.environment);
      groups.emplace_back();
      groups.back().push_back(c);
    } else {
      groups[static_cast<std::size_t>(it - environments.begin())].push_back(c);
    }
  }
  return groups;
}

// Runs task(0) .. task(count - 1), at most `lanes` at once, each index once.
void run_in_lanes(std::size_t count, int lanes, const std::function<void(std::size_t)>& task) {
  const std::size_t workers = std::min<std::size_t>(count, static_cast<std::size_t>(std::max(lanes, 1)));
  if (workers <= 1) {
    for (std::size_t i = 0; i < count; ++i) task(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::vector<std::jthread> threads;
  for (std::size_t w = 0; w < workers; ++w) {
    threads.emplace_back([&] {
      for (std::size_t i = next++; i < count; i = next++) task(i);
    });
  }
}  // the threads join here

}  // namespace

ApplyReport apply_plan(const Plan& plan, ChangeExecutor& executor,
                       const std::function<void(const ApplyEvent&)>& on_event,
                       const std::function<bool()>& stop_requested, int parallelism) {
  ApplyReport report;
  for (const auto& c : plan.changes) {
    if (c.action == Action::kManual || c.action == Action::kBlocked)
      report.pending_manual.push_back(c.address);
  }
  std::mutex mutex;  // guards report and on_event: progress lines never interleave
  const auto notify = [&](ApplyStep step, const ResourceChange* change, std::string detail) {
    if (on_event) on_event({step, change, std::move(detail)});
  };
  const auto groups = independent_groups(plan);
  std::vector<std::future<std::vector<std::string>>> read_backs(groups.size());
  const auto run_group = [&](std::size_t g) {
    std::vector<const ResourceChange*> written;
    for (const ResourceChange* change : groups[g]) {
      {
        const std::scoped_lock lock(mutex);
        if (report.failed || report.interrupted || (stop_requested && stop_requested())) {
          report.interrupted = report.interrupted || !report.failed;
          report.not_done.push_back(change->address);
          notify(ApplyStep::kSkipped, change, "");
          continue;
        }
        notify(ApplyStep::kStarting, change, "");
      }
      auto result = executor.execute(*change);  // the write itself runs unlocked, beside other groups'
      const std::scoped_lock lock(mutex);
      if (result) {
        report.done.push_back(change->address);
        written.push_back(change);
        notify(ApplyStep::kDone, change, *result);
      } else {
        if (!report.failed)
          report.failure = change->address.label(plan.show_environments) + ": " + result.error().message;
        report.failed = true;
        report.not_done.push_back(change->address);
        notify(ApplyStep::kFailed, change, result.error().message);
      }
    }
    // Read back at once, while other environments are still written, and without holding one of the
    // `parallelism` write lanes: waiting for every write first, or for each read-back before the next
    // environment's writes, would add round trips that nothing needs (the transport still bounds the
    // connections to each host).
    if (!written.empty()) {
      read_backs[g] = std::async(
          std::launch::async, [&executor, written = std::move(written)] { return executor.verify(written); });
    }
  };
  run_in_lanes(groups.size(), parallelism, run_group);
  for (auto& read_back : read_backs) {
    if (read_back.valid()) std::ranges::move(read_back.get(), std::back_inserter(report.inconsistent));
  }
  return report;
}

}  // namespace linkform
