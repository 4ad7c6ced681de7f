#pragma once
// A TCP front before the emulator that accepts connections slowly from a short accept queue, as a simple
// vendor simulator does (Python's socketserver: a backlog of 5, a thread per connection). A burst of new
// connections overflows the queue and the kernel drops their SYNs; the client's kernel sends a dropped
// SYN again only after its initial retransmission timeout of one second (issue 23's stall).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace linkform::testing {

class SlowAcceptFront {
 public:
  SlowAcceptFront(int target_port, int backlog, std::chrono::milliseconds accept_gap)
      : target_port_(target_port), accept_gap_(accept_gap) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
        ::listen(listen_fd_, backlog) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      throw std::runtime_error("slow accept front: cannot listen");
    }
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }

  ~SlowAcceptFront() {
    stop_ = true;
    acceptor_.join();
    ::close(listen_fd_);
    const std::scoped_lock lock(mutex_);
    for (const int fd : fds_) ::shutdown(fd, SHUT_RDWR);
    for (auto& t : pumps_) t.join();
    for (const int fd : fds_) ::close(fd);
  }

  SlowAcceptFront(const SlowAcceptFront&) = delete;
  SlowAcceptFront& operator=(const SlowAcceptFront&) = delete;

  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  void accept_loop() {
    while (!stop_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int client = ::accept(listen_fd_, nullptr, nullptr);
      if (client < 0) continue;
      const int upstream = connect_upstream();
      {
        const std::scoped_lock lock(mutex_);
        fds_.push_back(client);
        if (upstream < 0) {
          ::shutdown(client, SHUT_RDWR);
          continue;
        }
        fds_.push_back(upstream);
        pumps_.emplace_back([client, upstream] { pump(client, upstream); });
        pumps_.emplace_back([client, upstream] { pump(upstream, client); });
      }
      std::this_thread::sleep_for(accept_gap_);  // a slow server: the queue fills meanwhile
    }
  }

  [[nodiscard]] int connect_upstream() const {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(target_port_));
    if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) return fd;
    if (fd >= 0) ::close(fd);
    return -1;
  }

  static void pump(int from, int to) {
    char buffer[16384];
    for (;;) {
      const ssize_t n = ::read(from, buffer, sizeof(buffer));
      if (n <= 0) break;
      for (ssize_t off = 0; off < n;) {
        const ssize_t w = ::send(to, buffer + off, static_cast<std::size_t>(n - off), MSG_NOSIGNAL);
        if (w <= 0) return;
        off += w;
      }
    }
    ::shutdown(to, SHUT_WR);
  }

  int target_port_;
  std::chrono::milliseconds accept_gap_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread acceptor_;
  std::mutex mutex_;
  std::vector<int> fds_;
  std::vector<std::thread> pumps_;
};

}  // namespace linkform::testing
