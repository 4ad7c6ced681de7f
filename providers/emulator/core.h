#pragma once
// The emulator without its HTTP server: the vendor halves behind one mutex,
// the control API, faults, the request log and the state file. The server
// (server.h) feeds it requests; tests can too. It knows a vendor only as a
// VendorHalf (vendor_half.h).

#include <httplib.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "providers/emulator/common/reply.h"
#include "providers/emulator/faults.h"
#include "providers/emulator/request_log.h"
#include "providers/emulator/state.h"
#include "providers/emulator/vendor_half.h"

namespace linkform::emulator {

struct CoreOptions {
  std::optional<std::string> state_file;
  int latency_ms = 0;
};

class EmulatorCore {
 public:
  // halves: one of them answers every path no half owns. start: what POST /_emulator/reset returns to;
  // current: the state to serve; both made by these halves.
  EmulatorCore(Halves halves, EmulatorState start, EmulatorState current, CoreOptions options);

  static bool is_control_path(std::string_view path);

  // The half that serves a vendor path: the first that owns it, else the one that answers the rest.
  [[nodiscard]] VendorHalf& owner_of(std::string_view path) const { return *halves_.owner_of(path); }
  // What faults match and the request log records of a vendor request: the first half's that has one.
  [[nodiscard]] std::string fault_key(const httplib::Request& req) const;
  [[nodiscard]] std::optional<std::string> logged_environment(const httplib::Request& req) const;

  // A vendor request, answered by the half that serves the path.
  Reply handle_vendor(const httplib::Request& req);
  // A request under /_emulator/ (control_api.cpp).
  Reply handle_control(const httplib::Request& req);

  // The reply a kStatus or kRateLimit fault puts in place of the real one,
  // shaped as the half's vendor shapes it.
  static Reply fault_reply(const VendorHalf& half, const Fault& fault);

  // The whole state now, secrets included.
  [[nodiscard]] EmulatorState current_state() const;
  [[nodiscard]] const Halves& halves() const { return halves_; }

  // Writes the state file now (when there is one).
  Status persist();

  FaultTable& faults() { return faults_; }
  RequestLog& requests() { return requests_; }
  [[nodiscard]] int latency_ms() const { return latency_ms_.load(); }

 private:
  // Runs handler under the state mutex. When it reports a change and there is
  // a state file, the file is written; if that fails, the change is undone
  // and the reply is a 500 in the half's error shape (the control API's
  // without a half), so memory and file never disagree.
  Reply serialised(const VendorHalf* half, bool may_change, const std::function<Reply()>& handler);
  [[nodiscard]] EmulatorState snapshot() const;
  void replace(const EmulatorState& state);

  Reply control_of_half(VendorHalf& half, const httplib::Request& req, std::string_view rest);
  Reply control_faults(const httplib::Request& req);
  Reply control_latency(const httplib::Request& req);
  Reply control_seed(const httplib::Request& req);

  mutable std::mutex mutex_;
  const Halves halves_;
  const EmulatorState start_;
  const CoreOptions options_;
  FaultTable faults_;
  RequestLog requests_;
  std::atomic<int> latency_ms_;
};

}  // namespace linkform::emulator
