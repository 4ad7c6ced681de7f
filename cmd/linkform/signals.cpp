#include "cmd/linkform/signals.h"

#include <atomic>
#include <csignal>
#include <thread>

namespace linkform {

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_signal(int /*signal*/) { g_interrupted.store(true); }

struct sigaction g_previous_int {};
struct sigaction g_previous_term {};

}  // namespace

InterruptGuard::InterruptGuard() {
  g_interrupted.store(false);
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &g_previous_int);
  sigaction(SIGTERM, &action, &g_previous_term);
}

InterruptGuard::~InterruptGuard() {
  sigaction(SIGINT, &g_previous_int, nullptr);
  sigaction(SIGTERM, &g_previous_term, nullptr);
}

bool interrupted() { return g_interrupted.load(); }

bool sleep_unless_interrupted(std::chrono::milliseconds duration) {
  const auto until = std::chrono::steady_clock::now() + duration;
  while (std::chrono::steady_clock::now() < until) {
    if (interrupted()) return false;
    std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(std::chrono::milliseconds(50), duration));
  }
  return !interrupted();
}

}  // namespace linkform
