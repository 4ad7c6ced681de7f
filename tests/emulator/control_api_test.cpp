// The control API over loopback: consumers as a person edits them in
// Bitbucket's UI, the stored connectors, seed/reset/state, the request log
// and global latency.

#include <chrono>

#include "tests/emulator/emulator_fixture.h"

namespace linkform::emulator::testing {
namespace {

class ControlApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    emu_ = start_emulator();
    ASSERT_NE(emu_, nullptr);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", emu_->port());
  }
  std::unique_ptr<Emulator> emu_;
  std::unique_ptr<httplib::Client> client_;
};

bool alnum(const std::string& s) {
  return std::ranges::all_of(s, [](unsigned char c) { return std::isalnum(c) != 0; });
}

// `curl -X POST URL` sends no Content-Length; httplib refuses that before any handler runs. The reply
// must say why (the README's examples once failed this way with an empty 400).
TEST_F(ControlApiTest, APostWithoutContentLengthIsRefusedWithAReason) {
  const std::string reply = raw_exchange(
      emu_->port(), "POST /_emulator/reset HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << reply;
  EXPECT_NE(reply.find(R"({"errors":["a POST needs a Content-Length header)"), std::string::npos) << reply;
  // With an empty body it works.
  const std::string ok =
      raw_exchange(emu_->port(),
                   "POST /_emulator/reset HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n"
                   "Connection: close\r\n\r\n");
  EXPECT_EQ(ok.rfind("HTTP/1.1 200", 0), 0u) << ok;
}

TEST_F(ControlApiTest, CreatingAConsumerReturnsANewStyleKeyAndSecret) {
  auto r = client_->Post(
      "/_emulator/bitbucket/consumers",
      R"({"workspace":"acme","name":"Frontegg Integration","description":"d",)"
      R"("callback_url":"https://cb","url":"https://u","private":true,"permissions":["account"]})",
      kJson);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  const auto doc = parse(r->body);
  expect_fields(doc, {"workspace", "key", "secret", "name", "description", "callback_url", "url", "private",
                      "permissions"});
  const std::string key = doc["key"].GetString();
  const std::string secret = doc["secret"].GetString();
  EXPECT_EQ(key.size(), 32u);
  EXPECT_EQ(secret.size(), 76u);
  EXPECT_TRUE(alnum(key) && alnum(secret));
  EXPECT_NE(create_consumer(*client_).key, key) << "keys must be random";
}

TEST_F(ControlApiTest, ConsumerCreationRefusesUnknownWorkspacesAndPermissions) {
  const auto post = [&](const std::string& body) {
    return client_->Post("/_emulator/bitbucket/consumers", body, kJson);
  };
  EXPECT_EQ(post(R"({"workspace":"nope","name":"n"})")->status, 404);
  for (const char* body : {R"({"workspace":"acme","name":"n","permissions":["repo"]})",
                           R"({"workspace":"acme","name":"n","permissions":["project:write"]})",
                           R"({"workspace":"acme","permissions":["account"]})",
                           R"({"workspace":"acme","name":"n","key":"k"})", R"({"name":"n"})", "[]"}) {
    auto r = post(body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << body;
    expect_frontegg_errors(r->body);
  }
  EXPECT_EQ(client_->Get("/_emulator/bitbucket/consumers")->body, "[]");
}

TEST_F(ControlApiTest, ListingConsumersShowsNoSecrets) {
  const Consumer c = create_consumer(*client_);
  auto r = client_->Get("/_emulator/bitbucket/consumers");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  const auto doc = parse(r->body);
  ASSERT_EQ(doc.Size(), 1u);
  EXPECT_STREQ(doc[0]["key"].GetString(), c.key.c_str());
  EXPECT_FALSE(doc[0].HasMember("secret"));
  EXPECT_EQ(r->body.find(c.secret), std::string::npos);
}

TEST_F(ControlApiTest, EditingAConsumerChangesWhatTheTokenEndpointSays) {
  const Consumer c = create_consumer(*client_);
  auto r = client_->Patch("/_emulator/bitbucket/consumers/" + c.key,
                          R"({"permissions":["account","pullrequest","issue"],"name":"Renamed"})", kJson);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_STREQ(parse(r->body)["name"].GetString(), "Renamed");
  auto token = bitbucket_token(*client_, c.key, c.secret);
  // Bitbucket since 2026-08-20: Issues are gone, and the token reply leaves their scope out.
  EXPECT_STREQ(parse(token->body)["scope"].GetString(), "account pullrequest");

  ASSERT_EQ(client_->Patch("/_emulator/bitbucket/consumers/" + c.key, R"({"private":false})", kJson)->status,
            200);
  EXPECT_EQ(bitbucket_token(*client_, c.key, c.secret)->status, 400);

  EXPECT_EQ(client_->Patch("/_emulator/bitbucket/consumers/nope", R"({"name":"x"})", kJson)->status, 404);
  for (const char* body :
       {R"({"key":"x"})", R"({"secret":"x"})", R"({"permissions":["nope"]})", R"({"private":"yes"})"}) {
    EXPECT_EQ(client_->Patch("/_emulator/bitbucket/consumers/" + c.key, body, kJson)->status, 400) << body;
  }
  // Refused edits changed nothing.
  EXPECT_EQ(parse(client_->Get("/_emulator/bitbucket/consumers")->body)[0]["permissions"].Size(), 3u);
}

TEST_F(ControlApiTest, RegeneratingASecretRetiresTheOldOne) {
  const Consumer c = create_consumer(*client_);
  auto r = client_->Post("/_emulator/bitbucket/consumers/" + c.key + "/regenerate-secret", "", kJson);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  const auto doc = parse(r->body);
  EXPECT_STREQ(doc["key"].GetString(), c.key.c_str());
  const std::string secret = doc["secret"].GetString();
  EXPECT_NE(secret, c.secret);
  EXPECT_EQ(bitbucket_token(*client_, c.key, c.secret)->status, 400);
  EXPECT_EQ(bitbucket_token(*client_, c.key, secret)->status, 200);
  EXPECT_EQ(client_->Post("/_emulator/bitbucket/consumers/nope/regenerate-secret", "", kJson)->status, 404);
}

TEST_F(ControlApiTest, DeletingAConsumerRevokesItsTokens) {
  const Consumer c = create_consumer(*client_);
  const std::string token =
      parse(bitbucket_token(*client_, c.key, c.secret)->body)["access_token"].GetString();
  auto r = client_->Delete("/_emulator/bitbucket/consumers/" + c.key);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204);
  EXPECT_EQ(client_->Get("/2.0/workspaces/acme", bearer(token))->status, 401);
  EXPECT_EQ(client_->Delete("/_emulator/bitbucket/consumers/" + c.key)->status, 404);
}

TEST_F(ControlApiTest, StoredConnectorsIncludeTheClientSecret) {
  const std::string token = frontegg_token(*client_, "prod");
  ASSERT_EQ(client_
                ->Post(kConnectors, bearer(token),
                       connector_body(first_app_id(*client_, token), "bb", "s3cr3t"), kJson)
                ->status,
            201);
  auto prod = parse(client_->Get("/_emulator/frontegg/connectors?environment=prod")->body);
  ASSERT_EQ(prod.Size(), 1u);
  EXPECT_STREQ(prod[0]["configuration"]["clientSecret"].GetString(), "s3cr3t");
  EXPECT_STREQ(prod[0]["environment"].GetString(), "prod");
  EXPECT_EQ(client_->Get("/_emulator/frontegg/connectors?environment=dev")->body, "[]");
  EXPECT_EQ(parse(client_->Get("/_emulator/frontegg/connectors")->body).Size(), 1u);
}

// Drift as a person makes it in the portal: rename, disable, another workspace, scopes, a client id.
TEST_F(ControlApiTest, AStoredConnectorCanBeEditedAsInThePortal) {
  const std::string token = frontegg_token(*client_, "prod");
  auto created = client_->Post(kConnectors, bearer(token),
                               connector_body(first_app_id(*client_, token), "bb", "s3cr3t"), kJson);
  ASSERT_EQ(created->status, 201);
  const std::string id = parse(created->body)["id"].GetString();
  auto edited = client_->Patch(
      "/_emulator/frontegg/connectors/" + id + "?environment=prod",
      R"({"name":"Renamed","isActive":false,"configuration":{"clientId":"other-key","customConfiguration":{"workspace":"elsewhere"},"scopes":["account"]}})",
      kJson);
  ASSERT_EQ(edited->status, 200) << edited->body;
  auto stored = parse(client_->Get("/_emulator/frontegg/connectors?environment=prod")->body);
  EXPECT_STREQ(stored[0]["name"].GetString(), "Renamed");
  EXPECT_FALSE(stored[0]["isActive"].GetBool());
  EXPECT_STREQ(stored[0]["configuration"]["clientId"].GetString(), "other-key");
  EXPECT_STREQ(stored[0]["configuration"]["customConfiguration"]["workspace"].GetString(), "elsewhere");
  EXPECT_EQ(stored[0]["configuration"]["scopes"].Size(), 1u);
  EXPECT_STREQ(stored[0]["configuration"]["clientSecret"].GetString(), "s3cr3t") << "not named, not changed";
  auto unknown_environment = client_->Patch("/_emulator/frontegg/connectors/" + id + "?environment=staging",
                                            R"({"name":"x"})", kJson);
  EXPECT_EQ(unknown_environment->status, 404);
  EXPECT_NE(unknown_environment->body.find("dev, prod"), std::string::npos) << unknown_environment->body;
  EXPECT_EQ(client_->Patch("/_emulator/frontegg/connectors/nope?environment=prod", R"({"name":"x"})", kJson)
                ->status,
            404);
}

// curl -d sends application/x-www-form-urlencoded: the body is still read as JSON, and a form body over
// the HTTP server's form limit is refused with that limit and the header to send instead.
TEST_F(ControlApiTest, JsonIsReadWhateverTheContentTypeAndTheFormLimitIsNamed) {
  const char* kForm = "application/x-www-form-urlencoded";
  auto r = client_->Post(
      "/_emulator/bitbucket/consumers",
      R"({"workspace":"acme","name":"Form","callback_url":"https://x.example/cb","permissions":["account"]})",
      kForm);
  ASSERT_EQ(r->status, 201) << r->body;
  const std::string big = R"({"workspace":"acme","name":")" + std::string(9000, 'x') +
                          R"(","callback_url":"https://x.example/cb","permissions":["account"]})";
  auto refused = client_->Post("/_emulator/bitbucket/consumers", big, kForm);
  EXPECT_EQ(refused->status, 413);
  EXPECT_NE(refused->body.find("8192 bytes"), std::string::npos) << refused->body;
  EXPECT_NE(refused->body.find("Content-Type: application/json"), std::string::npos) << refused->body;
  EXPECT_EQ(client_->Post("/_emulator/bitbucket/consumers", big, kJson)->status, 201);
}

