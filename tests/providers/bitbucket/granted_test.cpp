// The two witnesses of a consumer's granted permissions (providers/bitbucket/granted.h).

#include "providers/bitbucket/granted.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace linkform::bitbucket {
namespace {

using ::testing::HasSubstr;
using Scopes = std::vector<std::string>;

TEST(JudgeGranted, TheTokenReplyAloneIsRead) {
  const auto g = judge_granted("account repository", "scope", std::nullopt);
  EXPECT_EQ(g.scopes, (Scopes{"account", "repository"}));
  EXPECT_TRUE(g.unreadable.empty());
  EXPECT_TRUE(g.disagreement.empty());
}

TEST(JudgeGranted, AnAgreeingHeaderWithCommasSaysNothing) {
  const auto g = judge_granted("account repository", "scope", "repository, account");
  EXPECT_EQ(g.scopes, (Scopes{"account", "repository"}));
  EXPECT_TRUE(g.disagreement.empty());
}

TEST(JudgeGranted, RetiredScopesDoNotMakeADisagreement) {
  const auto g = judge_granted("account issue", "scopes", "account");
  EXPECT_TRUE(g.disagreement.empty());
}

TEST(JudgeGranted, ADisagreeingHeaderIsNamedWithTheTokenReply) {
  const auto g = judge_granted("account", "scope", "account, repository");
  EXPECT_EQ(g.scopes, (Scopes{"account"}));
  EXPECT_THAT(g.disagreement, HasSubstr("the token reply's \"scope\" is \"account\""));
  EXPECT_THAT(g.disagreement, HasSubstr("x-oauth-scopes of the workspace reply is \"account, repository\""));
}

TEST(JudgeGranted, NoScopeFieldUsesTheHeaderAndSaysSo) {
  const auto g = judge_granted(std::nullopt, "", "account, pullrequest");
  EXPECT_EQ(g.scopes, (Scopes{"account", "pullrequest"}));
  EXPECT_THAT(g.note, HasSubstr("x-oauth-scopes"));
}

TEST(JudgeGranted, NoScopeFieldAndNoHeaderIsUnreadable) {
  const auto g = judge_granted(std::nullopt, "", std::nullopt);
  EXPECT_FALSE(g.scopes);
  EXPECT_THAT(g.unreadable, HasSubstr("neither \"scope\" nor \"scopes\""));
}

TEST(JudgeGranted, EmptyCommaSeparatedAndGranularListsAreUnreadableAndSaidAsSent) {
  auto g = judge_granted("", "scope", std::nullopt);
  EXPECT_FALSE(g.scopes);
  EXPECT_THAT(g.unreadable, HasSubstr("\"scope\" is \"\": it is empty"));
  g = judge_granted("account,repository", "scope", std::nullopt);
  EXPECT_THAT(g.unreadable, HasSubstr("comma-separated"));
  g = judge_granted("read:repository:bitbucket", "scope", "account");
  EXPECT_THAT(g.unreadable, HasSubstr("granular scope (\"read:repository:bitbucket\")"));
  EXPECT_THAT(g.unreadable, HasSubstr("x-oauth-scopes of the workspace reply is \"account\""));
}

}  // namespace
}  // namespace linkform::bitbucket
