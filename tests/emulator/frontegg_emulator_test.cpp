// The Frontegg half over loopback: vendor auth, applications, templates, the
// trace id header and per-environment tokens.

#include <set>
#include <thread>

#include "tests/emulator/emulator_fixture.h"

namespace linkform::emulator::testing {
namespace {

class FronteggEmulatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    emu_ = start_emulator();
    ASSERT_NE(emu_, nullptr);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", emu_->port());
  }
  std::unique_ptr<Emulator> emu_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(FronteggEmulatorTest, VendorAuthReturnsTokenAndExpiry) {
  for (const char* path : {"/auth/vendor", "/auth/vendor/"}) {
    auto r = client_->Post(path, R"({"clientId":"prod-client-id","secret":"prod-secret"})", kJson);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    const auto doc = parse(r->body);
    expect_fields(doc, {"token", "expiresIn"});
    EXPECT_EQ(doc["expiresIn"].GetInt(), 3600);
    EXPECT_GT(doc["token"].GetStringLength(), 20u);
  }
}

TEST_F(FronteggEmulatorTest, VendorAuthRefusesWrongAndMissingCredentials) {
  auto wrong = client_->Post("/auth/vendor", R"({"clientId":"dev-client-id","secret":"prod-secret"})", kJson);
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  expect_frontegg_errors(wrong->body);
  auto missing = client_->Post("/auth/vendor", R"({"clientId":"dev-client-id"})", kJson);
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 400);
  expect_frontegg_errors(missing->body);
  auto not_json = client_->Post("/auth/vendor", "clientId=x", "application/x-www-form-urlencoded");
  ASSERT_TRUE(not_json);
  EXPECT_EQ(not_json->status, 400);
}

TEST_F(FronteggEmulatorTest, EveryReplyCarriesATraceId) {
  const std::string token = frontegg_token(*client_);
  std::vector<httplib::Result> replies;
  replies.push_back(client_->Post("/auth/vendor", "{}", kJson));
  replies.push_back(client_->Get("/applications/resources/applications/v1", bearer(token)));
  replies.push_back(client_->Get("/applications/resources/applications/v1"));
  replies.push_back(client_->Get("/no/such/path"));
  replies.push_back(client_->Delete(std::string(kConnectors) + "/nope", bearer(token)));
  std::set<std::string> ids;
  for (const auto& r : replies) {
    ASSERT_TRUE(r);
    const std::string id = r->get_header_value("frontegg-trace-id");
    EXPECT_EQ(id.size(), 32u) << r->status;
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), replies.size()) << "trace ids repeat";
}

