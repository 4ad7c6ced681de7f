#pragma once
// Reading a whole local file, with the reason when it cannot be read.

#include <string>

#include "core/error.h"

namespace linkform {

// The file's bytes. Errors carry the reason only, for the caller to put after the path: kNotFound "not
// found"; kIo "is a directory", or the system's text (e.g. "Permission denied").
Result<std::string> read_whole_file(const std::string& path);

}  // namespace linkform
