#pragma once
// Spoiling a connection on purpose, for the drop fault. cpp-httplib gives a
// handler no access to its socket, so the socket is found by its two ends.

#include <httplib.h>

namespace linkform::emulator {

// Shuts down both directions of the server-side socket that carries req, so
// whatever httplib writes next is lost and the client sees the connection
// close without a reply. False when the socket was not found. Linux only
// (it reads /proc/self/fd).
bool shut_down_connection(const httplib::Request& req);

}  // namespace linkform::emulator
