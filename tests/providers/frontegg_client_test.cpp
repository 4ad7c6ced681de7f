// FronteggClient against the scripted FakeTransport: the endpoints, bodies, auth and errors of the README's
// vendor assumptions (from Frontegg's OpenAPI files).

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <atomic>
#include <thread>

#include "providers/frontegg/client.h"
#include "tests/support/fake_transport.h"

namespace linkform::frontegg {
namespace {

using linkform::testing::FakeTransport;
using namespace std::chrono_literals;

constexpr const char* kBase = "https://api.frontegg.example";
constexpr const char* kAuthUrl = "https://api.frontegg.example/auth/vendor";
constexpr const char* kAppsUrl = "https://api.frontegg.example/applications/resources/applications/v1";
constexpr const char* kConnectors =
    "https://api.frontegg.example/app-integrations/resources/custom-integrations/v1";
constexpr const char* kVendorSecret = "VENDOR-secret-0123456789abcdef";
constexpr const char* kToken = "BEARER-token-abcdefghijklmnop";
constexpr const char* kConsumerSecret = "CONSUMER-secret-zyxwvutsrqp";

std::string auth_reply(int expires_in = 86400) {
  return std::string(R"({"token":")") + kToken + R"(","expiresIn":)" + std::to_string(expires_in) + "}";
}

std::string connector_json(const std::string& id = "c1", const std::string& extra = "") {
  return R"({"id":")" + id +
         R"(","vendorId":"v","appId":"app-1","integrationTemplateId":"bitbucket","slug":"bb","name":"Bitbucket",)"
         R"("description":"d","isActive":true,"enabledApis":{"bitbucket_list_repos":true,"bitbucket_delete":false},)"
         R"("configuration":{"clientId":"key-1","customConfiguration":{"workspace":"acme","n":3},"scopes":["account"]},)"
         R"("createdAt":"2024-01-15T10:30:00.000Z","updatedAt":"2024-01-15T10:30:00.000Z","unknownField":{"x":[1]})" +
         extra + "}";
}

rapidjson::Document parse_body(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.c_str());
  EXPECT_FALSE(doc.HasParseError()) << body;
  return doc;
}

class FronteggClientTest : public ::testing::Test {
 protected:
  FakeTransport fake_;
  std::chrono::steady_clock::time_point now_{};
  FronteggClient client_{fake_, kBase, "client-id-1", Secret(kVendorSecret), [this] { return now_; }};

  void expect_auth(int expires_in = 86400) {
    fake_.expect("POST", kAuthUrl, FakeTransport::json(200, auth_reply(expires_in)));
  }

  static void expect_no_secrets(const Error& error) {
    for (const char* secret : {kVendorSecret, kToken, kConsumerSecret}) {
      EXPECT_EQ(error.message.find(secret), std::string::npos) << error.message;
    }
  }

  static ConnectorCreate sample_create() {
    ConnectorCreate c;
    c.app_id = "app-1";
    c.integration_template_id = "bitbucket";
    c.name = "Bitbucket";
    c.slug = "bb";
    c.description = "Bitbucket for Agen [linkform:v1 fp=00000000.0123456789abcdef0123456789abcdef]";
    c.api_names = {"bitbucket_list_repos", "bitbucket_get_pr"};
    c.client_id = "key-1";
    c.client_secret = Secret(kConsumerSecret);
    c.custom_configuration = {{"workspace", "acme"}};
    c.scopes = {"account", "repository"};
    return c;
  }
};

// --- auth ---

TEST_F(FronteggClientTest, AuthenticatesWithClientIdAndSecretThenSendsBearer) {
  expect_auth();
  fake_.expect("GET", kAppsUrl,
               FakeTransport::json(200, R"([{"id":"app-1","name":"Agen for Work","vendorId":"v"}])"));
  auto apps = client_.list_applications();
  ASSERT_TRUE(apps) << apps.error().message;
  ASSERT_EQ(apps->size(), 1u);
  EXPECT_EQ((*apps)[0].id, "app-1");
  EXPECT_EQ((*apps)[0].name, "Agen for Work");

  const auto requests = fake_.requests();
  const auto auth = parse_body(requests[0].body);
  EXPECT_STREQ(auth["clientId"].GetString(), "client-id-1");
  EXPECT_STREQ(auth["secret"].GetString(), kVendorSecret);
  EXPECT_EQ(FakeTransport::header(requests[0], "Content-Type"), "application/json");
  EXPECT_EQ(FakeTransport::header(requests[1], "Authorization"), std::string("Bearer ") + kToken);
}

