#include "providers/emulator/connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace linkform::emulator {

namespace {
int port_of(const sockaddr_storage& addr) {
  if (addr.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(addr).sin_port);
  if (addr.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(addr).sin6_port);
  return -1;
}

bool is_connection(int fd, int local_port, int remote_port) {
  sockaddr_storage local{};
  sockaddr_storage peer{};
  socklen_t local_len = sizeof local;
  socklen_t peer_len = sizeof peer;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0) return false;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0) return false;
  return port_of(local) == local_port && port_of(peer) == remote_port;
}
}  // namespace

bool shut_down_connection(const httplib::Request& req) {
  if (req.local_port <= 0 || req.remote_port <= 0) return false;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    const int fd = std::stoi(name);
    if (!is_connection(fd, req.local_port, req.remote_port)) continue;
    // Abort rather than close politely: with SO_LINGER 0 the peer sees a
    // reset once httplib closes the socket.
    const linger abort_on_close{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
    return ::shutdown(fd, SHUT_RDWR) == 0;
  }
  return false;
}

}  // namespace linkform::emulator
