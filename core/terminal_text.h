#pragma once
// Text from vendor replies (connector names, descriptions, error messages, trace ids) shown on a
// terminal: control characters could move the cursor, rewrite earlier lines or forge new ones, so they
// are shown escaped. JSON and Markdown output escape in their own way and do not use this.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace linkform {

// `text` with every C0 control but the tab (newline and carriage return included), DEL, every C1
// control (U+0080 to U+009F) and the bidirectional overrides and isolates (U+202A to U+202E, U+2066 to
// U+2069: they reorder what a person reads) written as \xNN or \uNNNN. Other bytes pass unchanged.
std::string terminal_safe(std::string_view text);

// JSON text (valid UTF-8, as RapidJSON writes it) with the C1 controls and bidirectional controls above
// written as \uNNNN escapes: the same value for a JSON parser, nothing a terminal acts on when the JSON
// is shown. Those characters can only stand inside strings, so the bytes are replaced where they are.
std::string json_controls_escaped(std::string json);

// `text` (one line) broken at spaces into lines that end by column `width` where words allow, for a caller
// that has already written a prefix of `indent` columns ("Warning: "): every line after the first starts
// with `indent` spaces. A word longer than a line (a URL) is never broken; runs of spaces become one.
// Counts bytes: the texts it wraps are English with ASCII names, and a UTF-8 character at worst makes a
// line a little short.
std::string wrap_words(std::string_view text, std::size_t width, std::size_t indent);

// The lines of `text` without their line ends; at least one (empty for an empty text).
std::vector<std::string> split_lines(const std::string& text);

}  // namespace linkform
