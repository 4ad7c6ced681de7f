#include "core/file_read.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

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

namespace {

std::string size_text(std::size_t bytes) {
  return bytes >= 1024 * 1024 ? std::to_string(bytes / (1024 * 1024)) + " MiB"
                              : std::to_string(bytes / 1024) + " KiB";
}

const char* kind_of(mode_t mode) {
  return S_ISFIFO(mode)   ? "a FIFO"
         : S_ISCHR(mode)  ? "a character device"
         : S_ISBLK(mode)  ? "a block device"
         : S_ISSOCK(mode) ? "a socket"
                          : "not a plain file";
}

}  // namespace

Result<std::string> read_bounded_file(const std::string& path, const FileLimits& limits) {
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
  if (!S_ISREG(info.st_mode))
    return fail_closed(std::string("is not a regular file (") + kind_of(info.st_mode) + ")");
  if (limits.single_link && info.st_nlink > 1) {
    return fail_closed(
        "has " + std::to_string(info.st_nlink) +
        " hard links, so its place in the tree does not say where it really is; copy it instead");
  }
  if (!limits.any_place) {
    // Where the descriptor really points, after every symlink and ".." on the way.
    char real[4096] = {};
    const std::string link = "/proc/self/fd/" + std::to_string(fd);
    const ssize_t n = ::readlink(link.c_str(), real, sizeof real - 1);
    std::string resolved(real, n > 0 ? static_cast<std::size_t>(n) : 0U);
    if (n <= 0) {
      // No /proc (a static binary in a scratch container or a chroot): the path's symlinks resolved by
      // name. A link swapped between that and the open above could escape, which /proc would have shown.
      std::error_code ec;
      resolved = std::filesystem::canonical(path, ec).string();
      if (ec) return fail_closed("its real location cannot be determined");
    }
    if (std::ranges::none_of(limits.roots,
                             [&](const std::string& root) { return is_inside(resolved, root); }))
      return fail_closed("resolves to " + resolved + ", outside " + limits.roots_name);
  }
  const std::string too_large = "is larger than " + size_text(limits.max_bytes);
  if (static_cast<std::size_t>(info.st_size) > limits.max_bytes) return fail_closed(too_large);
  std::string bytes;
  char buffer[16384];
  // /proc and similar files report size 0 and still hold bytes: the bound is on what is read.
  while (bytes.size() <= limits.max_bytes) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      return fail_closed(std::strerror(errno));
    }
    bytes.append(buffer, static_cast<std::size_t>(got));
  }
  ::close(fd);
  if (bytes.size() > limits.max_bytes) return fail(Error::io(too_large));
  return bytes;
}

Result<std::string> read_secret_file(const std::string& path, const std::vector<std::string>& roots) {
  return read_bounded_file(path, {kMaxSecretFileBytes, roots, "the configuration's directory tree", true});
}

}  // namespace linkform