TEST_F(FronteggEmulatorTest, UnknownPathIs404WithErrors) {
  auto r = client_->Get("/identity/resources/users/v1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  expect_frontegg_errors(r->body);
}

TEST_F(FronteggEmulatorTest, ResourcesNeedAValidBearerToken) {
  for (const auto& headers :
       {httplib::Headers{}, bearer("forged"), httplib::Headers{{"Authorization", "Basic x"}}}) {
    for (const std::string& path : std::vector<std::string>{"/applications/resources/applications/v1",
                                                            std::string(kConnectors) + "/templates",
                                                            std::string(kConnectors) + "?appId=x"}) {
      auto r = client_->Get(path, headers);
      ASSERT_TRUE(r);
      EXPECT_EQ(r->status, 401) << path;
      expect_frontegg_errors(r->body);
    }
  }
}

TEST_F(FronteggEmulatorTest, TokensExpire) {
  emu_.reset();
  EmulatorOptions options;
  options.frontegg_token_ttl_s = 1;
  emu_ = start_emulator(options);
  client_ = std::make_unique<httplib::Client>("127.0.0.1", emu_->port());
  const std::string token = frontegg_token(*client_);
  ASSERT_EQ(client_->Get("/applications/resources/applications/v1", bearer(token))->status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto r = client_->Get("/applications/resources/applications/v1", bearer(token));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
}

TEST_F(FronteggEmulatorTest, ApplicationsHaveTheSpecsRequiredFieldsAndDifferPerEnvironment) {
  std::set<std::string> app_ids;
  for (const char* env : {"dev", "prod"}) {
    auto r = client_->Get("/applications/resources/applications/v1", bearer(frontegg_token(*client_, env)));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200);
    const auto doc = parse(r->body);
    ASSERT_TRUE(doc.IsArray());
    ASSERT_EQ(doc.Size(), 1u);
    // ApplicationsResponse's required fields (applications.json).
    expect_fields(doc[0], {"id", "vendorId", "accessType", "appURL", "loginURL", "isDefault", "isActive",
                           "name", "logoURL", "createdAt", "updatedAt", "type", "frontendStack",
                           "description", "integrationFinishedAt", "allowDcr"});
    EXPECT_STREQ(doc[0]["name"].GetString(), "Agen for Work");
    app_ids.insert(doc[0]["id"].GetString());
  }
  EXPECT_EQ(app_ids.size(), 2u);
}

TEST_F(FronteggEmulatorTest, TemplatesIncludeBitbucketWithGroupedApis) {
  auto r = client_->Get(std::string(kConnectors) + "/templates", bearer(frontegg_token(*client_)));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  const auto doc = parse(r->body);
  ASSERT_TRUE(doc.IsArray());
  ASSERT_EQ(doc.Size(), 2u);  // one per code host: Bitbucket's, then GitLab's
  EXPECT_STREQ(doc[1]["integrationId"].GetString(), "gitlab");
  const auto& t = doc[0];
  // IntegrationTemplateResponseDto's required fields.
  expect_fields(t, {"id", "integrationId", "name", "config", "apis"});
  EXPECT_STREQ(t["integrationId"].GetString(), "bitbucket");
  EXPECT_STREQ(t["name"].GetString(), "Bitbucket");
  EXPECT_EQ(std::string(t["id"].GetString()).size(), 36u);
  EXPECT_TRUE(t["config"].IsObject());
  int apis = 0;
  for (const auto& group : t["apis"].GetObject()) {
    for (const auto& api : group.value.GetObject()) {
      expect_fields(api.value, {"id", "name", "description"});
      ++apis;
    }
  }
  EXPECT_GE(apis, 3);
  EXPECT_LE(apis, 5);
  EXPECT_STREQ(t["apis"]["repositories"]["list"]["id"].GetString(), "bitbucket_repositories_list");
}

TEST_F(FronteggEmulatorTest, OneEnvironmentsTokenNeverSeesAnothersConnectors) {
  const std::string dev = frontegg_token(*client_, "dev");
  const std::string prod = frontegg_token(*client_, "prod");
  const std::string dev_app = first_app_id(*client_, dev);
  auto created = client_->Post(kConnectors, bearer(dev), connector_body(dev_app, "bitbucket"), kJson);
  ASSERT_TRUE(created && created->status == 201) << body_of(created);
  const std::string id = parse(created->body)["id"].GetString();

  auto list = client_->Get(std::string(kConnectors) + "?appId=" + dev_app, bearer(prod));
  ASSERT_TRUE(list);
  EXPECT_EQ(list->body, "[]");
  std::vector<httplib::Result> replies;
  replies.push_back(client_->Get(std::string(kConnectors) + "/" + id, bearer(prod)));
  replies.push_back(
      client_->Patch(std::string(kConnectors) + "/" + id, bearer(prod), R"({"name":"x"})", kJson));
  replies.push_back(client_->Delete(std::string(kConnectors) + "/" + id, bearer(prod)));
  for (const auto& r : replies) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404);
  }
  auto still = client_->Get(std::string(kConnectors) + "?appId=" + dev_app, bearer(dev));
  EXPECT_EQ(parse(still->body).Size(), 1u);
}

}  // namespace
}  // namespace linkform::emulator::testing
