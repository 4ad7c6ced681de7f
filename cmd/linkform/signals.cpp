#include "cmd/linkform/signals.h"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <thread>

namespace linkform {

namespace {

std::atomic<bool> g_interrupted{false};

// The first signal asks the apply to stop after the write in flight; a second one ends the run at once
// (what was done is already printed, a line per write). Only async-signal-safe calls here.
extern "C" void on_signal(int /*signal*/) {
  if (g_interrupted.exchange(true)) {
    static constexpr char kMessage[] =
        "\nlinkform: interrupted again: stopping now. The lines above say which writes completed; a write "
        "in flight may or may not have happened. Run linkform plan to see what remains.\n";
    const ssize_t written = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
    (void)written;
    ::_exit(1);
  }
}

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
