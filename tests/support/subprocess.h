#pragma once
// Runs a real binary with exactly the given environment, feeding stdin and
// capturing stdout and stderr separately. Header-only, POSIX.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <map>
#include <string>
#include <vector>

namespace linkform::testing {

struct Completed {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

// What execve needs, made before fork: a test process has threads (an in-process server's pool, a
// transport's loop), and a forked child may only call async-signal-safe functions until it execs. A
// malloc there can wait forever on a lock another thread held at the fork (seen under ASan).
struct ExecImage {
  ExecImage(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env)
      : args(argv) {
    for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    for (auto& a : args) cargv.push_back(a.data());
    cargv.push_back(nullptr);
  }
  ExecImage(const ExecImage&) = delete;
  ExecImage& operator=(const ExecImage&) = delete;

  // In the forked child: replaces it with argv[0], with exactly the environment given. Allocates nothing.
  [[noreturn]] void exec() const {
    ::execve(cargv[0], cargv.data(), envp.data());
    ::_exit(127);
  }

  std::vector<std::string> args;
  std::vector<std::string> env_strings;
  std::vector<char*> cargv;
  std::vector<char*> envp;
};

inline Completed run_process(const std::vector<std::string>& argv,
                             const std::map<std::string, std::string>& env,
                             const std::string& stdin_text = "") {
  int in_pipe[2];
  int out_pipe[2];
  int err_pipe[2];
  if (::pipe(in_pipe) != 0 || ::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0) return {};
  const ExecImage image(argv, env);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(in_pipe[0], 0);
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) ::close(fd);
    image.exec();
  }
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (!stdin_text.empty()) {
    const ssize_t written = ::write(in_pipe[1], stdin_text.data(), stdin_text.size());
    (void)written;
  }
  ::close(in_pipe[1]);
  Completed result;
  std::array<pollfd, 2> fds = {{{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}}};
  std::array<std::string*, 2> sinks = {&result.out, &result.err};
  int open = 2;
  std::array<char, 8192> buffer{};
  while (open > 0) {
    if (::poll(fds.data(), fds.size(), 60'000) <= 0) break;
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP)) == 0) continue;
      const ssize_t n = ::read(fds[i].fd, buffer.data(), buffer.size());
      if (n > 0) {
        sinks[i]->append(buffer.data(), static_cast<std::size_t>(n));
      } else {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open;
      }
    }
  }
  for (auto& f : fds) {
    if (f.fd >= 0) ::close(f.fd);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace linkform::testing

namespace linkform::testing {

// A process started with pipes, for tests that act while it runs (signals).
class RunningProcess {
 public:
  RunningProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
    int out_pipe[2];
    int err_pipe[2];
    if (::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0) return;
    const ExecImage image(argv, env);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out_pipe[1], 1);
      ::dup2(err_pipe[1], 2);
      for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) ::close(fd);
      const int devnull = ::open("/dev/null", O_RDONLY);
      ::dup2(devnull, 0);
      image.exec();
    }
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    out_fd_ = out_pipe[0];
    err_fd_ = err_pipe[0];
  }
  RunningProcess(const RunningProcess&) = delete;
  RunningProcess& operator=(const RunningProcess&) = delete;
  ~RunningProcess() {
    if (pid_ > 0 && !waited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (out_fd_ >= 0) ::close(out_fd_);
    if (err_fd_ >= 0) ::close(err_fd_);
  }

  // Reads stdout until it contains `text` or `timeout_ms` passes; true if seen.
  bool wait_for_output(const std::string& text, int timeout_ms) {
    std::array<char, 4096> buffer{};
    while (out_.find(text) == std::string::npos) {
      pollfd p{out_fd_, POLLIN, 0};
      if (::poll(&p, 1, timeout_ms) <= 0) return false;
      const ssize_t n = ::read(out_fd_, buffer.data(), buffer.size());
      if (n <= 0) return out_.find(text) != std::string::npos;
      out_.append(buffer.data(), static_cast<std::size_t>(n));
    }
    return true;
  }

  void signal(int sig) { ::kill(pid_, sig); }

  // Waits for the exit; returns everything it printed.
  Completed finish() {
    Completed c;
    std::array<char, 4096> buffer{};
    for (int fd : {out_fd_, err_fd_}) {
      std::string& sink = fd == out_fd_ ? out_ : err_;
      for (ssize_t n = ::read(fd, buffer.data(), buffer.size()); n > 0;
           n = ::read(fd, buffer.data(), buffer.size())) {
        sink.append(buffer.data(), static_cast<std::size_t>(n));
      }
    }
    int status = 0;
    ::waitpid(pid_, &status, 0);
    waited_ = true;
    c.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    c.out = out_;
    c.err = err_;
    return c;
  }

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  bool waited_ = false;
  std::string out_;
  std::string err_;
};

}  // namespace linkform::testing