// Account-level credentials: one VendorAuth for two environments, each client naming its environment.
TEST_F(FronteggClientTest, SharedAccountCredentialsAuthenticateOnceAndNameTheEnvironment) {
  auto auth = std::make_shared<VendorAuth>(fake_, kBase, "account-id", Secret(kVendorSecret),
                                           [this] { return now_; });
  FronteggClient dev(fake_, auth, "dev-client-id");
  FronteggClient prod(fake_, auth, "prod-client-id");
  expect_auth();
  fake_.expect("GET", kAppsUrl, FakeTransport::json(200, "[]"));
  fake_.expect("GET", kAppsUrl, FakeTransport::json(200, "[]"));
  ASSERT_TRUE(dev.list_applications());
  ASSERT_TRUE(prod.list_applications());
  EXPECT_EQ(auth->auth_count(), 1);
  const auto requests = fake_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(FakeTransport::header(requests[0], "frontegg-environment-id"), "");
  EXPECT_EQ(FakeTransport::header(requests[1], "frontegg-environment-id"), "dev-client-id");
  EXPECT_EQ(FakeTransport::header(requests[2], "frontegg-environment-id"), "prod-client-id");
}

TEST_F(FronteggClientTest, AnEnvironmentsOwnCredentialsSendNoEnvironmentHeader) {
  expect_auth();
  fake_.expect("GET", kAppsUrl, FakeTransport::json(200, "[]"));
  ASSERT_TRUE(client_.list_applications());
  EXPECT_EQ(FakeTransport::header(fake_.last_request(), "frontegg-environment-id"), "");
}

TEST_F(FronteggClientTest, TokenIsCachedAcrossCalls) {
  expect_auth();
  for (int i = 0; i < 3; ++i) fake_.expect("GET", kAppsUrl, FakeTransport::json(200, "[]"));
  for (int i = 0; i < 3; ++i) {
    now_ += 60s;
    EXPECT_TRUE(client_.list_applications());
  }
  EXPECT_EQ(client_.auth_count(), 1);
}

TEST_F(FronteggClientTest, TokenIsRefreshedShortlyBeforeExpiry) {
  expect_auth(100);
  fake_.expect("GET", kAppsUrl, FakeTransport::json(200, "[]"));
  fake_.expect("GET", kAppsUrl, FakeTransport::json(200, "[]"));
  expect_auth(100);
  fake_.expect("GET", kAppsUrl, FakeTransport::json(200, "[]"));
  ASSERT_TRUE(client_.list_applications());
  now_ += 69s;  // 31 s left: still used
  ASSERT_TRUE(client_.list_applications());
  EXPECT_EQ(client_.auth_count(), 1);
  now_ += 2s;  // 29 s left: inside the refresh margin
  ASSERT_TRUE(client_.list_applications());
  EXPECT_EQ(client_.auth_count(), 2);
}

// Issue 22: a lifetime under the refresh margin (expiresIn 0) made every call authenticate again, each
// registering one more token with the masking registry.
TEST_F(FronteggClientTest, ALifetimeUnderTheRefreshMarginDoesNotAuthenticateEveryCall) {
  expect_auth(0);
  for (int i = 0; i < 5; ++i) fake_.expect("GET", kAppsUrl, FakeTransport::json(200, "[]"));
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(client_.list_applications());
  EXPECT_EQ(client_.auth_count(), 1);
  expect_auth(0);
  fake_.expect("GET", kAppsUrl, FakeTransport::json(200, "[]"));
  now_ += 6s;  // past the shortest reuse
  ASSERT_TRUE(client_.list_applications());
  EXPECT_EQ(client_.auth_count(), 2);
}

