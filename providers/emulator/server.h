#pragma once
// linkform-emulator as a library: both vendor APIs and the control API on one
// port, served by cpp-httplib from a background thread. Tests start one
// in-process on a free loopback port:
//
//   auto emu = linkform::emulator::Emulator::start({});
//   httplib::Client client("127.0.0.1", (*emu)->port());
//
// Starting an emulator ignores SIGPIPE for the whole process: the drop and
// truncate faults write to sockets that are closed on purpose.

#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "core/error.h"

namespace httplib {
class Server;
}

namespace linkform::emulator {

class EmulatorCore;

struct EmulatorOptions {
  std::string host = "127.0.0.1";
  int port = 0;                           // 0: a free port, see Emulator::port()
  std::optional<std::string> seed_file;   // absent: the default seed (state.h)
  std::optional<std::string> state_file;  // loaded when it exists; rewritten after every change
  int latency_ms = 0;                     // added to every vendor request
  int frontegg_token_ttl_s = 3600;
  int bitbucket_token_ttl_s = 7200;
  // The pre-2026 token reply ("scopes" and a refresh token) instead of Bitbucket's current one.
  bool bitbucket_pre_2026_token_reply = false;
  // Bitbucket as before 2026-08-20: token replies list the scopes of Issues and Wikis.
  bool bitbucket_before_issues_sunset = false;
  bool allow_non_loopback = false;  // a host that is not loopback is refused unless set
};

class Emulator {
 public:
  // Loads the state, binds, and starts serving; returns once the port accepts
  // connections. Errors: bad options, unreadable seed or state file, a port
  // that cannot be bound.
  static Result<std::unique_ptr<Emulator>> start(EmulatorOptions options);

  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;
  ~Emulator();

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] const std::string& host() const { return options_.host; }
  // "http://HOST:PORT" (IPv6 hosts in brackets), no trailing slash.
  [[nodiscard]] std::string base_url() const;
  // What a person needs to use it: see startup.h.
  [[nodiscard]] std::string startup_text() const;
  // Stops accepting, finishes the requests in flight and joins the server
  // thread. Safe to call twice.
  void stop();

 private:
  explicit Emulator(EmulatorOptions options);
  Status listen();

  EmulatorOptions options_;
  std::unique_ptr<EmulatorCore> core_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace linkform::emulator
