// GitlabClient against the emulator's GitLab half, in memory: the same requests and replies as over a socket.

#include <gtest/gtest.h>

#include "providers/gitlab/client.h"
#include "tests/support/in_memory_emulator.h"

namespace linkform::gitlab {
namespace {

using linkform::testing::InMemoryEmulator;

TEST(GitlabClientEmulator, CreateListUpdateDeleteAsTheGroupsOwner) {
  InMemoryEmulator emulator;
  GitlabClient client(emulator, InMemoryEmulator::kUrl, "acme", Secret("glpat-acme-owner"));
  auto made = client.create_application("Frontegg Integration",
                                        "https://acme.mcp-gw.frontegg.com/integration-callback",
                                        {"read_api", "read_user"}, true);
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_FALSE(made->secret.reveal().empty());
  auto listed = client.list_applications();
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(listed->size(), 1U);
  EXPECT_EQ((*listed)[0].application_id, made->application.application_id);
  auto updated = client.update_application(made->application.id, "Renamed", {"read_api"});
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->name, "Renamed");
  EXPECT_EQ(updated->scopes, std::vector<std::string>{"read_api"});
  ASSERT_TRUE(client.delete_application(made->application.id));
  const auto again = client.delete_application(made->application.id);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::kNotFound);
  EXPECT_TRUE(client.list_applications()->empty());
}

TEST(GitlabClientEmulator, ATokenWithoutTheOwnerRoleOrNoneIsRefused) {
  InMemoryEmulator emulator;
  GitlabClient developer(emulator, InMemoryEmulator::kUrl, "acme", Secret("glpat-acme-developer"));
  const auto refused = developer.list_applications();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().http_status, 403);
  EXPECT_NE(refused.error().message.find("Owner role"), std::string::npos) << refused.error().message;
  GitlabClient stranger(emulator, InMemoryEmulator::kUrl, "acme", Secret("glpat-unknown"));
  EXPECT_EQ(stranger.list_applications().error().http_status, 401);
  GitlabClient elsewhere(emulator, InMemoryEmulator::kUrl, "other", Secret("glpat-acme-owner"));
  EXPECT_EQ(elsewhere.list_applications().error().kind, ErrorKind::kNotFound);
}

TEST(GitlabClientEmulator, AnUnknownScopeIsRefusedWithGitlabsMessage) {
  InMemoryEmulator emulator;
  GitlabClient client(emulator, InMemoryEmulator::kUrl, "acme", Secret("glpat-acme-owner"));
  const auto refused = client.create_application("x", "https://gw/integration-callback", {"read_apii"}, true);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("scopes doesn't match configured on the server."), std::string::npos)
      << refused.error().message;
}

}  // namespace
}  // namespace linkform::gitlab
