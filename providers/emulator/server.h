#pragma once
// linkform-emulator as a library: the vendor halves' APIs and the control API on one
// port, served by cpp-httplib from a background thread. The halves come from
// the caller (the composition, providers/emulator_halves.h, has every one);
// tests start one in-process on a free loopback port:
//
//   auto emu = linkform::emulator::start_with_halves({});
//   httplib::Client client("127.0.0.1", (*emu)->port());
//
// Starting an emulator ignores SIGPIPE for the whole process: the drop and
// truncate faults write to sockets that are closed on purpose.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "core/error.h"
#include "providers/emulator/vendor_half.h"

namespace httplib {
class Server;
}

namespace linkform::emulator {

class EmulatorCore;

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;                           // 0: a free port, see Emulator::port()
  std::optional<std::string> seed_file;   // absent: each half's default section (state.h)
  std::optional<std::string> state_file;  // loaded when it exists; rewritten after every change
  int latency_ms = 0;                     // added to every vendor request
  bool allow_non_loopback = false;        // a host that is not loopback is refused unless set
};

// Makes the halves to serve; called once the server's options are checked.
using MakeHalves = std::function<Result<Halves>()>;

class Emulator {
 public:
  // Makes the halves, loads the state, binds, and starts serving; returns once
  // the port accepts connections. Errors: bad options (the server's, then the
  // halves'), no half that answers every path, unreadable seed or state file,
  // a port that cannot be bound.
  static Result<std::unique_ptr<Emulator>> start(ServerOptions options, const MakeHalves& make_halves);

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
  explicit Emulator(ServerOptions options);
  Status listen();

  ServerOptions options_;
  std::unique_ptr<EmulatorCore> core_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace linkform::emulator
