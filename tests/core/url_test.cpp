#include "core/url.h"

#include <gtest/gtest.h>

#include "core/http.h"

namespace linkform {
namespace {

TEST(ParseUrl, SplitsSchemeHostPortPath) {
  auto u = parse_url("HTTPS://API.Example.com:8443/a/b?c=d");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->host, "api.example.com");
  EXPECT_EQ(u->port, 8443);
  EXPECT_EQ(u->path, "/a/b?c=d");
}

TEST(ParseUrl, HandlesIpv6Literal) {
  auto u = parse_url("http://[::1]:8080");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->port, 8080);
}

TEST(ParseUrl, RejectsMalformed) {
  for (const char* bad : {"example.com", "ftp://x", "https://", "https://:80", "https://h:99999",
                          "https://h:x", "https://u:p@h", "http://[::1"}) {
    EXPECT_FALSE(parse_url(bad)) << bad;
  }
}

TEST(CheckServiceUrl, HttpOnlyOnLoopback) {
  EXPECT_EQ(check_service_url("https://api.frontegg.com"), "");
  EXPECT_EQ(check_service_url("http://127.0.0.1:9000"), "");
  EXPECT_EQ(check_service_url("http://localhost"), "");
  EXPECT_EQ(check_service_url("http://[::1]:1"), "");
  EXPECT_NE(check_service_url("http://10.0.0.1"), "");
  EXPECT_NE(check_service_url("http://127.example.com"), "");
}

TEST(IsLoopbackHost, RecognisesOnlyLoopback) {
  EXPECT_TRUE(is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(is_loopback_host("127.255.1.2"));
  EXPECT_TRUE(is_loopback_host("LOCALHOST"));
  EXPECT_TRUE(is_loopback_host("[::1]"));
  EXPECT_FALSE(is_loopback_host("127.0.0"));
  EXPECT_FALSE(is_loopback_host("127.0.0.1.evil.com"));
  EXPECT_FALSE(is_loopback_host("128.0.0.1"));
  EXPECT_FALSE(is_loopback_host("localhost.evil.com"));
}

TEST(JoinUrl, JoinsWithOneSlash) {
  EXPECT_EQ(join_url("https://a/", "/b"), "https://a/b");
  EXPECT_EQ(join_url("https://a", "b"), "https://a/b");
  EXPECT_EQ(join_url("https://a//", "/b/c"), "https://a/b/c");
}

TEST(HttpResponse, HeaderLookupIgnoresCase) {
  HttpResponse r;
  r.headers = {{"Frontegg-Trace-Id", "abc"}};
  EXPECT_EQ(r.header("frontegg-trace-id"), "abc");
  EXPECT_FALSE(r.header("x-missing"));
}

}  // namespace
}  // namespace linkform
