// GitLab on the provider contract, end to end: the real linkform binary against the emulator's GitLab and
// Frontegg halves. linkform creates the GitLab application and writes its secret straight into the Frontegg
// connector; the secret shows in no output or file; replacing the application rotates it; an apply killed
// between any two writes converges on the next one; an application that is not linkform's is never touched.

#include <gmock/gmock.h>
#include <signal.h>

#include <chrono>
#include <random>
#include <set>
#include <thread>

#include "tests/e2e/e2e_fixture.h"
#include "tests/support/binaries.h"

namespace linkform::testing {
namespace {

constexpr const char* kApplications = "/api/v4/groups/acme/applications";

class GitlabE2E : public E2E {
 protected:
  void SetUp() override {
    E2E::SetUp();
    env_["LINKFORM_GITLAB_URL"] = emulator_.url();
    env_["GITLAB_TOKEN"] = "glpat-acme-owner";
    secrets_.push_back("glpat-acme-owner");
  }

  // Every secret the emulator's GitLab issued, destroyed applications' too, joins the leak check of every
  // output.
  void TearDown() override {
    rapidjson::Document d;
    auto r = emulator_.call("GET", "/_emulator/gitlab/secrets");
    d.Parse(r ? r->body.c_str() : "{}");
    EXPECT_TRUE(d.IsObject() && d.HasMember("secrets"));
    if (d.IsObject() && d.HasMember("secrets")) {
      for (const auto& s : d["secrets"].GetArray()) secrets_.push_back(s.GetString());
    }
    E2E::TearDown();
  }

  static std::string config() { return std::string(LINKFORM_SOURCE_DIR) + "/examples/gitlab.toml"; }

  // The group's applications with their secrets (the emulator's control API).
  rapidjson::Document applications() {
    rapidjson::Document d;
    auto r = emulator_.call("GET", "/_emulator/gitlab/applications");
    d.Parse(r ? r->body.c_str() : "[]");
    return d;
  }

  // An application made in GitLab's settings by someone else, through GitLab's own API.
  void create_foreign_application(const std::string& name, const std::string& redirect_uri) {
    httplib::Client client(emulator_.url());
    const auto r = client.Post(kApplications, {{"PRIVATE-TOKEN", "glpat-acme-owner"}},
                               R"({"name":")" + name + R"(","redirect_uri":")" + redirect_uri +
                                   R"(","scopes":"read_api","confidential":true})",
                               "application/json");
    ASSERT_TRUE(r && r->status == 201) << (r ? r->body : "no reply");
  }

  // The one application of linkform's (its name and the gateway's callback), and the connector holding its id
  // and secret.
  void expect_one_application_in_the_connector() {
    const auto apps = applications();
    std::vector<const rapidjson::Value*> ours;
    for (const auto& a : apps.GetArray()) {
      if (std::string(a["application_name"].GetString()) == "Frontegg Integration" &&
          std::string(a["callback_url"].GetString()) == emulator_.url() + "/integration-callback")
        ours.push_back(&a);
    }
    ASSERT_EQ(ours.size(), 1U) << "exactly one application of linkform's";
    const auto connectors = emulator_.connectors("prod");
    ASSERT_EQ(connectors.Size(), 1U);
    const auto& conf = connectors[0]["configuration"];
    EXPECT_STREQ(conf["clientId"].GetString(), (*ours[0])["application_id"].GetString());
    EXPECT_STREQ(conf["clientSecret"].GetString(), (*ours[0])["secret"].GetString());
  }

  std::string connector_id() { return emulator_.connectors("prod")[0]["id"].GetString(); }
};

