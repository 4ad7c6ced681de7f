// Fuzz target: redact_secrets (core/redaction.h). The input is split into a secret and a text; the secret
// is planted in the text in one of its forms (raw, JSON-escaped, percent-encoded, inside base64). That
// form may not survive the mask, and where the raw secret was planted no 8-character piece of it may
// survive that the text did not already hold. (core_tests' Redaction suite runs the same property
// on random secrets without libFuzzer.)

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/redaction.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const std::size_t secret_size = 8 + data[0] % 72;
  const std::size_t where = data[1];
  const std::size_t which = data[2];
  const std::string_view rest(reinterpret_cast<const char*>(data) + 3, size - 3);
  if (rest.size() < secret_size) return 0;
  const std::string secret(rest.substr(0, secret_size));
  const std::string text(rest.substr(secret_size));
  const auto forms = linkform::secret_forms(secret);
  if (forms.empty() || forms.front().empty()) __builtin_trap();
  const std::string& form = forms[which % forms.size()];
  const std::size_t at = text.empty() ? 0 : where % (text.size() + 1);
  const std::string planted = text.substr(0, at) + form + text.substr(at);
  const std::string masked = linkform::redact_secrets(planted, {secret});
  if (masked.find(form) != std::string::npos) __builtin_trap();
  if (form == secret) {
    // Around the mask is only the text and "(redacted)": a piece found elsewhere than in those is a leak.
    const std::string context = text + "(redacted)" + text;
    const std::string before = text.substr(0, at);
    const std::string after = text.substr(at);
    for (std::size_t i = 0; i + 8 <= secret.size(); ++i) {
      const std::string piece = secret.substr(i, 8);
      if (masked.find(piece) != std::string::npos && context.find(piece) == std::string::npos) {
        // A piece may still straddle text and mark: look for it across each boundary of the mark.
        bool straddles = false;
        for (std::size_t cut = 1; cut < 8 && !straddles; ++cut) {
          const std::string head = piece.substr(0, cut);
          const std::string tail = piece.substr(cut);
          const std::string mark = "(redacted)";
          straddles = (before.ends_with(head) && mark.starts_with(tail)) || (mark.ends_with(head) && after.starts_with(tail));
        }
        if (!straddles) __builtin_trap();
      }
    }
  }
  return 0;
}
