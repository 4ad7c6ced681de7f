#pragma once
// Binds a test's httplib server to a free port on 127.0.0.1 with a listen backlog a burst of connections
// fits in. Debian's compiled cpp-httplib listens with a backlog of 5: when a test opens more connections at
// once, the kernel drops the extra SYNs and the client resends them only after a second, which turns a
// timing assertion into a coin toss (seen as TcpExtListenOverflows). The emulator does the same for itself
// (providers/emulator/server.cpp).

#include <httplib.h>
#include <sys/socket.h>

#include <memory>

namespace linkform::testing {

// Returns the port, or a value <= 0 when binding failed (as bind_to_any_port does).
inline int bind_loopback_with_backlog(httplib::Server& server, int backlog = 128) {
  auto listening = std::make_shared<socket_t>(INVALID_SOCKET);
  server.set_socket_options([listening](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    *listening = sock;
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  // listen() again on a listening socket only changes its backlog.
  if (port > 0 && *listening != INVALID_SOCKET) ::listen(*listening, backlog);
  return port;
}

}  // namespace linkform::testing
