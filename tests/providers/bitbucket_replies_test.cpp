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
  EXPECT_EQ(reply->scope_text, "account repository pullrequest");
  EXPECT_EQ(reply->scope_field, "scope");
  EXPECT_EQ(reply->access_token.reveal(), "Xw9fK2mQpL7vR3tY8uN1bC4dE6gH0jA5sZ-_=");
}

TEST(BitbucketTokenReply, ParsesThePre2026Shape) {
  auto reply = parse_token_reply(kPre2026Reply);
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->scope_text, "account repository pullrequest");
  EXPECT_EQ(reply->scope_field, "scopes");
}

TEST(BitbucketTokenReply, ScopeWinsWhenBothAreSent) {
  auto reply = parse_token_reply(R"({"access_token":"t","scope":"account","scopes":"account repository"})");
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->scope_text, "account");
}

// The x-oauth-scopes header of the workspace reply may stand in (granted.h): not an error here.
TEST(BitbucketTokenReply, NeitherFieldIsReadAsNoScopeList) {
  auto reply = parse_token_reply(R"({"access_token":"t","expires_in":7200,"token_type":"bearer"})");
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_FALSE(reply->scope_text);
  EXPECT_EQ(reply->scope_field, "");
}

TEST(BitbucketScopeList, SplitsOnSpacesAndCommas) {
  EXPECT_EQ(split_scope_list(" account,  repository\tpullrequest ,"),
            (std::vector<std::string>{"account", "repository", "pullrequest"}));
  EXPECT_TRUE(split_scope_list(" , ").empty());
}

TEST(BitbucketErrorMessage, AScopeDetailNamesGrantedAndRequired) {
  EXPECT_EQ(
      vendor_message(R"({"type":"error","error":{"message":"Your credentials lack one or more required )"
                     R"(privilege scopes.","detail":{"granted":["account","email"],"required":["team"]}}})"),
      "Your credentials lack one or more required privilege scopes. (granted: account, email; required: "
      "team)");
}

TEST(BitbucketTokenReply, NullScopeFallsBackToScopes) {
  auto reply = parse_token_reply(R"({"access_token":"t","scope":null,"scopes":"issue"})");
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->scope_text, "issue");
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
  EXPECT_EQ(reply->scope_text, "");
}

}  // namespace
}  // namespace linkform::bitbucket
