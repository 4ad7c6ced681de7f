#include "core/file_read.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace linkform {

Result<std::string> read_whole_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return fail({ErrorKind::kNotFound, "not found", 0});
    return fail(Error::io(std::strerror(errno)));
  }
  struct stat info {};
  if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    ::close(fd);
    return fail(Error::io("is a directory"));
  }
  std::string bytes;
  char buffer[16384];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int saved = errno;
      ::close(fd);
      return fail(Error::io(std::strerror(saved)));
    }
    bytes.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return bytes;
}

bool is_inside(const std::string& path, const std::string& root) {
  if (root.empty() || !path.starts_with(root)) return false;
  return path.size() == root.size() || root.back() == '/' || path[root.size()] == '/';
}

Result<std::string> read_secret_file(const std::string& path, const std::vector<std::string>& roots) {
  // O_NONBLOCK: opening a FIFO for reading does not wait for a writer; a device is refused below.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return fail({ErrorKind::kNotFound, "not found", 0});
    return fail(Error::io(std::strerror(errno)));
  }
  const auto fail_closed = [fd](std::string why) {
    ::close(fd);
    return fail(Error::io(std::move(why)));
  };
  struct stat info {};
  if (::fstat(fd, &info) != 0) return fail_closed(std::strerror(errno));
  if (S_ISDIR(info.st_mode)) return fail_closed("is a directory");
  if (!S_ISREG(info.st_mode)) {
    return fail_closed(std::string("is not a regular file (") +
                       (S_ISFIFO(info.st_mode)   ? "a FIFO"
                        : S_ISCHR(info.st_mode)  ? "a character device"
                        : S_ISBLK(info.st_mode)  ? "a block device"
                        : S_ISSOCK(info.st_mode) ? "a socket"
                                                 : "not a plain file") +
                       ")");
  }
  // Where the descriptor really points, after every symlink and ".." on the way.
  char real[4096] = {};
  const std::string link = "/proc/self/fd/" + std::to_string(fd);
  const ssize_t n = ::readlink(link.c_str(), real, sizeof real - 1);
  if (n <= 0) return fail_closed("its real location cannot be determined");
  const std::string resolved(real, static_cast<std::size_t>(n));
  if (std::ranges::none_of(roots, [&](const std::string& root) { return is_inside(resolved, root); })) {
    return fail_closed("resolves to " + resolved + ", outside the configuration's directory tree");
  }
  if (static_cast<std::size_t>(info.st_size) > kMaxSecretFileBytes) {
    return fail_closed("is larger than " + std::to_string(kMaxSecretFileBytes / 1024) + " KiB");
  }
  std::string bytes;
  char buffer[4096];
  // /proc and similar files report size 0 and still hold bytes: the bound is on what is read.
  while (bytes.size() <= kMaxSecretFileBytes) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      return fail_closed(std::strerror(errno));
    }
    bytes.append(buffer, static_cast<std::size_t>(got));
  }
  ::close(fd);
  if (bytes.size() > kMaxSecretFileBytes) {
    return fail(Error::io("is larger than " + std::to_string(kMaxSecretFileBytes / 1024) + " KiB"));
  }
  return bytes;
}

}  // namespace linkform
