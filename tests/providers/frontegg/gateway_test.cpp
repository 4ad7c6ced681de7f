// What counts as an MCP gateway's discovery document (providers/frontegg/gateway.h), and the probe's
// requests: no credential, its own limits, a single attempt, the fallback document.

#include "providers/frontegg/gateway.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/fake_transport.h"

namespace linkform::frontegg {
namespace {

using linkform::testing::FakeTransport;
using ::testing::HasSubstr;

HttpResponse reply(int status, std::string body, std::string type = "application/json") {
  return {status, {{"Content-Type", std::move(type)}}, std::move(body)};
}

TEST(GatewayDocument, AProtectedResourceObjectWithResourceIsOne) {
  EXPECT_EQ(gateway_document_problem(kProtectedResourcePath,
                                     reply(200, R"({"resource":"https://acme.mcp-gw.frontegg.com"})")),
            "");
  EXPECT_EQ(gateway_document_problem(kAuthorizationServerPath, reply(200, R"({"issuer":"https://x"})")), "");
}

TEST(GatewayDocument, AnythingElseSaysWhatCameBack) {
  EXPECT_EQ(gateway_document_problem(kProtectedResourcePath, reply(404, "{}")), "404 Not Found");
  EXPECT_THAT(gateway_document_problem(kProtectedResourcePath, reply(200, "<html>hi</html>", "text/html")),
              HasSubstr("not a JSON object (text/html)"));
  EXPECT_THAT(gateway_document_problem(kProtectedResourcePath, reply(200, "[1]")),
              HasSubstr("not a JSON object"));
  EXPECT_THAT(gateway_document_problem(kProtectedResourcePath, reply(200, R"({"resource":""})")),
              HasSubstr("without \"resource\""));
  EXPECT_THAT(gateway_document_problem(kAuthorizationServerPath, reply(200, R"({"resource":"x"})")),
              HasSubstr("without \"issuer\""));
  EXPECT_THAT(gateway_document_problem(kProtectedResourcePath, reply(200, std::string(100000, '['))),
              HasSubstr("not a JSON object"));
}

TEST(GatewayProbe, FallsBackToTheAuthorizationServerDocumentWithoutCredentials) {
  FakeTransport fake;
  fake.expect("GET", "https://acme.mcp-gw.frontegg.com/.well-known/oauth-protected-resource",
              FakeTransport::json(404, "{}"));
  fake.expect("GET", "https://acme.mcp-gw.frontegg.com/.well-known/oauth-authorization-server",
              FakeTransport::json(200, R"({"issuer":"https://acme.mcp-gw.frontegg.com"})"));
  EXPECT_EQ(probe_gateway(fake, "https://acme.mcp-gw.frontegg.com"), std::nullopt);
  const HttpRequest sent = fake.last_request();
  EXPECT_EQ(FakeTransport::header(sent, "Authorization"), "");
  EXPECT_TRUE(sent.single_attempt);
  EXPECT_EQ(sent.max_body_bytes, 64U * 1024U);
  EXPECT_GT(sent.timeout_ms, 0);
}

TEST(GatewayProbe, NoAnswerNamesTheGatewayAndWhatEachPathSaid) {
  FakeTransport fake;
  fake.expect("GET", "https://acme.mcp-gw.frontegg.com/.well-known/oauth-protected-resource",
              FakeTransport::json(404, "{}"));
  fake.expect("GET", "https://acme.mcp-gw.frontegg.com/.well-known/oauth-authorization-server",
              FakeTransport::json(200, "not json"));
  const auto problem = probe_gateway(fake, "https://acme.mcp-gw.frontegg.com");
  ASSERT_TRUE(problem);
  EXPECT_THAT(*problem,
              HasSubstr("no MCP gateway answers at https://acme.mcp-gw.frontegg.com (GET "
                        "/.well-known/oauth-protected-resource: 404 Not Found; GET "
                        "/.well-known/oauth-authorization-server: 200 with a reply that is not a JSON "
                        "object"));
}

}  // namespace
}  // namespace linkform::frontegg
