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

namespace linkform {
namespace {

// Issue 12 item 8: what a service URL written by a pull request may not be.
TEST(ServiceUrl, RefusesWhitespaceQueriesFragmentsUserinfoAndOddHosts) {
  for (const char* bad :
       {"https://api.frontegg.com /x", "https://api.frontegg.com\t", "https://api.frontegg.com\n",
        "https://api.frontegg.com/?x=1", "https://api.frontegg.com/#f", "https://u:p@api.frontegg.com",
        "https://api.frontegg.com:80:90", "https://api.frontegg.com:", "https://[::1]x", "https://[not-v6]",
        "https://a..b", "https://-a.example", "https://a_b.example", "https://9", "http://2130706433",
        "https://10.1", "https://a.0x7f"}) {
    EXPECT_FALSE(check_service_url(bad).empty()) << bad;
  }
  EXPECT_EQ(check_service_url("https://api.frontegg.com"), "");
  EXPECT_EQ(check_service_url("https://[2001:db8::1]:8443/prefix"), "");
  EXPECT_EQ(check_web_url("https://acme.example/callback?x=1"), "");
}

TEST(LoopbackHost, IsJudgedNumerically) {
  EXPECT_TRUE(is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(is_loopback_host("127.10.20.30"));
  EXPECT_TRUE(is_loopback_host("::1"));
  EXPECT_TRUE(is_loopback_host("[0:0:0:0:0:0:0:1]"));
  EXPECT_TRUE(is_loopback_host("::ffff:127.0.0.1"));
  EXPECT_FALSE(is_loopback_host("127.999.0.1"));
  EXPECT_FALSE(is_loopback_host("127.1"));
  EXPECT_FALSE(is_loopback_host("0x7f.0.0.1"));
  EXPECT_FALSE(is_loopback_host("127.0.0.1.evil.example"));
  EXPECT_FALSE(is_loopback_host("::ffff:10.0.0.1"));
  EXPECT_FALSE(is_loopback_host("::2"));
}

}  // namespace
}  // namespace linkform
