// The secret fingerprint kept in a connector's description (README, "What the vendor APIs allow").

#include "providers/frontegg/fingerprint.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <array>
#include <regex>
#include <string>

namespace linkform::frontegg {
namespace {

constexpr std::string_view kIdentity = "prod/app-1/bitbucket/bb";
// The key a run derives from its Frontegg environment's secret.
const Secret kKey = fingerprint_key(Secret("frontegg-secret"));

std::string sha256_hex(const std::string& text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int n = 0;
  EVP_Digest(text.data(), text.size(), digest.data(), &n, EVP_sha256(), nullptr);
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < n; ++i) {
    hex += kDigits[digest[i] >> 4];
    hex += kDigits[digest[i] & 0xf];
  }
  return hex;
}

TEST(Fingerprint, KnownAnswerIsTruncatedHmacSha256KeyedByTheFronteggSecret) {
  // python3: key = hmac.new(b"frontegg-secret", b"linkform fingerprint key v2", sha256).hexdigest()
  //          hmac.new(key.encode(), b"v2\0" b"0011aabb\0" b"prod/app-1/bitbucket/bb\0" b"consumer-secret",
  //                   sha256).hexdigest()[:32]
  EXPECT_EQ(kKey.reveal(), "ac8a072beeb3f0e4af01c2600606f8fdde9bd7030a98c6e851d2510bd1ff6e43");
  EXPECT_EQ(secret_hmac(kKey, Secret("consumer-secret"), "0011aabb", kIdentity),
            "d5afb11a6b9d9fae4390d950da53d13e");
  EXPECT_EQ(make_marker(kKey, Secret("consumer-secret"), kIdentity, "0011aabb"),
            "[linkform:v2 fp=0011aabb.d5afb11a6b9d9fae4390d950da53d13e]");
}

TEST(Fingerprint, AnotherKeyNeverMatches) {
  const Secret secret("consumer-secret");
  const ParsedDescription parsed = parse_description(make_marker(kKey, secret, kIdentity));
  EXPECT_TRUE(fingerprint_matches(parsed, kKey, secret, kIdentity));
  EXPECT_FALSE(
      fingerprint_matches(parsed, fingerprint_key(Secret("rotated-frontegg-secret")), secret, kIdentity));
  EXPECT_FALSE(fingerprint_matches(parsed, Secret(), secret, kIdentity));
}

TEST(Fingerprint, AVersion1MarkerIsRecognisedButNeverTrusted) {
  const ParsedDescription parsed =
      parse_description("d [linkform:v1 fp=0011aabb.d32d8d2ae4e5091d4828084b61ddd9ae]");
  EXPECT_TRUE(parsed.has_marker);
  EXPECT_TRUE(parsed.older_version);
  EXPECT_EQ(parsed.user_description, "d");
  EXPECT_FALSE(fingerprint_matches(parsed, kKey, Secret("consumer-secret"), kIdentity));
}

TEST(Fingerprint, MarkerHasTheDocumentedShape) {
  const std::string marker = make_marker(kKey, Secret("abc"), kIdentity);
  EXPECT_TRUE(std::regex_match(marker, std::regex(R"(\[linkform:v2 fp=[0-9a-f]{8}\.[0-9a-f]{32}\])")))
      << marker;
}

TEST(Fingerprint, DifferentSecretsDiffer) {
  EXPECT_NE(secret_hmac(kKey, Secret("secret-one"), "12345678", kIdentity),
            secret_hmac(kKey, Secret("secret-two"), "12345678", kIdentity));
}

TEST(Fingerprint, SameSecretAndSaltGiveTheSameValue) {
  EXPECT_EQ(make_marker(kKey, Secret("same"), kIdentity, "abcdef01"),
            make_marker(kKey, Secret("same"), kIdentity, "abcdef01"));
}

TEST(Fingerprint, SaltAndIdentityChangeTheValue) {
  const Secret secret("same");
  EXPECT_NE(secret_hmac(kKey, secret, "abcdef01", kIdentity),
            secret_hmac(kKey, secret, "abcdef02", kIdentity));
  EXPECT_NE(secret_hmac(kKey, secret, "abcdef01", kIdentity),
            secret_hmac(kKey, secret, "abcdef01", "dev/app-1/bitbucket/bb"));
}

TEST(Fingerprint, FreshSaltEveryTime) {
  const Secret secret("same");
  EXPECT_NE(make_marker(kKey, secret, kIdentity), make_marker(kKey, secret, kIdentity));
}

TEST(Fingerprint, NeitherTheSecretNorAPlainHashAppears) {
  const std::string secret_text = "a-consumer-secret-of-some-length-0123456789";
  const std::string marker = make_marker(kKey, Secret(secret_text), kIdentity);
  EXPECT_EQ(marker.find(secret_text), std::string::npos);
  const std::string plain = sha256_hex(secret_text);
  for (std::size_t i = 0; i + 8 <= plain.size(); i += 8) {
    EXPECT_EQ(marker.find(plain.substr(i, 8)), std::string::npos) << "plain SHA-256 fragment in " << marker;
  }
}

TEST(Fingerprint, RoundTripThroughParse) {
  const Secret secret("rotating-secret");
  const std::string marker = make_marker(kKey, secret, kIdentity);
  const std::string description = compose_description("Bitbucket for Agen", marker);
  EXPECT_TRUE(description.starts_with("Bitbucket for Agen [linkform:v2 fp="));

  const ParsedDescription parsed = parse_description(description);
  EXPECT_TRUE(parsed.has_marker);
  EXPECT_EQ(parsed.user_description, "Bitbucket for Agen");
  ASSERT_TRUE(parsed.salt && parsed.hmac);
  EXPECT_EQ(make_marker(kKey, secret, kIdentity, *parsed.salt), marker);
  EXPECT_TRUE(fingerprint_matches(parsed, kKey, secret, kIdentity));
  EXPECT_FALSE(fingerprint_matches(parsed, kKey, Secret("rotated-secret"), kIdentity));
  EXPECT_FALSE(fingerprint_matches(parsed, kKey, secret, "prod/app-2/bitbucket/bb"));
}

TEST(Fingerprint, EmptyUserDescriptionIsTheMarkerAlone) {
  const std::string marker = make_marker(kKey, Secret("s"), kIdentity, "00000000");
  EXPECT_EQ(compose_description("", marker), marker);
  const ParsedDescription parsed = parse_description(marker);
  EXPECT_TRUE(parsed.has_marker);
  EXPECT_EQ(parsed.user_description, "");
  EXPECT_TRUE(fingerprint_matches(parsed, kKey, Secret("s"), kIdentity));
}

TEST(Fingerprint, DescriptionWithoutMarker) {
  for (const char* text : {"", "Just a description", "Mentions [linkform:v1 fp=00000000.x] in the middle.",
                           "ends with a bracket]"}) {
    const ParsedDescription parsed = parse_description(text);
    EXPECT_FALSE(parsed.has_marker) << text;
    EXPECT_EQ(parsed.user_description, text);
    EXPECT_FALSE(fingerprint_matches(parsed, kKey, Secret("s"), kIdentity));
  }
}

TEST(Fingerprint, MalformedOrFutureMarkerIsStrippedButNeverMatches) {
  for (const char* text : {"desc [linkform:v1 fp=zz.123]", "desc [linkform:v2 fp=00000000.abc]",
                           "desc [linkform:v3 fp=00000000.d32d8d2ae4e5091d4828084b61ddd9ae]",
                           "desc [linkform:v1 fp=0000000.d32d8d2ae4e5091d4828084b61ddd9ae]",
                           "desc [linkform:v1 fp=00000000d32d8d2ae4e5091d4828084b61ddd9ae]"}) {
    const ParsedDescription parsed = parse_description(text);
    EXPECT_TRUE(parsed.has_marker) << text;
    EXPECT_EQ(parsed.user_description, "desc") << text;
    EXPECT_FALSE(parsed.salt.has_value()) << text;
    EXPECT_FALSE(fingerprint_matches(parsed, kKey, Secret("s"), kIdentity)) << text;
  }
}

TEST(Fingerprint, TrailingWhitespaceAfterMarkerIsTolerated) {
  const Secret secret("s");
  const std::string description = compose_description("d", make_marker(kKey, secret, kIdentity)) + "\n";
  const ParsedDescription parsed = parse_description(description);
  EXPECT_EQ(parsed.user_description, "d");
  EXPECT_TRUE(fingerprint_matches(parsed, kKey, secret, kIdentity));
}

}  // namespace
}  // namespace linkform::frontegg
