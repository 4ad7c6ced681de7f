// Fuzz target: redact_secrets (core/redaction.h). The input is split into a secret and a text; the secret
// is planted in the text in one of its forms (raw, JSON-escaped, percent-encoded, inside base64). That
// form may not survive the mask, except where the mark "(redacted)" itself spells part of it. Whether
// pieces of a secret survive is checked in core_tests (Redaction.NoPieceOfARandomSecretSurvives...): here
// the fuzzer builds texts that repeat the secret's own pattern around it, where what is left beside a
// masked copy is a piece of the text that equals a piece of the secret.

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
  // A form may show in the result only where the mark itself spells part of it (a secret holding ")" or
  // "(redac").
  const auto every_occurrence_touches_a_mark = [&](const std::string& what) {
    for (auto at_what = masked.find(what); at_what != std::string::npos;
         at_what = masked.find(what, at_what + 1)) {
      bool touches = false;
      for (auto m = masked.find("(redacted)"); m != std::string::npos && !touches;
           m = masked.find("(redacted)", m + 1))
        touches = m < at_what + what.size() && at_what < m + 10;
      if (!touches) return false;
    }
    return true;
  };
  if (!every_occurrence_touches_a_mark(form)) __builtin_trap();
  return 0;
}
