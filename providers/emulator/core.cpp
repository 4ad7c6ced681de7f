#include "providers/emulator/core.h"

#include "providers/emulator/common/json.h"

namespace linkform::emulator {

EmulatorCore::EmulatorCore(EmulatorState start, EmulatorState current, CoreOptions options)
    : start_(std::move(start)),
      bitbucket_(std::move(current.bitbucket), options.bitbucket_token_ttl_s, options.bitbucket_token_reply,
                 options.bitbucket_issues_and_wikis),
      frontegg_(std::move(current.frontegg), options.frontegg_token_ttl_s),
      options_(std::move(options)),
      latency_ms_(options_.latency_ms) {}

Vendor EmulatorCore::vendor_of(std::string_view path) {
  return bitbucket::BitbucketEmulator::owns_path(path) ? Vendor::kBitbucket : Vendor::kFrontegg;
}

bool EmulatorCore::is_control_path(std::string_view path) {
  return path == "/_emulator" || path.starts_with("/_emulator/");
}

Reply EmulatorCore::fault_reply(Vendor vendor, const Fault& fault) {
  if (fault.kind == FaultKind::kRateLimit) {
    if (vendor == Vendor::kBitbucket) return bitbucket::BitbucketEmulator::rate_limited_reply();
    return frontegg::FronteggEmulator::rate_limited_reply(std::chrono::system_clock::now() +
                                                          std::chrono::milliseconds(fault.reset_after_ms));
  }
  if (vendor == Vendor::kBitbucket)
    return bitbucket::BitbucketEmulator::error_reply(fault.status, "injected fault");
  return frontegg::FronteggEmulator::error_reply(fault.status, "injected fault");
}

EmulatorState EmulatorCore::snapshot() const { return {bitbucket_.state(), frontegg_.state()}; }

EmulatorState EmulatorCore::current_state() const {
  const std::scoped_lock lock(mutex_);
  return snapshot();
}

void EmulatorCore::replace(EmulatorState state) {
  bitbucket_.replace_state(std::move(state.bitbucket));
  frontegg_.replace_state(std::move(state.frontegg));
}

Status EmulatorCore::persist() {
  if (!options_.state_file) return {};
  std::lock_guard lock(mutex_);
  return write_file_atomically(*options_.state_file, state_json(snapshot()));
}

Reply EmulatorCore::serialised(Vendor vendor, bool may_change, const std::function<Reply()>& handler) {
  std::lock_guard lock(mutex_);
  std::optional<EmulatorState> before;
  if (may_change && options_.state_file) before = snapshot();
  Reply reply = handler();
  if (!reply.changed || !options_.state_file) return reply;
  if (auto written = write_file_atomically(*options_.state_file, state_json(snapshot())); !written) {
    // Undoing also forgets issued tokens; a state file that cannot be written
    // is rare enough that clients re-authenticating is acceptable.
    if (before) replace(std::move(*before));
    const std::string message = "state not saved, change undone: " + written.error().message;
    return vendor == Vendor::kBitbucket ? bitbucket::BitbucketEmulator::error_reply(500, message)
                                        : frontegg::FronteggEmulator::error_reply(500, message);
  }
  return reply;
}

Reply EmulatorCore::handle_vendor(const httplib::Request& req) {
  const Vendor vendor = vendor_of(req.path);
  const bool may_change = req.method != "GET" && req.method != "HEAD";
  return serialised(vendor, may_change, [&] {
    return vendor == Vendor::kBitbucket ? bitbucket_.handle(req) : frontegg_.handle(req);
  });
}

}  // namespace linkform::emulator