TEST_F(GitlabE2E, CreatesTheApplicationAndWritesItsSecretStraightIntoTheConnector) {
  const auto plan = linkform({"plan"}, config());
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("+ gitlab_application.mcp will be created"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("+ frontegg_connector.gitlab will be created"), std::string::npos);
  EXPECT_NE(plan.out.find("client_id     = (known after apply)"), std::string::npos);
  const auto apply = linkform({"apply", "--auto-approve"}, config());
  ASSERT_EQ(apply.exit_code, 0) << apply.err << apply.out;
  EXPECT_NE(apply.out.find("Resources: 2 added, 0 changed, 0 destroyed."), std::string::npos) << apply.out;
  expect_one_application_in_the_connector();
  const auto again = linkform({"plan", "--detailed-exitcode"}, config());
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("No changes. GitLab and Frontegg match the configuration."), std::string::npos)
      << again.out;
  // Every machine-readable form and a saved plan too (the leak check covers them all).
  EXPECT_EQ(linkform({"plan", "--json"}, config()).exit_code, 0);
  EXPECT_EQ(linkform({"plan", "--markdown", "--debug"}, config()).exit_code, 0);
  const std::string saved = write_config("gitlab.plan", "");
  std::filesystem::remove(saved);
  ASSERT_EQ(linkform({"plan", "-replace=gitlab_application.mcp", "--out", saved}, config()).exit_code, 0);
  std::ifstream in(saved);
  outputs_.emplace_back((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(outputs_.back().find("\"replace\""), std::string::npos);
  const auto rotated = linkform({"apply", "--debug", saved}, config());
  EXPECT_EQ(rotated.exit_code, 0) << rotated.err << rotated.out;
  expect_one_application_in_the_connector();
}

TEST_F(GitlabE2E, AConnectorDeletedInThePortalHasTheApplicationReplacedAndBothRestored) {
  ASSERT_EQ(linkform({"apply", "--auto-approve"}, config()).exit_code, 0);
  const std::string old_client = applications()[0]["application_id"].GetString();
  const auto stored = emulator_.connectors("prod");
  ASSERT_EQ(frontegg("DELETE", "/app-integrations/resources/custom-integrations/v1/" + connector_id() +
                                   "?appId=" + stored[0]["appId"].GetString())
                ->status,
            200);
  const auto plan = linkform({"plan"}, config());
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("-/+ gitlab_application.mcp must be replaced to obtain a secret"),
            std::string::npos)
      << plan.out;
  EXPECT_NE(plan.out.find("+ frontegg_connector.gitlab will be created"), std::string::npos);
  const auto apply = linkform({"apply", "--auto-approve"}, config());
  ASSERT_EQ(apply.exit_code, 0) << apply.err << apply.out;
  expect_one_application_in_the_connector();
  EXPECT_STRNE(applications()[0]["application_id"].GetString(), old_client.c_str());
  EXPECT_NE(linkform({"plan"}, config()).out.find("No changes."), std::string::npos);
}

TEST_F(GitlabE2E, ReplaceRotatesTheSecretAndDestroysTheOldApplication) {
  ASSERT_EQ(linkform({"apply", "--auto-approve"}, config()).exit_code, 0);
  const std::string old_client = applications()[0]["application_id"].GetString();
  const std::string old_secret = applications()[0]["secret"].GetString();
  secrets_.push_back(old_secret);
  const auto apply = linkform({"apply", "--auto-approve", "-replace=gitlab_application.mcp"}, config());
  ASSERT_EQ(apply.exit_code, 0) << apply.err << apply.out;
  EXPECT_NE(apply.out.find("Resources: 1 added, 1 changed, 1 destroyed."), std::string::npos) << apply.out;
  expect_one_application_in_the_connector();
  EXPECT_STRNE(applications()[0]["application_id"].GetString(), old_client.c_str());
  EXPECT_STRNE(emulator_.connectors("prod")[0]["configuration"]["clientSecret"].GetString(),
               old_secret.c_str());
  EXPECT_NE(linkform({"plan"}, config()).out.find("No changes."), std::string::npos);
}

