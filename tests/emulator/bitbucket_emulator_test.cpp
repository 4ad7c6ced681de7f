// The Bitbucket half over loopback: the token endpoint's every reply
// (README, vendor assumptions) and GET /2.0/workspaces/{workspace}.

#include <thread>

#include "tests/emulator/emulator_fixture.h"

namespace linkform::emulator::testing {
namespace {

class BitbucketEmulatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    emu_ = start_emulator();
    ASSERT_NE(emu_, nullptr);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", emu_->port());
  }
  std::string token_for(const Consumer& c) {
    auto r = bitbucket_token(*client_, c.key, c.secret);
    EXPECT_TRUE(r && r->status == 200) << body_of(r);
    return r && r->status == 200 ? parse(r->body)["access_token"].GetString() : "";
  }
  std::unique_ptr<Emulator> emu_;
  std::unique_ptr<httplib::Client> client_;
};

void expect_oauth_error(const httplib::Result& r, int status, const char* error) {
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, status);
  const auto doc = parse(r->body);
  ASSERT_TRUE(doc.IsObject() && doc.HasMember("error") && doc.HasMember("error_description")) << r->body;
  EXPECT_STREQ(doc["error"].GetString(), error);
}

// Bitbucket since 2026-05-04: "scope", and no refresh token for client credentials.
TEST_F(BitbucketEmulatorTest, ClientCredentialsGrantReturnsTheConsumersPermissionsAsScope) {
  const Consumer c = create_consumer(*client_);
  auto r = bitbucket_token(*client_, c.key, c.secret);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const auto doc = parse(r->body);
  expect_fields(doc, {"access_token", "scope", "expires_in", "token_type", "state"});
  EXPECT_FALSE(doc.HasMember("scopes")) << r->body;
  EXPECT_FALSE(doc.HasMember("refresh_token")) << r->body;
  EXPECT_STREQ(doc["scope"].GetString(), "account repository");
  EXPECT_EQ(doc["expires_in"].GetInt(), 7200);
  EXPECT_STREQ(doc["token_type"].GetString(), "bearer");
  EXPECT_STREQ(doc["state"].GetString(), "client_credentials");
  EXPECT_GT(doc["access_token"].GetStringLength(), 20u);
}

TEST(BitbucketEmulatorShapes, Pre2026TokenReplyCarriesScopesAndARefreshToken) {
  EmulatorOptions options;
  options.bitbucket_pre_2026_token_reply = true;
  auto emu = start_emulator(options);
  ASSERT_NE(emu, nullptr);
  httplib::Client client("127.0.0.1", emu->port());
  const Consumer c = create_consumer(client);
  auto r = bitbucket_token(client, c.key, c.secret);
  ASSERT_TRUE(r && r->status == 200) << body_of(r);
  const auto doc = parse(r->body);
  expect_fields(doc, {"access_token", "scopes", "expires_in", "token_type", "state", "refresh_token"});
  EXPECT_FALSE(doc.HasMember("scope")) << r->body;
  EXPECT_STREQ(doc["scopes"].GetString(), "account repository");
}

TEST_F(BitbucketEmulatorTest, PublicConsumerIsRefusedWithInvalidGrant) {
  const Consumer c = create_consumer(*client_, R"("private":false)");
  auto r = bitbucket_token(*client_, c.key, c.secret);
  expect_oauth_error(r, 400, "invalid_grant");
  EXPECT_NE(r->body.find("marked as \\\"public\\\""), std::string::npos) << r->body;
}

TEST_F(BitbucketEmulatorTest, ConsumerWithoutCallbackUrlCannotGetTokens) {
  auto created =
      client_->Post("/_emulator/bitbucket/consumers",
                    R"({"workspace":"acme","name":"n","private":true,"permissions":["account"]})", kJson);
  ASSERT_TRUE(created && created->status == 201);
  const auto doc = parse(created->body);
  expect_oauth_error(bitbucket_token(*client_, doc["key"].GetString(), doc["secret"].GetString()), 400,
                     "invalid_request");
}

