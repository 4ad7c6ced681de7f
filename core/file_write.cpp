#include "core/file_write.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace linkform {

Status write_file_replacing(const std::string& path, std::string_view text,
                            const std::function<Status()>& check_target) {
  if (check_target) {
    if (auto target = check_target(); !target) return target;
  }
  auto cannot_write = [&path](int error) {
    return fail(Error::io("cannot write " + path + ": " + std::strerror(error)));
  };
  const std::filesystem::path target(path);
  std::string name = ".";  // appended, not "." + string&&: GCC 12 -O3 reports a false -Wrestrict there
  name += target.filename().string();
  name += ".XXXXXX";
  std::string temporary =
      (target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path()) / name;
  const int fd = ::mkostemp(temporary.data(), O_CLOEXEC);
  if (fd < 0) return cannot_write(errno);
  int error = ::fchmod(fd, 0600) == 0 ? 0 : errno;
  for (std::size_t done = 0; error == 0 && done < text.size();) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      error = n < 0 ? errno : EIO;
    else
      done += static_cast<std::size_t>(n);
  }
  if (error == 0 && ::fsync(fd) != 0) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error == 0 && check_target) {
    if (auto again = check_target(); !again) {
      (void)::unlink(temporary.c_str());
      return again;
    }
  }
  if (error == 0 && std::rename(temporary.c_str(), path.c_str()) != 0) error = errno;
  if (error != 0) {
    (void)::unlink(temporary.c_str());  // best effort: the error below is what matters
    return cannot_write(error);
  }
  return {};
}

}  // namespace linkform