TEST_F(GitlabE2E, AScopeChangeUpdatesTheApplicationInPlace) {
  ASSERT_EQ(linkform({"apply", "--auto-approve"}, config()).exit_code, 0);
  const std::string client = applications()[0]["application_id"].GetString();
  std::string text = [] {
    std::ifstream in(config());
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }();
  const std::string from = R"(scopes = ["read_api", "read_user"])";
  text.replace(text.find(from), from.size(), R"(scopes = ["read_api", "read_user", "read_repository"])");
  const std::string changed = write_config("gitlab_scopes.toml", text);
  const auto plan = linkform({"plan"}, changed);
  EXPECT_NE(plan.out.find("~ gitlab_application.mcp will be updated in place"), std::string::npos)
      << plan.out;
  EXPECT_EQ(plan.out.find("-/+"), std::string::npos) << plan.out;
  ASSERT_EQ(linkform({"apply", "--auto-approve"}, changed).exit_code, 0);
  EXPECT_STREQ(applications()[0]["application_id"].GetString(), client.c_str());
  EXPECT_EQ(applications()[0]["scopes"].Size(), 3U);
  expect_one_application_in_the_connector();
  EXPECT_NE(linkform({"plan"}, changed).out.find("No changes."), std::string::npos);
}

// The plan as a pull request sees it (a Code Insights report and its annotations, through the emulator as
// the Pipelines proxy) holds no secret either.
TEST_F(GitlabE2E, TheCodeInsightsReportOfAnApplyHoldsNoSecret) {
  as_pipelines_build("7");
  const auto apply = linkform({"apply", "--auto-approve", "--code-insights"}, config());
  ASSERT_EQ(apply.exit_code, 0) << apply.err << apply.out;
  EXPECT_NE(apply.err.find("Code Insights: published the report"), std::string::npos) << apply.err;
  std::string report;
  const auto log = emulator_.request_log();  // kept: the array below points into it
  for (const auto& e : log.GetArray()) {
    const std::string path = e["path"].GetString();
    if (std::string(e["method"].GetString()) == "PUT" &&
        path.find("/commit/0123abcd/reports/") != std::string::npos)
      report = path;
  }
  ASSERT_FALSE(report.empty()) << "no report was PUT";
  httplib::Client client(emulator_.url());
  for (const std::string& path : {report, report + "/annotations"}) {
    const auto r = client.Get(path, {{"Authorization", "Bearer reviewer-token"}});
    ASSERT_TRUE(r && r->status == 200) << path;
    outputs_.push_back(r->body);  // the leak check covers what the pull request shows
  }
  EXPECT_NE(outputs_.back().find("gitlab_application.mcp"), std::string::npos) << outputs_.back();
}

// import adopts a live GitLab connector and its application: the application is found by the client id the
// connector holds, so the imported configuration plans no new application.
TEST_F(GitlabE2E, ImportWritesTheApplicationAndTheConnectorAndAdoptsThem) {
  ASSERT_EQ(linkform({"apply", "--auto-approve"}, config()).exit_code, 0);
  const std::string bare =
      write_config("gitlab_bare.toml",
                   "[gitlab]\ngroup = \"acme\"\ntoken = { env = \"GITLAB_TOKEN\" }\n\n[frontegg]\n"
                   "gateway = \"http://127.0.0.1:9\"\nclient_id = { env = \"FRONTEGG_CLIENT_ID\" }\n"
                   "secret = { env = \"FRONTEGG_SECRET\" }\n");
  const auto imported = linkform({"import"}, bare);
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("[gitlab_applications.gitlab]"), std::string::npos) << imported.out;
  EXPECT_NE(imported.out.find("application = \"gitlab\""), std::string::npos) << imported.out;
  std::ifstream in(bare);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string adopted = write_config("gitlab_adopted.toml", text + imported.out);
  const auto plan = linkform({"plan"}, adopted);
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_EQ(plan.out.find("+ gitlab_application"), std::string::npos) << plan.out;
  EXPECT_EQ(plan.out.find("-/+"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("~ gitlab_application.gitlab will be updated in place"), std::string::npos)
      << plan.out;  // its name: the import writes the connector's
}

