#pragma once
// Lists of words (scopes, ids) as plans compare them and messages show them, and a word in quotes.

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace linkform {

// The list in order: two lists of scopes with the same words in another order are the same.
inline std::vector<std::string> sorted(std::vector<std::string> v) {
  std::ranges::sort(v);
  return v;
}

// The list in order, each word once: a set of scopes.
inline std::vector<std::string> sorted_set(std::vector<std::string> v) {
  v = sorted(std::move(v));
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// The items, each shown by show(item), with sep between them: "3, 4" or "api read_user".
template <class Range, class Show>
std::string joined(const Range& items, std::string_view sep, Show show) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += sep;
    out += show(item);
  }
  return out;
}

inline std::string joined(const std::vector<std::string>& items, std::string_view sep) {
  return joined(items, sep, [](const std::string& s) { return s; });
}

// "\"text\"", built by appending: GCC 12 at -O3 reports a false -Wrestrict for "literal" + std::string&&.
// (Not named quoted: std::quoted would be found for a std::string argument too.)
inline std::string in_quotes(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  out += text;
  out += '"';
  return out;
}

}  // namespace linkform