TEST_F(BitbucketEmulatorTest, WrongSecretUnknownKeyAndDeletedConsumerAreUnauthorizedClient) {
  const Consumer c = create_consumer(*client_);
  auto wrong = bitbucket_token(*client_, c.key, c.secret + "x");
  expect_oauth_error(wrong, 400, "unauthorized_client");
  EXPECT_NE(wrong->body.find("Invalid OAuth client credentials"), std::string::npos);
  expect_oauth_error(bitbucket_token(*client_, "nokey", c.secret), 400, "unauthorized_client");
  ASSERT_EQ(client_->Delete("/_emulator/bitbucket/consumers/" + c.key)->status, 204);
  expect_oauth_error(bitbucket_token(*client_, c.key, c.secret), 400, "unauthorized_client");
}

TEST_F(BitbucketEmulatorTest, MissingCredentialsAndOtherGrantTypesAreRefused) {
  auto missing = bitbucket_token(*client_, "", "");
  expect_oauth_error(missing, 400, "unauthorized_client");
  EXPECT_NE(missing->body.find("Client credentials missing"), std::string::npos);
  const Consumer c = create_consumer(*client_);
  expect_oauth_error(bitbucket_token(*client_, c.key, c.secret, "grant_type=password"), 400,
                     "unsupported_grant_type");
  expect_oauth_error(bitbucket_token(*client_, c.key, c.secret, ""), 400, "unsupported_grant_type");
}

TEST_F(BitbucketEmulatorTest, WorkspaceWithTokenHasTheSpecsFields) {
  const std::string token = token_for(create_consumer(*client_));
  auto r = client_->Get("/2.0/workspaces/acme", bearer(token));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const auto doc = parse(r->body);
  expect_fields(doc, {"type", "uuid", "name", "slug", "links", "is_private", "created_on"});
  EXPECT_STREQ(doc["type"].GetString(), "workspace");
  EXPECT_STREQ(doc["slug"].GetString(), "acme");
  EXPECT_STREQ(doc["name"].GetString(), "Acme");
  const std::string uuid = doc["uuid"].GetString();
  EXPECT_TRUE(uuid.starts_with("{") && uuid.ends_with("}") && uuid.size() == 38) << uuid;
  expect_fields(doc["links"], {"self", "html", "avatar", "members", "projects", "repositories"});
  EXPECT_TRUE(doc["links"]["self"]["href"].IsString());
  // The workspace can also be named by its UUID.
  const std::string encoded = "%7B" + uuid.substr(1, uuid.size() - 2) + "%7D";
  auto by_uuid = client_->Get("/2.0/workspaces/" + encoded, bearer(token));
  ASSERT_TRUE(by_uuid);
  EXPECT_EQ(by_uuid->status, 200) << by_uuid->body;
}

TEST_F(BitbucketEmulatorTest, UnknownWorkspaceIs404WithBitbucketsMessage) {
  const std::string token = token_for(create_consumer(*client_));
  auto r = client_->Get("/2.0/workspaces/nope", bearer(token));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  expect_bitbucket_error(r->body);
  EXPECT_STREQ(parse(r->body)["error"]["message"].GetString(), "No workspace with identifier 'nope'.");
}

TEST_F(BitbucketEmulatorTest, WorkspaceNeedsAValidBearerToken) {
  for (const auto& headers : {httplib::Headers{}, bearer("not-a-token")}) {
    auto r = client_->Get("/2.0/workspaces/acme", headers);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401);
    expect_bitbucket_error(r->body);
  }
}

