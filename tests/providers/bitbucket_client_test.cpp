// BitbucketClient against the scripted FakeTransport: README, vendor assumptions's reply and error shapes.

#include <gtest/gtest.h>

#include <string>

#include "providers/bitbucket/client.h"
#include "tests/support/fake_transport.h"

namespace linkform::bitbucket {
namespace {

using linkform::testing::FakeTransport;

constexpr const char* kTokenUrl = "https://bitbucket.example/site/oauth2/access_token";
constexpr const char* kConsumerSecret = "s3cr3t-consumer-value-XYZ";
constexpr const char* kAccessToken = "tok-ACCESS-0123456789";

class BitbucketClientTest : public ::testing::Test {
 protected:
  FakeTransport fake_;
  BitbucketClient client_{fake_, "https://bitbucket.example/", "https://api.bitbucket.example"};
  Secret secret_{kConsumerSecret};
  Secret token_{kAccessToken};

  void expect_no_secrets(const std::string& text) {
    EXPECT_EQ(text.find(kConsumerSecret), std::string::npos) << text;
    EXPECT_EQ(text.find(kAccessToken), std::string::npos) << text;
  }
};

TEST_F(BitbucketClientTest, ProbeValidConsumerSendsBasicAuthFormBody) {
  fake_.expect(
      "POST", kTokenUrl,
      FakeTransport::json(200, R"({"access_token":"tok-ACCESS-0123456789","scope":"account repository",
                 "expires_in":7200,"token_type":"bearer","state":"client_credentials"})"));
  auto probe = client_.probe_consumer("key123", secret_);
  ASSERT_TRUE(probe) << probe.error().message;
  EXPECT_EQ(probe->state, ConsumerProbe::State::kValid);
  EXPECT_EQ(probe->scope_text, "account repository");
  EXPECT_EQ(probe->scope_field, "scope");
  EXPECT_EQ(probe->access_token.reveal(), kAccessToken);

  const HttpRequest sent = fake_.last_request();
  EXPECT_EQ(sent.body, "grant_type=client_credentials");
  EXPECT_EQ(FakeTransport::header(sent, "Content-Type"), "application/x-www-form-urlencoded");
  // base64("key123:s3cr3t-consumer-value-XYZ")
  EXPECT_EQ(FakeTransport::header(sent, "Authorization"),
            "Basic a2V5MTIzOnMzY3IzdC1jb25zdW1lci12YWx1ZS1YWVo=");
}

TEST_F(BitbucketClientTest, ProbeEmptyScopesIsValidWithNoScopes) {
  fake_.expect("POST", kTokenUrl, FakeTransport::json(200, R"({"access_token":"t","scopes":""})"));
  auto probe = client_.probe_consumer("k", secret_);
  ASSERT_TRUE(probe) << probe.error().message;
  EXPECT_EQ(probe->state, ConsumerProbe::State::kValid);
  EXPECT_EQ(probe->scope_text, "");
  EXPECT_EQ(probe->scope_field, "scopes");
}

TEST_F(BitbucketClientTest, ProbePublicConsumer) {
  fake_.expect(
      "POST", kTokenUrl,
      FakeTransport::json(
          400,
          R"({"error":"invalid_grant","error_description":"Cannot use client_credentials with a consumer marked as \"public\". Calls for auto generated consumers should use urn:bitbucket:oauth2:jwt instead."})"));
  auto probe = client_.probe_consumer("k", secret_);
  ASSERT_TRUE(probe) << probe.error().message;
  EXPECT_EQ(probe->state, ConsumerProbe::State::kPublic);
  EXPECT_FALSE(probe->scope_text);
  EXPECT_TRUE(probe->access_token.empty());
  EXPECT_NE(probe->vendor_message.find("public"), std::string::npos);
}

TEST_F(BitbucketClientTest, ProbeConsumerWithoutCallbackUrl) {
  fake_.expect(
      "POST", kTokenUrl,
      FakeTransport::json(
          400,
          R"({"error":"invalid_request","error_description":"No callback uri defined for the OAuth client."})"));
  auto probe = client_.probe_consumer("k", secret_);
  ASSERT_TRUE(probe) << probe.error().message;
  EXPECT_EQ(probe->state, ConsumerProbe::State::kNoCallback);
  EXPECT_TRUE(probe->access_token.empty());
}

TEST_F(BitbucketClientTest, ProbeBadCredentials) {
  fake_.expect(
      "POST", kTokenUrl,
      FakeTransport::json(
          400, R"({"error":"unauthorized_client","error_description":"Invalid OAuth client credentials"})"));
  auto probe = client_.probe_consumer("k", secret_);
  ASSERT_TRUE(probe) << probe.error().message;
  EXPECT_EQ(probe->state, ConsumerProbe::State::kBadCredentials);
  EXPECT_EQ(probe->vendor_message, "Invalid OAuth client credentials");
}

TEST_F(BitbucketClientTest, ProbeInvalidClient401IsBadCredentials) {
  fake_.expect("POST", kTokenUrl, FakeTransport::json(401, R"({"error":"invalid_client"})"));
  auto probe = client_.probe_consumer("k", secret_);
  ASSERT_TRUE(probe) << probe.error().message;
  EXPECT_EQ(probe->state, ConsumerProbe::State::kBadCredentials);
}

TEST_F(BitbucketClientTest, ProbeVendorMessageEchoingSecretIsRedacted) {
  fake_.expect(
      "POST", kTokenUrl,
      FakeTransport::json(
          400,
          R"({"error":"unauthorized_client","error_description":"bad secret s3cr3t-consumer-value-XYZ"})"));
  auto probe = client_.probe_consumer("k", secret_);
  ASSERT_TRUE(probe);
  EXPECT_EQ(probe->vendor_message, "bad secret (redacted)");
}

TEST_F(BitbucketClientTest, ProbeUnknownOAuthErrorIsHttpError) {
  fake_.expect("POST", kTokenUrl,
               FakeTransport::json(400, R"({"error":"unsupported_grant_type","error_description":"nope"})"));
  auto probe = client_.probe_consumer("k", secret_);
  ASSERT_FALSE(probe);
  EXPECT_EQ(probe.error().kind, ErrorKind::kHttp);
  EXPECT_EQ(probe.error().http_status, 400);
  EXPECT_EQ(probe.error().message, "POST /site/oauth2/access_token: 400 Bad Request: nope");
}

TEST_F(BitbucketClientTest, ProbeServerErrorNamesMethodPathStatus) {
  fake_.expect("POST", kTokenUrl, FakeTransport::text(503, "upstream down"));
  auto probe = client_.probe_consumer("k", secret_);
  ASSERT_FALSE(probe);
  EXPECT_EQ(probe.error().kind, ErrorKind::kHttp);
  EXPECT_EQ(probe.error().http_status, 503);
  EXPECT_EQ(probe.error().message, "POST /site/oauth2/access_token: 503 Service Unavailable: upstream down");
}

TEST_F(BitbucketClientTest, ProbeRateLimitedPlainText) {
  fake_.expect("POST", kTokenUrl, FakeTransport::text(429, "Rate limit for this resource has been exceeded"));
  auto probe = client_.probe_consumer("k", secret_);
  ASSERT_FALSE(probe);
  EXPECT_EQ(probe.error().kind, ErrorKind::kHttp);
  EXPECT_EQ(probe.error().http_status, 429);
  EXPECT_NE(probe.error().message.find("Rate limit for this resource has been exceeded"), std::string::npos);
}

TEST_F(BitbucketClientTest, ProbeTransportErrorPassesThrough) {
  fake_.expect_error("POST", kTokenUrl, Error{ErrorKind::kTimeout, "POST https://...: no reply in time", 0});
  auto probe = client_.probe_consumer("k", secret_);
  ASSERT_FALSE(probe);
  EXPECT_EQ(probe.error().kind, ErrorKind::kTimeout);
}

TEST_F(BitbucketClientTest, ProbeHostileTokenRepliesAreParseErrors) {
  const char* bodies[] = {
      "<html><body>Bad gateway</body></html>",         // HTML
      "",                                              // empty
      "[1,2,3]",                                       // not an object
      R"({"access_token":42,"scopes":"account"})",     // wrong type
      R"({"scopes":"account"})",                       // missing token
      R"({"access_token":"t","scope":7})",             // scope not a string
      R"({"access_token":"t","scopes":["account"]})",  // scopes as array
      R"({"access_token":"","scopes":""})",            // empty token
      "{\"access_token\":\"t\",\"scopes\":\"a\"} trailing",
      "{\"access_token\":\"t\"",  // truncated
  };
  for (const char* body : bodies) {
    fake_.expect("POST", kTokenUrl, FakeTransport::json(200, body));
    auto probe = client_.probe_consumer("k", secret_);
    ASSERT_FALSE(probe) << body;
    EXPECT_EQ(probe.error().kind, ErrorKind::kParse) << body;
    EXPECT_TRUE(probe.error().message.starts_with("POST /site/oauth2/access_token: Bitbucket token reply: "))
        << probe.error().message;
  }
}

TEST_F(BitbucketClientTest, ProbeDeeplyNestedReplyDoesNotCrash) {
  fake_.expect("POST", kTokenUrl,
               FakeTransport::json(200, std::string(200'000, '[') + std::string(200'000, ']')));
  auto probe = client_.probe_consumer("k", secret_);
  ASSERT_FALSE(probe);
  EXPECT_EQ(probe.error().kind, ErrorKind::kParse);
}

TEST_F(BitbucketClientTest, GetWorkspaceSendsBearerAndParses) {
  fake_.expect(
      "GET", "https://api.bitbucket.example/2.0/workspaces/acme",
      FakeTransport::json(
          200,
          R"({"type":"workspace","uuid":"{abc}","name":"Acme","slug":"acme","is_private":true,"links":{}})"));
  auto ws = client_.get_workspace("acme", token_);
  ASSERT_TRUE(ws) << ws.error().message;
  EXPECT_EQ(ws->slug, "acme");
  EXPECT_EQ(ws->uuid, "{abc}");
  EXPECT_EQ(ws->name, "Acme");
  EXPECT_EQ(FakeTransport::header(fake_.last_request(), "Authorization"),
            std::string("Bearer ") + kAccessToken);
}

TEST_F(BitbucketClientTest, GetWorkspaceEncodesSlug) {
  fake_.expect("GET", "https://api.bitbucket.example/2.0/workspaces/a%2Fb%20c%3F",
               FakeTransport::json(404, R"({"type":"error","error":{"message":"No workspace"}})"));
  auto ws = client_.get_workspace("a/b c?", token_);
  ASSERT_FALSE(ws);
  EXPECT_EQ(ws.error().kind, ErrorKind::kNotFound);
}

TEST_F(BitbucketClientTest, GetWorkspaceNotFoundCarriesVendorMessage) {
  fake_.expect("GET", "https://api.bitbucket.example/2.0/workspaces/nope",
               FakeTransport::json(
                   404, R"({"type":"error","error":{"message":"No workspace with identifier 'nope'."}})"));
  auto ws = client_.get_workspace("nope", token_);
  ASSERT_FALSE(ws);
  EXPECT_EQ(ws.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(ws.error().http_status, 404);
  EXPECT_EQ(ws.error().message,
            "GET /2.0/workspaces/nope: 404 Not Found: No workspace with identifier 'nope'.");
}

TEST_F(BitbucketClientTest, GetWorkspaceForbiddenWithDetail) {
  fake_.expect(
      "GET", "https://api.bitbucket.example/2.0/workspaces/acme",
      FakeTransport::json(
          403, R"({"type":"error","error":{"message":"Access denied","detail":{"required":["account"]}}})"));
  auto ws = client_.get_workspace("acme", token_);
  ASSERT_FALSE(ws);
  EXPECT_EQ(ws.error().kind, ErrorKind::kHttp);
  EXPECT_EQ(ws.error().http_status, 403);
  EXPECT_EQ(ws.error().message, "GET /2.0/workspaces/acme: 403 Forbidden: Access denied (required: account)");
}

TEST_F(BitbucketClientTest, GetWorkspaceUnauthorizedEchoingTokenIsRedacted) {
  fake_.expect(
      "GET", "https://api.bitbucket.example/2.0/workspaces/acme",
      FakeTransport::json(
          401,
          R"({"type":"error","error":{"message":"Token tok-ACCESS-0123456789 expired","detail":"renew"}})"));
  auto ws = client_.get_workspace("acme", token_);
  ASSERT_FALSE(ws);
  EXPECT_EQ(ws.error().kind, ErrorKind::kHttp);
  EXPECT_EQ(ws.error().http_status, 401);
  expect_no_secrets(ws.error().message);
  EXPECT_NE(ws.error().message.find("Token (redacted) expired (renew)"), std::string::npos)
      << ws.error().message;
}

TEST_F(BitbucketClientTest, GetWorkspaceHostileReplies) {
  const char* bodies[] = {"<!DOCTYPE html><html>oops</html>", R"({"slug":"acme","uuid":"{u}"})",
                          R"({"slug":1,"uuid":"{u}","name":"n"})", "null", R"("just a string")"};
  for (const char* body : bodies) {
    fake_.expect("GET", "https://api.bitbucket.example/2.0/workspaces/acme", FakeTransport::json(200, body));
    auto ws = client_.get_workspace("acme", token_);
    ASSERT_FALSE(ws) << body;
    EXPECT_EQ(ws.error().kind, ErrorKind::kParse) << body;
    EXPECT_TRUE(ws.error().message.starts_with("GET /2.0/workspaces/acme: ")) << ws.error().message;
  }
}

TEST_F(BitbucketClientTest, HtmlErrorPageIsSummarised) {
  fake_.expect("GET", "https://api.bitbucket.example/2.0/workspaces/acme",
               FakeTransport::text(502, "<html><head><title>502</title></head><body>" +
                                            std::string(5000, 'x') + "</body></html>"));
  auto ws = client_.get_workspace("acme", token_);
  ASSERT_FALSE(ws);
  EXPECT_EQ(ws.error().message, "GET /2.0/workspaces/acme: 502 Bad Gateway: (an HTML page)");
}

TEST(BitbucketReplies, VendorMessageShapes) {
  EXPECT_EQ(vendor_message(R"({"type":"error","error":{"message":"m","detail":"d"}})"), "m (d)");
  EXPECT_EQ(vendor_message(R"({"type":"error","error":{"message":"m"}})"), "m");
  EXPECT_EQ(vendor_message(R"({"error":"invalid_grant","error_description":"desc"})"), "desc");
  EXPECT_EQ(vendor_message("plain\ntext"), "plain text");
  EXPECT_EQ(vendor_message(""), "");
  EXPECT_EQ(vendor_message(R"({"type":"error","error":{"message":7}})"),
            R"({"type":"error","error":{"message":7}})");
}

}  // namespace
}  // namespace linkform::bitbucket
