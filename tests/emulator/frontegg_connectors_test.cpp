// The connector endpoints over loopback: create, list, get, patch, delete,
// their refusals, and the write-only client secret.

#include "tests/emulator/emulator_fixture.h"

namespace linkform::emulator::testing {
namespace {

class ConnectorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    emu_ = start_emulator();
    ASSERT_NE(emu_, nullptr);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", emu_->port());
    token_ = frontegg_token(*client_);
    app_ = first_app_id(*client_, token_);
  }
  httplib::Result create(const std::string& body) {
    return client_->Post(kConnectors, bearer(token_), body, kJson);
  }
  std::string create_ok(const std::string& slug) {
    auto r = create(connector_body(app_, slug));
    EXPECT_TRUE(r && r->status == 201) << body_of(r);
    return r && r->status == 201 ? parse(r->body)["id"].GetString() : "";
  }
  std::string one(const std::string& id) { return std::string(kConnectors) + "/" + id; }
  std::unique_ptr<Emulator> emu_;
  std::unique_ptr<httplib::Client> client_;
  std::string token_;
  std::string app_;
};

// CustomIntegrationResponseDto's required fields, and no secret.
void expect_connector(const rapidjson::Value& c) {
  expect_fields(c, {"id", "vendorId", "appId", "integrationTemplateId", "enabledApis", "name", "isActive",
                    "createdAt", "updatedAt"});
  EXPECT_TRUE(c["enabledApis"].IsObject());
  EXPECT_TRUE(c["isActive"].IsBool());
  ASSERT_TRUE(c.HasMember("configuration"));
  EXPECT_FALSE(c["configuration"].HasMember("clientSecret"));
  const std::string created = c["createdAt"].GetString();
  EXPECT_EQ(created.size(), 24u) << created;  // 2024-01-15T10:30:00.000Z
  EXPECT_EQ(created.back(), 'Z');
}

TEST_F(ConnectorsTest, CreateReturns201WithTheConnectorAndNoSecret) {
  auto r = create(connector_body(app_, "bitbucket"));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(r->body.find("consumer-secret"), std::string::npos);
  const auto c = parse(r->body);
  expect_connector(c);
  EXPECT_STREQ(c["appId"].GetString(), app_.c_str());
  EXPECT_STREQ(c["integrationTemplateId"].GetString(), "bitbucket");
  EXPECT_STREQ(c["slug"].GetString(), "bitbucket");
  EXPECT_STREQ(c["authType"].GetString(), "oauth");
  EXPECT_TRUE(c["enabledApis"]["bitbucket_repositories_list"].GetBool());
  EXPECT_FALSE(c["enabledApis"]["bitbucket_issues_list"].GetBool());
  EXPECT_STREQ(c["configuration"]["clientId"].GetString(), "consumer-key");
  EXPECT_STREQ(c["configuration"]["customConfiguration"]["workspace"].GetString(), "acme");
  EXPECT_EQ(c["configuration"]["scopes"].Size(), 2u);
  EXPECT_STREQ(c["configuration"]["type"].GetString(), "bitbucket");
}

TEST_F(ConnectorsTest, ListByAppReturnsAnArrayWithoutSecrets) {
  create_ok("one");
  create_ok("two");
  auto r = client_->Get(std::string(kConnectors) + "?appId=" + app_, bearer(token_));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->body.find("consumer-secret"), std::string::npos);
  const auto doc = parse(r->body);
  ASSERT_TRUE(doc.IsArray());
  ASSERT_EQ(doc.Size(), 2u);
  for (const auto& c : doc.GetArray()) expect_connector(c);
  auto other_app = client_->Get(std::string(kConnectors) + "?appId=other", bearer(token_));
  EXPECT_EQ(other_app->body, "[]");
  // The OpenAPI file documents this list with no parameters: without the filter, every app's connectors.
  auto no_app = client_->Get(kConnectors, bearer(token_));
  ASSERT_EQ(no_app->status, 200);
  EXPECT_EQ(parse(no_app->body).Size(), 2u);
}

