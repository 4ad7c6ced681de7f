#pragma once
// Applying a plan: the writes it lists, by their dependency graph. A write waits
// for the writes it depends on (ResourceChange::depends_on) and for the one
// before it in its environment (deletes first; an environment is written one at
// a time); chains that wait on nothing of each other run at once, up to
// `parallelism` writes. Each environment's
// writes are read back as soon as they end, beside the writes of the others,
// so an apply costs the longest chain, not every write and then every read.
// After the first failure no further write starts anywhere, so what was done
// and what was not is exact. Manual and blocked entries are never executed;
// they are reported.

#include <functional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/plan.h"

namespace linkform {

// Executes one create, update or delete. Implementations re-check the live
// object before writing and return an Error when it changed since the plan.
// Called concurrently for changes of different environments.
class ChangeExecutor {
 public:
  virtual ~ChangeExecutor() = default;
  // On success, returns a short note for the log (e.g. the new object's id).
  virtual Result<std::string> execute(const ResourceChange& change) = 0;
  // Reads back what `written` (the changes of one environment that succeeded) changed and compares it with
  // what was sent: one line per difference or per object that could not be read back. Called once per
  // environment after its last write, on a thread of its own: concurrently with other environments'
  // writes and read-backs, never with a write of its own environment.
  virtual std::vector<std::string> verify(const std::vector<const ResourceChange*>& written) {
    (void)written;
    return {};
  }
};

enum class ApplyStep {
  kStarting,  // about to execute a change
  kDone,      // it succeeded
  kFailed,    // it failed; nothing after it runs
  kSkipped,   // not run because an earlier change failed
};

struct ApplyEvent {
  ApplyStep step = ApplyStep::kStarting;
  const ResourceChange* change = nullptr;
  std::string detail;  // kDone: the executor's note; kFailed: the error message
};

struct ApplyReport {
  std::vector<Address> done;            // written successfully
  std::vector<Address> not_done;        // with a write that did not happen (failed or skipped)
  std::vector<Address> pending_manual;  // manual and blocked
  bool failed = false;
  std::string failure;  // the first failure, "address: message" (with " [environment]" when shown)
  bool interrupted = false;
  // What did not read back as written (ChangeExecutor::verify), in the plan's order of environments.
  std::vector<std::string> inconsistent;
};

// "Resources: N added, N changed, N destroyed." for the writes that were done.
std::string applied_counts_line(const Plan& plan, const ApplyReport& report);

// `stop_requested` is polled between changes (SIGINT/SIGTERM): when it
// returns true, no further change starts and the report says interrupted.
// The executor must be safe to call from `parallelism` threads at once (for
// changes of different environments); on_event is never called concurrently.
// `parallelism` is taken between 1 and kMaxParallelism (one thread each).
inline constexpr int kMaxParallelism = 64;
ApplyReport apply_plan(const Plan& plan, ChangeExecutor& executor,
                       const std::function<void(const ApplyEvent&)>& on_event,
                       const std::function<bool()>& stop_requested = {}, int parallelism = 1);

}  // namespace linkform
