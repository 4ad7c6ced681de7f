#include "core/apply.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <future>
#include <iterator>
#include <mutex>
#include <optional>
#include <thread>

namespace linkform {

namespace {

// Deletes first (they free slugs that a create may reuse), then creates,
// updates and replaces (their create step), each in plan order. A write that depends on another (depends_on)
// waits for it (dependency_graph); one whose dependency is not a write here (a client only a person can make)
// was planned as blocked, not as a write.
std::vector<const ResourceChange*> execution_order(const Plan& plan) {
  std::vector<const ResourceChange*> order;
  for (const auto& c : plan.changes) {
    if (c.action == Action::kDelete) order.push_back(&c);
  }
  for (const auto& c : plan.changes) {
    if (c.action == Action::kCreate || c.action == Action::kUpdate || c.action == Action::kReplace)
      order.push_back(&c);
  }
  return order;
}

}  // namespace

std::string applied_counts_line(const Plan& plan, const ApplyReport& report) {
  int added = 0;
  int changed = 0;
  int destroyed = 0;
  std::vector<Address> replaced;  // a replace is done twice: its create step, then its destroy step
  for (const Address& address : report.done) {
    const ResourceChange* c = plan.find(address);
    if (c == nullptr) continue;
    if (c->action == Action::kReplace) {
      const bool second = std::ranges::find(replaced, address) != replaced.end();
      (second ? destroyed : added) += 1;
      replaced.push_back(address);
      continue;
    }
    added += c->action == Action::kCreate ? 1 : 0;
    changed += c->action == Action::kUpdate ? 1 : 0;
    destroyed += c->action == Action::kDelete ? 1 : 0;
  }
  return "Resources: " + std::to_string(added) + " added, " + std::to_string(changed) + " changed, " +
         std::to_string(destroyed) + " destroyed.";
}

namespace {

// One write and what it waits for: the previous write of its environment (deletes free slugs that a
// create may reuse, and an environment is written one at a time) and every write it depends on
// (ResourceChange::depends_on). A chain that depends on no other runs beside the others.
struct Node {
  const ResourceChange* change = nullptr;
  std::size_t lane = 0;            // its environment
  std::vector<std::size_t> after;  // nodes that must be done first
};

// The writes, each environment's in execution order, environments in the order they first appear (the
// order a single lane tries them in). A replace is two writes: its create step where a create would be,
// and its destroy step (a copy of it as a delete, kept in `destroy_steps`) last in its lane, after every
// write that depends on it: what used the old object has moved to the new one before it goes.
std::vector<Node> dependency_graph(const Plan& plan, std::vector<std::string>& lanes,
                                   std::deque<ResourceChange>& destroy_steps) {
  std::vector<std::vector<const ResourceChange*>> groups;
  for (const ResourceChange* c : execution_order(plan)) {
    const auto it = std::ranges::find(lanes, c->address.environment);
    if (it == lanes.end()) {
      lanes.push_back(c->address.environment);
      groups.push_back({c});
    } else {
      groups[static_cast<std::size_t>(it - lanes.begin())].push_back(c);
    }
  }
  std::vector<Node> nodes;
  for (std::size_t lane = 0; lane < groups.size(); ++lane) {
    for (std::size_t i = 0; i < groups[lane].size(); ++i) {
      Node n{groups[lane][i], lane, {}};
      if (i > 0) n.after.push_back(nodes.size() - 1);
      nodes.push_back(std::move(n));
    }
    for (const ResourceChange* c : groups[lane]) {
      if (c->action != Action::kReplace) continue;
      ResourceChange& destroy = destroy_steps.emplace_back(*c);
      destroy.action = Action::kDelete;
      destroy.depends_on = {c->address};
      nodes.push_back(Node{&destroy, lane, {nodes.size() - 1}});
    }
  }
  const auto is_destroy_step = [&](const Node& n) {
    return std::ranges::any_of(destroy_steps, [&](const ResourceChange& d) { return &d == n.change; });
  };
  for (auto& n : nodes) {
    for (const Address& needed : n.change->depends_on) {
      // The first node with that address: a create, an update or a replace's create step.
      const auto it = std::ranges::find(nodes, needed, [](const Node& m) { return m.change->address; });
      if (it != nodes.end()) n.after.push_back(static_cast<std::size_t>(it - nodes.begin()));
    }
  }
  for (auto& n : nodes) {
    if (!is_destroy_step(n)) continue;
    for (std::size_t j = 0; j < nodes.size(); ++j) {
      const auto& needs = nodes[j].change->depends_on;
      if (!is_destroy_step(nodes[j]) && std::ranges::find(needs, n.change->address) != needs.end())
        n.after.push_back(j);
    }
  }
  return nodes;
}

enum class NodeState { kPending, kRunning, kDone, kFailed, kSkipped };

// Runs the graph's writes with at most `lanes` at once, a write once every write it waits for is done.
// After the first failure, an interruption or a dependency that cannot be met, no further write starts.
class GraphRun {
 public:
  GraphRun(const Plan& plan, ChangeExecutor& executor, const std::function<void(const ApplyEvent&)>& on_event,
           const std::function<bool()>& stop_requested, ApplyReport& report)
      : plan_(plan),
        executor_(executor),
        on_event_(on_event),
        stop_requested_(stop_requested),
        report_(report) {
    nodes_ = dependency_graph(plan, lanes_, destroy_steps_);
    states_.assign(nodes_.size(), NodeState::kPending);
    left_in_lane_.assign(lanes_.size(), 0);
    for (const auto& n : nodes_) ++left_in_lane_[n.lane];
    written_.resize(lanes_.size());
    read_backs_.resize(lanes_.size());
  }