TEST_F(FronteggClientTest, AFailedAuthenticationIsAskedOnceAndSharedByTheCallsAfterIt) {
  fake_.expect("POST", kAuthUrl, FakeTransport::json(401, R"({"errors":["Invalid authentication"]})"));
  auto apps = client_.list_applications();
  auto templates = client_.list_templates();  // after the failure: no second auth request
  ASSERT_FALSE(apps);
  ASSERT_FALSE(templates);
  EXPECT_EQ(apps.error().message, templates.error().message);
  EXPECT_NE(apps.error().message.find("check the Frontegg client id and secret"), std::string::npos);
  EXPECT_EQ(client_.auth_count(), 1);
}

TEST_F(FronteggClientTest, OneReauthAndRetryOn401) {
  expect_auth();
  fake_.expect("GET", kAppsUrl, FakeTransport::json(401, R"({"errors":["Unauthorized"]})"));
  expect_auth();
  fake_.expect("GET", kAppsUrl, FakeTransport::json(200, R"([{"id":"a","name":"n"}])"));
  auto apps = client_.list_applications();
  ASSERT_TRUE(apps) << apps.error().message;
  EXPECT_EQ(apps->size(), 1u);
  EXPECT_EQ(client_.auth_count(), 2);
}

TEST_F(FronteggClientTest, GivesUpAfterTheSecond401) {
  expect_auth();
  fake_.expect("GET", kAppsUrl, FakeTransport::json(401, R"({"errors":["Unauthorized"]})"));
  expect_auth();
  fake_.expect("GET", kAppsUrl,
               FakeTransport::json(401, R"({"errors":["Unauthorized"]})", {{"frontegg-trace-id", "t-401"}}));
  auto apps = client_.list_applications();
  ASSERT_FALSE(apps);
  EXPECT_EQ(apps.error().kind, ErrorKind::kHttp);
  EXPECT_EQ(apps.error().http_status, 401);
  EXPECT_EQ(apps.error().message,
            "GET /applications/resources/applications/v1: 401 Unauthorized: Unauthorized (trace id t-401)");
  EXPECT_EQ(fake_.requests().size(), 4u);
}

TEST_F(FronteggClientTest, AuthRejectedSaysWhatToCheckAndRedactsEchoedSecret) {
  fake_.expect(
      "POST", kAuthUrl,
      FakeTransport::json(
          401, std::string(R"({"message":"bad secret )") + kVendorSecret + R"(","errorCode":"ER-01001"})",
          {{"frontegg-trace-id", "abc"}}));
  auto apps = client_.list_applications();
  ASSERT_FALSE(apps);
  EXPECT_EQ(apps.error().kind, ErrorKind::kHttp);
  EXPECT_EQ(apps.error().message,
            "POST /auth/vendor: 401 Unauthorized: bad secret (redacted) (ER-01001) (trace id abc); check the "
            "Frontegg client id and secret of this environment");
  expect_no_secrets(apps.error());
}

TEST_F(FronteggClientTest, AuthReplyWithoutTokenIsParseError) {
  fake_.expect("POST", kAuthUrl, FakeTransport::json(200, R"({"expiresIn":10})"));
  auto apps = client_.list_applications();
  ASSERT_FALSE(apps);
  EXPECT_EQ(apps.error().kind, ErrorKind::kParse);
  EXPECT_EQ(apps.error().message, "POST /auth/vendor: Frontegg auth reply: field \"token\" is missing");
}

TEST_F(FronteggClientTest, AuthTransportErrorPassesThrough) {
  fake_.expect_error(
      "POST", kAuthUrl,
      Error{ErrorKind::kTimeout, "POST https://api.frontegg.example/auth/vendor: no reply", 0});
  auto apps = client_.list_applications();
  ASSERT_FALSE(apps);
  EXPECT_EQ(apps.error().kind, ErrorKind::kTimeout);
}

TEST_F(FronteggClientTest, ConcurrentCallsShareOneAuth) {
  expect_auth();
  for (int i = 0; i < 8; ++i) fake_.expect("GET", kAppsUrl, FakeTransport::json(200, "[]"));
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2; ++i) ok += client_.list_applications().has_value() ? 1 : 0;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 8);
  EXPECT_EQ(client_.auth_count(), 1);
}

