#pragma once
// An HTTP/2 front for the emulator, for tests and benchmarks of linkform over
// HTTP/2. The emulator (cpp-httplib) speaks only HTTP/1.1 over plain http;
// real vendor front ends speak HTTP/2 over TLS, chosen by ALPN. H2Front runs
// nghttpx (Debian package nghttp2-proxy) on a free loopback port with TLS and
// ALPN h2, forwarding over HTTP/1.1 to 127.0.0.1:<backend port>, with a
// self-signed certificate for IP 127.0.0.1 made by the openssl CLI. Clients
// trust it through ca_file() (CURL_CA_BUNDLE for the linkform binary); TLS
// verification stays on.
//
//   EmulatorProcess emulator({"--latency-ms", "50"});
//   H2Front front(emulator.port());   // throws std::runtime_error if it cannot start
//   env["CURL_CA_BUNDLE"] = front.ca_file();  // and URLs on front.url()
//
// Contract: the constructor returns once nghttpx accepts connections on
// url(); the destructor stops and reaps nghttpx and removes its directory
// (certificate, key, logs). Header-only, POSIX.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/free_port.h"
#include "tests/support/subprocess.h"

extern char** environ;

namespace linkform::testing {

class H2Front {
 public:
  // Backend connections nghttpx may open per client connection. The emulator
  // serves 128 connections at once (a cpp-httplib worker thread stays with a
  // keep-alive connection until it closes); a request beyond that waits for an
  // idle one to time out. 32 per client connection leaves room for a client
  // with a few connections and for the control API.
  static constexpr int kBackendConnections = 32;

  explicit H2Front(int backend_port, int backend_connections = kBackendConnections)
      : backend_port_(backend_port), backend_connections_(backend_connections) {
    const auto nghttpx = find_program("nghttpx");
    const auto openssl = find_program("openssl");
    if (!nghttpx || !openssl) throw std::runtime_error("H2Front: nghttpx or openssl is not installed");
    dir_ = make_temp_dir();
    make_certificate(*openssl);
    // A port chosen by binding port 0 can be taken by someone else before
    // nghttpx binds it; nghttpx then exits, and another port is tried.
    std::string why;
    for (int attempt = 0; attempt < 5; ++attempt) {
      port_ = free_loopback_port();
      if (port_ > 0 && start(*nghttpx, why)) return;
    }
    const std::string message = "H2Front: nghttpx did not start: " + why;
    cleanup();
    throw std::runtime_error(message);
  }

  ~H2Front() { cleanup(); }
  H2Front(const H2Front&) = delete;
  H2Front& operator=(const H2Front&) = delete;

  // True when nghttpx and openssl can be run (nghttpx lives in /usr/sbin,
  // which is not on every user's PATH, so the sbin folders are searched too).
  static bool available() { return find_program("nghttpx") && find_program("openssl"); }

  // "https://127.0.0.1:PORT", no trailing slash.
  [[nodiscard]] std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }
  [[nodiscard]] int port() const { return port_; }
  // The self-signed certificate, in PEM: the one CA a client should trust.
  [[nodiscard]] std::string ca_file() const { return (dir_ / "cert.pem").string(); }
  // nghttpx's logs, for a failing test's message. The access log has one line
  // per request: time, method, path, status, seconds the request took.
  [[nodiscard]] std::string error_log() const { return read_file(dir_ / "error.log"); }
  [[nodiscard]] std::string access_log() const { return read_file(dir_ / "access.log"); }

  // An absolute path to `name` on PATH or in an sbin folder; nullopt if none.
  static std::optional<std::string> find_program(const std::string& name) {
    std::string dirs = std::getenv("PATH") != nullptr ? std::getenv("PATH") : "";
    dirs += ":/usr/local/sbin:/usr/sbin:/sbin";
    std::istringstream in(dirs);
    for (std::string dir; std::getline(in, dir, ':');) {
      if (dir.empty()) continue;
      const std::string candidate = dir + "/" + name;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return std::nullopt;
  }

 private:
  static std::map<std::string, std::string> current_environment() {
    std::map<std::string, std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
      const std::string entry(*e);
      const auto eq = entry.find('=');
      if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
    }
    return env;
  }

  static std::filesystem::path make_temp_dir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "linkform_h2_XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("H2Front: mkdtemp failed");
    return pattern;
  }

  static std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  // A P-256 key and a certificate for IP 127.0.0.1 (subjectAltName, which is
  // what TLS clients check), valid for two days.
  void make_certificate(const std::string& openssl) {
    const Completed made =
        run_process({openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                     "-nodes", "-keyout", (dir_ / "key.pem").string(), "-out", ca_file(), "-days", "2",
                     "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"},
                    current_environment());
    if (made.exit_code != 0) {
      cleanup();
      throw std::runtime_error("H2Front: openssl req failed: " + made.err);
    }
  }

  // --conf=/dev/null: never the system's /etc/nghttpx/nghttpx.conf.
  // --single-process: one process to stop (no separate worker process).
  // Default (reverse proxy) mode limits backend connections per client
  // connection (--backend-connections-per-frontend); --backend-connections-
  // per-host applies only with --http2-proxy.
  [[nodiscard]] std::vector<std::string> arguments(const std::string& nghttpx) const {
    return {nghttpx,
            "--conf=/dev/null",
            "--single-process",
            "--workers=1",
            "--frontend=127.0.0.1," + std::to_string(port_),
            "--backend=127.0.0.1," + std::to_string(backend_port_) + ";;proto=http/1.1",
            "--backend-connections-per-frontend=" + std::to_string(backend_connections_),
            "--no-ocsp",
            "--no-via",
            "--errorlog-file=" + (dir_ / "error.log").string(),
            "--accesslog-file=" + (dir_ / "access.log").string(),
            "--accesslog-format=$time_iso8601 $method $path $status $request_time s",
            (dir_ / "key.pem").string(),
            ca_file()};
  }

  // Starts nghttpx on port_; true once its log says it listens there and a
  // connection is accepted. False (with `why`) when it exits or stays silent.
  bool start(const std::string& nghttpx, std::string& why) {
    std::filesystem::remove(dir_ / "error.log");
    const auto args = arguments(nghttpx);
    const auto env = current_environment();
    const std::string out_path = (dir_ / "nghttpx.out").string();
    const ExecImage image(args, env);
    pid_ = ::fork();
    if (pid_ == 0) {
      const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      const int in = ::open("/dev/null", O_RDONLY);
      ::dup2(in, 0);
      ::dup2(out, 1);
      ::dup2(out, 2);
      image.exec();
    }
    if (pid_ < 0) {
      why = "fork failed";
      return false;
    }
    const std::string listening = "Listening on 127.0.0.1:" + std::to_string(port_);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        why = error_log() + read_file(out_path);
        return false;
      }
      if (error_log().find(listening) != std::string::npos && accepts()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    why = "no listening socket after 20 s: " + error_log();
    stop();
    return false;
  }

  [[nodiscard]] bool accepts() const {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return false;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port_));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
  }

  // SIGTERM ends nghttpx at once in single-process mode; SIGKILL if it lingers.
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 500; ++i) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  void cleanup() {
    stop();
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
    dir_.clear();
  }

  int backend_port_ = 0;
  int backend_connections_ = kBackendConnections;
  int port_ = 0;
  pid_t pid_ = -1;
  std::filesystem::path dir_;
};

}  // namespace linkform::testing