  void run(int parallelism) {
    const std::size_t workers = std::min<std::size_t>(
        nodes_.size(), static_cast<std::size_t>(std::clamp(parallelism, 1, kMaxParallelism)));
    if (workers <= 1) {
      work();
    } else {
      std::vector<std::jthread> threads;
      for (std::size_t w = 0; w < workers; ++w) threads.emplace_back([this] { work(); });
    }  // the threads join here
    for (auto& read_back : read_backs_) {
      if (read_back.valid()) std::ranges::move(read_back.get(), std::back_inserter(report_.inconsistent));
    }
  }

 private:
  void notify(ApplyStep step, const ResourceChange* change, std::string detail) {
    if (on_event_) on_event_({step, change, std::move(detail)});
  }

  // The first pending write whose every predecessor is done, in lane order.
  std::optional<std::size_t> ready() const {
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      if (states_[i] != NodeState::kPending) continue;
      if (std::ranges::all_of(nodes_[i].after, [&](std::size_t j) { return states_[j] == NodeState::kDone; }))
        return i;
    }
    return std::nullopt;
  }

  // Every write that has not started is skipped, in lane order.
  void skip_the_rest() {
    report_.interrupted = report_.interrupted || !report_.failed;
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      if (states_[i] != NodeState::kPending) continue;
      states_[i] = NodeState::kSkipped;
      report_.not_done.push_back(nodes_[i].change->address);
      notify(ApplyStep::kSkipped, nodes_[i].change, "");
      finish_lane_step(nodes_[i].lane);
    }
  }

  // One write of a lane has ended; after its last, the lane is read back at once, on a thread of its own
  // and without holding a write lane: beside other environments' writes (the transport still bounds the
  // connections to each host).
  void finish_lane_step(std::size_t lane) {
    if (--left_in_lane_[lane] > 0 || written_[lane].empty()) return;
    read_backs_[lane] = std::async(std::launch::async, [this, written = std::move(written_[lane])] {
      return executor_.verify(written);
    });
  }

  void work() {
    std::unique_lock lock(mutex_);
    for (;;) {
      const bool pending = std::ranges::find(states_, NodeState::kPending) != states_.end();
      if (!pending) return;
      if (report_.failed || report_.interrupted || (stop_requested_ && stop_requested_())) {
        skip_the_rest();
        changed_.notify_all();
        return;
      }
      const auto next = ready();
      if (!next) {
        if (running_ == 0) {  // what is left waits on itself: a dependency cycle, which no plan makes
          report_.failed = true;
          if (report_.failure.empty()) report_.failure = "the remaining writes wait on each other";
          skip_the_rest();
          changed_.notify_all();
          return;
        }
        changed_.wait(lock);
        continue;
      }
      execute(*next, lock);
    }
  }

  void execute(std::size_t i, std::unique_lock<std::mutex>& lock) {
    const ResourceChange* change = nodes_[i].change;
    states_[i] = NodeState::kRunning;
    ++running_;
    notify(ApplyStep::kStarting, change, "");
    lock.unlock();
    auto result = executor_.execute(*change);  // the write itself runs unlocked, beside other lanes'
    lock.lock();
    --running_;
    if (result) {
      states_[i] = NodeState::kDone;
      report_.done.push_back(change->address);
      written_[nodes_[i].lane].push_back(change);
      notify(ApplyStep::kDone, change, *result);
    } else {
      states_[i] = NodeState::kFailed;
      if (!report_.failed)
        report_.failure = change->address.label(plan_.show_environments) + ": " + result.error().message;
      report_.failed = true;
      report_.not_done.push_back(change->address);
      notify(ApplyStep::kFailed, change, result.error().message);
    }
    finish_lane_step(nodes_[i].lane);
    changed_.notify_all();
  }

  const Plan& plan_;
  ChangeExecutor& executor_;
  const std::function<void(const ApplyEvent&)>& on_event_;
  const std::function<bool()>& stop_requested_;
  ApplyReport& report_;
  std::vector<std::string> lanes_;
  std::deque<ResourceChange> destroy_steps_;  // the second write of each replace (dependency_graph)
  std::vector<Node> nodes_;
  std::mutex mutex_;  // guards everything below, the report and on_event: progress lines never interleave
  std::condition_variable changed_;
  std::vector<NodeState> states_;
  int running_ = 0;
  std::vector<std::size_t> left_in_lane_;
  std::vector<std::vector<const ResourceChange*>> written_;
  std::vector<std::future<std::vector<std::string>>> read_backs_;
};

}  // namespace

ApplyReport apply_plan(const Plan& plan, ChangeExecutor& executor,
                       const std::function<void(const ApplyEvent&)>& on_event,
                       const std::function<bool()>& stop_requested, int parallelism) {
  ApplyReport report;
  for (const auto& c : plan.changes) {
    if (c.action == Action::kManual || c.action == Action::kBlocked)
      report.pending_manual.push_back(c.address);
  }
  GraphRun(plan, executor, on_event, stop_requested, report).run(parallelism);
  return report;
}

}  // namespace linkform