TEST_F(BitbucketEmulatorTest, TokensExpire) {
  emu_.reset();
  EmulatorOptions options;
  options.bitbucket_token_ttl_s = 1;
  emu_ = start_emulator(options);
  client_ = std::make_unique<httplib::Client>("127.0.0.1", emu_->port());
  const std::string token = token_for(create_consumer(*client_));
  ASSERT_EQ(client_->Get("/2.0/workspaces/acme", bearer(token))->status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto r = client_->Get("/2.0/workspaces/acme", bearer(token));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_STREQ(parse(r->body)["error"]["message"].GetString(), "Access token expired.");
}

TEST_F(BitbucketEmulatorTest, TokenOfAnotherWorkspacesConsumerIsForbidden) {
  const std::string seed = R"({"bitbucket":{"workspaces":[{"slug":"acme"},{"slug":"other"}]}})";
  ASSERT_EQ(client_->Post("/_emulator/seed", seed, kJson)->status, 200);
  const std::string token = token_for(create_consumer(*client_));
  auto r = client_->Get("/2.0/workspaces/other", bearer(token));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  expect_bitbucket_error(r->body);
}

TEST_F(BitbucketEmulatorTest, UnknownBitbucketPathIs404ErrorObject) {
  auto r = client_->Get("/2.0/repositories/acme");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  expect_bitbucket_error(r->body);
  EXPECT_FALSE(r->has_header("frontegg-trace-id"));
}

}  // namespace
}  // namespace linkform::emulator::testing

namespace linkform::emulator::testing {
namespace {

// Issues and Wikis are gone since 2026-08-20: today's token reply leaves their scopes out, and the
// workspace reply's x-oauth-scopes header carries what the token holds. Before that date (a flag), both
// list them.
std::pair<std::string, std::string> token_scope_and_header(Emulator& emu) {
  httplib::Client client("127.0.0.1", emu.port());
  const Consumer c = create_consumer(client);
  auto edited = client.Patch("/_emulator/bitbucket/consumers/" + c.key,
                             R"({"permissions":["account","repository","issue:write","wiki"]})", kJson);
  EXPECT_TRUE(edited && edited->status == 200) << body_of(edited);
  auto r = bitbucket_token(client, c.key, c.secret);
  EXPECT_TRUE(r && r->status == 200) << body_of(r);
  const auto doc = parse(r ? r->body : "{}");
  auto ws = client.Get("/2.0/workspaces/acme", bearer(doc["access_token"].GetString()));
  EXPECT_TRUE(ws && ws->status == 200) << body_of(ws);
  return {doc["scope"].GetString(), ws ? ws->get_header_value("x-oauth-scopes") : ""};
}

TEST(BitbucketEmulatorIssuesSunset, TodaysTokenAndHeaderLeaveRetiredScopesOut) {
  auto emu = start_emulator();
  ASSERT_NE(emu, nullptr);
  const auto [scope, header] = token_scope_and_header(*emu);
  EXPECT_EQ(scope, "account repository");
  EXPECT_EQ(header, "account, repository");
}

TEST(BitbucketEmulatorIssuesSunset, BeforeTheSunsetTheyAreListed) {
  EmulatorOptions options;
  options.bitbucket_before_issues_sunset = true;
  auto emu = start_emulator(options);
  ASSERT_NE(emu, nullptr);
  const auto [scope, header] = token_scope_and_header(*emu);
  EXPECT_EQ(scope, "account repository issue:write wiki");
  EXPECT_EQ(header, "account, repository, issue:write, wiki");
}

// The MCP gateway's public pages, on the emulator's origin, without authentication.
TEST(EmulatorGateway, ServesItsDiscoveryDocumentsAndCallbackPage) {
  auto emu = start_emulator();
  ASSERT_NE(emu, nullptr);
  httplib::Client client("127.0.0.1", emu->port());
  const std::string origin = "http://127.0.0.1:" + std::to_string(emu->port());
  auto prm = client.Get("/.well-known/oauth-protected-resource");
  ASSERT_TRUE(prm && prm->status == 200) << body_of(prm);
  EXPECT_STREQ(parse(prm->body)["resource"].GetString(), origin.c_str());
  EXPECT_STREQ(parse(prm->body)["authorization_servers"][0].GetString(), origin.c_str());
  auto as = client.Get("/.well-known/oauth-authorization-server");
  ASSERT_TRUE(as && as->status == 200) << body_of(as);
  EXPECT_STREQ(parse(as->body)["issuer"].GetString(), origin.c_str());
  auto callback = client.Get("/integration-callback");
  ASSERT_TRUE(callback && callback->status == 200) << body_of(callback);
  EXPECT_NE(callback->body.find(origin + "/integration-callback"), std::string::npos) << callback->body;
}

}  // namespace
}  // namespace linkform::emulator::testing
