// GitlabClient (providers/gitlab/client.cpp) against a scripted transport: the Group Applications API's
// requests, pagination, the secret of a create, and GitLab's error shapes (README, vendor assumptions).

#include "providers/gitlab/client.h"

#include <gtest/gtest.h>

#include "tests/support/fake_transport.h"

namespace linkform::gitlab {
namespace {

using linkform::testing::FakeTransport;

constexpr const char* kBase = "https://gitlab.example/api/v4/groups/acme%2Fplatform/applications";

std::string app_json(int id, const std::string& client_id) {
  return R"({"id":)" + std::to_string(id) + R"(,"application_id":")" + client_id +
         R"(","application_name":"Frontegg Integration","callback_url":"https://gw/integration-callback",)"
         R"("confidential":true,"scopes":["read_api","read_user"]})";
}

HttpResponse with_next(HttpResponse r, const std::string& next) {
  r.headers.emplace_back("x-next-page", next);
  return r;
}

TEST(GitlabClient, ListsEveryPageWithTheTokenAsPrivateToken) {
  FakeTransport fake;
  fake.expect("GET", std::string(kBase) + "?per_page=100&page=1",
              with_next(FakeTransport::json(200, "[" + app_json(1, "c1") + "]"), "2"));
  fake.expect("GET", std::string(kBase) + "?per_page=100&page=2",
              with_next(FakeTransport::json(200, "[" + app_json(2, "c2") + "]"), ""));
  GitlabClient client(fake, "https://gitlab.example", "acme/platform", Secret("glpat-token"));
  auto listed = client.list_applications();
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(listed->size(), 2U);
  EXPECT_EQ((*listed)[1].id, 2);
  EXPECT_EQ((*listed)[1].application_id, "c2");
  EXPECT_EQ((*listed)[0].scopes, (std::vector<std::string>{"read_api", "read_user"}));
  const auto sent = fake.requests();
  ASSERT_FALSE(sent.empty());
  bool token = false;
  for (const auto& [name, value] : sent[0].headers)
    token = token || (name == "PRIVATE-TOKEN" && value == "glpat-token");
  EXPECT_TRUE(token);
}

TEST(GitlabClient, ACreateSendsSpaceSeparatedScopesAndKeepsTheSecret) {
  FakeTransport fake;
  std::string created = app_json(7, "c7");
  created.insert(created.size() - 1, R"(,"secret":"gloas-secret")");
  fake.expect("POST", kBase, FakeTransport::json(201, created));
  GitlabClient client(fake, "https://gitlab.example", "acme/platform", Secret("t"));
  auto made = client.create_application("Frontegg Integration", "https://gw/integration-callback",
                                        {"read_api", "read_user"}, true);
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(made->application.id, 7);
  EXPECT_EQ(made->secret.reveal(), "gloas-secret");
  EXPECT_NE(fake.requests().at(0).body.find(R"("scopes":"read_api read_user")"), std::string::npos);
}

TEST(GitlabClient, ErrorsNameTheRequestAndGitlabsMessageAndMaskTheToken) {
  FakeTransport fake;
  fake.expect("DELETE", std::string(kBase) + "/9",
              FakeTransport::json(404, R"({"message":"404 Application Not Found"})"));
  fake.expect(
      "PUT", std::string(kBase) + "/9",
      FakeTransport::json(400, R"({"message":{"scopes":["doesn't match configured on the server."]}})"));
  fake.expect("GET", std::string(kBase) + "?per_page=100&page=1",
              FakeTransport::json(401, R"({"message":"401 Unauthorized: token t0ken-value"})"));
  GitlabClient client(fake, "https://gitlab.example", "acme/platform", Secret("t0ken-value"));
  const auto gone = client.delete_application(9);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().kind, ErrorKind::kNotFound);
  EXPECT_NE(gone.error().message.find("404 Application Not Found"), std::string::npos)
      << gone.error().message;
  const auto bad = client.update_application(9, "x", {"nope"});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("scopes doesn't match configured on the server."), std::string::npos)
      << bad.error().message;
  const auto refused = client.list_applications();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message.find("t0ken-value"), std::string::npos) << refused.error().message;
  EXPECT_NE(refused.error().message.find("token of [gitlab]"), std::string::npos) << refused.error().message;
}

TEST(GitlabClient, AReplyOfTheWrongShapeIsAParseErrorNotACrash) {
  EXPECT_FALSE(parse_applications(R"({"id":1})", "GET x"));
  EXPECT_FALSE(parse_applications(R"([{"id":"1"}])", "GET x"));
  EXPECT_FALSE(parse_applications("not json", "GET x"));
  EXPECT_FALSE(parse_application(R"({"id":1,"application_id":2})", "GET x"));
}

}  // namespace
}  // namespace linkform::gitlab