// --- reads ---

TEST_F(FronteggClientTest, ApplicationsMissingNameIsParseErrorNamingField) {
  expect_auth();
  fake_.expect("GET", kAppsUrl, FakeTransport::json(200, R"([{"id":"a","name":"n"},{"id":"b"}])"));
  auto apps = client_.list_applications();
  ASSERT_FALSE(apps);
  EXPECT_EQ(apps.error().kind, ErrorKind::kParse);
  EXPECT_EQ(apps.error().message,
            "GET /applications/resources/applications/v1: Frontegg applications reply item 1: field \"name\" "
            "is missing");
}

TEST_F(FronteggClientTest, TemplatesFlattenGroupedApisAndApiNames) {
  expect_auth();
  fake_.expect("GET", std::string(kConnectors) + "/templates", FakeTransport::json(200, R"([
      {"id":"t-slack","integrationId":"slack","name":"Slack","config":{},"apis":{}},
      {"id":"uuid-bb","integrationId":"bitbucket","name":"Bitbucket","config":{"oauth":{}},
       "apis":{"repos":{"list":{"id":"bitbucket_list_repos","name":"List"},"get":{"name":"no id"}},
               "prs":{"get":{"id":"bitbucket_get_pr"}},"weird":"x"},
       "apiNames":["bitbucket_get_pr","bitbucket_extra"]},
      {"id":"bitbucket","name":"Legacy"}])"));
  auto templates = client_.list_templates();
  ASSERT_TRUE(templates) << templates.error().message;
  ASSERT_EQ(templates->size(), 3u);
  const Template& bb = (*templates)[1];
  EXPECT_TRUE(bb.matches("bitbucket"));
  EXPECT_FALSE((*templates)[0].matches("bitbucket"));
  EXPECT_TRUE((*templates)[2].matches("bitbucket")) << "match by id";
  EXPECT_EQ(bb.api_names,
            (std::vector<std::string>{"bitbucket_list_repos", "get", "bitbucket_get_pr", "bitbucket_extra"}));
}

TEST_F(FronteggClientTest, TemplatesWrongTypesAreParseErrors) {
  expect_auth();
  fake_.expect("GET", std::string(kConnectors) + "/templates",
               FakeTransport::json(200, R"([{"id":"t","apiNames":[1]}])"));
  auto templates = client_.list_templates();
  ASSERT_FALSE(templates);
  EXPECT_EQ(templates.error().kind, ErrorKind::kParse);
  EXPECT_NE(templates.error().message.find("field \"apiNames\" is not an array of strings"),
            std::string::npos)
      << templates.error().message;
}

TEST_F(FronteggClientTest, ListConnectorsParsesTheConnectorObject) {
  expect_auth();
  fake_.expect("GET", std::string(kConnectors) + "?appId=app-1",
               FakeTransport::json(200, "[" + connector_json() + "]"));
  auto connectors = client_.list_connectors("app-1");
  ASSERT_TRUE(connectors) << connectors.error().message;
  ASSERT_EQ(connectors->size(), 1u);
  const RemoteConnector& c = (*connectors)[0];
  EXPECT_EQ(c.id, "c1");
  EXPECT_EQ(c.app_id, "app-1");
  EXPECT_EQ(c.integration_template_id, "bitbucket");
  EXPECT_EQ(c.slug, "bb");
  EXPECT_EQ(c.name, "Bitbucket");
  EXPECT_EQ(c.description, "d");
  EXPECT_TRUE(c.is_active);
  EXPECT_EQ(c.enabled_apis,
            (std::map<std::string, bool>{{"bitbucket_delete", false}, {"bitbucket_list_repos", true}}));
  ASSERT_TRUE(c.configuration.has_value());
  EXPECT_EQ(c.configuration->client_id, "key-1");
  EXPECT_FALSE(c.configuration->client_secret_present);
  EXPECT_EQ(c.configuration->custom_configuration,
            (std::map<std::string, std::string>{{"workspace", "acme"}}));
  EXPECT_EQ(c.configuration->scopes, (std::vector<std::string>{"account"}));
}

