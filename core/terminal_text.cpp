#include "core/terminal_text.h"

#include <sstream>
#include <utility>

namespace linkform {

namespace {
constexpr char kHex[] = "0123456789abcdef";

void hex_escape(std::string& out, const char* prefix, unsigned char c) {
  out += prefix;
  out += kHex[c >> 4];
  out += kHex[c & 0xf];
}

// The code point of a C1 control or bidirectional control starting at text[i] (UTF-8), and its length in
// bytes; 0 when there is none there.
std::pair<unsigned, std::size_t> invisible_control_at(std::string_view text, std::size_t i) {
  const auto at = [&](std::size_t k) { return k < text.size() ? static_cast<unsigned char>(text[k]) : 0U; };
  if (at(i) == 0xc2 && at(i + 1) >= 0x80 && at(i + 1) <= 0x9f) return {at(i + 1), 2};  // U+0080..U+009F
  if (at(i) == 0xe2 && at(i + 1) == 0x80 && at(i + 2) >= 0xaa && at(i + 2) <= 0xae)
    return {0x2000U + (at(i + 2) - 0x80U), 3};  // U+202A..U+202E
  if (at(i) == 0xe2 && at(i + 1) == 0x81 && at(i + 2) >= 0xa6 && at(i + 2) <= 0xa9)
    return {0x2040U + (at(i + 2) - 0x80U), 3};  // U+2066..U+2069
  return {0, 0};
}

void unicode_escape(std::string& out, unsigned code) {
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(code >> shift) & 0xf];
}

}  // namespace

std::string terminal_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t') || c == 0x7f) {
      hex_escape(out, "\\x", c);
    } else if (const auto [code, length] = invisible_control_at(text, i); length > 0) {
      unicode_escape(out, code);
      i += length - 1;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string json_controls_escaped(std::string json) {
  std::string out;
  out.reserve(json.size());
  for (std::size_t i = 0; i < json.size(); ++i) {
    if (const auto [code, length] = invisible_control_at(json, i); length > 0) {
      unicode_escape(out, code);
      i += length - 1;
    } else {
      out += json[i];
    }
  }
  return out;
}

std::string wrap_words(std::string_view text, std::size_t width, std::size_t indent) {
  std::string out;
  std::size_t column = indent;  // the caller's prefix (e.g. "Warning: ") fills the first line's indent
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t space = text.find(' ', at);
    const std::size_t end = space == std::string_view::npos ? text.size() : space;
    const std::string_view word = text.substr(at, end - at);
    at = end + 1;
    if (word.empty()) continue;
    if (column > indent && column + 1 + word.size() > width) {
      out += '\n';
      out.append(indent, ' ');
      column = indent;
    } else if (column > indent) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
  }
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  if (out.empty()) out.emplace_back();
  return out;
}

}  // namespace linkform
