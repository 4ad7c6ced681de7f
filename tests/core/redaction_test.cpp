// core/redaction.cpp from literals: every form of a secret is masked, and no 8-character piece of it
// survives, wherever it stands in the text.

#include "core/redaction.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <random>

#include "core/secret.h"

namespace linkform {
namespace {

std::string base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// Empty when no 8-character piece of `secret` is in `text`, else the first piece found.
std::string leaked_piece(const std::string& text, const std::string& secret) {
  for (std::size_t i = 0; i + 8 <= secret.size(); ++i) {
    if (text.find(secret.substr(i, 8)) != std::string::npos) return secret.substr(i, 8);
  }
  return {};
}

constexpr const char* kSecret = "Xw9/fK2mQpL7+vR3tY8uN1bC4dE6gH0jA5sZ\"q";

TEST(Redaction, MasksTheRawJsonEscapedAndPercentEncodedForms) {
  const std::string secret = kSecret;
  const std::string text =
      "raw " + secret +
      " json Xw9\\/fK2mQpL7+vR3tY8uN1bC4dE6gH0jA5sZ\\\"q url "
      "Xw9%2FfK2mQpL7%2BvR3tY8uN1bC4dE6gH0jA5sZ%22q lower Xw9%2ffK2mQpL7%2bvR3tY8uN1bC4dE6gH0jA5sZ%22q";
  const std::string masked = redact_secrets(text, {secret});
  EXPECT_EQ(leaked_piece(masked, secret), "") << masked;
  EXPECT_NE(masked.find("raw (redacted) json (redacted) url (redacted) lower (redacted)"), std::string::npos)
      << masked;
}

TEST(Redaction, MasksTheSecretInsideBase64AtEveryAlignment) {
  const std::string key = "PmXYu011woVpwbYQK13232J8catnYm6b";
  const std::string secret = kSecret;
  for (const std::string prefix : {"", "a", "ab", "abc"}) {
    const std::string encoded = base64(prefix + key + ":" + secret);
    const std::string masked = redact_secrets("Authorization was " + encoded, {key + ":" + secret});
    EXPECT_EQ(masked.find(encoded.substr(encoded.size() / 3, 12)), std::string::npos)
        << prefix << ": " << masked;
  }
}

TEST(Redaction, MasksAnyBearerOrBasicValue) {
  EXPECT_EQ(redact_secrets("Authorization: Bearer abc.def-ghi_jkl", {}), "Authorization: Bearer (redacted)");
  EXPECT_EQ(redact_secrets("authorization: basic a2V5OnNlY3JldA==", {}), "authorization: basic (redacted)");
  EXPECT_EQ(redact_secrets("use Basic auth", {}), "use Basic auth");  // prose, not a value
}

TEST(Redaction, RememberedSecretsAreMaskedByRedactKnown) {
  remember_secret("remembered-secret-value-123");
  EXPECT_EQ(redact_known("x remembered-secret-value-123 y"), "x (redacted) y");
  EXPECT_EQ(redact_known("x remembered%2Dsecret y"), "x remembered%2Dsecret y");
  remember_secret("short");  // below kMinMaskedSecretLength: never masked everywhere
  EXPECT_EQ(redact_known("a short text"), "a short text");
}

// Issue 22: the registry used to keep 4,096 secrets in all and drop the oldest, which were the
// configuration's own: 5,000 consumers, or a long run of tokens, unmasked them.
TEST(Redaction, ConfigurationSecretsOutliveAnyNumberOfTokensAndOfEachOther) {
  const Secret first("pinned-configuration-secret-0001");
  // Numbered so that no secret is a prefix of another (each would mask part of the longer one).
  for (int i = 1000; i < 6000; ++i) Secret configured("configured-consumer-secret-" + std::to_string(i));
  for (int i = 1000; i < 7000; ++i)
    Secret token("issued-token-value-" + std::to_string(i), Secret::Transient{});
  EXPECT_EQ(redact_known("a pinned-configuration-secret-0001 b"), "a (redacted) b");
  EXPECT_EQ(redact_known("c configured-consumer-secret-1000 d"), "c (redacted) d");
  EXPECT_EQ(redact_known("c configured-consumer-secret-5999 d"), "c (redacted) d");
  EXPECT_EQ(redact_known("e issued-token-value-6999 f"), "e (redacted) f");  // recent tokens too
}

// Random secrets at random places, in random encodings, inside random text: no 8-character piece of a
// secret may survive (the fuzz target does the same with libFuzzer's inputs).
TEST(Redaction, NoPieceOfARandomSecretSurvivesInAnyForm) {
  std::mt19937 rng(12345);
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_.~:\"\\ %";
  const auto random_text = [&](std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += alphabet[rng() % alphabet.size()];
    return s;
  };
  for (int round = 0; round < 300; ++round) {
    const std::string secret = random_text(8 + rng() % 70);
    const auto forms = secret_forms(secret);
    const std::string& form = forms[rng() % forms.size()];
    const std::string text = random_text(rng() % 300) + form + random_text(rng() % 300);
    const std::string masked = redact_secrets(text, {secret});
    EXPECT_EQ(masked.find(form), std::string::npos) << "secret " << secret << " form " << form;
    if (form == secret) {
      EXPECT_EQ(leaked_piece(masked, secret), "") << masked;
    }
  }
}

}  // namespace
}  // namespace linkform
