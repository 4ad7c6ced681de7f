#include "providers/emulator/core.h"

#include <cassert>

#include "providers/emulator/common/json.h"

namespace linkform::emulator {

EmulatorCore::EmulatorCore(Halves halves, EmulatorState start, EmulatorState current, CoreOptions options)
    : halves_(std::move(halves)),
      start_(std::move(start)),
      options_(std::move(options)),
      latency_ms_(options_.latency_ms) {
  assert(halves_.answers_every_path());
  replace(current);
}

bool EmulatorCore::is_control_path(std::string_view path) {
  return path == "/_emulator" || path.starts_with("/_emulator/");
}

std::string EmulatorCore::fault_key(const httplib::Request& req) const {
  for (const auto& half : halves_) {
    if (std::string key = half->fault_key(req); !key.empty()) return key;
  }
  return {};
}

std::optional<std::string> EmulatorCore::logged_environment(const httplib::Request& req) const {
  for (const auto& half : halves_) {
    if (auto environment = half->logged_environment(req)) return environment;
  }
  return std::nullopt;
}

Reply EmulatorCore::fault_reply(const VendorHalf& half, const Fault& fault) {
  if (fault.kind == FaultKind::kRateLimit) {
    return half.rate_limited_reply(std::chrono::milliseconds(fault.reset_after_ms));
  }
  return half.error_reply(fault.status, "injected fault");
}

EmulatorState EmulatorCore::snapshot() const {
  EmulatorState state;
  for (const auto& half : halves_) state.sections.push_back({std::string(half->key()), half->snapshot()});
  return state;
}

EmulatorState EmulatorCore::current_state() const {
  const std::scoped_lock lock(mutex_);
  return snapshot();
}

void EmulatorCore::replace(const EmulatorState& state) {
  std::size_t i = 0;
  for (const auto& half : halves_) half->restore(*state.sections[i++].state);
}

Status EmulatorCore::persist() {
  if (!options_.state_file) return {};
  std::lock_guard lock(mutex_);
  return write_file_atomically(*options_.state_file, state_json(snapshot()));
}

Reply EmulatorCore::serialised(const VendorHalf* half, bool may_change,
                               const std::function<Reply()>& handler) {
  std::lock_guard lock(mutex_);
  std::optional<EmulatorState> before;
  if (may_change && options_.state_file) before = snapshot();
  Reply reply = handler();
  if (!reply.changed || !options_.state_file) return reply;
  if (auto written = write_file_atomically(*options_.state_file, state_json(snapshot())); !written) {
    // Undoing also forgets issued tokens; a state file that cannot be written
    // is rare enough that clients re-authenticating is acceptable.
    if (before) replace(*before);
    const std::string message = "state not saved, change undone: " + written.error().message;
    return half != nullptr ? half->error_reply(500, message) : json_reply(500, errors_body(message));
  }
  return reply;
}

Reply EmulatorCore::handle_vendor(const httplib::Request& req) {
  VendorHalf& half = owner_of(req.path);
  const bool may_change = req.method != "GET" && req.method != "HEAD";
  return serialised(&half, may_change, [&] { return half.handle(req); });
}

}  // namespace linkform::emulator