// kill -9 between any two writes (and during one), then apply again: exactly one application of linkform's,
// a connector that holds its secret, and the applications of others untouched.
TEST_F(GitlabE2E, AnApplyKilledBetweenAnyTwoWritesConvergesOnTheNextOne) {
  create_foreign_application("Someone else's app", emulator_.url() + "/integration-callback");
  create_foreign_application("Frontegg Integration", "https://elsewhere.example/callback");
  const auto foreign = [&] {
    std::set<std::string> ids;
    const auto apps = applications();  // kept: the array below points into it
    for (const auto& a : apps.GetArray()) {
      if (std::string(a["application_name"].GetString()) != "Frontegg Integration" ||
          std::string(a["callback_url"].GetString()) != emulator_.url() + "/integration-callback")
        ids.insert(a["application_id"].GetString());
    }
    return ids;
  };
  const auto others = foreign();
  ASSERT_EQ(others.size(), 2U);
  ASSERT_EQ(emulator_.call("POST", "/_emulator/latency", R"({"ms":40})")->status, 200);
  std::mt19937 random(20261206);
  constexpr int kRounds = 20;
  int converged = 0;
  int interrupted = 0;
  for (int round = 0; round < kRounds; ++round) {
    // Round 0 creates everything; the others rotate (create, write the connector, destroy the old one).
    std::vector<std::string> args = {LINKFORM_BINARY, "apply", "--auto-approve", "-c", config()};
    if (round > 0) args.push_back("-replace=gitlab_application.mcp");
    auto env = env_;
    env["FRONTEGG_GATEWAY"] = emulator_.url();
    RunningProcess apply(args, env);
    // Where to kill: at a progress line (each write's start and end), then up to 50 ms later, while the
    // next request (40 ms of latency each) is in flight or not yet sent.
    static const std::vector<std::string> kCreate = {"gitlab_application.mcp: Creating...",
                                                     "gitlab_application.mcp: Creation complete",
                                                     "frontegg_connector.gitlab: Creating..."};
    static const std::vector<std::string> kRotate = {
        "gitlab_application.mcp: Creating the replacement...", "gitlab_application.mcp: Replacement created",
        "frontegg_connector.gitlab: Modifying...", "frontegg_connector.gitlab: Modifications complete",
        "gitlab_application.mcp: Destroying..."};
    const auto& points = round == 0 ? kCreate : kRotate;
    const std::string& point = points[random() % points.size()];
    EXPECT_TRUE(apply.wait_for_output(point, 10000)) << "round " << round << ": no \"" << point << "\"";
    std::this_thread::sleep_for(std::chrono::milliseconds(random() % 50));
    apply.signal(SIGKILL);
    const Completed killed = apply.finish();
    outputs_.push_back(killed.out);
    outputs_.push_back(killed.err);
    // What the kill left: a plan with changes when it landed before the last write ended.
    const auto left = linkform({"plan", "--detailed-exitcode"}, config());
    if (left.exit_code == 2) ++interrupted;
    const auto next = linkform({"apply", "--auto-approve"}, config());
    EXPECT_EQ(next.exit_code, 0) << "round " << round << ": " << next.err << next.out;
    const auto plan = linkform({"plan", "--detailed-exitcode"}, config());
    if (plan.exit_code == 0 && plan.out.find("No changes.") != std::string::npos) ++converged;
    expect_one_application_in_the_connector();
    EXPECT_EQ(foreign(), others) << "round " << round << ": an application not linkform's was touched";
  }
  EXPECT_EQ(converged, kRounds);
  // The kills did land mid-apply, not after it (the seed makes the rounds the same on every run).
  EXPECT_GE(interrupted, kRounds / 2);
  std::printf("kill -9 rounds: %d, %d left work to converge, %d converged\n", kRounds, interrupted,
              converged);
}

}  // namespace
}  // namespace linkform::testing