TEST_F(ConnectorsTest, GetByIdReturnsTheConfigurationWithTheSecretMasked) {
  const std::string id = create_ok("bitbucket");
  auto r = client_->Get(one(id) + "?appId=" + app_, bearer(token_));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const auto doc = parse(r->body);
  // CustomIntegrationConfigurationResponseDto's required fields.
  expect_fields(doc, {"clientId", "clientSecret", "customConfiguration", "scopes", "type"});
  EXPECT_STREQ(doc["clientSecret"].GetString(), "********");
  EXPECT_STREQ(doc["type"].GetString(), "bitbucket");
  EXPECT_EQ(client_->Get(one("unknown"), bearer(token_))->status, 404);
  EXPECT_EQ(client_->Get(one(id) + "?appId=other", bearer(token_))->status, 404);
}

TEST_F(ConnectorsTest, CreateRefusesBodiesThatBreakTheSpec) {
  const std::vector<std::string> bad = {
      "not json",
      "{}",
      R"({"appId":")" + app_ +
          R"(","integrationTemplateId":"bitbucket","name":"B","slug":"b","apiNames":[]})",
      R"({"appId":")" + app_ +
          R"(","integrationTemplateId":"bitbucket","name":5,"slug":"b","apiNames":[],)"
          R"("configuration":{"clientId":"k","clientSecret":"s","customConfiguration":{}}})",
      R"({"appId":")" + app_ +
          R"(","integrationTemplateId":"bitbucket","name":"B","slug":"b","apiNames":"x",)"
          R"("configuration":{"clientId":"k","clientSecret":"s","customConfiguration":{}}})",
      R"({"appId":")" + app_ +
          R"(","integrationTemplateId":"bitbucket","name":"B","slug":"b","apiNames":[],)"
          R"("configuration":{"clientId":"k","customConfiguration":{}}})",
      R"({"appId":")" + app_ +
          R"(","integrationTemplateId":"bitbucket","name":"B","slug":"b","apiNames":[],"x":1,)"
          R"("configuration":{"clientId":"k","clientSecret":"s","customConfiguration":{}}})",
  };
  for (const auto& body : bad) {
    auto r = create(body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << body;
    expect_frontegg_errors(r->body);
  }
}

TEST_F(ConnectorsTest, CreateRefusesBadSlugsUnknownAppsTemplatesAndApis) {
  for (const std::string& slug : std::vector<std::string>{
           "Bitbucket", "bit_bucket", "-bitbucket", "bit--bucket", "bitbucket-", "", std::string(65, 'a')}) {
    auto r = create(connector_body(app_, slug));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << "slug '" << slug << "'";
    expect_frontegg_errors(r->body);
  }
  EXPECT_EQ(create(connector_body(app_, std::string(64, 'a')))->status, 201);
  EXPECT_EQ(create(connector_body("unknown-app", "x"))->status, 400);
  std::string body = connector_body(app_, "y");
  body.replace(body.find("\"bitbucket\""), 11, "\"gitlab\"");
  EXPECT_EQ(create(body)->status, 400);
  body = connector_body(app_, "z");
  body.replace(body.find("bitbucket_pullrequests_list"), 27, "bitbucket_wiki_write");
  EXPECT_EQ(create(body)->status, 400);
}

