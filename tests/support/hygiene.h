#pragma once
// The secret-hygiene check every e2e test ends with: no secret in any form (raw, JSON-escaped,
// percent-encoded, base64), no token-like string, no JWT and no bearer header in what linkform printed.

#include <regex>
#include <string>
#include <vector>

#include "core/redaction.h"

namespace linkform::testing {

inline std::size_t secret_form_count(const std::vector<std::string>& secrets) {
  std::size_t n = 0;
  for (const auto& s : secrets) n += secret_forms(s).size();
  return n;
}

// One line per problem found in `text`; empty when it is clean.
inline std::vector<std::string> hygiene_problems(const std::string& text,
                                                 const std::vector<std::string>& secrets) {
  std::vector<std::string> problems;
  for (const auto& secret : secrets) {
    for (const auto& form : secret_forms(secret)) {
      if (text.find(form) != std::string::npos)
        problems.push_back("a secret (or an encoding of it) appears in:\n" + text);
    }
  }
  // Long random strings are tokens or consumer secrets; ids and keys are shorter. SHA-256 digests (plan
  // files) are lower-case hex; tokens and secrets are not.
  static const std::regex long_random("[A-Za-z0-9_-]{60,}");
  for (std::sregex_iterator it(text.begin(), text.end(), long_random), end; it != end; ++it) {
    if (it->str().find_first_not_of("0123456789abcdef") != std::string::npos)
      problems.push_back("a token-like string (" + it->str() + ") appears in:\n" + text);
  }
  // A JWT: three base64url parts, the first an encoded JSON object ("eyJ"). A random consumer key may
  // contain "eyJ", so the shape is checked, not the prefix.
  static const std::regex jwt("eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]+");
  if (std::regex_search(text, jwt)) problems.push_back("a JWT appears in:\n" + text);
  if (text.find("Bearer ") != std::string::npos) problems.push_back("a bearer header appears in:\n" + text);
  return problems;
}

}  // namespace linkform::testing
