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
// The largest configuration file: a thousand connectors take about 200 KiB.
inline constexpr std::size_t kMaxConfigFileBytes = 1024 * 1024;
// The largest saved plan: thousands of changes take a few MiB.
inline constexpr std::size_t kMaxPlanFileBytes = 64 * 1024 * 1024;

// What a file that came with the checkout (and so may come from a pull request) may be.
struct FileLimits {
  std::size_t max_bytes = kMaxSecretFileBytes;
  // Absolute, canonical directories the file actually opened (after every symlink) must lie inside.
  std::vector<std::string> roots;
  // How the roots are named in the refusal, e.g. "the configuration's directory tree".
  std::string roots_name = "the configuration's directory tree";
  // Refuse a file with more than one hard link: a link inside the tree may name a file outside it (git
  // never makes one; a shared workspace can).
  bool single_link = false;
  // No place rule (roots ignored): a path named on the command line, a saved plan or the emulator's state.
  bool any_place = false;
};

// The one reader for untrusted files (configuration, secret files, saved plans): opened without blocking
// (a FIFO or a device does not hang the run), only a regular file, at most max_bytes read (also when
// its size says 0, as /proc files do), and only inside `roots`. Errors carry the reason only, as
// read_whole_file's.
Result<std::string> read_bounded_file(const std::string& path, const FileLimits& limits);

// A secret file: read_bounded_file with kMaxSecretFileBytes, `roots` (empty: it may be read nowhere) and a
// single link.
Result<std::string> read_secret_file(const std::string& path, const std::vector<std::string>& roots);

// True when `path` (absolute, normalised) is `root` or lies below it.
bool is_inside(const std::string& path, const std::string& root);

}  // namespace linkform