// The links in linkform's manual steps lead somewhere on the emulator.
TEST_F(ControlApiTest, TheConsumerPagesThePlanLinksToExist) {
  auto form = client_->Get("/acme/workspace/settings/oauth-consumers/new");
  ASSERT_EQ(form->status, 200);
  EXPECT_NE(form->body.find("/_emulator/bitbucket/consumers"), std::string::npos) << form->body;
  EXPECT_TRUE(form->get_header_value("Content-Type").starts_with("text/plain"));
  const auto c = create_consumer(*client_);
  auto list = client_->Get("/acme/workspace/settings/oauth-consumers");
  ASSERT_EQ(list->status, 200);
  EXPECT_NE(list->body.find(c.key), std::string::npos) << list->body;
  EXPECT_EQ(list->body.find(c.secret), std::string::npos) << "a page never shows a secret";
}

TEST_F(ControlApiTest, SeedReplacesEverythingAndResetReturnsToTheStartSeed) {
  const std::string acme_uuid =
      parse(client_->Get("/_emulator/state")->body)["bitbucket"]["workspaces"][0]["uuid"].GetString();
  create_consumer(*client_);
  const std::string seed =
      R"({"bitbucket":{"workspaces":[{"slug":"w2","name":"W2","uuid":"{u}"}],)"
      R"("consumers":[{"workspace":"w2","key":"k","secret":"s","name":"n","callback_url":"https://c",)"
      R"("private":true,"permissions":["repository"]}]},)"
      R"("frontegg":{"environments":[{"name":"staging","client_id":"sc","secret":"ss",)"
      R"("applications":[{"id":"app-1","name":"App"}]}]}})";
  auto r = client_->Post("/_emulator/seed", seed, kJson);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_STREQ(parse(bitbucket_token(*client_, "k", "s")->body)["scope"].GetString(), "repository");
  EXPECT_EQ(
      client_->Post("/auth/vendor", R"({"clientId":"dev-client-id","secret":"dev-secret"})", kJson)->status,
      401);
  auto staging = client_->Post("/auth/vendor", R"({"clientId":"sc","secret":"ss"})", kJson);
  ASSERT_EQ(staging->status, 200);
  // An environment seeded without templates gets the Bitbucket template.
  auto templates = client_->Get(std::string(kConnectors) + "/templates",
                                bearer(parse(staging->body)["token"].GetString()));
  EXPECT_STREQ(parse(templates->body)[0]["integrationId"].GetString(), "bitbucket");

  for (const char* bad : {"nope", R"({"other":{}})", R"({"bitbucket":{"consumers":[{"workspace":"x"}]}})",
                          R"({"frontegg":{"environments":[{"name":"a"}]}})"}) {
    auto refused = client_->Post("/_emulator/seed", bad, kJson);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 400) << bad;
  }
  EXPECT_EQ(bitbucket_token(*client_, "k", "s")->status, 200) << "a refused seed changed the state";

  ASSERT_EQ(client_->Post("/_emulator/reset", "", kJson)->status, 200);
  const auto state = parse(client_->Get("/_emulator/state")->body);
  EXPECT_STREQ(state["bitbucket"]["workspaces"][0]["uuid"].GetString(), acme_uuid.c_str());
  EXPECT_EQ(state["bitbucket"]["consumers"].Size(), 0u);
  EXPECT_EQ(state["frontegg"]["environments"].Size(), 2u);
  EXPECT_EQ(
      client_->Post("/auth/vendor", R"({"clientId":"dev-client-id","secret":"dev-secret"})", kJson)->status,
      200);
}

