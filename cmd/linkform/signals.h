#pragma once
// SIGINT and SIGTERM during apply: the request in flight finishes, no further
// change starts, and apply reports what was done (issue 6 item 8).

#include <chrono>

namespace linkform {

// While an InterruptGuard lives, SIGINT and SIGTERM set a flag instead of
// ending the process; the previous handlers come back when it is destroyed.
class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
};

// True once SIGINT or SIGTERM arrived under a guard.
bool interrupted();

// Sleeps for `duration` in short slices; returns false (early) when interrupted.
bool sleep_unless_interrupted(std::chrono::milliseconds duration);

}  // namespace linkform