TEST_F(FronteggClientTest, ListConnectorsAcceptsAny2xx) {
  expect_auth();
  fake_.expect("GET", std::string(kConnectors) + "?appId=a%20b", FakeTransport::json(203, "[]"));
  auto connectors = client_.list_connectors("a b");
  ASSERT_TRUE(connectors) << connectors.error().message;
  EXPECT_TRUE(connectors->empty());
}

// Issue 22: the spec documents no appId filter, so a list may carry another app's connectors; one with
// the configured slug was matched (an update would write this consumer's secret there), and a made-by-
// linkform one was pruned.
TEST_F(FronteggClientTest, ListConnectorsDropsAnotherAppsEntriesAndSaysSo) {
  expect_auth();
  std::string foreign = connector_json("c2");
  foreign.replace(foreign.find("\"app-1\""), 7, "\"app-2\"");
  fake_.expect("GET", std::string(kConnectors) + "?appId=app-1",
               FakeTransport::json(200, "[" + connector_json() + "," + foreign + "]"));
  auto connectors = client_.list_connectors("app-1");
  ASSERT_TRUE(connectors) << connectors.error().message;
  ASSERT_EQ(connectors->size(), 1u);
  EXPECT_EQ((*connectors)[0].id, "c1");
  const auto foreign_entries = client_.take_foreign_entries();
  ASSERT_EQ(foreign_entries.size(), 1u);
  EXPECT_NE(foreign_entries[0].find("includes connector c2 (slug \"bb\") of app app-2"), std::string::npos)
      << foreign_entries[0];
  EXPECT_TRUE(client_.take_foreign_entries().empty());
}

TEST_F(FronteggClientTest, ListConnectorsHostileReplies) {
  const std::pair<std::string, std::string> cases[] = {
      {"<html><body>gateway</body></html>", "not valid JSON"},
      {R"({"items":[]})", "expected a JSON array"},
      {R"([{"appId":"a","integrationTemplateId":"t","name":"n","isActive":true}])",
       "field \"id\" is missing"},
      {R"([{"id":"c","appId":"a","integrationTemplateId":"t","name":"n","isActive":"yes"}])",
       "field \"isActive\" is not a boolean"},
      {R"([{"id":"c","appId":"a","integrationTemplateId":"t","name":"n","isActive":true,"enabledApis":{"x":"on"}}])",
       "field \"enabledApis\" is not an object of booleans"},
      {R"([{"id":"c","appId":"a","integrationTemplateId":"t","name":"n","isActive":true,"configuration":{"scopes":"a"}}])",
       "field \"scopes\" is not an array of strings"},
      {R"([{"id":"c","appId":"a","integrationTemplateId":"t","name":null,"isActive":true}])",
       "field \"name\" is missing"},
      {R"([42])", "expected a JSON object"},
  };
  for (const auto& [body, expected] : cases) {
    expect_auth();
    fake_.expect("GET", std::string(kConnectors) + "?appId=a", FakeTransport::json(200, body));
    FronteggClient client(fake_, kBase, "id", Secret(kVendorSecret));
    auto connectors = client.list_connectors("a");
    ASSERT_FALSE(connectors) << body;
    EXPECT_EQ(connectors.error().kind, ErrorKind::kParse) << body;
    EXPECT_NE(connectors.error().message.find(expected), std::string::npos) << connectors.error().message;
    EXPECT_TRUE(
        connectors.error().message.starts_with("GET /app-integrations/resources/custom-integrations/v1: "))
        << connectors.error().message;
  }
}

