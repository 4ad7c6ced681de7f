#pragma once
// The emulator without its HTTP server: both vendor halves behind one mutex,
// the control API, faults, the request log and the state file. The server
// (server.h) feeds it requests; tests can too.

#include <httplib.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "providers/bitbucket/emulator.h"
#include "providers/emulator/common/reply.h"
#include "providers/emulator/faults.h"
#include "providers/emulator/request_log.h"
#include "providers/emulator/state.h"
#include "providers/frontegg/emulator.h"

namespace linkform::emulator {

enum class Vendor { kBitbucket, kFrontegg };

struct CoreOptions {
  std::optional<std::string> state_file;
  int frontegg_token_ttl_s = 3600;
  int bitbucket_token_ttl_s = 7200;
  int latency_ms = 0;
  bitbucket::TokenReplyShape bitbucket_token_reply = bitbucket::TokenReplyShape::k2026;
  bool bitbucket_issues_and_wikis = false;  // Bitbucket as before 2026-08-20
};

class EmulatorCore {
 public:
  // start: what POST /_emulator/reset returns to; current: the state to serve.
  EmulatorCore(EmulatorState start, EmulatorState current, CoreOptions options);

  // Bitbucket's paths are /site/... and /2.0/...; every other path is Frontegg's.
  static Vendor vendor_of(std::string_view path);
  static bool is_control_path(std::string_view path);

  // A vendor request, answered by the half that owns the path.
  Reply handle_vendor(const httplib::Request& req);
  // A request under /_emulator/ (control_api.cpp).
  Reply handle_control(const httplib::Request& req);

  // The reply a kStatus or kRateLimit fault puts in place of the real one,
  // shaped as the vendor shapes it.
  static Reply fault_reply(Vendor vendor, const Fault& fault);

  // The whole state now, secrets included.
  [[nodiscard]] EmulatorState current_state() const;

  // Writes the state file now (when there is one).
  Status persist();

  FaultTable& faults() { return faults_; }
  RequestLog& requests() { return requests_; }
  [[nodiscard]] int latency_ms() const { return latency_ms_.load(); }

 private:
  // Runs handler under the state mutex. When it reports a change and there is
  // a state file, the file is written; if that fails, the change is undone
  // and the reply is a 500, so memory and file never disagree.
  Reply serialised(Vendor vendor, bool may_change, const std::function<Reply()>& handler);
  [[nodiscard]] EmulatorState snapshot() const;
  void replace(EmulatorState state);

  Reply control_consumers(const httplib::Request& req, std::string_view rest);
  Reply control_faults(const httplib::Request& req);
  Reply control_latency(const httplib::Request& req);
  Reply control_seed(const httplib::Request& req);

  mutable std::mutex mutex_;
  const EmulatorState start_;
  bitbucket::BitbucketEmulator bitbucket_;
  frontegg::FronteggEmulator frontegg_;
  const CoreOptions options_;
  FaultTable faults_;
  RequestLog requests_;
  std::atomic<int> latency_ms_;
};

}  // namespace linkform::emulator
