// plan|apply --code-insights end to end: the real binary publishes a Code Insights report through a
// "Pipelines proxy" that is the emulator (LINKFORM_CODE_INSIGHTS_PROXY), which checks every body against
// Bitbucket's reports.yaml and says so in its request log.

#include <rapidjson/document.h>

#include <fstream>
#include <set>
#include <string>

#include "tests/e2e/e2e_fixture.h"

namespace linkform::testing {
namespace {

constexpr const char* kReports = "/2.0/repositories/acme/infra/commit/0123abcd/reports";

class CodeInsightsE2E : public E2E {
 protected:
  void SetUp() override {
    E2E::SetUp();
    as_pipelines_build("42");
  }

  // A Bitbucket API GET with a bearer token, as a reviewer's browser would make it.
  rapidjson::Document get(const std::string& path) {
    httplib::Client client(emulator_.url());
    auto r = client.Get(path, {{"Authorization", "Bearer reviewer-token"}});
    rapidjson::Document d;
    if (!r) {
      ADD_FAILURE() << "GET " << path << " got no reply";
      return d;
    }
    outputs_.push_back(r->body);  // the hygiene sweep covers what the report holds
    d.Parse(r->body.c_str());
    return d;
  }

  // The report id linkform uses for the quickstart, from the one PUT it sent.
  std::string report_path() {
    const auto log = emulator_.request_log();
    for (const auto& e : log.GetArray()) {
      const std::string path = e["path"].GetString();
      if (std::string(e["method"].GetString()) == "PUT" && path.starts_with(kReports)) return path;
    }
    ADD_FAILURE() << "no report was PUT";
    return kReports;
  }

  static int line_of(const std::string& file, const std::string& text) {
    std::ifstream in(file);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      if (line == text) return n;
    }
    return 0;
  }
};

TEST_F(CodeInsightsE2E, PublishesOneReportAndItsAnnotationsThroughTheProxy) {
  const Completed plan = linkform({"plan", "--code-insights"});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.err.find("Code Insights: published the report linkform-"), std::string::npos) << plan.err;

  // DELETE (none yet), PUT, POST: each through the proxy, each body valid against reports.yaml.
  std::vector<std::string> seen;
  const auto log = emulator_.request_log();
  for (const auto& e : log.GetArray()) {
    const std::string path = e["path"].GetString();
    if (!path.starts_with(kReports)) continue;
    const std::string method = e["method"].GetString();
    seen.push_back(method + " " + std::to_string(e["status"].GetInt()));
    ASSERT_TRUE(e.HasMember("proxied_host")) << path;
    EXPECT_STREQ(e["proxied_host"].GetString(), "api.bitbucket.org");
    if (method != "DELETE") {
      ASSERT_TRUE(e.HasMember("schema_check")) << path;
      const std::string check = e["schema_check"].GetString();
      EXPECT_TRUE(check.starts_with("reports.yaml#") && check.ends_with(": valid")) << check;
    }
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"DELETE 404", "PUT 200", "POST 200"}));

  const std::string path = report_path();
  const auto report = get(path);
  ASSERT_TRUE(report.IsObject());
  EXPECT_STREQ(report["result"].GetString(), "PASSED");
  EXPECT_STREQ(report["report_type"].GetString(), "TEST");
  EXPECT_NE(std::string(report["details"].GetString()).find("Plan: "), std::string::npos);
  EXPECT_STREQ(report["link"].GetString(), "https://bitbucket.org/acme/infra/pipelines/results/42");
  std::set<std::string> fields;
  for (const auto& d : report["data"].GetArray()) fields.insert(d["title"].GetString());
  EXPECT_EQ(fields, (std::set<std::string>{"To add", "To change", "To destroy", "Manual", "Blocked",
                                           "Configuration"}));

  // Before the consumer exists: the consumer is a manual action, the connector waits for it.
  const auto annotations = get(path + "/annotations");
  ASSERT_EQ(annotations["size"].GetInt(), 2) << plan.out;
  const int consumer_line = line_of(quickstart(), "[consumers.mcp]");
  const int connector_line = line_of(quickstart(), "[connectors.bitbucket]");
  std::set<int> lines;
  for (const auto& a : annotations["values"].GetArray()) {
    EXPECT_STREQ(a["path"].GetString(), "examples/quickstart.toml");
    lines.insert(a["line"].GetInt());
  }
  EXPECT_EQ(lines, (std::set<int>{consumer_line, connector_line}));
}