TEST_F(FronteggClientTest, GetConnectorConfigurationWithMaskedSecret) {
  expect_auth();
  fake_.expect("GET", std::string(kConnectors) + "/c%2F1?appId=app-1",
               FakeTransport::json(
                   200, R"({"clientId":"key-1","clientSecret":"****","baseUrl":"https://api.bitbucket.org",
                  "customConfiguration":{"workspace":"acme"},"scopes":["account","repository"],"type":"bitbucket"})"));
  auto settings = client_.get_connector_configuration("app-1", "c/1");
  ASSERT_TRUE(settings) << settings.error().message;
  EXPECT_EQ(settings->client_id, "key-1");
  EXPECT_TRUE(settings->client_secret_present);
  EXPECT_EQ(settings->base_url, "https://api.bitbucket.org");
  EXPECT_EQ(settings->custom_configuration.at("workspace"), "acme");
  EXPECT_EQ(settings->scopes, (std::vector<std::string>{"account", "repository"}));
  EXPECT_EQ(settings->type, "bitbucket");
}

TEST_F(FronteggClientTest, GetConnectorConfigurationRequiresClientId) {
  expect_auth();
  fake_.expect("GET", std::string(kConnectors) + "/c1?appId=app-1",
               FakeTransport::json(200, R"({"scopes":[]})"));
  auto settings = client_.get_connector_configuration("app-1", "c1");
  ASSERT_FALSE(settings);
  EXPECT_EQ(settings.error().kind, ErrorKind::kParse);
  EXPECT_NE(settings.error().message.find("field \"clientId\" is missing"), std::string::npos);
  EXPECT_TRUE(
      settings.error().message.starts_with("GET /app-integrations/resources/custom-integrations/v1/c1: "))
      << settings.error().message;
}

TEST_F(FronteggClientTest, GetConnectorConfigurationNotFound) {
  expect_auth();
  fake_.expect(
      "GET", std::string(kConnectors) + "/c1?appId=app-1",
      FakeTransport::json(404, R"({"message":"Custom integration not found","errorCode":"ER-40401"})",
                          {{"frontegg-trace-id", "tr-9"}}));
  auto settings = client_.get_connector_configuration("app-1", "c1");
  ASSERT_FALSE(settings);
  EXPECT_EQ(settings.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(settings.error().http_status, 404);
  EXPECT_EQ(settings.error().message,
            "GET /app-integrations/resources/custom-integrations/v1/c1: 404 Not Found: Custom integration "
            "not found "
            "(ER-40401) (trace id tr-9)");
}

// --- writes ---

TEST_F(FronteggClientTest, CreateSendsTheDocumentedBody) {
  expect_auth();
  fake_.expect("POST", kConnectors, FakeTransport::json(201, connector_json("new-id")));
  auto created = client_.create_connector(sample_create());
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->id, "new-id");

  const HttpRequest sent = fake_.last_request();
  EXPECT_EQ(FakeTransport::header(sent, "Content-Type"), "application/json");
  EXPECT_EQ(
      sent.body,
      std::string(R"({"appId":"app-1","integrationTemplateId":"bitbucket","name":"Bitbucket","slug":"bb",)") +
          R"("description":"Bitbucket for Agen [linkform:v1 fp=00000000.0123456789abcdef0123456789abcdef]",)" +
          R"("apiNames":["bitbucket_list_repos","bitbucket_get_pr"],"authType":"oauth","isActive":true,)" +
          R"("configuration":{"clientId":"key-1","clientSecret":")" + kConsumerSecret +
          R"(","customConfiguration":{"workspace":"acme"},"scopes":["account","repository"]}})");
}

TEST_F(FronteggClientTest, CreateEscapesJsonSpecialCharacters) {
  expect_auth();
  fake_.expect("POST", kConnectors, FakeTransport::json(201, connector_json()));
  ConnectorCreate c = sample_create();
  c.name = "quote\" back\\ nl\n";
  ASSERT_TRUE(client_.create_connector(c));
  const auto body = parse_body(fake_.last_request().body);
  EXPECT_STREQ(body["name"].GetString(), "quote\" back\\ nl\n");
}