TEST_F(ControlApiTest, StateShowsBothSectionsWithSecrets) {
  const Consumer c = create_consumer(*client_);
  const auto state = parse(client_->Get("/_emulator/state")->body);
  const auto& envs = state["frontegg"]["environments"];
  ASSERT_EQ(envs.Size(), 2u);
  EXPECT_STREQ(envs[0]["name"].GetString(), "dev");
  EXPECT_STREQ(envs[0]["client_id"].GetString(), "dev-client-id");
  EXPECT_STREQ(envs[1]["secret"].GetString(), "prod-secret");
  EXPECT_STRNE(envs[0]["applications"][0]["id"].GetString(), envs[1]["applications"][0]["id"].GetString());
  EXPECT_STREQ(state["bitbucket"]["consumers"][0]["secret"].GetString(), c.secret.c_str());
}

TEST_F(ControlApiTest, RequestLogListsVendorRequestsInOrderWithoutCredentials) {
  const Consumer c = create_consumer(*client_);
  bitbucket_token(*client_, c.key, c.secret);
  const std::string token = frontegg_token(*client_);
  client_->Get(std::string(kConnectors) + "?appId=abc", bearer(token));
  client_->Get("/_emulator/state");
  auto r = client_->Get("/_emulator/requests");
  ASSERT_TRUE(r);
  const auto log = parse(r->body);
  ASSERT_EQ(log.Size(), 3u) << r->body;
  EXPECT_STREQ(log[0]["method"].GetString(), "POST");
  EXPECT_STREQ(log[0]["path"].GetString(), "/site/oauth2/access_token");
  EXPECT_EQ(log[0]["status"].GetInt(), 200);
  EXPECT_STREQ(log[1]["path"].GetString(), "/auth/vendor");
  EXPECT_STREQ(log[2]["path"].GetString(), (std::string(kConnectors) + "?appId=abc").c_str());
  EXPECT_TRUE(log[2]["duration_ms"].IsInt());
  for (const std::string& secret : {c.key, c.secret, token, std::string("dev-secret")}) {
    EXPECT_EQ(r->body.find(secret), std::string::npos);
  }
  EXPECT_EQ(client_->Delete("/_emulator/requests")->status, 204);
  EXPECT_EQ(client_->Get("/_emulator/requests")->body, "[]");
}

TEST_F(ControlApiTest, GlobalLatencyDelaysVendorRequestsOnly) {
  auto set = client_->Post("/_emulator/latency", R"({"ms":150})", kJson);
  ASSERT_TRUE(set);
  ASSERT_EQ(set->status, 200);
  auto started = std::chrono::steady_clock::now();
  client_->Get("/no/such/path");
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(150));
  EXPECT_GE(parse(client_->Get("/_emulator/requests")->body)[0]["duration_ms"].GetInt(), 150);
  started = std::chrono::steady_clock::now();
  client_->Get("/_emulator/health");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(150));
  EXPECT_EQ(client_->Post("/_emulator/latency", R"({"ms":-1})", kJson)->status, 400);
  ASSERT_EQ(client_->Post("/_emulator/latency", R"({"ms":0})", kJson)->status, 200);
  EXPECT_STREQ(client_->Get("/_emulator/latency")->body.c_str(), R"({"ms":0})");
}

TEST_F(ControlApiTest, UnknownControlEndpointIs404) {
  auto r = client_->Get("/_emulator/nope");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(client_->Get("/_emulator/requests")->body, "[]") << "control requests are not logged";
}

}  // namespace
}  // namespace linkform::emulator::testing