TEST_F(ConnectorsTest, DuplicateSlugInOneAppAndTemplateIs409) {
  create_ok("bitbucket");
  auto r = create(connector_body(app_, "bitbucket"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409);
  expect_frontegg_errors(r->body);
  // The template named by its id is the same template.
  auto templates = parse(client_->Get(std::string(kConnectors) + "/templates", bearer(token_))->body);
  std::string body = connector_body(app_, "bitbucket");
  body.replace(body.find("\"bitbucket\""), 11, std::string("\"") + templates[0]["id"].GetString() + "\"");
  EXPECT_EQ(create(body)->status, 409);
  // The same slug in another environment is fine.
  const std::string prod = frontegg_token(*client_, "prod");
  auto other = client_->Post(kConnectors, bearer(prod),
                             connector_body(first_app_id(*client_, prod), "bitbucket"), kJson);
  EXPECT_EQ(other->status, 201);
}

TEST_F(ConnectorsTest, PatchUpdatesFieldsKeepsTheSecretUnlessGivenAndRefusesSlugChanges) {
  const std::string id = create_ok("bitbucket");
  auto r =
      client_->Patch(one(id), bearer(token_),
                     R"({"name":"Renamed","isActive":false,"enabledApis":{"bitbucket_issues_list":true},)"
                     R"("configuration":{"clientId":"new-key","scopes":["account"]}})",
                     kJson);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const auto c = parse(r->body);
  expect_connector(c);
  EXPECT_STREQ(c["name"].GetString(), "Renamed");
  EXPECT_FALSE(c["isActive"].GetBool());
  EXPECT_TRUE(c["enabledApis"]["bitbucket_issues_list"].GetBool());
  EXPECT_TRUE(c["enabledApis"]["bitbucket_repositories_list"].GetBool());
  EXPECT_STREQ(c["configuration"]["clientId"].GetString(), "new-key");
  EXPECT_STREQ(c["configuration"]["customConfiguration"]["workspace"].GetString(), "acme");
  EXPECT_STRNE(c["updatedAt"].GetString(), "");

  auto stored = parse(client_->Get("/_emulator/frontegg/connectors?environment=dev")->body);
  EXPECT_STREQ(stored[0]["configuration"]["clientSecret"].GetString(), "consumer-secret");
  ASSERT_EQ(client_->Patch(one(id), bearer(token_), R"({"configuration":{"clientSecret":"rotated"}})", kJson)
                ->status,
            200);
  stored = parse(client_->Get("/_emulator/frontegg/connectors?environment=dev")->body);
  EXPECT_STREQ(stored[0]["configuration"]["clientSecret"].GetString(), "rotated");

  for (const char* body :
       {R"({"slug":"other"})", R"({"name":7})", R"({"unknown":1})", R"({"enabledApis":{"x":true}})",
        R"({"configuration":{"clientSecret":5}})", "nope"}) {
    auto refused = client_->Patch(one(id), bearer(token_), body, kJson);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 400) << body;
    expect_frontegg_errors(refused->body);
  }
  // A refused patch changed nothing.
  stored = parse(client_->Get("/_emulator/frontegg/connectors?environment=dev")->body);
  EXPECT_STREQ(stored[0]["slug"].GetString(), "bitbucket");
  EXPECT_STREQ(stored[0]["name"].GetString(), "Renamed");
  EXPECT_EQ(client_->Patch(one(id), bearer(token_), R"({"slug":"bitbucket"})", kJson)->status, 200);
  EXPECT_EQ(client_->Patch(one("unknown"), bearer(token_), R"({"name":"x"})", kJson)->status, 404);
}

TEST_F(ConnectorsTest, DeleteReturns200EmptyAndUnknownIdIs404) {
  const std::string id = create_ok("bitbucket");
  auto r = client_->Delete(one(id) + "?appId=" + app_, bearer(token_));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(r->body.empty());
  EXPECT_EQ(client_->Get(std::string(kConnectors) + "?appId=" + app_, bearer(token_))->body, "[]");
  auto again = client_->Delete(one(id), bearer(token_));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 404);
  expect_frontegg_errors(again->body);
}

TEST_F(ConnectorsTest, ByTemplateFindsTheConnectorOfAnApp) {
  create_ok("bitbucket");
  auto r = client_->Get(std::string(kConnectors) + "/by-template/bitbucket?appId=" + app_, bearer(token_));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  expect_connector(parse(r->body));
  EXPECT_EQ(
      client_->Get(std::string(kConnectors) + "/by-template/gitlab?appId=" + app_, bearer(token_))->status,
      404);
}

}  // namespace
}  // namespace linkform::emulator::testing