TEST_F(FronteggClientTest, CreateConflictNamesCallStatusVendorMessageAndTraceId) {
  expect_auth();
  fake_.expect(
      "POST", kConnectors,
      FakeTransport::json(409, R"({"errors":["slug already exists"]})", {{"frontegg-trace-id", "3f2a9c"}}));
  auto created = client_.create_connector(sample_create());
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(created.error().http_status, 409);
  EXPECT_EQ(created.error().message,
            "POST /app-integrations/resources/custom-integrations/v1: 409 Conflict: slug already exists "
            "(trace id 3f2a9c)");
}

TEST_F(FronteggClientTest, CreateErrorEchoingTheSecretsIsRedacted) {
  expect_auth();
  fake_.expect("POST", kConnectors,
               FakeTransport::json(400, std::string(R"({"errors":["clientSecret )") + kConsumerSecret +
                                            R"( is invalid","token )" + kToken + R"(","secret )" +
                                            kVendorSecret + R"("]})"));
  auto created = client_.create_connector(sample_create());
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().kind, ErrorKind::kHttp);
  expect_no_secrets(created.error());
  EXPECT_NE(
      created.error().message.find("clientSecret (redacted) is invalid; token (redacted); secret (redacted)"),
      std::string::npos)
      << created.error().message;
}

TEST_F(FronteggClientTest, CreateReplyMissingFieldsIsParseError) {
  expect_auth();
  fake_.expect("POST", kConnectors, FakeTransport::json(201, R"({"id":"x"})"));
  auto created = client_.create_connector(sample_create());
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().kind, ErrorKind::kParse);
  EXPECT_NE(created.error().message.find("field \"appId\" is missing"), std::string::npos)
      << created.error().message;
}

TEST_F(FronteggClientTest, UpdateSendsOnlyTheChangedFields) {
  expect_auth();
  fake_.expect("PATCH", std::string(kConnectors) + "/c1", FakeTransport::json(200, connector_json()));
  ConnectorUpdate update;
  update.app_id = "app-1";
  update.name = "Bitbucket";
  ASSERT_TRUE(client_.update_connector("c1", update));
  EXPECT_EQ(fake_.last_request().body, R"({"appId":"app-1","name":"Bitbucket"})");
}

TEST_F(FronteggClientTest, UpdateConfigurationHoldsOnlyTheSetFields) {
  expect_auth();
  fake_.expect("PATCH", std::string(kConnectors) + "/c1", FakeTransport::json(200, connector_json()));
  ConnectorUpdate update;
  update.app_id = "app-1";
  update.is_active = false;
  update.enabled_apis = std::map<std::string, bool>{{"a", true}, {"b", false}};
  update.client_secret = Secret(kConsumerSecret);
  update.scopes = std::vector<std::string>{"account"};
  ASSERT_TRUE(client_.update_connector("c1", update));
  EXPECT_EQ(fake_.last_request().body,
            std::string(R"({"appId":"app-1","isActive":false,"enabledApis":{"a":true,"b":false},)") +
                R"("configuration":{"clientSecret":")" + kConsumerSecret + R"(","scopes":["account"]}})");
}

TEST_F(FronteggClientTest, UpdateEmptyAndNonEmpty) {
  ConnectorUpdate update;
  update.app_id = "app-1";
  EXPECT_TRUE(update.empty());
  update.custom_configuration = std::map<std::string, std::string>{};
  EXPECT_FALSE(update.empty());
}

