#pragma once
// Reading a whole local file, with the reason when it cannot be read.

#include <cstddef>
#include <string>
#include <vector>

#include "core/error.h"

namespace linkform {

// The file's bytes. Errors carry the reason only, for the caller to put after the path: kNotFound "not
// found"; kIo "is a directory", or the system's text (e.g. "Permission denied").
Result<std::string> read_whole_file(const std::string& path);

// The largest secret file linkform reads.
inline constexpr std::size_t kMaxSecretFileBytes = 64 * 1024;

// A secret file, read defensively (README, Security model): opened without blocking (a FIFO or a device
// does not hang the run), only a regular file of at most kMaxSecretFileBytes, and only when the file
// actually opened (after every symlink) lies inside one of `roots` (absolute, canonical directories).
// Errors carry the reason only, as read_whole_file's.
Result<std::string> read_secret_file(const std::string& path, const std::vector<std::string>& roots);

// True when `path` (absolute, normalised) is `root` or lies below it.
bool is_inside(const std::string& path, const std::string& root);

}  // namespace linkform
