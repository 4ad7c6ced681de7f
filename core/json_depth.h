#pragma once
// A bound on the nesting of JSON text before any parser sees it. RapidJSON's iterative parser does not
// recurse, but destroying, copying or writing a document does, one frame per level: a reply, a plan file
// or a request body nested a million levels deep would exhaust the stack there. Every JSON text linkform
// and its emulator parse is checked against this first.

#include <cstddef>
#include <string_view>

namespace linkform {

// Deeper than anything linkform or the vendors write (a connector object is 4 levels deep).
inline constexpr std::size_t kMaxJsonDepth = 64;

// True when no array or object in `text` is nested deeper than `max_depth` (brackets inside strings do
// not count). Linear, no allocation; says nothing else about whether `text` is valid JSON.
bool json_depth_within(std::string_view text, std::size_t max_depth = kMaxJsonDepth);

}  // namespace linkform