TEST_F(FronteggClientTest, UpdateNotFoundIsKNotFoundAndRedacted) {
  expect_auth();
  fake_.expect(
      "PATCH", std::string(kConnectors) + "/c1",
      FakeTransport::json(404, std::string(R"({"message":"no connector for )") + kConsumerSecret + R"("})"));
  ConnectorUpdate update;
  update.app_id = "app-1";
  update.client_secret = Secret(kConsumerSecret);
  auto updated = client_.update_connector("c1", update);
  ASSERT_FALSE(updated);
  EXPECT_EQ(updated.error().kind, ErrorKind::kNotFound);
  expect_no_secrets(updated.error());
}

TEST_F(FronteggClientTest, DeleteAccepts2xxAnd404) {
  expect_auth();
  fake_.expect("DELETE", std::string(kConnectors) + "/c1?appId=app-1", FakeTransport::json(200, ""));
  fake_.expect("DELETE", std::string(kConnectors) + "/c2?appId=app-1", FakeTransport::json(204, ""));
  fake_.expect("DELETE", std::string(kConnectors) + "/c3?appId=app-1",
               FakeTransport::json(404, R"({"errors":["gone"]})"));
  EXPECT_TRUE(client_.delete_connector("app-1", "c1"));
  EXPECT_TRUE(client_.delete_connector("app-1", "c2"));
  EXPECT_TRUE(client_.delete_connector("app-1", "c3"));
  EXPECT_TRUE(fake_.last_request().body.empty());
}

TEST_F(FronteggClientTest, DeleteServerErrorWithHtmlPage) {
  expect_auth();
  fake_.expect("DELETE", std::string(kConnectors) + "/c1?appId=app-1",
               FakeTransport::text(500, "<!DOCTYPE html><html><body>Internal error</body></html>"));
  auto deleted = client_.delete_connector("app-1", "c1");
  ASSERT_FALSE(deleted);
  EXPECT_EQ(deleted.error().kind, ErrorKind::kHttp);
  EXPECT_EQ(deleted.error().http_status, 500);
  EXPECT_EQ(deleted.error().message,
            "DELETE /app-integrations/resources/custom-integrations/v1/c1: 500 Internal Server Error: (an "
            "HTML page)");
}

TEST_F(FronteggClientTest, RateLimitExposesResetTime) {
  expect_auth();
  fake_.expect(
      "GET", std::string(kConnectors) + "?appId=a",
      FakeTransport::json(429, R"({"errors":["Too many requests"]})",
                          {{"X-Rate-Limit-Reset", "2026-03-01T10:00:05Z"}, {"frontegg-trace-id", "t1"}}));
  auto connectors = client_.list_connectors("a");
  ASSERT_FALSE(connectors);
  EXPECT_EQ(connectors.error().kind, ErrorKind::kHttp);
  EXPECT_EQ(connectors.error().http_status, 429);
  EXPECT_EQ(
      connectors.error().message,
      "GET /app-integrations/resources/custom-integrations/v1: 429 Too Many Requests: Too many requests "
      "(rate limit resets at 2026-03-01T10:00:05Z) (trace id t1)");
  EXPECT_EQ(rate_limit_reset(connectors.error()).value_or(""), "2026-03-01T10:00:05Z");
}

TEST_F(FronteggClientTest, RateLimitWithoutResetHeader) {
  expect_auth();
  fake_.expect("GET", kAppsUrl, FakeTransport::text(429, "slow down"));
  auto apps = client_.list_applications();
  ASSERT_FALSE(apps);
  EXPECT_EQ(apps.error().http_status, 429);
  EXPECT_FALSE(rate_limit_reset(apps.error()).has_value());
  EXPECT_NE(apps.error().message.find("slow down (rate limited)"), std::string::npos) << apps.error().message;
}

TEST_F(FronteggClientTest, WriteTransportErrorPassesThrough) {
  expect_auth();
  fake_.expect_error("POST", kConnectors, Error{ErrorKind::kTransport, "POST ...: connection reset", 0});
  auto created = client_.create_connector(sample_create());
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().kind, ErrorKind::kTransport);
}

TEST(FronteggReplies, VendorMessageShapes) {
  EXPECT_EQ(vendor_message(R"({"errors":["a","b"]})"), "a; b");
  EXPECT_EQ(vendor_message(R"({"errors":[{"message":"obj"}, 3]})"), "obj");
  EXPECT_EQ(vendor_message(R"({"message":"m","errorCode":"ER-1"})"), "m (ER-1)");
  EXPECT_EQ(vendor_message(R"({"statusCode":400,"message":["name must be a string"],"error":"Bad Request"})"),
            "name must be a string");
  EXPECT_EQ(vendor_message(R"({"unrelated":true})"), R"({"unrelated":true})");
  EXPECT_EQ(vendor_message(std::string(1000, 'z')).size(), 203u);
}

}  // namespace
}  // namespace linkform::frontegg
