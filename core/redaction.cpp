#include "core/redaction.h"

#include <algorithm>
#include <cctype>
#include <deque>
#include <mutex>
#include <set>

#include "core/encoding.h"

namespace linkform {

namespace {

constexpr std::size_t kMinFormLength = 8;
constexpr std::size_t kMaxRemembered = 4096;

std::string json_escaped(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '/') {
      out += "\\/";  // some encoders escape the solidus; both forms are checked (the raw one is too)
    } else if (c < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string percent_encoded(std::string_view s, bool upper, bool plus_for_space) {
  static constexpr char kUpper[] = "0123456789ABCDEF";
  static constexpr char kLower[] = "0123456789abcdef";
  const char* hex = upper ? kUpper : kLower;
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ' && plus_for_space) {
      out += '+';
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xf];
    }
  }
  return out;
}

// The base64 characters that encode only bytes of `secret` when it starts `offset` bytes (0, 1 or 2)
// into a 3-byte group: they appear in any base64 text that holds the secret at that alignment.
std::string base64_middle(std::string_view secret, std::size_t offset) {
  const std::string padded = std::string(offset, '\0') + std::string(secret);
  const std::string encoded = base64_encode(padded);
  // Characters whose 6 bits include a padding byte, at the start and at the end, are not stable.
  // Character i holds bits [6i, 6i + 6) of the bytes; it is stable when they all lie in the secret's
  // bytes [8 * offset, 8 * size): from ceil(8 * offset / 6) up to, not including, floor(8 * size / 6).
  const std::size_t first = (8 * offset + 5) / 6;
  const std::size_t end = (8 * padded.size()) / 6;
  return end > first ? encoded.substr(first, end - first) : std::string();
}

void add_form(std::vector<std::string>& forms, std::string form) {
  if (form.size() < kMinFormLength && !forms.empty()) return;
  if (std::ranges::find(forms, form) == forms.end()) forms.push_back(std::move(form));
}

bool is_credential_char(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
}

bool iequal_at(std::string_view text, std::size_t at, std::string_view word) {
  if (at + word.size() > text.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[at + i])) !=
        std::tolower(static_cast<unsigned char>(word[i])))
      return false;
  }
  return true;
}

// "Bearer X" and "Basic X": X is a credential whatever it is.
void mask_auth_values(std::string& text) {
  for (std::string_view scheme : {"bearer ", "basic "}) {
    for (std::size_t at = 0; at < text.size(); ++at) {
      if (!iequal_at(text, at, scheme)) continue;
      const std::size_t from = at + scheme.size();
      std::size_t to = from;
      while (to < text.size() && is_credential_char(static_cast<unsigned char>(text[to]))) ++to;
      // "Basic auth", "bearer of news": a short plain word is prose, not a value.
      const bool word = std::all_of(text.begin() + static_cast<std::ptrdiff_t>(from),
                                    text.begin() + static_cast<std::ptrdiff_t>(to),
                                    [](unsigned char c) { return std::isalpha(c); });
      if (to == from || (to - from < 8 && word)) continue;
      text.replace(from, to - from, kRedactedMark);
      at = from + kRedactedMark.size();
    }
  }
}

void mask(std::string& text, std::string_view form) {
  if (form.empty()) return;
  for (auto pos = text.find(form); pos != std::string::npos;
       pos = text.find(form, pos + kRedactedMark.size())) {
    text.replace(pos, form.size(), kRedactedMark);
  }
}

// Secrets from the configuration are kept for the whole run; tokens (one per authentication, however many)
// are kept up to kMaxRemembered, the oldest dropped first, and can never push a pinned secret out.
struct Registry {
  std::mutex mutex;
  std::set<std::string, std::less<>> seen;
  std::vector<std::vector<std::string>> pinned;                            // per secret
  std::deque<std::pair<std::string, std::vector<std::string>>> transient;  // per token, oldest first
};

Registry& registry() {
  static Registry* r = new Registry();  // never destroyed: Secrets may outlive static destructors
  return *r;
}

}  // namespace

std::vector<std::string> secret_forms(std::string_view secret) {
  std::vector<std::string> forms;
  if (secret.empty()) return forms;
  forms.emplace_back(secret);
  add_form(forms, json_escaped(secret));
  add_form(forms, percent_encoded(secret, true, false));
  add_form(forms, percent_encoded(secret, false, false));
  add_form(forms, percent_encoded(secret, true, true));
  for (std::size_t offset = 0; offset < 3; ++offset) add_form(forms, base64_middle(secret, offset));
  // Longest first, so a longer form is masked whole before a shorter one inside it.
  std::ranges::sort(forms, [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return forms;
}

std::string redact_secrets(std::string text, const std::vector<std::string_view>& secrets) {
  for (const auto& secret : secrets) {
    for (const auto& form : secret_forms(secret)) mask(text, form);
  }
  mask_auth_values(text);
  return text;
}

std::string redact_known(std::string text) {
  {
    Registry& r = registry();
    const std::scoped_lock lock(r.mutex);
    for (const auto& forms : r.pinned) {
      for (const auto& form : forms) mask(text, form);
    }
    for (const auto& [token, forms] : r.transient) {
      for (const auto& form : forms) mask(text, form);
    }
  }
  mask_auth_values(text);
  return text;
}

void remember_secret(std::string_view secret, SecretLife life) {
  if (secret.size() < kMinMaskedSecretLength) return;
  Registry& r = registry();
  const std::scoped_lock lock(r.mutex);
  if (r.seen.contains(secret)) return;
  r.seen.emplace(secret);
  if (life == SecretLife::kPinned) {
    r.pinned.push_back(secret_forms(secret));
    return;
  }
  r.transient.emplace_back(std::string(secret), secret_forms(secret));
  if (r.transient.size() > kMaxRemembered) {
    // A token that old was long replaced; if it ever came back it would be remembered again.
    r.seen.erase(r.transient.front().first);
    r.transient.pop_front();
  }
}

}  // namespace linkform