TEST_F(CodeInsightsE2E, ASecondRunReplacesTheReportAndItsAnnotations) {
  ASSERT_EQ(linkform({"plan", "--code-insights"}).exit_code, 0);
  create_consumer();
  const Completed second = linkform({"plan", "--code-insights"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const std::string path = report_path();
  const auto reports = get(kReports);
  EXPECT_EQ(reports["size"].GetInt(), 1);  // one report per configuration file, not one per run
  // Now only the connector changes: one annotation, the consumer's manual one is gone.
  const auto annotations = get(path + "/annotations");
  ASSERT_EQ(annotations["size"].GetInt(), 1);
  EXPECT_NE(std::string(annotations["values"][0]["summary"].GetString()).find("frontegg_connector.bitbucket"),
            std::string::npos);
  EXPECT_NE(std::string(get(path)["details"].GetString()).find("1 to add"), std::string::npos);
}

TEST_F(CodeInsightsE2E, ApplyPublishesItsPlanToo) {
  create_consumer();
  const Completed apply = linkform({"apply", "--auto-approve", "--code-insights"});
  ASSERT_EQ(apply.exit_code, 0) << apply.err;
  const auto report = get(report_path());
  EXPECT_STREQ(report["title"].GetString(), "linkform apply");
  EXPECT_STREQ(report["result"].GetString(), "PASSED");
  // A failed apply is a failed report: the connector's create is refused.
  emulator_.call("POST", "/_emulator/reset");
  create_consumer();
  emulator_.add_fault(
      R"({"kind":"status","status":400,"method":"POST","path":"/app-integrations*","count":5})");
  const Completed failed = linkform({"apply", "--auto-approve", "--code-insights"});
  EXPECT_EQ(failed.exit_code, 1) << failed.err;
  EXPECT_STREQ(get(report_path())["result"].GetString(), "FAILED");
}

TEST_F(CodeInsightsE2E, APublishingErrorIsAWarningAndTheExitCodeStaysThePlans) {
  create_consumer();
  emulator_.add_fault(
      R"({"kind":"status","status":503,"method":"PUT","path":"/2.0/repositories/*","count":5})");
  const Completed plan = linkform({"plan", "--code-insights", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 2) << plan.err;  // changes pending, as without --code-insights
  EXPECT_NE(plan.err.find("Warning: the Code Insights report was not published"), std::string::npos)
      << plan.err;
  EXPECT_NE(plan.out.find("Plan: 1 to add"), std::string::npos) << plan.out;
}

TEST_F(CodeInsightsE2E, OutsidePipelinesItNeedsATokenAndSaysSo) {
  env_.erase("BITBUCKET_BUILD_NUMBER");
  const Completed plan = linkform({"plan", "--code-insights"});
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.err.find("LINKFORM_CODE_INSIGHTS_TOKEN is not set"), std::string::npos) << plan.err;

  // With a token: straight to the API (here the emulator), with the bearer token, not through a proxy.
  env_["LINKFORM_CODE_INSIGHTS_TOKEN"] = "insights-token-5f3a9c";
  secrets_.push_back("insights-token-5f3a9c");
  const Completed with_token = linkform({"plan", "--code-insights", "--debug"});
  EXPECT_EQ(with_token.exit_code, 0) << with_token.err;
  EXPECT_NE(with_token.err.find("Code Insights: published"), std::string::npos) << with_token.err;
  const auto log = emulator_.request_log();
  for (const auto& e : log.GetArray()) {
    if (std::string(e["path"].GetString()).starts_with(kReports)) {
      EXPECT_FALSE(e.HasMember("proxied_host"));
    }
  }
}

TEST_F(CodeInsightsE2E, AConfigurationErrorIsAFailedReportWithTheErrorOnItsLine) {
  const std::string config = write_config("insights/linkform.toml", R"([bitbucket]
workspace = "acme"

[consumers.mcp]
name = "Frontegg Integration"
callback_url = "https://acme.mcp-gw.frontegg.com/integration-callback"
permissions = ["acount"]
)");
  env_["BITBUCKET_CLONE_DIR"] = std::filesystem::path(config).parent_path().parent_path().string();
  const Completed plan = linkform({"plan", "--code-insights"}, config);
  EXPECT_EQ(plan.exit_code, 1);
  const std::string path = report_path();
  EXPECT_STREQ(get(path)["result"].GetString(), "FAILED");
  const auto annotations = get(path + "/annotations");
  ASSERT_GE(annotations["size"].GetInt(), 1) << plan.err;
  bool on_line = false;
  for (const auto& a : annotations["values"].GetArray()) {
    EXPECT_STREQ(a["path"].GetString(), "insights/linkform.toml");
    on_line = on_line || (a["line"].GetInt() == 7 && std::string(a["result"].GetString()) == "FAILED");
  }
  EXPECT_TRUE(on_line) << plan.err;
}

}  // namespace
}  // namespace linkform::testing
