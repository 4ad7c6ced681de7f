// parse_token_reply against token replies shaped as Bitbucket sends them today (since 2026-05-04:
// "scope", no refresh token) and before ("scopes" and a refresh token).

#include <gtest/gtest.h>

#include "providers/bitbucket/replies.h"

namespace linkform::bitbucket {
namespace {

// Bitbucket Cloud's client-credentials reply since 2026-05-04 (Atlassian developer community, "OAuth 2.0
// and API authentication changes for Bitbucket Cloud", thread 99003).
constexpr const char* k2026Reply =
    R"({"access_token":"Xw9fK2mQpL7vR3tY8uN1bC4dE6gH0jA5sZ-_=","scope":"account repository pullrequest",)"
    R"("expires_in":7200,"token_type":"bearer","state":"client_credentials"})";

// The same call's reply before that date.
constexpr const char* kPre2026Reply =
    R"({"access_token":"Xw9fK2mQpL7vR3tY8uN1bC4dE6gH0jA5sZ-_=","scopes":"account repository pullrequest",)"
    R"("expires_in":7200,"refresh_token":"b7PqR2sT9uVwX","token_type":"bearer","state":"client_credentials"})";

TEST(BitbucketTokenReply, ParsesThe2026Shape) {
  auto reply = parse_token_reply(k2026Reply);
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->scopes, (std::vector<std::string>{"account", "repository", "pullrequest"}));
  EXPECT_EQ(reply->scope_field, "scope");
  EXPECT_EQ(reply->access_token.reveal(), "Xw9fK2mQpL7vR3tY8uN1bC4dE6gH0jA5sZ-_=");
}

TEST(BitbucketTokenReply, ParsesThePre2026Shape) {
  auto reply = parse_token_reply(kPre2026Reply);
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->scopes, (std::vector<std::string>{"account", "repository", "pullrequest"}));
  EXPECT_EQ(reply->scope_field, "scopes");
}

TEST(BitbucketTokenReply, ScopeWinsWhenBothAreSent) {
  auto reply = parse_token_reply(R"({"access_token":"t","scope":"account","scopes":"account repository"})");
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->scopes, (std::vector<std::string>{"account"}));
}

TEST(BitbucketTokenReply, NeitherFieldIsAnErrorNamingBoth) {
  auto reply = parse_token_reply(R"({"access_token":"t","expires_in":7200,"token_type":"bearer"})");
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().kind, ErrorKind::kParse);
  EXPECT_NE(reply.error().message.find("\"scope\""), std::string::npos) << reply.error().message;
  EXPECT_NE(reply.error().message.find("\"scopes\""), std::string::npos) << reply.error().message;
}

TEST(BitbucketTokenReply, NullScopeFallsBackToScopes) {
  auto reply = parse_token_reply(R"({"access_token":"t","scope":null,"scopes":"issue"})");
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->scopes, (std::vector<std::string>{"issue"}));
}

TEST(BitbucketTokenReply, ScopeOfTheWrongTypeIsAnError) {
  auto reply = parse_token_reply(R"({"access_token":"t","scope":["account"]})");
  ASSERT_FALSE(reply);
  EXPECT_NE(reply.error().message.find("\"scope\" is not a string"), std::string::npos)
      << reply.error().message;
}

TEST(BitbucketTokenReply, EmptyScopeMeansNoPermissions) {
  auto reply = parse_token_reply(R"({"access_token":"t","scope":""})");
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_TRUE(reply->scopes.empty());
}

}  // namespace
}  // namespace linkform::bitbucket
