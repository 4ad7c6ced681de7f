#pragma once
// The one way linkform and its emulator write a file that may hold secrets (a saved plan, the emulator's
// state): never through a name someone could have planted.

#include <functional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace linkform {

// Writes `text` to a new, exclusive temporary file beside `path` (mkostemp: O_EXCL, a name nobody can
// plant in advance), mode 0600 before any byte is in it, synced, then renamed over `path` (rename replaces
// a symlink itself, never what it points to). `check_target`, when given, is asked before anything is
// written and again just before the rename (the target may have been replaced meanwhile); its error is
// returned as it is. Other errors: kIo "cannot write PATH: reason".
Status write_file_replacing(const std::string& path, std::string_view text,
                            const std::function<Status()>& check_target = {});

}  // namespace linkform
