#pragma once
// TOML written by linkform (linkform import): values as TOML text, whatever bytes a vendor sent.

#include <string>
#include <vector>

namespace linkform {

// A basic string: quoted, with every quote, backslash and control character escaped.
std::string toml_string(const std::string& s);
// An inline array of basic strings: ["a", "b"].
std::string toml_list(const std::vector<std::string>& items);

}  // namespace linkform
